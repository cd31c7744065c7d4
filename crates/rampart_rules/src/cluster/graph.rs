//! Links between the objects of an [`Inventory`]: which Services select which workloads, which
//! routes send traffic to which Services, which roles a workload's service account holds.
//!
//! Namespaces must be equal to link, and a missing namespace equals only a missing namespace:
//! manifests that leave it out are applied together into one namespace chosen at deploy time,
//! which may or may not be `default`. A link prefers objects of the same folder: a Service links
//! to the matching workloads of its own folder, and to matching workloads elsewhere in the scan
//! only when its folder has none (so that `dev/` and `prod/` copies of one app stay apart, while
//! an app split into `services/` and `deployments/` folders still links).

use std::collections::BTreeMap;

use rampart_source::Location;

use super::inventory::{
    builtin_cluster_role, Backend, Binding, Inventory, Meta, NetworkPolicy, Route, Service,
    Subject, Workload,
};

/// How a workload is reachable from outside the cluster.
#[derive(Debug, Clone, Copy)]
pub enum Exposure<'a> {
    /// An Ingress or HTTPRoute sends traffic to a Service that selects the workload.
    Route {
        route: &'a Route,
        backend: &'a Backend,
        service: &'a Service,
    },
    /// A LoadBalancer or NodePort Service, or one with external IPs, selects the workload.
    Service(&'a Service),
    /// A container opens a port on the node's address (`hostPort`, fact index).
    HostPort(usize),
}

impl Exposure<'_> {
    /// How the exposure reads in a reason about the workload it exposes.
    pub fn describe(&self, workload: &Workload) -> String {
        match self {
            Exposure::Route {
                route,
                backend,
                service,
            } => format!(
                "{} routes {} to Service {}, which selects its pods",
                route.meta.describe(),
                backend.host.as_deref().unwrap_or("traffic"),
                service.meta.name()
            ),
            Exposure::Service(service) => format!(
                "{} selects its pods",
                service
                    .external
                    .as_ref()
                    .map_or_else(|| service.meta.describe(), |fact| fact.what.clone())
            ),
            Exposure::HostPort(i) => workload
                .host_ports
                .get(*i)
                .map_or_else(String::new, |fact| fact.what.clone()),
        }
    }

    /// Where it is written: the route's backend, the Service's `type` (or `externalIPs`) entry,
    /// or the `hostPort`.
    pub fn location<'w>(&'w self, workload: &'w Workload) -> Option<&'w Location> {
        match self {
            Exposure::Route { backend, .. } => Some(&backend.location),
            Exposure::Service(service) => Some(
                service
                    .external
                    .as_ref()
                    .map_or(&service.meta.anchor, |fact| &fact.location),
            ),
            Exposure::HostPort(i) => workload.host_ports.get(*i).map(|fact| &fact.location),
        }
    }
}

/// The role a binding binds.
#[derive(Debug, Clone)]
pub struct BoundRole {
    pub index: Option<usize>,
    /// `ClusterRole cluster-admin`.
    pub name: String,
    pub powers: Vec<String>,
}

/// A powerful role that a service account holds through a binding.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub binding: &'a Binding,
    pub subject: &'a Subject,
    /// `ClusterRole cluster-admin`.
    pub role: String,
    pub powers: Vec<String>,
}

impl Grant<'_> {
    /// `ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding x`.
    pub fn describe_role(&self) -> String {
        format!(
            "{} ({}) by {}",
            self.role,
            self.powers.join(", "),
            self.binding.meta.describe()
        )
    }
}

pub struct Graph<'a> {
    pub inventory: &'a Inventory,
    /// By workload index: how it is reachable, most direct route from outside first.
    pub exposures: Vec<Vec<Exposure<'a>>>,
    /// By workload index: the powerful roles its pods' token carries (none when no token is
    /// mounted).
    pub grants: Vec<Vec<Grant<'a>>>,
    /// By workload index: whether its pods get a service account token.
    pub token: Vec<bool>,
    /// By service index: the routes that send traffic to it.
    pub service_routes: Vec<Vec<(&'a Route, &'a Backend)>>,
    /// By binding index: the workloads whose token it applies to, with the subject.
    pub holders: Vec<Vec<(usize, &'a Subject)>>,
    /// By binding index: the role it binds, when known: its index among the roles of the scan
    /// (`None` for a default ClusterRole known by name), how reasons name it, and its powers.
    pub bound: Vec<Option<BoundRole>>,
    /// By workload index: the NetworkPolicies (by index) of its namespace that select its pods.
    pub policies: Vec<Vec<usize>>,
}

