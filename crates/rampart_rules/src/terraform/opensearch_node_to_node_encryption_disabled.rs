use super::{require_block_true, Resource, TerraformRule, TfContext, SEARCH_DOMAINS};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_opensearch_domain` and `aws_elasticsearch_domain` resources without node-to-node
    /// encryption: no `node_to_node_encryption` block (the API's default is off), or one whose
    /// `enabled` is `false`.
    ///
    /// ## Why it matters
    ///
    /// Without it, the nodes of the domain exchange documents, queries and replicas in clear
    /// inside the VPC, where anything that can observe the traffic (a compromised host, a
    /// mirrored interface) reads them. Fine-grained access control also requires it.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_opensearch_domain" "logs" {
    ///   # ...
    ///   node_to_node_encryption {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub struct OpensearchNodeToNodeEncryptionDisabled {
        id: "aws-opensearch-node-to-node-encryption-disabled",
        platform: Terraform,
        title: "OpenSearch domain does not encrypt traffic between its nodes",
        severity: Medium,
        remediation: "Add node_to_node_encryption { enabled = true }.",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AWS_6"),
            kics("967eb3e6-26fc-497d-8895-6428beb6e8e2"),
            trivy("AVD-AWS-0043"),
        ],
        fixable: false,
    }
}

impl TerraformRule for OpensearchNodeToNodeEncryptionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &SEARCH_DOMAINS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_block_true(
            resource,
            cx,
            "node_to_node_encryption",
            "enabled",
            "the domain's nodes exchange data unencrypted",
        );
    }
}
