use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ecs_task_definition` resources whose `network_mode` is `host`. Not set (`bridge`
    /// on Linux instances), `awsvpc`, `bridge`, `none`, or an unknown value are not reported:
    /// they keep the task in a network namespace of its own.
    ///
    /// ## Why it matters
    ///
    /// The task's containers then share the instance's network stack: they can bind any port
    /// of the host, see its interfaces and, with `NET_RAW` (a Docker default), its traffic, and
    /// they reach the instance metadata service as the host does, with the instance role's
    /// credentials (the iptables rules that keep bridge and awsvpc tasks away from it do not
    /// apply). Task-level security groups cannot be used either: only the instance's apply.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_ecs_task_definition" "app" {
    ///   family                = "app"
    ///   network_mode          = "awsvpc"
    ///   container_definitions = file("containers.json")
    /// }
    /// ```
    pub struct EcsTaskHostNetwork {
        id: "aws-ecs-task-host-network",
        platform: Terraform,
        title: "ECS task shares the host's network namespace",
        severity: Medium,
        remediation: "Use network_mode = \"awsvpc\" (or \"bridge\") instead of \"host\".",
        frameworks: [mitre("T1552.005")],
        peers: [kics("9f4a9409-9c60-4671-be96-9716dbf63db1")],
        fixable: false,
    }
}

impl TerraformRule for EcsTaskHostNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecs_task_definition"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some((attribute, _)) = string_in(resource.body(), "network_mode", &["host"]) {
            cx.report_value(
                attribute,
                &attribute.value,
                "network_mode",
                "network_mode is host: the task's containers share the instance's network, its metadata credentials included",
            );
        }
    }
}
