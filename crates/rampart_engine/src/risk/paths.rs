//! Attack paths: how an attacker outside the cluster reaches a workload, and what the workload
//! then gives them (the node, through privilege or host mounts; the cluster, through its service
//! account's roles), told as a chain of steps with their locations.

use rampart_diagnostics::PathStep;

use rampart_rules::cluster::HostReach;
use rampart_rules::cluster::{describe_selector, Exposure, Graph};

fn step(description: String, location: &rampart_source::Location) -> PathStep {
    PathStep {
        description,
        location: Some(location.clone()),
    }
}

/// The attack path that ends at workload `w`: from its most direct exposure, through the
/// Service, to what it gives: each privileged container and host namespace, each mount of a
/// runtime socket or of the node's root, and the most powerful role its token holds.
/// `None` when it is not exposed, or gives none of these.
pub(crate) fn attack_path(graph: &Graph<'_>, w: usize) -> Option<Vec<PathStep>> {
    let workload = &graph.inventory.workloads[w];
    let name = workload.meta.describe();
    let mut impacts = Vec::new();
    for fact in workload.privileges.iter().chain(&workload.host_namespaces) {
        impacts.push(step(format!("{name} {}", fact.what), &fact.location));
    }
    let mut host_paths: Vec<_> = workload
        .host_paths
        .iter()
        .filter(|p| p.reach != HostReach::Other)
        .collect();
    host_paths.sort_by_key(|p| p.reach);
    for path in host_paths {
        let gives = if path.reach == HostReach::RuntimeSocket {
            "control of every container on the node"
        } else {
            "the node's files and credentials"
        };
        impacts.push(step(
            format!("{name} {}, which gives {gives}", path.fact.what),
            &path.fact.location,
        ));
    }
    let strongest = graph.grants[w].iter().min_by_key(|grant| {
        (
            !grant
                .powers
                .iter()
                .any(|p| p == "every verb on every resource"),
            std::cmp::Reverse(grant.powers.len()),
        )
    });
    if let Some(grant) = strongest {
        let member = if grant.subject.kind == "ServiceAccount" {
            String::new()
        } else {
            format!(
                " (as a member of {} {})",
                grant.subject.kind, grant.subject.name
            )
        };
        impacts.push(step(
            format!(
                "its pods' token, of {}{member}, holds {}",
                workload.account(),
                grant.describe_role()
            ),
            &grant.binding.role_location,
        ));
    }
    if impacts.is_empty() {
        return None;
    }

    let mut steps = match graph.exposures[w].first()? {
        Exposure::Route {
            route,
            backend,
            service,
        } => vec![
            step(
                format!(
                    "{} routes {} from outside the cluster to Service {}",
                    route.meta.describe(),
                    backend.host.as_deref().unwrap_or("traffic"),
                    service.meta.name()
                ),
                &backend.location,
            ),
            step(
                format!(
                    "{} selects the pods of {name} ({})",
                    service.meta.describe(),
                    describe_selector(service)
                ),
                &service.selector_location,
            ),
        ],
        Exposure::Service(service) => {
            let mut steps = Vec::new();
            if let Some(fact) = &service.external {
                steps.push(step(
                    format!("{} is reachable from outside the cluster", fact.what),
                    &fact.location,
                ));
            }
            steps.push(step(
                format!(
                    "{} selects the pods of {name} ({})",
                    service.meta.describe(),
                    describe_selector(service)
                ),
                &service.selector_location,
            ));
            steps
        }
        Exposure::HostPort(i) => {
            let fact = workload.host_ports.get(*i)?;
            vec![step(format!("{name} {}", fact.what), &fact.location)]
        }
    };
    steps.extend(impacts);
    Some(steps)
}
