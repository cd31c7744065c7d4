use super::{nested, require_true, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_mq_broker` resources that do not send their logs to CloudWatch: no `logs` block,
    /// or one whose `general` or `audit` is `false` or not set (both default to `false`).
    /// Audit logs exist for ActiveMQ only: for a broker whose `engine_type` is `RabbitMQ`, or
    /// not known, only `general` is judged.
    ///
    /// ## Why it matters
    ///
    /// The general log records connections and broker errors; the audit log records management
    /// actions made through JMX or the web console (users, queues, topics created or deleted).
    /// Without them nobody can tell who connected to the broker or who changed its
    /// destinations and users.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_mq_broker" "main" {
    ///   # ...
    ///   logs {
    ///     general = true
    ///     audit   = true
    ///   }
    /// }
    /// ```
    pub struct MqBrokerLoggingDisabled {
        id: "aws-mq-broker-logging-disabled",
        platform: Terraform,
        title: "Amazon MQ broker does not log to CloudWatch",
        severity: Medium,
        remediation: "Add logs { general = true, audit = true } (general only for RabbitMQ).",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_48"),
            kics("31245f98-a6a9-4182-9fc1-45482b9d030a"),
            trivy("AVD-AWS-0070"),
            trivy("AVD-AWS-0071"),
        ],
        fixable: false,
    }
}

/// What each log records.
const GENERAL: &str = "connections and broker errors are not recorded";
const AUDIT: &str = "management actions (users, queues, topics) are not recorded";
const BOTH: &str = "connections, broker errors and management actions are not recorded";

impl TerraformRule for MqBrokerLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_mq_broker"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        // `engine_type` is required (the plan fails without it): a missing one does not make
        // the broker RabbitMQ, so its audit log is judged.
        let audit = match resource.attribute("engine_type") {
            Some(engine) if !engine.value.is_null() => engine
                .value
                .as_str()
                .is_some_and(|e| !e.eq_ignore_ascii_case("RabbitMQ")),
            _ => true,
        };
        match nested(resource.body(), "logs") {
            Nested::Missing => {
                let effect = if audit { BOTH } else { GENERAL };
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no logs block: {effect}"),
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    require_true(cx, &block.body, block.span, "logs", "general", GENERAL);
                    if audit {
                        require_true(cx, &block.body, block.span, "logs", "audit", AUDIT);
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
