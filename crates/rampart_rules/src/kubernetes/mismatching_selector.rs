use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Deployments, StatefulSets, DaemonSets and ReplicaSets whose `spec.selector` does not
    /// select the labels of their own pod template. Each requirement of the selector is checked
    /// against `spec.template.metadata.labels`, as the API server does: every `matchLabels` entry
    /// needs the same label with the same value, and every `matchExpressions` item must hold
    /// (`In`, `NotIn`, `Exists`, `DoesNotExist`). Each requirement that fails is reported where it
    /// is written.
    ///
    /// Not reported: a missing or empty selector (`extensions/v1beta1` defaulted it to the
    /// template's labels), and requirements the API server would reject for their form (an
    /// unknown operator, a value that is not a scalar).
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The controller owns the pods its selector selects. For `apps/v1` the API server rejects a
    /// workload whose selector does not select its template, so the manifest cannot be applied;
    /// with older API versions the controller never sees the pods it creates and keeps creating
    /// more. Either way the rollout fails, and it fails late, in the cluster, instead of in review.
    ///
    /// ## How to fix
    ///
    /// Give the pod template every label the selector asks for (and remember the selector of an
    /// `apps/v1` workload cannot change after creation).
    ///
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    /// ```
    pub struct MismatchingSelector {
        id: "k8s-mismatching-selector",
        title: "Selector does not match the pod template's labels",
        severity: Low,
        remediation: "Make spec.selector select the labels of spec.template.metadata.labels.",
        frameworks: [
        ],
        peers: [
            kube_linter("mismatching-selector"),
        ],
        fixable: false,
    }
}

impl Rule for MismatchingSelector {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if !matches!(
            object.workload_kind(),
            Some(
                WorkloadKind::Deployment
                    | WorkloadKind::StatefulSet
                    | WorkloadKind::DaemonSet
                    | WorkloadKind::ReplicaSet
                    | WorkloadKind::ArgoRollout
            )
        ) {
            return;
        }
        let Some(selector) = object
            .node
            .get_path(&["spec", "selector"])
            .filter(|selector| selector.as_mapping().is_some())
        else {
            return;
        };
        let labels = object
            .pod_metadata()
            .and_then(|metadata| metadata.get("labels"));
        let label = |key: &str| {
            labels
                .and_then(|labels| labels.get(key))
                .filter(|value| !value.is_null())
                .and_then(Node::as_str)
        };
        let workload = object.describe();

        for entry in selector
            .get("matchLabels")
            .and_then(Node::as_mapping)
            .unwrap_or_default()
        {
            let (Some(key), Some(value)) = (entry.key.as_str(), entry.value.as_str()) else {
                continue;
            };
            if label(key) != Some(value) {
                cx.report_entry(
                    entry,
                    format!(
                        "{workload} selects {key}={value}, which its pod template's labels do not have"
                    ),
                );
            }
        }

        for expression in selector
            .get("matchExpressions")
            .into_iter()
            .flat_map(Node::items)
        {
            let Some(key) = expression.get("key").and_then(Node::as_str) else {
                continue;
            };
            let values: Option<Vec<&str>> = expression
                .get("values")
                .into_iter()
                .flat_map(Node::items)
                .map(Node::as_str)
                .collect();
            let Some(values) = values else {
                continue;
            };
            let actual = label(key);
            let holds = match expression.get("operator").and_then(Node::as_str) {
                Some("In") => actual.is_some_and(|value| values.contains(&value)),
                Some("NotIn") => !actual.is_some_and(|value| values.contains(&value)),
                Some("Exists") => actual.is_some(),
                Some("DoesNotExist") => actual.is_none(),
                _ => continue,
            };
            if !holds {
                cx.report_node(
                    expression,
                    format!(
                        "{workload} has a selector expression on {key} that its pod template's labels do not satisfy"
                    ),
                );
            }
        }
    }
}
