use super::{forbid_publicly_accessible, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_mq_broker` resources (ActiveMQ and RabbitMQ) whose `publicly_accessible` is `true`
    /// (the default is `false`). A value set through a variable, a tfvars file or a module
    /// argument is judged as Terraform would set it; an unknown one is not judged.
    ///
    /// ## Why it matters
    ///
    /// A public broker gets endpoints that resolve to public IP addresses: its messaging ports
    /// (AMQP, OpenWire, MQTT, STOMP, WSS) and its web console are reachable from the internet.
    /// A RabbitMQ public broker cannot use security groups at all, and an ActiveMQ one is open
    /// as far as its security groups allow, so only the broker's own user names and passwords
    /// stand between the internet and the queues, and every flaw of the broker software is
    /// exposed.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_mq_broker" "orders" {
    ///   broker_name         = "orders"
    ///   engine_type         = "RabbitMQ"
    ///   engine_version      = "3.13"
    ///   host_instance_type  = "mq.m5.large"
    ///   publicly_accessible = false
    ///   subnet_ids          = [aws_subnet.private.id]
    ///   security_groups     = [aws_security_group.mq.id]
    ///
    ///   user {
    ///     username = "app"
    ///     password = var.mq_password
    ///   }
    /// }
    /// ```
    ///
    /// The setting cannot be changed in place: the broker is replaced.
    pub struct MqBrokerPublic {
        id: "aws-mq-broker-public",
        platform: Terraform,
        title: "Amazon MQ broker is publicly accessible",
        severity: High,
        remediation: "Set publicly_accessible = false and place the broker in private subnets.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_69"),
            kics("4eb5f791-c861-4afd-9f94-f2a6a3fe49cb"),
            trivy("AVD-AWS-0072"),
        ],
        fixable: false,
    }
}

impl TerraformRule for MqBrokerPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_mq_broker"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_publicly_accessible(
            resource,
            cx,
            "the broker's endpoints get public addresses reachable from the internet",
        );
    }
}
