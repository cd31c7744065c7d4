use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ecs_task_definition` resources whose `pid_mode` is `host`. Not set (each task gets
    /// its own process namespace), `task`, or an unknown value are not reported.
    ///
    /// ## Why it matters
    ///
    /// The containers of the task then share the host's process namespace: they see every
    /// process on the instance, those of the ECS agent and of other tasks included, with their
    /// command lines and environment, and, running as root, can signal them or attach to them.
    ///
    /// ## How to fix
    ///
    /// Remove `pid_mode`, or share the namespace between the containers of the task only:
    ///
    /// ```hcl
    /// resource "aws_ecs_task_definition" "app" {
    ///   family                = "app"
    ///   pid_mode              = "task"
    ///   container_definitions = file("containers.json")
    /// }
    /// ```
    pub struct EcsTaskHostPid {
        id: "aws-ecs-task-host-pid",
        platform: Terraform,
        title: "ECS task shares the host's process namespace",
        severity: High,
        remediation: "Remove pid_mode = \"host\" (or use \"task\").",
        frameworks: [mitre("T1611")],
        peers: [checkov("CKV_AWS_335")],
        fixable: false,
    }
}

impl TerraformRule for EcsTaskHostPid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecs_task_definition"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some((attribute, _)) = string_in(resource.body(), "pid_mode", &["host"]) {
            cx.report_value(
                attribute,
                &attribute.value,
                "pid_mode",
                "pid_mode is host: the task's containers see and can signal every process on the instance",
            );
        }
    }
}
