//! The score of one finding: its severity, plus a weighted factor for each thing its resource's
//! context makes worse, each with the reason it was added.

use std::collections::BTreeMap;

use rampart_diagnostics::{Finding, Risk, Severity};
use rampart_source::{Location, TextRange};

use rampart_rules::cluster::{covers, nearest, public_subject, Graph};
use rampart_rules::cluster::{HostReach, Meta};

/// The points a severity starts from.
pub(crate) fn base(severity: Severity) -> u32 {
    match severity {
        Severity::Low => 10,
        Severity::Medium => 30,
        Severity::High => 55,
        Severity::Critical => 75,
    }
}

/// Reachable from outside the cluster (a LoadBalancer or NodePort Service, external IPs, an
/// Ingress or HTTPRoute, a host port), or granted to anonymous or every authenticated user.
pub(crate) const EXPOSED: u32 = 15;
/// Runs privileged, adds `SYS_ADMIN` or `ALL`, or shares a host namespace.
pub(crate) const PRIVILEGED: u32 = 10;
/// Its pods' service account token holds a powerful role; for RBAC objects, a running workload
/// holds the grant.
pub(crate) const POWERFUL_IDENTITY: u32 = 10;
/// Mounts a container runtime socket or the node's root filesystem.
pub(crate) const HOST_CONTROL: u32 = 10;
/// Mounts any other host path.
pub(crate) const HOST_PATH: u32 = 5;
/// Reads Secrets or mounts persistent volumes.
pub(crate) const DATA: u32 = 5;
/// No score goes above this.
pub(crate) const MAX: u32 = 100;

/// The object a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Workload(usize),
    Service(usize),
    Route(usize),
    Role(usize),
    Binding(usize),
    Account(usize),
}

/// Finds the object a finding is in, by file and range.
pub(crate) struct Locator {
    by_path: BTreeMap<String, Vec<(TextRange, Target)>>,
}

impl Locator {
    pub fn new(graph: &Graph<'_>) -> Self {
        let inventory = graph.inventory;
        let mut by_path: BTreeMap<String, Vec<(TextRange, Target)>> = BTreeMap::new();
        let mut add = |meta: &Meta, target| {
            by_path
                .entry(meta.path.clone())
                .or_default()
                .push((meta.range, target));
        };
        for (i, x) in inventory.workloads.iter().enumerate() {
            add(&x.meta, Target::Workload(i));
        }
        for (i, x) in inventory.services.iter().enumerate() {
            add(&x.meta, Target::Service(i));
        }
        for (i, x) in inventory.routes.iter().enumerate() {
            add(&x.meta, Target::Route(i));
        }
        for (i, x) in inventory.roles.iter().enumerate() {
            add(&x.meta, Target::Role(i));
        }
        for (i, x) in inventory.bindings.iter().enumerate() {
            add(&x.meta, Target::Binding(i));
        }
        for (i, x) in inventory.accounts.iter().enumerate() {
            add(&x.meta, Target::Account(i));
        }
        Locator { by_path }
    }

    pub fn find(&self, location: &Location) -> Option<Target> {
        self.by_path
            .get(&location.path)?
            .iter()
            .filter(|(range, _)| range.contains_range(location.range))
            .min_by_key(|(range, _)| range.len())
            .map(|(_, target)| *target)
    }
}

/// The factors, in the order reasons list them.
struct Tally {
    score: u32,
    reasons: Vec<String>,
}

impl Tally {
    fn new(severity: Severity) -> Self {
        let score = base(severity);
        Tally {
            score,
            reasons: vec![format!("{} severity: {score}", severity.as_str())],
        }
    }

    fn add(&mut self, points: u32, label: &str, detail: &str) {
        self.score += points;
        self.reasons.push(format!("+{points} {label}: {detail}"));
    }

    fn finish(mut self) -> Risk {
        if self.score > MAX {
            self.reasons.push(format!(
                "capped at {MAX} (the factors add up to {})",
                self.score
            ));
            self.score = MAX;
        }
        Risk {
            score: self.score,
            reasons: self.reasons,
            path: Vec::new(),
        }
    }
}

/// `a; b; c`, or `a; b; c; and 2 more`.
fn list(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > SHOWN {
        text.push_str(&format!("; and {} more", items.len() - SHOWN));
    }
    text
}

/// The context factors of a workload's findings.
fn workload_factors(tally: &mut Tally, graph: &Graph<'_>, w: usize) {
    let workload = &graph.inventory.workloads[w];
    let exposures: Vec<String> = graph.exposures[w]
        .iter()
        .map(|e| e.describe(workload))
        .collect();
    if !exposures.is_empty() {
        tally.add(EXPOSED, "exposed", &list(&exposures));
    }
    let privileges: Vec<String> = workload
        .privileges
        .iter()
        .chain(&workload.host_namespaces)
        .map(|f| f.what.clone())
        .collect();
    if !privileges.is_empty() {
        tally.add(PRIVILEGED, "privileged", &list(&privileges));
    }
    let grants: Vec<String> = graph.grants[w].iter().map(|g| g.describe_role()).collect();
    if !grants.is_empty() {
        tally.add(
            POWERFUL_IDENTITY,
            "powerful service account",
            &format!(
                "its pods' token ({}) holds {}",
                workload.account(),
                list(&grants)
            ),
        );
    }
    let mut host_paths: Vec<_> = workload.host_paths.iter().collect();
    host_paths.sort_by_key(|p| p.reach);
    if let Some(first) = host_paths.first() {
        let points = if first.reach == HostReach::Other {
            HOST_PATH
        } else {
            HOST_CONTROL
        };
        let what: Vec<String> = host_paths.iter().map(|p| p.fact.what.clone()).collect();
        tally.add(points, "reaches the host", &list(&what));
    }
    let data: Vec<String> = workload
        .secrets
        .iter()
        .chain(&workload.claims)
        .map(|f| f.what.clone())
        .collect();
    if !data.is_empty() {
        tally.add(DATA, "reaches data", &list(&data));
    }
}

