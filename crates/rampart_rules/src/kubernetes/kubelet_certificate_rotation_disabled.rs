use super::control_plane::{kubelet_configuration, Component, Invocation};
use crate::prelude::*;

/// The feature gate that lets kubelets request serving certificates and the controller manager
/// approve them; on by default since Kubernetes 1.12.
const SERVER_ROTATION_GATE: &str = "RotateKubeletServerCertificate";

declare_rule! {
    /// ## What it checks
    ///
    /// Kubelet certificate rotation turned off explicitly:
    ///
    /// - a container that runs the `kubelet` (its `command`, or its `args` when it has no
    ///   command, starts the binary) with `--rotate-certificates=false`, or a
    ///   `KubeletConfiguration` with `rotateCertificates: false`;
    /// - the `RotateKubeletServerCertificate` feature gate set to false, in `--feature-gates` of
    ///   the kubelet or of `kube-controller-manager`, or in a `KubeletConfiguration`'s
    ///   `featureGates`.
    ///
    /// Left out, these are not reported: the feature gate is on by default, and
    /// `rotateCertificates` is set by the tools that write kubelet configurations (kubeadm sets
    /// it to true), so a fragment without it says nothing about the node. This follows the CIS
    /// wording, "not set to false".
    ///
    /// ## Why it matters
    ///
    /// Without rotation, a kubelet's client certificate expires and the node drops out of the
    /// cluster, or is given long-lived certificates to avoid that; a stolen certificate then
    /// stays valid for its whole life. Rotation keeps certificates short-lived and renewed
    /// through the API server.
    ///
    /// ## How to fix
    ///
    /// Remove the settings, or set them to true.
    ///
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: true
    /// serverTLSBootstrap: true
    /// ```
    pub struct KubeletCertificateRotationDisabled {
        id: "k8s-kubelet-certificate-rotation-disabled",
        title: "Kubelet certificate rotation is turned off",
        severity: Medium,
        remediation: "Remove --rotate-certificates=false and RotateKubeletServerCertificate=false.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.3.6"),
            cis("4.2.10"),
            cis("4.2.11"),
        ],
        peers: [
            checkov("CKV_K8S_112"),
            checkov("CKV_K8S_149"),
            checkov("CKV_K8S_150"),
            kics("52d70f2e-3257-474c-b3dc-8ad9ba6a061a"),
            kics("1c621b8e-2c6a-44f5-bd6a-fb0fb7ba33e2"),
            trivy("KCV0038"),
        ],
        fixable: false,
    }
}

impl Rule for KubeletCertificateRotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of(object) {
            let describe = invocation.describe();
            match invocation.component {
                Component::Kubelet => {
                    if let Some(flag) = invocation
                        .flag("rotate-certificates")
                        .filter(|flag| flag.bool() == Some(false))
                    {
                        cx.report_node(
                            flag.node,
                            format!("{describe} does not rotate its client certificate"),
                        );
                    }
                }
                Component::ControllerManager => {}
                _ => continue,
            }
            // Gates add up across repeated flags; the last setting of a gate wins.
            let gate =
                invocation
                    .list("feature-gates")
                    .into_iter()
                    .rev()
                    .find_map(|(flag, item)| {
                        let (name, value) = item.split_once('=')?;
                        (name.trim() == SERVER_ROTATION_GATE).then_some((flag, value.trim()))
                    });
            if let Some((flag, value)) = gate {
                if value.eq_ignore_ascii_case("false") {
                    cx.report_node(
                        flag.node,
                        format!("{describe} turns off kubelet serving certificate rotation ({SERVER_ROTATION_GATE}=false)"),
                    );
                }
            }
        }
        let Some(config) = kubelet_configuration(object) else {
            return;
        };
        if let Some(entry) = config
            .entry("rotateCertificates")
            .filter(|entry| bool_value(&entry.value) == Some(false))
        {
            cx.report_entry(entry, "the kubelet does not rotate its client certificate");
        }
        if let Some(entry) = config
            .get("featureGates")
            .and_then(|gates| gates.entry(SERVER_ROTATION_GATE))
            .filter(|entry| bool_value(&entry.value) == Some(false))
        {
            cx.report_entry(
                entry,
                "the kubelet does not rotate its serving certificate (RotateKubeletServerCertificate: false)",
            );
        }
    }
}
