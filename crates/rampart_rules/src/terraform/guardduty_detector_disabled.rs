use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_guardduty_detector` resources whose `enable` is `false` (the default is `true`).
    ///
    /// ## Why it matters
    ///
    /// A disabled detector stops analysing CloudTrail, VPC flow logs and DNS logs: compromised
    /// credentials used from unusual places, instances talking to command-and-control servers
    /// or mining cryptocurrency, and reconnaissance against the account are no longer
    /// reported. Attackers disable it for exactly that reason.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_guardduty_detector" "main" {
    ///   enable = true
    /// }
    /// ```
    pub struct GuarddutyDetectorDisabled {
        id: "aws-guardduty-detector-disabled",
        platform: Terraform,
        title: "GuardDuty detector is disabled",
        severity: Medium,
        remediation: "Set enable = true (or remove it: it defaults to true).",
        frameworks: [mitre("T1562.001")],
        peers: [kics("704dadd3-54fc-48ac-b6a0-02f170011473")],
        fixable: false,
    }
}

impl TerraformRule for GuarddutyDetectorDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_guardduty_detector"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_guardduty_detector") {
            forbid_false(
                cx,
                resource.body(),
                "",
                "enable",
                "GuardDuty does not look for threats in this region",
            );
        }
    }
}