/// The candidates of `from`'s folder if there are any, else all of them.
pub fn nearest<T>(from: &Meta, candidates: Vec<(&Meta, T)>) -> Vec<T> {
    let scope = from.scope();
    let local = candidates.iter().any(|(meta, _)| meta.scope() == scope);
    candidates
        .into_iter()
        .filter(|(meta, _)| !local || meta.scope() == scope)
        .map(|(_, value)| value)
        .collect()
}

/// Whether a Service's selector selects a workload's pods: same namespace, and every key and
/// value of a non-empty selector among the pod labels.
pub fn selects(service: &Service, workload: &Workload) -> bool {
    !service.selector.is_empty()
        && service.meta.namespace == workload.meta.namespace
        && service
            .selector
            .iter()
            .all(|(key, value)| workload.labels.get(key) == Some(value))
}

/// Whether a binding's subject covers the service account `name` of namespace `namespace`.
pub fn covers(subject: &Subject, namespace: Option<&str>, name: &str) -> bool {
    match subject.kind.as_str() {
        "ServiceAccount" => subject.name == name && subject.namespace.as_deref() == namespace,
        "Group" => match subject.name.as_str() {
            "system:serviceaccounts" | "system:authenticated" => true,
            group => group
                .strip_prefix("system:serviceaccounts:")
                .is_some_and(|ns| Some(ns) == namespace),
        },
        _ => false,
    }
}

/// The subject that makes a binding public (anyone, or any authenticated user), if one does.
pub fn public_subject(binding: &Binding) -> Option<(&Subject, &'static str)> {
    binding.subjects.iter().find_map(|subject| {
        match (subject.kind.as_str(), subject.name.as_str()) {
            ("Group", "system:unauthenticated") | ("User", "system:anonymous") => {
                Some((subject, "anonymous requests"))
            }
            ("Group", "system:authenticated") => Some((subject, "every authenticated user")),
            _ => None,
        }
    })
}

impl<'a> Graph<'a> {
    pub fn new(inventory: &'a Inventory) -> Self {
        let workloads = &inventory.workloads;
        let mut graph = Graph {
            inventory,
            exposures: vec![Vec::new(); workloads.len()],
            grants: vec![Vec::new(); workloads.len()],
            token: vec![true; workloads.len()],
            service_routes: vec![Vec::new(); inventory.services.len()],
            holders: vec![Vec::new(); inventory.bindings.len()],
            bound: vec![None; inventory.bindings.len()],
            policies: workloads
                .iter()
                .map(|workload| {
                    (inventory.network_policies.iter().enumerate())
                        .filter(|(_, p)| {
                            p.meta.namespace == workload.meta.namespace
                                && p.selects(&workload.labels)
                        })
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect(),
        };

        // Routes -> Services. A mesh route only steers traffic that is already inside.
        for route in inventory.routes.iter().filter(|route| !route.mesh) {
            for backend in &route.backends {
                let candidates = inventory
                    .services
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.meta.name.as_deref() == Some(backend.service.as_str())
                            && s.meta.namespace == backend.namespace
                    })
                    .map(|(i, s)| (&s.meta, i))
                    .collect();
                for index in nearest(&route.meta, candidates) {
                    graph.service_routes[index].push((route, backend));
                }
            }
        }

        // Services -> workloads, and the exposure that follows.
        let mut route_exposures: Vec<Vec<Exposure<'a>>> = vec![Vec::new(); workloads.len()];
        let mut service_exposures: Vec<Vec<Exposure<'a>>> = vec![Vec::new(); workloads.len()];
        for (s, service) in inventory.services.iter().enumerate() {
            let candidates = workloads
                .iter()
                .enumerate()
                .filter(|(_, w)| selects(service, w))
                .map(|(i, w)| (&w.meta, i))
                .collect();
            for w in nearest(&service.meta, candidates) {
                for &(route, backend) in &graph.service_routes[s] {
                    route_exposures[w].push(Exposure::Route {
                        route,
                        backend,
                        service,
                    });
                }
                if service.external.is_some() {
                    service_exposures[w].push(Exposure::Service(service));
                }
            }
        }
        for (w, workload) in workloads.iter().enumerate() {
            let exposures = &mut graph.exposures[w];
            exposures.append(&mut route_exposures[w]);
            exposures.append(&mut service_exposures[w]);
            exposures.extend((0..workload.host_ports.len()).map(Exposure::HostPort));
        }

        // Service accounts: whether the pods get a token.
        for (w, workload) in workloads.iter().enumerate() {
            let candidates = inventory
                .accounts
                .iter()
                .filter(|a| {
                    a.meta.name.as_deref() == Some(workload.service_account.as_str())
                        && a.meta.namespace == workload.meta.namespace
                })
                .map(|a| (&a.meta, a.automount))
                .collect();
            let account = nearest(&workload.meta, candidates)
                .into_iter()
                .flatten()
                .next();
            graph.token[w] = workload.automount.or(account).unwrap_or(true);
        }

        // Bindings -> roles and holders.
        for (b, binding) in inventory.bindings.iter().enumerate() {
            graph.bound[b] = graph.bound_role(binding);
            let candidates = workloads
                .iter()
                .enumerate()
                .filter(|(w, _)| graph.token[*w])
                .filter_map(|(w, workload)| {
                    let subject = binding.subjects.iter().find(|subject| {
                        covers(
                            subject,
                            workload.meta.namespace.as_deref(),
                            &workload.service_account,
                        )
                    })?;
                    Some((&workload.meta, (w, subject)))
                })
                .collect();
            graph.holders[b] = nearest(&binding.meta, candidates);
        }
        for (b, binding) in inventory.bindings.iter().enumerate() {
            let Some(role) = &graph.bound[b] else {
                continue;
            };
            if role.powers.is_empty() {
                continue;
            }
            for &(w, subject) in &graph.holders[b] {
                graph.grants[w].push(Grant {
                    binding,
                    subject,
                    role: role.name.clone(),
                    powers: role.powers.clone(),
                });
            }
        }
        graph
    }

