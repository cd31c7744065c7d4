//! The Kubernetes provider's resources (`kubernetes_deployment`, `kubernetes_pod`,
//! `kubernetes_cluster_role_binding`...) as the Kubernetes objects they create, so that the
//! Kubernetes rules judge them under the same rule ids.
//!
//! The provider writes an object's fields in snake case, every nested object as a block
//! (`spec { template { spec { container { security_context { privileged = true } } } } }`), and
//! a list of objects as repeated blocks (`container`, `volume`, `port`). [`manifest`] turns an
//! evaluated instance into the object's tree, camel-cased (`hostPID`, `readOnlyRootFilesystem`),
//! repeated blocks into lists under their Kubernetes names (`containers`, `volumeMounts`), with
//! the keys of map arguments (`labels`, `limits`, `match_labels`) kept as written. Every node
//! points at the `.tf` text it came from, so findings point there.
//!
//! A value not known before apply is left out of the tree, and its text is listed in
//! [`Manifest::unknown`]: the caller drops any finding that covers it (the value might have
//! made the finding wrong).

use std::collections::BTreeMap;

use rampart_source::{Entry, Node, NodeKind, Scalar, ScalarStyle, TextRange};

use crate::eval::{EvalBody, ResourceInstance};
use crate::value::{format_number, Kind, Span, Value};

/// A Kubernetes object made from a resource instance.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub node: Node,
    /// The text of every value left out because it is not known before apply.
    pub unknown: Vec<TextRange>,
}

/// The kind and API version a provider resource type creates.
fn kind_of(resource_type: &str) -> Option<(&'static str, &'static str)> {
    let base = resource_type
        .strip_prefix("kubernetes_")?
        .trim_end_matches("_v1")
        .trim_end_matches("_v2");
    Some(match base {
        "pod" => ("v1", "Pod"),
        "deployment" => ("apps/v1", "Deployment"),
        "daemonset" | "daemon_set" => ("apps/v1", "DaemonSet"),
        "stateful_set" => ("apps/v1", "StatefulSet"),
        "replication_controller" => ("v1", "ReplicationController"),
        "job" => ("batch/v1", "Job"),
        "cron_job" => ("batch/v1", "CronJob"),
        "service" => ("v1", "Service"),
        "service_account" => ("v1", "ServiceAccount"),
        "namespace" => ("v1", "Namespace"),
        "config_map" => ("v1", "ConfigMap"),
        "secret" => ("v1", "Secret"),
        "ingress" => ("networking.k8s.io/v1", "Ingress"),
        "network_policy" => ("networking.k8s.io/v1", "NetworkPolicy"),
        "role" => ("rbac.authorization.k8s.io/v1", "Role"),
        "cluster_role" => ("rbac.authorization.k8s.io/v1", "ClusterRole"),
        "role_binding" => ("rbac.authorization.k8s.io/v1", "RoleBinding"),
        "cluster_role_binding" => ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
        _ => return None,
    })
}

