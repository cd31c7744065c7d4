use super::{known_strings, nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_eks_cluster` resources without an `encryption_config` block whose `resources`
    /// include `secrets`. A list that is not known is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without envelope encryption, Kubernetes Secrets (service account tokens, database
    /// passwords, TLS keys) sit in etcd encoded in base64 only, under AWS-managed disk
    /// encryption. Envelope encryption with a KMS key adds a layer that the key's policy
    /// controls and CloudTrail records.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// encryption_config {
    ///   resources = ["secrets"]
    ///   provider {
    ///     key_arn = aws_kms_key.eks.arn
    ///   }
    /// }
    /// ```
    pub struct EksSecretsNotEncrypted {
        id: "aws-eks-secrets-not-encrypted",
        platform: Terraform,
        title: "EKS secrets are not encrypted with a KMS key",
        severity: Medium,
        remediation: "Add an encryption_config block with resources = [\"secrets\"] and a KMS key.",
        frameworks: [mitre("T1552.007")],
        peers: [
            checkov("CKV_AWS_58"),
            kics("63ebcb19-2739-4d3f-aa5c-e8bbb9b85281"),
            trivy("AVD-AWS-0039"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EksSecretsNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_eks_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match nested(resource.body(), "encryption_config") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    "no encryption_config: Kubernetes Secrets are not envelope-encrypted",
                );
            }
            Nested::Blocks(blocks) => {
                for (i, block) in blocks.iter().enumerate() {
                    let Some(resources) = block.body.attribute("resources") else {
                        continue;
                    };
                    let list = &resources.value;
                    if list.has_unknown() || list.as_list().is_none() {
                        continue;
                    }
                    if !known_strings(list).any(|(r, _)| r == "secrets") {
                        cx.report_value(
                            resources,
                            list,
                            &format!("encryption_config[{i}].resources"),
                            "encryption_config does not cover secrets",
                        );
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
