use super::shared::Replicas;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Deployments, StatefulSets and Argo Rollouts with `replicas` of 2 or more whose pod template
    /// does not ask the scheduler to spread the replicas: neither pod anti-affinity
    /// (`affinity.podAntiAffinity`, required or preferred) nor `topologySpreadConstraints`. Any
    /// topology key counts (`kubernetes.io/hostname`, `topology.kubernetes.io/zone`...), and so do
    /// soft rules (`preferredDuringScheduling...`, `whenUnsatisfiable: ScheduleAnyway`).
    ///
    /// A term only spreads the replicas when its `labelSelector` selects the workload's own pods
    /// (the pod template's labels): one that selects other pods, or has no selector, is no
    /// spreading at all. When every term is like that, the finding points at the terms;
    /// otherwise, when there are none, at the pod spec. A selector the rule cannot evaluate (an
    /// unknown operator), or a pod template without labels (a kustomize patch, whose labels come
    /// from its base), is given the benefit of the doubt.
    ///
    /// Single-replica workloads are `k8s-single-replica`'s concern; this rule does not report
    /// them, nor workloads whose replicas an autoscaler sets without a `replicas` field.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// Without a spreading rule the scheduler may put every replica on the same node (it favours
    /// spreading only weakly, and not at all once other scores win), and then one node failure,
    /// drain or upgrade takes them all down together. The replicas were there to survive exactly
    /// that.
    ///
    /// ## How to fix
    ///
    /// Spread the replicas over nodes (and zones), with a selector that matches the pod
    /// template's labels.
    ///
    /// ```yaml
    /// spec:
    ///   replicas: 3
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       topologySpreadConstraints:
    ///         - maxSkew: 1
    ///           topologyKey: kubernetes.io/hostname
    ///           whenUnsatisfiable: ScheduleAnyway
    ///           labelSelector:
    ///             matchLabels:
    ///               app: web
    /// ```
    pub struct PodAntiAffinityMissing {
        id: "k8s-pod-anti-affinity-missing",
        title: "Replicas are not spread over nodes",
        severity: Low,
        remediation: "Add podAntiAffinity or topologySpreadConstraints whose labelSelector matches the pod template's labels.",
        frameworks: [
        ],
        peers: [
            kics("a31b7b82-d994-48c4-bd21-3bab6c31827a"),
            kics("d740d048-8ed3-49d3-b77b-6f072f3b669e"),
            kics("461ed7e4-f8d5-4bc1-b3c6-64ddb4fd00a3"),
            kube_linter("no-anti-affinity"),
            polaris("topologySpreadConstraint"),
        ],
        fixable: false,
    }
}

impl Rule for PodAntiAffinityMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(Replicas::Set { count }) = Replicas::of(object) else {
            return;
        };
        let Some(spec) = object.pod_spec().filter(|_| count >= 2) else {
            return;
        };
        let anti_affinity = spec
            .get("affinity")
            .and_then(|affinity| affinity.entry("podAntiAffinity"));
        let spread = spec.entry("topologySpreadConstraints");
        // The label selector of every term, whether required or preferred.
        let terms = anti_affinity.into_iter().flat_map(|entry| {
            let required = entry
                .value
                .get("requiredDuringSchedulingIgnoredDuringExecution");
            let preferred = entry
                .value
                .get("preferredDuringSchedulingIgnoredDuringExecution")
                .into_iter()
                .flat_map(Node::items)
                .filter_map(|weighted| weighted.get("podAffinityTerm"));
            required.into_iter().flat_map(Node::items).chain(preferred)
        });
        let terms = terms.chain(spread.into_iter().flat_map(|entry| entry.value.items()));
        let selectors: Vec<Option<&Node>> = terms.map(|term| term.get("labelSelector")).collect();
        let what = object.describe();
        if selectors.is_empty() {
            let site = anti_affinity.or(spread);
            let message = format!(
                "{what} runs {count} replicas without pod anti-affinity or topology spread \
                 constraints, so they may all land on one node"
            );
            match site {
                Some(entry) => cx.report_entry(entry, message),
                None => cx.report_node(spec, message),
            };
            return;
        }
        // Without labels the template is a fragment (a kustomize patch, whose labels come from
        // its base): whom the selectors select cannot be told.
        let Some(labels) = object
            .pod_metadata()
            .and_then(|m| m.get("labels"))
            .filter(|labels| labels.as_mapping().is_some())
        else {
            return;
        };
        if selectors
            .iter()
            .any(|selector| selects(*selector, labels) != Some(false))
        {
            return;
        }
        if let Some(entry) = anti_affinity.or(spread) {
            cx.report_entry(
                entry,
                format!(
                    "{what} has spreading rules, but none selects its own pods, so its {count} \
                     replicas may all land on one node"
                ),
            );
        }
    }
}

/// Whether a label selector selects pods with `labels`, as the API server evaluates it: a
/// missing or null selector selects nothing, an empty one everything. `None` when it cannot be
/// evaluated (not a mapping, an unknown operator, values that are not strings).
fn selects(selector: Option<&Node>, labels: &Node) -> Option<bool> {
    let Some(selector) = selector.filter(|s| !s.is_null()) else {
        return Some(false);
    };
    selector.as_mapping()?;
    let label = |key: &str| labels.get(key).and_then(Node::as_str);
    let match_labels = selector.get("matchLabels").and_then(Node::as_mapping);
    for entry in match_labels.unwrap_or_default() {
        let (key, value) = (entry.key.as_str()?, entry.value.as_str()?);
        if label(key) != Some(value) {
            return Some(false);
        }
    }
    for expression in selector
        .get("matchExpressions")
        .into_iter()
        .flat_map(Node::items)
    {
        let key = expression.get("key").and_then(Node::as_str)?;
        let values: Vec<&str> = expression
            .get("values")
            .into_iter()
            .flat_map(Node::items)
            .map(Node::as_str)
            .collect::<Option<_>>()?;
        let value = label(key);
        let holds = match expression.get("operator").and_then(Node::as_str)? {
            "In" => value.is_some_and(|v| values.contains(&v)),
            "NotIn" => !value.is_some_and(|v| values.contains(&v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => return None,
        };
        if !holds {
            return Some(false);
        }
    }
    Some(true)
}
