use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// NetworkPolicies whose `podSelector` matches the pod template of no workload of their
    /// namespace, judged across every file of the scan (`matchLabels` and `matchExpressions`
    /// with `In`, `NotIn`, `Exists` and `DoesNotExist`). An empty selector (`{}`) selects every
    /// pod of the namespace, those to come included, and is not reported; nor is a selector
    /// that cannot be read.
    ///
    /// The scan only knows what it holds, so a policy is reported only when its own folder
    /// holds workloads of its namespace, and the scan holds no custom resource in that
    /// namespace (an operator may create the pods from it). A policy written for pods
    /// deployed from another repository is therefore not reported: scan them together to
    /// judge it.
    ///
    /// ## Why it matters
    ///
    /// A policy that selects no pod isolates nothing: the pods it was written to protect
    /// accept traffic from anywhere, while the policy in the repository suggests they do not.
    /// It is usually a label renamed on the workload and not on the policy, and nothing warns
    /// about it: the API server accepts the policy and the network plugin applies it to no
    /// pod.
    ///
    /// ## How to fix
    ///
    /// Make the policy's `podSelector` match the labels of the pods it protects.
    ///
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec:
    ///   podSelector:
    ///     matchLabels:
    ///       app: db
    /// ```
    pub struct NetworkPolicySelectsNoPod {
        id: "k8s-network-policy-selects-no-pod",
        title: "NetworkPolicy selects no pod",
        severity: Medium,
        remediation: "Make the policy's podSelector match the pod template labels of the workloads it must isolate.",
        frameworks: [
            nsa("Network separation and hardening: network policies"),
        ],
        peers: [
            kics("85ab1c5b-014e-4352-b5f8-d7dea3bb4fd3"),
            kics("b80b14c6-aaa2-4876-b651-8a48b6c32fbf"),
            kube_linter("dangling-networkpolicy"),
        ],
        fixable: false,
    }
}

impl Rule for NetworkPolicySelectsNoPod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let workloads = &cluster.inventory.workloads;
        for policy in &cluster.inventory.network_policies {
            let Some(selector) = policy.selector.as_ref().filter(|s| !s.is_empty()) else {
                continue;
            };
            let namespace = policy.meta.namespace.as_deref();
            let selected = workloads
                .iter()
                .any(|w| w.meta.namespace.as_deref() == namespace && selector.matches(&w.labels));
            if selected
                || !cluster.knows(&policy.meta, namespace, workloads.iter().map(|w| &w.meta))
            {
                continue;
            }
            let at = policy
                .selector_entry
                .clone()
                .unwrap_or_else(|| policy.meta.as_fact("policy"));
            cx.report(
                &policy.meta,
                &at,
                format!(
                    "{} selects {}, which no pod template of {} carries, so it isolates nothing",
                    policy.meta.describe(),
                    selector.describe(),
                    describe_namespace(namespace)
                ),
            );
        }
    }
}
