use super::ingress::ANYWHERE;
use super::{
    bool_setting, known_strings, nested, Nested, Resource, Setting, TerraformRule, TfContext,
};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_eks_cluster` resources whose Kubernetes API endpoint is open to the whole
    /// internet: `vpc_config.endpoint_public_access` is `true` or not set (the default is
    /// `true`), and `vpc_config.public_access_cidrs` is not set (the default is `0.0.0.0/0`)
    /// or contains `0.0.0.0/0`. A public endpoint restricted to known CIDRs is not reported.
    ///
    /// ## Why it matters
    ///
    /// The API server is the cluster's front door. Open to the internet, it is found by
    /// scanners within hours, and every leaked kubeconfig, token or IAM credential, and every
    /// API server vulnerability, becomes usable from anywhere.
    ///
    /// ## How to fix
    ///
    /// Use the private endpoint (through a VPN or a bastion), or restrict the public one:
    ///
    /// ```hcl
    /// vpc_config {
    ///   subnet_ids              = var.private_subnets
    ///   endpoint_private_access = true
    ///   endpoint_public_access  = false
    /// }
    /// ```
    pub struct EksPublicEndpoint {
        id: "aws-eks-public-endpoint",
        platform: Terraform,
        title: "EKS API endpoint is open to the internet",
        severity: High,
        remediation: "Set endpoint_public_access = false, or restrict public_access_cidrs to known ranges.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_AWS_38"),
            checkov("CKV_AWS_39"),
            kics("42f4b905-3736-4213-bfe9-c0660518cda8"),
            kics("61cf9883-1752-4768-b18c-0d57f2737709"),
            trivy("AVD-AWS-0040"),
            trivy("AVD-AWS-0041"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EksPublicEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_eks_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(blocks) = nested(resource.body(), "vpc_config") else {
            return;
        };
        for block in blocks {
            let body = &block.body;
            let public = match bool_setting(body, "endpoint_public_access") {
                Setting::Known(public, _) => public,
                Setting::Missing => true,
                Setting::Unknown => false,
            };
            if !public {
                continue;
            }
            match body.attribute("public_access_cidrs") {
                None => {
                    cx.report(
                        block.span,
                        "vpc_config",
                        "the public API endpoint is open to 0.0.0.0/0 (public_access_cidrs is not set)",
                    );
                }
                Some(cidrs) => {
                    for (cidr, element) in known_strings(&cidrs.value) {
                        if ANYWHERE.contains(&cidr) {
                            cx.report_value(
                                cidrs,
                                element,
                                "vpc_config.public_access_cidrs",
                                format!("the public API endpoint is open to {cidr}"),
                            );
                        }
                    }
                }
            }
        }
    }
}