/// Block names whose Kubernetes field is a list, and that field's name.
const LISTS: &[(&str, &str)] = &[
    ("container", "containers"),
    ("init_container", "initContainers"),
    ("ephemeral_container", "ephemeralContainers"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("volume_device", "volumeDevices"),
    ("port", "ports"),
    ("env", "env"),
    ("env_from", "envFrom"),
    ("toleration", "tolerations"),
    ("image_pull_secrets", "imagePullSecrets"),
    ("host_aliases", "hostAliases"),
    ("topology_spread_constraint", "topologySpreadConstraints"),
    ("sysctl", "sysctls"),
    ("rule", "rules"),
    ("subject", "subjects"),
    ("ingress", "ingress"),
    ("egress", "egress"),
    ("from", "from"),
    ("to", "to"),
    ("match_expressions", "matchExpressions"),
    ("tls", "tls"),
    ("path", "paths"),
    ("volume_claim_template", "volumeClaimTemplates"),
];

/// Fields whose Kubernetes name is not the plain camel case of the provider's.
const NAMES: &[(&str, &str)] = &[
    ("host_pid", "hostPID"),
    ("host_ipc", "hostIPC"),
    ("non_resource_urls", "nonResourceURLs"),
    ("se_linux_options", "seLinuxOptions"),
    ("read_only", "readOnly"),
    ("api_groups", "apiGroups"),
    ("ip_block", "ipBlock"),
    ("cluster_ip", "clusterIP"),
    ("external_ips", "externalIPs"),
    ("load_balancer_ip", "loadBalancerIP"),
];

/// The Kubernetes name of the provider's field `name`: its exception, else camel case.
fn field_name(name: &str) -> String {
    if let Some((_, k8s)) = NAMES.iter().find(|(tf, _)| *tf == name) {
        return (*k8s).to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The object `instance` creates, when it is a resource of the Kubernetes provider that the
/// Kubernetes rules judge.
#[must_use]
pub fn manifest(instance: &ResourceInstance) -> Option<Manifest> {
    let (api_version, kind) = kind_of(&instance.kind)?;
    let mut builder = Builder {
        unknown: Vec::new(),
    };
    // `apiVersion` and `kind` are not written: they point at the block's first line.
    let head = TextRange::new(instance.span.range.start, instance.span.range.start);
    let mut entries = vec![
        synthetic("apiVersion", api_version, head),
        synthetic("kind", kind, head),
    ];
    let Node { kind: body, .. } = builder.body(&instance.body, instance.span);
    if let NodeKind::Mapping(fields) = body {
        entries.extend(fields);
    }
    Some(Manifest {
        node: Node {
            range: instance.span.range,
            kind: NodeKind::Mapping(entries),
        },
        unknown: builder.unknown,
    })
}

fn synthetic(key: &str, value: &str, at: TextRange) -> Entry {
    Entry {
        key: scalar(key, ScalarStyle::Plain, at),
        value: scalar(value, ScalarStyle::Plain, at),
    }
}

fn scalar(text: &str, style: ScalarStyle, range: TextRange) -> Node {
    Node {
        range,
        kind: NodeKind::Scalar(Scalar {
            value: text.to_owned(),
            style,
            tag: None,
        }),
    }
}

struct Builder {
    unknown: Vec<TextRange>,
}

impl Builder {
    /// A block's body as a mapping over `span`.
    fn body(&mut self, body: &EvalBody, span: Span) -> Node {
        let mut entries = Vec::new();
        for attribute in &body.attributes {
            let key_range = TextRange::new(
                attribute.span.range.start,
                attribute.span.range.start + u32::try_from(attribute.name.len()).unwrap_or(0),
            );
            let Some(value) = self.value(&attribute.value, attribute.span) else {
                continue;
            };
            entries.push(Entry {
                key: scalar(&field_name(&attribute.name), ScalarStyle::Plain, key_range),
                value,
            });
        }
        // Blocks in source order; repeated ones gather into one list.
        let mut lists: BTreeMap<&str, usize> = BTreeMap::new();
        for block in &body.blocks {
            let key_range = TextRange::new(
                block.span.range.start,
                block.span.range.start + u32::try_from(block.kind.len()).unwrap_or(0),
            );
            let node = self.body(&block.body, block.span);
            match LISTS.iter().find(|(tf, _)| *tf == block.kind) {
                Some((_, name)) => {
                    if let Some(&at) = lists.get(name) {
                        let entry: &mut Entry = &mut entries[at];
                        entry.value.range = entry.value.range.cover(node.range);
                        if let NodeKind::Sequence(items) = &mut entry.value.kind {
                            items.push(node);
                        }
                    } else {
                        lists.insert(name, entries.len());
                        entries.push(Entry {
                            key: scalar(name, ScalarStyle::Plain, key_range),
                            value: Node {
                                range: node.range,
                                kind: NodeKind::Sequence(vec![node]),
                            },
                        });
                    }
                }
                // A single object: the provider allows one such block.
                None if entries
                    .iter()
                    .all(|e| e.key.as_str() != Some(&field_name(&block.kind))) =>
                {
                    entries.push(Entry {
                        key: scalar(&field_name(&block.kind), ScalarStyle::Plain, key_range),
                        value: node,
                    });
                }
                None => {}
            }
        }
        Node {
            range: span.range,
            kind: NodeKind::Mapping(entries),
        }
    }

    /// An argument's value, pointing at its own text when written inside the argument, else
    /// at the argument; `None` (recorded as unknown) when it is not known before apply.
    fn value(&mut self, value: &Value, within: Span) -> Option<Node> {
        let range = value
            .origin
            .as_ref()
            .map(|o| o.span)
            .filter(|s| s.file == within.file && within.range.contains_range(s.range))
            .map_or(within.range, |s| s.range);
        let kind = match &value.kind {
            Kind::Unknown(_) => {
                self.unknown.push(range);
                return None;
            }
            Kind::Null => return None,
            Kind::Bool(b) => NodeKind::Scalar(plain(if *b { "true" } else { "false" })),
            Kind::Number(n) => NodeKind::Scalar(plain(&format_number(*n))),
            Kind::String(s) => NodeKind::Scalar(Scalar {
                value: s.to_string(),
                style: ScalarStyle::DoubleQuoted,
                tag: None,
            }),
            Kind::List(items) => NodeKind::Sequence(
                items
                    .iter()
                    .filter_map(|item| self.value(item, within))
                    .collect(),
            ),
            // Map arguments (`labels`, `limits`, `data`) keep their keys as written.
            Kind::Map(entries) => NodeKind::Mapping(
                entries
                    .iter()
                    .filter_map(|(key, item)| {
                        let node = self.value(item, within)?;
                        Some(Entry {
                            key: scalar(key, ScalarStyle::DoubleQuoted, node.range),
                            value: node,
                        })
                    })
                    .collect(),
            ),
        };
        Some(Node { range, kind })
    }
}

fn plain(text: &str) -> Scalar {
    Scalar {
        value: text.to_owned(),
        style: ScalarStyle::Plain,
        tag: None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{evaluate, Inputs, Project};

    #[test]
    fn field_names_follow_the_kubernetes_api() {
        assert_eq!(
            field_name("read_only_root_filesystem"),
            "readOnlyRootFilesystem"
        );
        assert_eq!(field_name("host_pid"), "hostPID");
        assert_eq!(field_name("service_account_name"), "serviceAccountName");
        assert_eq!(field_name("privileged"), "privileged");
    }

    #[test]
    fn repeated_blocks_become_lists_and_map_keys_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"resource "kubernetes_pod" "p" {
  metadata {
    name   = "p"
    labels = { app_name = "x" }
  }
  spec {
    container {
      name = "a"
    }
    container {
      name = "b"
      env {
        name = "K"
      }
    }
  }
}
"#,
        )
        .unwrap();
        let mut project = Project::new();
        let module = evaluate(&mut project, dir.path(), &Inputs::default());
        let pod = manifest(&module.resources[0]).unwrap();
        let node = &pod.node;
        assert_eq!(node.get("kind").and_then(Node::as_str), Some("Pod"));
        assert_eq!(
            node.get_path(&["metadata", "labels", "app_name"])
                .and_then(Node::as_str),
            Some("x")
        );
        let containers = node.get_path(&["spec", "containers"]).unwrap();
        let names: Vec<_> = containers
            .items()
            .filter_map(|c| c.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, ["a", "b"]);
        let env = containers.items().nth(1).unwrap().get("env").unwrap();
        assert_eq!(env.items().count(), 1);
        assert!(pod.unknown.is_empty());
        assert!(manifest(&ResourceInstance {
            kind: "aws_s3_bucket".into(),
            ..module.resources[0].clone()
        })
        .is_none());
    }
}