    /// The role a binding binds: the role in the scan (nearest), or a default ClusterRole known
    /// by name. `None` when the role is not known.
    fn bound_role(&self, binding: &Binding) -> Option<BoundRole> {
        let cluster = binding.role_kind == "ClusterRole";
        let candidates = self
            .inventory
            .roles
            .iter()
            .enumerate()
            .filter(|(_, role)| {
                role.cluster == cluster
                    && role.meta.name.as_deref() == Some(binding.role_name.as_str())
                    && (cluster || role.meta.namespace == binding.meta.namespace)
            })
            .map(|(r, role)| (&role.meta, r))
            .collect();
        if let Some(r) = nearest(&binding.meta, candidates).into_iter().next() {
            let role = &self.inventory.roles[r];
            return Some(BoundRole {
                index: Some(r),
                name: role.meta.describe(),
                powers: role.powers.clone(),
            });
        }
        if !cluster {
            return None;
        }
        Some(BoundRole {
            index: None,
            name: format!("ClusterRole {}", binding.role_name),
            powers: builtin_cluster_role(&binding.role_name)?,
        })
    }

    /// The bindings (by index) that bind the role of index `role`.
    pub fn bindings_of(&self, role: usize) -> Vec<usize> {
        (0..self.inventory.bindings.len())
            .filter(|&b| self.bound[b].as_ref().and_then(|r| r.index) == Some(role))
            .collect()
    }
}

impl Graph<'_> {
    /// The namespaces that hold workloads, each with its workloads (by index), by name (the
    /// unnamed namespace of manifests that set none first).
    pub fn workloads_by_namespace(&self) -> BTreeMap<Option<&str>, Vec<usize>> {
        let mut namespaces: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for (w, workload) in self.inventory.workloads.iter().enumerate() {
            namespaces
                .entry(workload.meta.namespace.as_deref())
                .or_default()
                .push(w);
        }
        namespaces
    }

    /// The NetworkPolicies of a namespace.
    pub fn policies_in(&self, namespace: Option<&str>) -> Vec<&NetworkPolicy> {
        (self.inventory.network_policies.iter())
            .filter(|p| p.meta.namespace.as_deref() == namespace)
            .collect()
    }

    /// The Namespace object of this name, when the scan holds one.
    pub fn namespace_object(&self, namespace: Option<&str>) -> Option<&Meta> {
        let name = namespace?;
        (self.inventory.namespaces.iter()).find(|meta| meta.name.as_deref() == Some(name))
    }
}

/// How a namespace reads in a message: `namespace "shop"`, or, for manifests that set none,
/// the namespace they are applied to.
pub fn describe_namespace(namespace: Option<&str>) -> String {
    match namespace {
        Some(name) => format!("namespace \"{name}\""),
        None => "the namespace these manifests are applied to (they set none)".to_owned(),
    }
}

/// `app=node-agent,tier=web`.
pub fn describe_selector(service: &Service) -> String {
    service
        .selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl Graph<'_> {
    /// Whether the scan can tell that a reference from `from` to an object of `namespace` is
    /// dangling: `from`'s folder holds some of `candidates` (objects of the referenced kind) in
    /// that namespace, so the folder deploys that kind there, and the scan holds no custom
    /// resource of the namespace, whose operator could create the object at run time.
    pub fn knows<'m>(
        &self,
        from: &Meta,
        namespace: Option<&str>,
        mut candidates: impl Iterator<Item = &'m Meta>,
    ) -> bool {
        let scope = from.scope();
        candidates.any(|meta| meta.namespace.as_deref() == namespace && meta.scope() == scope)
            && !(self.inventory.custom.iter()).any(|meta| meta.namespace.as_deref() == namespace)
    }
}
