use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads that no NetworkPolicy of their namespace selects, judged across every file
    /// of the scan:
    ///
    /// - a namespace whose workloads are in the scan but which has no NetworkPolicy at all is
    ///   reported once, at its Namespace object (or, when the scan holds none, at its first
    ///   workload), with every workload in it as a related location;
    /// - in a namespace that has NetworkPolicies, each workload that none of them selects is
    ///   reported, with the policies of its namespace and their pod selectors as related
    ///   locations.
    ///
    /// A policy selects a pod when its `podSelector` matches the pod template's labels
    /// (`matchLabels` and `matchExpressions` with `In`, `NotIn`, `Exists` and `DoesNotExist`;
    /// `{}` selects every pod of the namespace). Only a policy of the pod's own namespace can
    /// select it. Objects without a namespace are taken to be applied together into one
    /// namespace, chosen at deploy time.
    ///
    /// Only the scan is known: a policy created by another repository, or a CNI-specific
    /// policy (Cilium, Calico), is not seen. Suppress the finding, or scan the policies with
    /// the workloads.
    ///
    /// ## Why it matters
    ///
    /// Kubernetes lets every pod talk to every other pod by default. A pod that no
    /// NetworkPolicy selects accepts connections from any pod in the cluster (and sends to any
    /// destination), so one compromised container can probe and reach every service, database
    /// and admin interface around it.
    ///
    /// ## How to fix
    ///
    /// Give each namespace a default-deny policy, then allow the traffic each workload needs.
    ///
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: default-deny
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
    /// ```
    pub struct WorkloadWithoutNetworkPolicy {
        id: "k8s-workload-without-network-policy",
        title: "Workload is selected by no NetworkPolicy",
        severity: Medium,
        remediation: "Add a default-deny NetworkPolicy to the namespace, and policies that allow only the traffic each workload needs.",
        frameworks: [
            nsa("Network separation and hardening: network policies"),
            cis("5.3.2"),
        ],
        peers: [
            kics("0401f71b-9c1e-4821-ab15-a955caa621be"),
            kubescape("C-0260"),
            kubescape("C-0054"),
            kubescape("C-0206"),
            kube_linter("non-isolated-pod"),
            polaris("missingNetworkPolicy"),
        ],
        fixable: false,
    }
}

impl Rule for WorkloadWithoutNetworkPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let workloads = &cluster.inventory.workloads;
        for (namespace, members) in cluster.workloads_by_namespace() {
            let policies = cluster.policies_in(namespace);
            let named = describe_namespace(namespace);
            if policies.is_empty() {
                let Some(&first) = members.first() else {
                    continue;
                };
                let at = cluster
                    .namespace_object(namespace)
                    .unwrap_or(&workloads[first].meta);
                let count = match members.len() {
                    1 => "1 workload".to_owned(),
                    n => format!("{n} workloads"),
                };
                let finding = cx.report(
                    at,
                    &at.as_fact("namespace"),
                    format!(
                        "{named} has no NetworkPolicy, so its pods ({count}) accept traffic \
                         from any pod in the cluster"
                    ),
                );
                for &w in &members {
                    let meta = &workloads[w].meta;
                    relate(
                        finding,
                        &meta.anchor,
                        format!("{} is selected by no NetworkPolicy", meta.describe()),
                    );
                }
                continue;
            }
            for &w in &members {
                if !cluster.policies[w].is_empty() {
                    continue;
                }
                let meta = &workloads[w].meta;
                let finding = cx.report(
                    meta,
                    &meta.as_fact("workload"),
                    format!(
                        "{} is selected by none of the NetworkPolicies of {named}, so its pods \
                         accept traffic from any pod in the cluster",
                        meta.describe()
                    ),
                );
                for policy in &policies {
                    let selects = policy
                        .selector
                        .as_ref()
                        .map_or_else(|| "nothing (unreadable)".to_owned(), |s| s.describe());
                    relate(
                        finding,
                        &policy.selector_location,
                        format!("{} selects {selects}", policy.meta.describe()),
                    );
                }
            }
        }
    }
}
