use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_msk_cluster` resources whose
    /// `broker_node_group_info.connectivity_info.public_access.type` is
    /// `SERVICE_PROVIDED_EIPS`: the brokers get Elastic IP addresses. Not set, `DISABLED` (the
    /// default), or an unknown value are not reported.
    ///
    /// ## Why it matters
    ///
    /// Public brokers are reachable from the internet on their bootstrap ports, as far as the
    /// cluster's security groups allow. MSK insists on authenticated, TLS-encrypted clients
    /// for public access, but the Kafka listeners and their authentication (IAM, SASL/SCRAM,
    /// mutual TLS) then face every attacker, and a topic's data is one leaked client
    /// credential away. Clients outside the VPC can reach private brokers through multi-VPC
    /// connectivity (PrivateLink), a peering or a VPN instead.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_msk_cluster" "events" {
    ///   cluster_name           = "events"
    ///   kafka_version          = "3.6.0"
    ///   number_of_broker_nodes = 3
    ///
    ///   broker_node_group_info {
    ///     instance_type   = "kafka.m5.large"
    ///     client_subnets  = var.private_subnet_ids
    ///     security_groups = [aws_security_group.kafka.id]
    ///
    ///     connectivity_info {
    ///       public_access {
    ///         type = "DISABLED"
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MskBrokerPublic {
        id: "aws-msk-broker-public",
        platform: Terraform,
        title: "MSK cluster brokers are publicly accessible",
        severity: High,
        remediation: "Set public_access type = \"DISABLED\" and reach the brokers privately.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_291"),
            kics("54378d69-dd7c-4b08-a43e-80d563396857"),
        ],
        fixable: false,
    }
}

impl TerraformRule for MskBrokerPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_msk_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let public_access = resource
            .body()
            .blocks_of("broker_node_group_info")
            .flat_map(|info| info.body.blocks_of("connectivity_info"))
            .flat_map(|connectivity| connectivity.body.blocks_of("public_access"));
        for access in public_access {
            if let Some((kind, _)) = string_in(&access.body, "type", &["SERVICE_PROVIDED_EIPS"]) {
                cx.report_value(
                    kind,
                    &kind.value,
                    "broker_node_group_info.connectivity_info.public_access.type",
                    "public_access type is SERVICE_PROVIDED_EIPS: the brokers get public addresses reachable from the internet",
                );
            }
        }
    }
}
