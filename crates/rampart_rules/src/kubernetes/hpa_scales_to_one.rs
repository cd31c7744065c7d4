use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// HorizontalPodAutoscalers (`autoscaling`, any version) that may scale their target down
    /// to a single pod: `minReplicas: 1`, reported at that entry, or no `minReplicas` (or
    /// null), which defaults to 1, reported at the spec. `minReplicas: 0` (scale to zero, an
    /// alpha feature) is a choice made on purpose and is not reported.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// At quiet hours the autoscaler shrinks the workload to its minimum. With a minimum of
    /// one, a node drain, a node failure, an eviction or a crash of that pod is an outage until
    /// a new pod is ready, which is also when traffic starts to grow again. It is the
    /// single-replica problem (`k8s-single-replica`), moved to the autoscaler that owns the
    /// replica count.
    ///
    /// ## How to fix
    ///
    /// Keep at least two replicas (three for a quorum).
    ///
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    pub struct HpaScalesToOne {
        id: "k8s-hpa-scales-to-one",
        title: "HorizontalPodAutoscaler can scale down to one replica",
        severity: Low,
        remediation: "Set minReplicas to 2 or more.",
        frameworks: [],
        peers: [
            kube_linter("hpa-minimum-three-replicas"),
        ],
        fixable: false,
    }
}

impl Rule for HpaScalesToOne {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.kind != "HorizontalPodAutoscaler" || object.group() != "autoscaling" {
            return;
        }
        let Some(spec) = object.node.get("spec").filter(|s| s.as_mapping().is_some()) else {
            return;
        };
        let what = object.describe();
        match spec.entry("minReplicas") {
            Some(entry) if entry.value.is_null() => {
                cx.report_entry(
                    entry,
                    format!("{what} sets no minReplicas, so it scales its target down to one pod"),
                );
            }
            Some(entry) => {
                if int_value(&entry.value) == Some(1) {
                    cx.report_entry(entry, format!("{what} scales its target down to one pod"));
                }
            }
            None => {
                cx.report_node(
                    spec,
                    format!("{what} sets no minReplicas, so it scales its target down to one pod"),
                );
            }
        }
    }
}
