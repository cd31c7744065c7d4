use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ecr_repository` resources whose `image_tag_mutability` is `"MUTABLE"` or not set
    /// (the default is `"MUTABLE"`). `"IMMUTABLE"` and `"IMMUTABLE_WITH_EXCLUSION"` pass.
    ///
    /// ## Why it matters
    ///
    /// With mutable tags, anyone who can push to the repository can replace `app:1.4.2` (or
    /// `latest`) with another image, and every deployment that pulls the tag runs it: a
    /// compromised CI credential becomes code execution in production, with nothing in the
    /// deployment manifests showing a change.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name                 = "app"
    ///   image_tag_mutability = "IMMUTABLE"
    /// }
    /// ```
    pub struct EcrImageTagsMutable {
        id: "aws-ecr-image-tags-mutable",
        platform: Terraform,
        title: "ECR repository allows image tags to be overwritten",
        severity: Medium,
        remediation: "Set image_tag_mutability = \"IMMUTABLE\" and deploy by tag or digest.",
        frameworks: [mitre("T1525")],
        peers: [
            checkov("CKV_AWS_51"),
            kics("d1846b12-20c5-4d45-8798-fc35b79268eb"),
            trivy("AVD-AWS-0031"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EcrImageTagsMutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecr_repository"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match resource.attribute("image_tag_mutability") {
            Some(m) if m.value.as_str() == Some("MUTABLE") => {
                cx.report_value(
                    m,
                    &m.value,
                    "image_tag_mutability",
                    "image_tag_mutability is \"MUTABLE\": a push can replace the image behind a tag",
                );
            }
            Some(m) if !m.value.is_null() => {}
            _ => {
                cx.report(
                    resource.instance.span,
                    "",
                    "image_tag_mutability is not set (it defaults to \"MUTABLE\"): a push can replace the image behind a tag",
                );
            }
        }
    }
}
