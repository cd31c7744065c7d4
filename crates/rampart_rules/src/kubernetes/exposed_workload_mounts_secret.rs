use super::shared::external_exposures;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads that are reachable from outside the cluster (as
    /// `k8s-workload-exposed-outside-cluster` judges it: a LoadBalancer or NodePort Service, a
    /// Service with external IPs, an Ingress or an HTTPRoute reaches their pods) and that have
    /// Secrets: mounted as a volume
    /// (`secret`, or a `projected` volume's `secret` source), read into one environment variable
    /// (`valueFrom.secretKeyRef`), or into many (`envFrom[].secretRef`). Reported once per
    /// workload, at its first Secret reference, with every Secret reference and every way in as
    /// related locations.
    ///
    /// ## Why it matters
    ///
    /// A workload that faces the internet is the one most likely to be compromised, and what it
    /// can read is what its compromise leaks: database passwords, API keys, signing keys. The
    /// Secrets an exposed workload holds are the blast radius of its next remote code execution
    /// or path traversal bug; keeping them few, narrow and short-lived keeps that radius small.
    ///
    /// ## How to fix
    ///
    /// Give exposed workloads only the Secrets they need, scoped to what they do (a read-only
    /// database user, a key for one API); move work that needs broader credentials behind an
    /// internal service; prefer short-lived credentials (projected service account tokens,
    /// workload identity) to long-lived Secrets. Suppress the finding for the Secrets that
    /// remain, with the reason.
    ///
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef:
    ///         name: storefront-db-readonly
    ///         key: password
    /// ```
    pub struct ExposedWorkloadMountsSecret {
        id: "k8s-exposed-workload-mounts-secret",
        title: "Workload reachable from outside the cluster has Secrets",
        severity: Medium,
        remediation: "Give internet-facing workloads only narrowly scoped, short-lived credentials; move broader Secrets behind internal services.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            mitre("T1190"),
            mitre("T1552.001"),
        ],
        peers: [
            kubescape("C-0255"),
        ],
        fixable: false,
    }
}

impl Rule for ExposedWorkloadMountsSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        for (w, workload) in cluster.inventory.workloads.iter().enumerate() {
            let Some(first) = workload.secrets.first() else {
                continue;
            };
            let ways = external_exposures(cluster, w);
            let Some((way, _)) = ways.first() else {
                continue;
            };
            let more = match workload.secrets.len() - 1 {
                0 => String::new(),
                1 => ", and 1 more Secret".to_owned(),
                n => format!(", and {n} more Secrets"),
            };
            let finding = cx.report(
                &workload.meta,
                first,
                format!(
                    "{}, reachable from outside the cluster through {way}, {}{more}",
                    workload.meta.describe(),
                    first.what
                ),
            );
            for secret in &workload.secrets {
                relate(finding, &secret.location, secret.what.clone());
            }
            for (text, location) in &ways {
                relate(finding, location, format!("{text} exposes it"));
            }
        }
    }
}
