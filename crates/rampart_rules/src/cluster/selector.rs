//! Label selectors (`matchLabels` and `matchExpressions`), as the Kubernetes API reference
//! defines them: every requirement must hold (they are ANDed); an empty selector matches every
//! object.

use std::collections::BTreeMap;

use rampart_source::Node;

/// A `LabelSelector`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
    pub expressions: Vec<Requirement>,
}

/// One `matchExpressions` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

impl LabelSelector {
    /// Reads a selector; absent or null reads as `{}`. `None` when it cannot be read: an
    /// expression without a key or with an unknown operator, or a label value that is not text,
    /// which the API server rejects.
    #[must_use]
    pub fn read(node: Option<&Node>) -> Option<LabelSelector> {
        let mut selector = LabelSelector::default();
        let Some(node) = node.filter(|n| !n.is_null()) else {
            return Some(selector);
        };
        node.as_mapping()?;
        if let Some(labels) = node.get("matchLabels").filter(|l| !l.is_null()) {
            for entry in labels.as_mapping()? {
                let value = if entry.value.is_null() {
                    ""
                } else {
                    entry.value.as_str()?
                };
                selector
                    .match_labels
                    .insert(entry.key.as_str()?.to_owned(), value.to_owned());
            }
        }
        for item in node
            .get("matchExpressions")
            .into_iter()
            .flat_map(Node::items)
        {
            let key = item.get("key").and_then(Node::as_str)?;
            let operator = match item.get("operator").and_then(Node::as_str)? {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                _ => return None,
            };
            let values = item
                .get("values")
                .into_iter()
                .flat_map(Node::items)
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect();
            selector.expressions.push(Requirement {
                key: key.to_owned(),
                operator,
                values,
            });
        }
        Some(selector)
    }

    /// Whether it has no requirement, and so matches everything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether an object with these labels matches every requirement.
    #[must_use]
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels
            .iter()
            .all(|(key, value)| labels.get(key) == Some(value))
            && self.expressions.iter().all(|r| r.matches(labels))
    }

    /// `app=web,tier in (a,b),!legacy`, or `{}` (every pod).
    #[must_use]
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "{} (every pod)".to_owned();
        }
        let labels = self.match_labels.iter().map(|(k, v)| format!("{k}={v}"));
        let expressions = self.expressions.iter().map(|r| match r.operator {
            Operator::In => format!("{} in ({})", r.key, r.values.join(",")),
            Operator::NotIn => format!("{} notin ({})", r.key, r.values.join(",")),
            Operator::Exists => r.key.clone(),
            Operator::DoesNotExist => format!("!{}", r.key),
        });
        labels.chain(expressions).collect::<Vec<_>>().join(",")
    }
}

impl Requirement {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In => value.is_some_and(|v| self.values.contains(v)),
            // A pod without the label matches NotIn.
            Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use rampart_yaml::{parse_yaml, Limits};

    fn selector(text: &str) -> Option<LabelSelector> {
        let parsed = parse_yaml(text, Limits::default());
        LabelSelector::read(parsed.documents[0].root.as_ref())
    }

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn empty_selects_everything() {
        let s = selector("{}").unwrap();
        assert!(s.is_empty());
        assert!(s.matches(&labels(&[])));
        assert!(s.matches(&labels(&[("app", "web")])));
    }

    #[test]
    fn labels_and_expressions_are_anded() {
        let s = selector(
            "matchLabels: {app: web}\nmatchExpressions:\n  - {key: tier, operator: In, values: [front, edge]}\n  - {key: legacy, operator: DoesNotExist}\n  - {key: env, operator: NotIn, values: [dev]}\n  - {key: team, operator: Exists}\n",
        )
        .unwrap();
        let yes = labels(&[("app", "web"), ("tier", "edge"), ("team", "a")]);
        assert!(s.matches(&yes));
        let mut dev = yes.clone();
        dev.insert("env".into(), "dev".into());
        assert!(!s.matches(&dev));
        let mut legacy = yes.clone();
        legacy.insert("legacy".into(), String::new());
        assert!(!s.matches(&legacy));
        assert!(!s.matches(&labels(&[("app", "web"), ("team", "a")])));
        assert_eq!(
            s.describe(),
            "app=web,tier in (front,edge),!legacy,env notin (dev),team"
        );
    }

    #[test]
    fn unknown_operators_make_it_unreadable() {
        assert!(
            selector("matchExpressions:\n  - {key: a, operator: Gt, values: ['1']}\n").is_none()
        );
    }
}
