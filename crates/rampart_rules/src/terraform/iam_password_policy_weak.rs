use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_iam_account_password_policy` resources whose `minimum_password_length` is below
    /// 14 or not set (the default is 6), or whose `password_reuse_prevention` is below 24 or
    /// not set (by default any earlier password may be reused). Unknown values are not judged.
    ///
    /// ## Why it matters
    ///
    /// IAM user passwords open the console, often with broad permissions. Short passwords
    /// fall to guessing and credential stuffing; reused ones bring back passwords that have
    /// already leaked.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "strict" {
    ///   minimum_password_length   = 14
    ///   password_reuse_prevention = 24
    /// }
    /// ```
    ///
    /// Better still, give people access through IAM Identity Center (SSO) with MFA, and no
    /// IAM user passwords at all.
    pub struct IamPasswordPolicyWeak {
        id: "aws-iam-password-policy-weak",
        platform: Terraform,
        title: "IAM password policy allows short or reused passwords",
        severity: Medium,
        remediation: "Set minimum_password_length = 14 (or more) and password_reuse_prevention = 24.",
        frameworks: [cis_aws("1.8"), cis_aws("1.9")],
        peers: [
            checkov("CKV_AWS_10"),
            checkov("CKV_AWS_13"),
            kics("1bc1c685-e593-450e-88fb-19db4c82aa1d"),
            kics("89806cdc-9c2e-4bd1-a0dc-53f339bcfb2a"),
            trivy("AVD-AWS-0063"),
            trivy("AVD-AWS-0056"),
        ],
        fixable: false,
    }
}

/// Each setting, the least it must be, and what it means.
const SETTINGS: [(&str, f64, &str, &str); 2] = [
    (
        "minimum_password_length",
        14.0,
        "it defaults to 6",
        "passwords shorter than 14 characters are accepted",
    ),
    (
        "password_reuse_prevention",
        24.0,
        "no reuse limit",
        "recent passwords may be reused",
    ),
];

impl TerraformRule for IamPasswordPolicyWeak {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_iam_account_password_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (name, least, default, effect) in SETTINGS {
            match resource.attribute(name) {
                Some(attribute) if !attribute.value.is_null() => {
                    if let Some(n) = attribute.value.as_number().filter(|n| *n < least) {
                        cx.report_value(
                            attribute,
                            &attribute.value,
                            name,
                            format!("{name} is {n}: {effect}"),
                        );
                    }
                }
                _ => {
                    cx.report(
                        resource.instance.span,
                        "",
                        format!("{name} is not set ({default}): {effect}"),
                    );
                }
            }
        }
    }
}
