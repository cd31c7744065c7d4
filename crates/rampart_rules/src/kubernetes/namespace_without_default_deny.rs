use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Namespaces that have NetworkPolicies in the scan, none of which denies all ingress by
    /// default: a policy whose `podSelector` is `{}` (every pod of the namespace), whose
    /// `policyTypes` include `Ingress` (as they do when `policyTypes` is absent or empty), and
    /// which has no ingress rule. Reported once per namespace, at its Namespace object, or, when
    /// the scan holds none, at its first NetworkPolicy; each policy is a related location.
    ///
    /// A namespace without any NetworkPolicy is not reported here:
    /// `k8s-workload-without-network-policy` reports it already (once), and one finding says it
    /// best. Egress is not
    /// required to be denied by default: many teams start with ingress, and a default-deny
    /// egress policy must allow DNS, which is a decision of its own.
    ///
    /// ## Why it matters
    ///
    /// Policies that select some pods leave every other pod of the namespace open, including
    /// the ones added next month. A default-deny policy makes isolation the rule: a new
    /// workload accepts no traffic until a policy allows it, instead of accepting all of it
    /// until someone remembers to write one.
    ///
    /// ## How to fix
    ///
    /// Add a default-deny ingress policy to the namespace, next to the policies that allow
    /// what each workload needs.
    ///
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: default-deny-ingress
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress]
    /// ```
    pub struct NamespaceWithoutDefaultDeny {
        id: "k8s-namespace-without-default-deny",
        title: "Namespace has no default-deny NetworkPolicy",
        severity: Low,
        remediation: "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules to the namespace.",
        frameworks: [
            nsa("Network separation and hardening: network policies"),
            cis("5.3.2"),
        ],
        peers: [
            kubescape("C-0030"),
        ],
        fixable: false,
    }
}

impl Rule for NamespaceWithoutDefaultDeny {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let mut namespaces: Vec<Option<&str>> = (cluster.inventory.network_policies.iter())
            .map(|policy| policy.meta.namespace.as_deref())
            .collect();
        namespaces.sort_unstable();
        namespaces.dedup();
        for namespace in namespaces {
            let policies = cluster.policies_in(namespace);
            if policies.iter().any(|policy| policy.denies_all_ingress()) {
                continue;
            }
            let Some(first) = policies.first() else {
                continue;
            };
            let at = cluster.namespace_object(namespace).unwrap_or(&first.meta);
            let finding = cx.report(
                at,
                &at.as_fact("namespace"),
                format!(
                    "{} has NetworkPolicies but none that denies all ingress by default, so \
                     pods that no policy selects accept traffic from any pod",
                    describe_namespace(namespace)
                ),
            );
            for policy in policies {
                let why = if !policy.ingress {
                    "does not isolate ingress".to_owned()
                } else if policy.ingress_rules > 0 {
                    "has ingress rules that allow traffic".to_owned()
                } else {
                    "selects only some pods".to_owned()
                };
                let selects = policy
                    .selector
                    .as_ref()
                    .map_or_else(|| "nothing (unreadable)".to_owned(), |s| s.describe());
                relate(
                    finding,
                    &policy.selector_location,
                    format!("{} selects {selects} and {why}", policy.meta.describe()),
                );
            }
        }
    }
}
