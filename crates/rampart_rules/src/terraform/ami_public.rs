use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ami_launch_permission` resources whose `group` is `all`: the image is shared with
    /// every AWS account.
    ///
    /// ## Why it matters
    ///
    /// A public AMI can be found and launched by anyone. Images built from running servers
    /// routinely contain what was on their disks: application code, configuration files with
    /// database passwords, SSH keys, cloud credentials and cached data.
    ///
    /// ## How to fix
    ///
    /// Share the image with the accounts (or the organisation) that need it:
    ///
    /// ```hcl
    /// resource "aws_ami_launch_permission" "prod" {
    ///   image_id   = aws_ami.app.id
    ///   account_id = "123456789012"
    /// }
    /// ```
    pub struct AmiPublic {
        id: "aws-ami-public",
        platform: Terraform,
        title: "AMI is shared with every AWS account",
        severity: High,
        remediation: "Share the AMI with named accounts (account_id), an organisation or an OU instead of group = \"all\".",
        frameworks: [mitre("T1530")],
        peers: [checkov("CKV_AWS_205")],
        fixable: false,
    }
}

impl TerraformRule for AmiPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ami_launch_permission"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(group) = resource.attribute("group") else {
            return;
        };
        if is_one_of(&group.value, &["all"]) {
            cx.report_value(
                group,
                &group.value,
                "group",
                "group is \"all\": any AWS account can launch the image and read its disks",
            );
        }
    }
}
