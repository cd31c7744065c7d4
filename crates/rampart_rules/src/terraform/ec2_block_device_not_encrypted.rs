use super::{
    bool_setting, forbid_false, require_true, Resource, Setting, TerraformRule, TfContext,
};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The block devices of `aws_instance` and `aws_launch_configuration` resources:
    ///
    /// - an `ebs_block_device` whose `encrypted` is `false`, or not set (the default is
    ///   `false`) when the volume is not created from a snapshot (`snapshot_id`, whose
    ///   encryption it inherits);
    /// - a `root_block_device` whose `encrypted` is `false`. A root device that does not set
    ///   it is not reported: its volume is made from the AMI's snapshot, and is encrypted when
    ///   that snapshot is.
    ///
    /// EBS encryption by default, set on the account and region, is not visible here. Unknown
    /// values are not judged.
    ///
    /// ## Why it matters
    ///
    /// An unencrypted volume keeps its data, and every snapshot taken of it, in clear: a
    /// snapshot shared by mistake, or copied by anyone with snapshot permissions, exposes it.
    /// Encryption is set when the volume is created and cannot be added later.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_launch_configuration" "web" {
    ///   image_id      = data.aws_ami.web.id
    ///   instance_type = "t3.small"
    ///
    ///   root_block_device {
    ///     encrypted = true
    ///   }
    ///
    ///   ebs_block_device {
    ///     device_name = "/dev/sdf"
    ///     volume_size = 100
    ///     encrypted   = true
    ///   }
    /// }
    /// ```
    pub struct Ec2BlockDeviceNotEncrypted {
        id: "aws-ec2-block-device-not-encrypted",
        platform: Terraform,
        title: "EC2 instance or launch configuration block device is not encrypted",
        severity: High,
        remediation: "Set encrypted = true on every ebs_block_device and root_block_device.",
        frameworks: [cis_aws("2.2.1")],
        peers: [
            checkov("CKV_AWS_8"),
            kics("4de9de27-254e-424f-bd70-4c1e95790838"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "the volume is stored unencrypted";

impl TerraformRule for Ec2BlockDeviceNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_instance", "aws_launch_configuration"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        for (i, device) in body.blocks_of("ebs_block_device").enumerate() {
            let prefix = format!("ebs_block_device[{i}]");
            let from_snapshot = device
                .body
                .attribute("snapshot_id")
                .is_some_and(|s| !s.value.is_null());
            if from_snapshot && matches!(bool_setting(&device.body, "encrypted"), Setting::Missing)
            {
                continue;
            }
            require_true(cx, &device.body, device.span, &prefix, "encrypted", EFFECT);
        }
        for (i, device) in body.blocks_of("root_block_device").enumerate() {
            let prefix = format!("root_block_device[{i}]");
            forbid_false(cx, &device.body, &prefix, "encrypted", EFFECT);
        }
    }
}
