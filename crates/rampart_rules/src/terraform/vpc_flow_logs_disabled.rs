use super::{companion, Link, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_vpc` resources that no `aws_flow_log` of the configuration records: a flow log
    /// records a VPC when its `vpc_id` refers to it (`aws_vpc.main.id`, followed through the
    /// reference). A flow log whose `vpc_id` is not known at all (a variable without a value,
    /// a data source) might record any VPC, so then nothing is reported; nor is a VPC whose
    /// module calls a remote module (a registry or git module, not on disk, that may create
    /// the flow log).
    ///
    /// ## Why it matters
    ///
    /// Flow logs are the record of which addresses talked to which, on which ports, and
    /// whether the traffic was accepted. Without them, an intrusion, a data exfiltration or a
    /// security group opened by mistake leaves no network trace to investigate.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_flow_log" "main" {
    ///   vpc_id          = aws_vpc.main.id
    ///   traffic_type    = "ALL"
    ///   log_destination = aws_cloudwatch_log_group.flow.arn
    ///   iam_role_arn    = aws_iam_role.flow.arn
    /// }
    /// ```
    pub struct VpcFlowLogsDisabled {
        id: "aws-vpc-flow-logs-disabled",
        platform: Terraform,
        title: "VPC has no flow log",
        severity: Medium,
        remediation: "Add an aws_flow_log with vpc_id = aws_vpc.<name>.id.",
        frameworks: [cis_aws("3.7")],
        peers: [
            checkov("CKV2_AWS_11"),
            kics("f83121ea-03da-434f-9277-9cd247ab3047"),
            trivy("AVD-AWS-0178"),
        ],
        fixable: false,
    }
}

impl TerraformRule for VpcFlowLogsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_vpc"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if !resource.module.remote_modules.is_empty() {
            return;
        }
        let (link, _) = companion(resource, "aws_flow_log", "vpc_id", None);
        if link == Link::No {
            cx.report(
                resource.instance.span,
                "",
                format!(
                    "no aws_flow_log refers to {}: its traffic is not recorded",
                    resource.instance.address
                ),
            );
        }
    }
}
