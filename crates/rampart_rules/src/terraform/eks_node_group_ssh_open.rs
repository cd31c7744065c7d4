use super::{nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;
use rampart_terraform::{Kind, Value};

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_eks_node_group` resources with a `remote_access` block that sets an `ec2_ssh_key`
    /// but no `source_security_group_ids` (not set, `null` or an empty list). EKS then opens
    /// port 22 of the nodes to `0.0.0.0/0`. A key or a list that is not known before apply is
    /// not judged (a key taken from an `aws_key_pair` resource is known to be set).
    ///
    /// ## Why it matters
    ///
    /// Every node of the group, in a public subnet, answers SSH from the whole internet: the
    /// key is then the only barrier between a scanner and a shell on a Kubernetes node, with
    /// the node's IAM role and the pods' secrets.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_eks_node_group" "workers" {
    ///   # ...
    ///   remote_access {
    ///     ec2_ssh_key               = aws_key_pair.admin.key_name
    ///     source_security_group_ids = [aws_security_group.bastion.id]
    ///   }
    /// }
    /// ```
    ///
    /// or drop `remote_access` and reach the nodes with SSM Session Manager.
    pub struct EksNodeGroupSshOpen {
        id: "aws-eks-node-group-ssh-open",
        platform: Terraform,
        title: "EKS node group opens SSH to the internet",
        severity: High,
        remediation: "Set remote_access.source_security_group_ids to the groups allowed to connect, or remove remote_access.",
        frameworks: [cis_aws("5.2")],
        peers: [
            checkov("CKV_AWS_100"),
            kics("ba40ace1-a047-483c-8a8d-bc2d3a67a82d"),
        ],
        fixable: false,
    }
}

/// Whether `value` is known to be set (a string that is not empty, or the attribute of a
/// managed resource).
fn set(value: &Value) -> bool {
    match &value.kind {
        Kind::String(s) => !s.trim().is_empty(),
        Kind::Unknown(unknown) => unknown
            .resource
            .as_deref()
            .is_some_and(|r| !r.starts_with("data.")),
        _ => false,
    }
}

impl TerraformRule for EksNodeGroupSshOpen {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_eks_node_group"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(blocks) = nested(resource.body(), "remote_access") else {
            return;
        };
        for block in blocks {
            let body = &block.body;
            if !body.attribute("ec2_ssh_key").is_some_and(|k| set(&k.value)) {
                continue;
            }
            let open = match body.attribute("source_security_group_ids") {
                None => true,
                Some(groups) => {
                    groups.value.is_null() || groups.value.as_list().is_some_and(<[_]>::is_empty)
                }
            };
            if open {
                cx.report(
                    block.span,
                    "remote_access",
                    "remote_access sets an ec2_ssh_key without source_security_group_ids: EKS opens SSH (port 22) on the nodes to 0.0.0.0/0",
                );
            }
        }
    }
}
