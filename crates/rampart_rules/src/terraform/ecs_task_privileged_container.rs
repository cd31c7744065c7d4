use super::{decode_json, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ecs_task_definition` resources with a container whose `privileged` is `true` in
    /// `container_definitions` (JSON, however it is written: `jsonencode`, a heredoc, `file`).
    /// Definitions that are not known before apply are not judged.
    ///
    /// ## Why it matters
    ///
    /// A privileged container runs with every Linux capability and access to the host's
    /// devices: a compromise of the application becomes root on the EC2 container instance,
    /// with the other tasks on it, their credentials and the instance role. (Fargate refuses
    /// privileged containers.)
    ///
    /// ## How to fix
    ///
    /// Drop `privileged`, and add only the capabilities the container needs:
    ///
    /// ```hcl
    /// container_definitions = jsonencode([{
    ///   name  = "app"
    ///   image = "app:1.4.2"
    ///   linuxParameters = { capabilities = { add = ["NET_BIND_SERVICE"], drop = ["ALL"] } }
    /// }])
    /// ```
    pub struct EcsTaskPrivilegedContainer {
        id: "aws-ecs-task-privileged-container",
        platform: Terraform,
        title: "ECS task definition runs a privileged container",
        severity: High,
        remediation: "Remove privileged = true from the container definition; add only the Linux capabilities it needs.",
        frameworks: [mitre("T1611")],
        peers: [checkov("CKV_AWS_334")],
        fixable: false,
    }
}

impl TerraformRule for EcsTaskPrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecs_task_definition"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(definitions) = resource.attribute("container_definitions") else {
            return;
        };
        let Some(text) = definitions.value.as_str() else {
            return;
        };
        let containers = decode_json(text);
        for container in containers.as_list().unwrap_or_default() {
            if container.get("privileged").and_then(|p| p.as_bool()) != Some(true) {
                continue;
            }
            let name = container
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("a container");
            cx.report_value(
                definitions,
                &definitions.value,
                "container_definitions",
                format!("container {name} is privileged: it has root access to the host"),
            );
        }
    }
}
