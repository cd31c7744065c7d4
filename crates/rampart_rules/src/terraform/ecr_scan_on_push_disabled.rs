use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ecr_repository` resources whose `image_scanning_configuration.scan_on_push` is
    /// `false` or not set, or that have no `image_scanning_configuration` block (the default
    /// is no scan). When the configuration has an `aws_ecr_registry_scanning_configuration`,
    /// the registry's scanning rules apply instead and repositories are not judged.
    ///
    /// ## Why it matters
    ///
    /// Scanning on push reports the known vulnerabilities of each image as it enters the
    /// registry, before it is deployed. Without it, images with critical CVEs in their base
    /// layers ship unnoticed.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name = "app"
    ///   image_scanning_configuration {
    ///     scan_on_push = true
    ///   }
    /// }
    /// ```
    ///
    /// Or configure enhanced scanning for the whole registry with
    /// `aws_ecr_registry_scanning_configuration`.
    pub struct EcrScanOnPushDisabled {
        id: "aws-ecr-scan-on-push-disabled",
        platform: Terraform,
        title: "ECR repository does not scan images on push",
        severity: Low,
        remediation: "Add image_scanning_configuration { scan_on_push = true }, or registry-wide scanning.",
        frameworks: [mitre("T1525")],
        peers: [
            checkov("CKV_AWS_163"),
            kics("9630336b-3fed-4096-8173-b9afdfe346a7"),
            trivy("AVD-AWS-0030"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EcrScanOnPushDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecr_repository"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let registry_scans = resource
            .root
            .resources_of("aws_ecr_registry_scanning_configuration")
            .next()
            .is_some();
        if registry_scans {
            return;
        }
        require_block_true(
            resource,
            cx,
            "image_scanning_configuration",
            "scan_on_push",
            "pushed images are not scanned",
        );
    }
}
