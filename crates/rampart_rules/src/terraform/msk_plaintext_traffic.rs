use super::{forbid_false, is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_msk_cluster` resources whose
    /// `encryption_info.encryption_in_transit.client_broker` is `PLAINTEXT` or `TLS_PLAINTEXT`
    /// (which also accepts plaintext), or whose `in_cluster` is `false`. The defaults (`TLS`,
    /// and `true`) are encrypted, so a cluster that does not set them is not reported.
    ///
    /// ## Why it matters
    ///
    /// Plaintext Kafka traffic carries every produced and consumed record, and the SASL/SCRAM
    /// credentials of the clients, readable to anything on the network path. Between brokers,
    /// it carries the replicas of every partition.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// encryption_info {
    ///   encryption_in_transit {
    ///     client_broker = "TLS"
    ///     in_cluster    = true
    ///   }
    /// }
    /// ```
    pub struct MskPlaintextTraffic {
        id: "aws-msk-plaintext-traffic",
        platform: Terraform,
        title: "MSK cluster accepts unencrypted traffic",
        severity: High,
        remediation: "Set encryption_in_transit { client_broker = \"TLS\", in_cluster = true }.",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AWS_81"),
            kics("6db52fa6-d4da-4608-908a-89f0c59e743e"),
            trivy("AVD-AWS-0073"),
        ],
        fixable: false,
    }
}

impl TerraformRule for MskPlaintextTraffic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_msk_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for info in resource.body().blocks_of("encryption_info") {
            for transit in info.body.blocks_of("encryption_in_transit") {
                let prefix = "encryption_info.encryption_in_transit";
                if let Some(client) = transit.body.attribute("client_broker") {
                    if is_one_of(&client.value, &["PLAINTEXT", "TLS_PLAINTEXT"]) {
                        cx.report_value(
                            client,
                            &client.value,
                            &format!("{prefix}.client_broker"),
                            "client_broker allows plaintext: clients can produce and consume unencrypted",
                        );
                    }
                }
                forbid_false(
                    cx,
                    &transit.body,
                    prefix,
                    "in_cluster",
                    "the brokers replicate data between them unencrypted",
                );
            }
        }
    }
}
