use super::{decode_json, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_batch_job_definition` resources whose `container_properties` (the JSON of a
    /// single-node container job, however written: heredoc, `jsonencode`, `file`) sets
    /// `"privileged": true`. Multi-node jobs (`node_properties`) and properties not known
    /// before apply are not judged.
    ///
    /// ## Why it matters
    ///
    /// A privileged container has every capability and the host's devices: the job, or
    /// whoever controls its image or input, can take over the EC2 instance of the compute
    /// environment, and from it the other jobs placed there and the instance's role.
    ///
    /// ## How to fix
    ///
    /// Remove `privileged`, and grant only the Linux capabilities the job needs:
    ///
    /// ```hcl
    /// resource "aws_batch_job_definition" "etl" {
    ///   name = "etl"
    ///   type = "container"
    ///   container_properties = jsonencode({
    ///     image      = "registry.example.com/etl:1.4"
    ///     privileged = false
    ///     resourceRequirements = [
    ///       { type = "VCPU", value = "1" },
    ///       { type = "MEMORY", value = "2048" },
    ///     ]
    ///   })
    /// }
    /// ```
    pub struct BatchJobPrivilegedContainer {
        id: "aws-batch-job-privileged-container",
        platform: Terraform,
        title: "Batch job runs a privileged container",
        severity: High,
        remediation: "Remove \"privileged\": true from container_properties.",
        frameworks: [mitre("T1611")],
        peers: [
            checkov("CKV_AWS_210"),
            kics("66cd88ac-9ddf-424a-b77e-e55e17630bee"),
        ],
        fixable: false,
    }
}

impl TerraformRule for BatchJobPrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_batch_job_definition"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(properties) = resource.attribute("container_properties") else {
            return;
        };
        let Some(text) = properties.value.as_str() else {
            return;
        };
        let container = decode_json(text);
        if container.get("privileged").and_then(|p| p.as_bool()) == Some(true) {
            cx.report_value(
                properties,
                &properties.value,
                "container_properties",
                "the job's container is privileged: it has root access to the host",
            );
        }
    }
}
