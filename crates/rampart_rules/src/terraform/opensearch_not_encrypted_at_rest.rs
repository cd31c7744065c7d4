use super::{require_block_true, Resource, TerraformRule, TfContext, SEARCH_DOMAINS};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_opensearch_domain` and `aws_elasticsearch_domain` resources without encryption at
    /// rest: no `encrypt_at_rest` block (the API's default is off), or one whose `enabled` is
    /// `false`.
    ///
    /// ## Why it matters
    ///
    /// A search domain holds copies of the documents it indexes (often logs, customer records
    /// or application data) on its data nodes' volumes, in its swap files and in its automated
    /// snapshots. Without encryption at rest, anyone who obtains those volumes or snapshots
    /// reads the data in clear.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_opensearch_domain" "logs" {
    ///   # ...
    ///   encrypt_at_rest {
    ///     enabled    = true
    ///     kms_key_id = aws_kms_key.search.arn
    ///   }
    /// }
    /// ```
    pub struct OpensearchNotEncryptedAtRest {
        id: "aws-opensearch-not-encrypted-at-rest",
        platform: Terraform,
        title: "OpenSearch domain is not encrypted at rest",
        severity: High,
        remediation: "Add encrypt_at_rest { enabled = true } (with a customer-managed kms_key_id).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_5"),
            kics("24e16922-4330-4e9d-be8a-caa90299466a"),
            trivy("AVD-AWS-0048"),
        ],
        fixable: false,
    }
}

impl TerraformRule for OpensearchNotEncryptedAtRest {
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
            "encrypt_at_rest",
            "enabled",
            "the domain's indices, logs and snapshots are stored unencrypted",
        );
    }
}