/// The factors of a Role, ClusterRole or binding finding, from the bindings that grant it.
fn grant_factors(tally: &mut Tally, graph: &Graph<'_>, bindings: &[usize]) {
    let inventory = graph.inventory;
    let public: Vec<String> = bindings
        .iter()
        .filter_map(|&b| {
            let binding = &inventory.bindings[b];
            public_subject(binding).map(|(subject, who)| {
                format!(
                    "{} grants it to {who} ({} {})",
                    binding.meta.describe(),
                    subject.kind,
                    subject.name
                )
            })
        })
        .collect();
    let mut held = Vec::new();
    let mut exposed = Vec::new();
    for &b in bindings {
        for &(w, subject) in &graph.holders[b] {
            let workload = &inventory.workloads[w];
            let through = if subject.kind == "ServiceAccount" {
                workload.account()
            } else {
                format!(
                    "{} as a member of {} {}",
                    workload.account(),
                    subject.kind,
                    subject.name
                )
            };
            held.push(format!(
                "{} runs with it through {through} ({})",
                workload.meta.describe(),
                inventory.bindings[b].meta.describe()
            ));
            if let Some(exposure) = graph.exposures[w].first() {
                exposed.push(format!(
                    "held by {}, which is exposed: {}",
                    workload.meta.describe(),
                    exposure.describe(workload)
                ));
            }
        }
    }
    if !public.is_empty() {
        tally.add(EXPOSED, "exposed", &list(&public));
    } else if !exposed.is_empty() {
        tally.add(EXPOSED, "exposed", &list(&exposed));
    }
    if !held.is_empty() {
        tally.add(POWERFUL_IDENTITY, "in use", &list(&held));
    }
}

/// The factors of a ServiceAccount finding.
fn account_factors(tally: &mut Tally, graph: &Graph<'_>, a: usize) {
    let inventory = graph.inventory;
    let account = &inventory.accounts[a];
    let namespace = account.meta.namespace.as_deref();
    let name = account.meta.name();
    let users: Vec<usize> = nearest(
        &account.meta,
        inventory
            .workloads
            .iter()
            .enumerate()
            .filter(|(_, w)| w.service_account == name && w.meta.namespace.as_deref() == namespace)
            .map(|(i, w)| (&w.meta, i))
            .collect(),
    );
    let exposed: Vec<String> = users
        .iter()
        .filter_map(|&w| {
            let workload = &inventory.workloads[w];
            graph.exposures[w].first().map(|exposure| {
                format!(
                    "used by {}, which is exposed: {}",
                    workload.meta.describe(),
                    exposure.describe(workload)
                )
            })
        })
        .collect();
    if !exposed.is_empty() {
        tally.add(EXPOSED, "exposed", &list(&exposed));
    }
    let grants: Vec<String> = inventory
        .bindings
        .iter()
        .enumerate()
        .filter(|(_, binding)| binding.subjects.iter().any(|s| covers(s, namespace, name)))
        .filter_map(|(b, binding)| {
            let role = graph.bound[b].as_ref()?;
            (!role.powers.is_empty()).then(|| {
                format!(
                    "{} binds it to {} ({})",
                    binding.meta.describe(),
                    role.name,
                    role.powers.join(", ")
                )
            })
        })
        .collect();
    if !grants.is_empty() {
        tally.add(
            POWERFUL_IDENTITY,
            "powerful service account",
            &list(&grants),
        );
    }
}

/// The risk of one finding, in the object `target` (if it is one the inventory knows).
pub(crate) fn score(finding: &Finding, graph: &Graph<'_>, target: Option<Target>) -> Risk {
    let mut tally = Tally::new(finding.severity);
    let inventory = graph.inventory;
    match target {
        Some(Target::Workload(w)) => workload_factors(&mut tally, graph, w),
        Some(Target::Service(s)) => {
            let service = &inventory.services[s];
            let mut ways: Vec<String> = graph.service_routes[s]
                .iter()
                .map(|(route, backend)| {
                    format!(
                        "{} routes {} to it",
                        route.meta.describe(),
                        backend.host.as_deref().unwrap_or("traffic")
                    )
                })
                .collect();
            if let Some(fact) = &service.external {
                ways.insert(
                    0,
                    format!("{} is reachable from outside the cluster", fact.what),
                );
            }
            if !ways.is_empty() {
                tally.add(EXPOSED, "exposed", &list(&ways));
            }
        }
        Some(Target::Route(r)) if !inventory.routes[r].mesh => {
            let route = &inventory.routes[r];
            tally.add(
                EXPOSED,
                "exposed",
                &format!(
                    "{} takes traffic from outside the cluster",
                    route.meta.describe()
                ),
            );
        }
        Some(Target::Role(r)) => grant_factors(&mut tally, graph, &graph.bindings_of(r)),
        Some(Target::Binding(b)) => grant_factors(&mut tally, graph, &[b]),
        Some(Target::Account(a)) => account_factors(&mut tally, graph, a),
        // A mesh route takes no traffic from outside.
        Some(Target::Route(_)) | None => {}
    }
    tally.finish()
}
