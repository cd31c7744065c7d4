use super::{require_listed, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_eks_cluster` resources whose `enabled_cluster_log_types` is not set (no control
    /// plane log is sent to CloudWatch) or leaves out one of the security logs: `api`,
    /// `audit` or `authenticator`. (`controllerManager` and `scheduler` are operational logs,
    /// not required here.) A list with an unknown element is not judged.
    ///
    /// ## Why it matters
    ///
    /// The audit log records who did what through the Kubernetes API, and the authenticator
    /// log which IAM identity each request came from. Without them, nobody can tell after the
    /// fact who read the cluster's secrets or created a privileged pod.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   # ...
    ///   enabled_cluster_log_types = ["api", "audit", "authenticator"]
    /// }
    /// ```
    pub struct EksControlPlaneLoggingDisabled {
        id: "aws-eks-control-plane-logging-disabled",
        platform: Terraform,
        title: "EKS control plane audit logging is off",
        severity: Medium,
        remediation: "Set enabled_cluster_log_types to include \"api\", \"audit\" and \"authenticator\".",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_37"),
            kics("37304d3f-f852-40b8-ae3f-725e87a7cedf"),
            kics("66f130d9-b81d-4e8e-9b08-da74b9c891df"),
            trivy("AVD-AWS-0038"),
        ],
        fixable: false,
    }
}

/// The control plane logs that record who did what.
const SECURITY_LOGS: [&str; 3] = ["api", "audit", "authenticator"];

impl TerraformRule for EksControlPlaneLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_eks_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_listed(
            resource,
            cx,
            "enabled_cluster_log_types",
            &SECURITY_LOGS,
            "no control plane log is kept",
            None,
        );
    }
}
