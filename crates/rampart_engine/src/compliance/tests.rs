#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use rampart_diagnostics::{
    fingerprint, FrameworkRef, Platform, ScannedResource, Severity, Suppression, SuppressionKind,
};
use rampart_source::SourceFile;

use super::*;
use crate::{Input, InputSource, ScanOptions};

// --- The score computation, on a hand-built result ------------------------------------------

const BASE: RuleMeta = RuleMeta {
    id: "",
    title: "t",
    severity: Severity::High,
    platforms: &[Platform::Kubernetes],
    frameworks: &[],
    peers: &[],
    fixable: false,
    remediation: "r",
    doc_comment: "",
};
static PRIVILEGED: RuleMeta = RuleMeta {
    id: "privileged",
    frameworks: &[
        FrameworkRef {
            framework: Framework::PssBaseline,
            control: "Privileged Containers",
        },
        FrameworkRef {
            framework: Framework::Nsa,
            control: "Pod security",
        },
    ],
    ..BASE
};
static HOST_PID: RuleMeta = RuleMeta {
    id: "host-pid",
    frameworks: &[FrameworkRef {
        framework: Framework::PssBaseline,
        control: "Host Namespaces",
    }],
    ..BASE
};
static ESCALATION: RuleMeta = RuleMeta {
    id: "escalation",
    frameworks: &[FrameworkRef {
        framework: Framework::PssRestricted,
        control: "Privilege Escalation",
    }],
    ..BASE
};
static WILDCARD: RuleMeta = RuleMeta {
    id: "wildcard",
    frameworks: &[FrameworkRef {
        framework: Framework::Nsa,
        control: "RBAC",
    }],
    ..BASE
};

fn pod(name: &str) -> ResourceRef {
    ResourceRef {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: Some("apps".into()),
        name: Some(name.into()),
    }
}

fn finding(rule: &'static RuleMeta, path: &str, resource: &ResourceRef) -> Finding {
    let file = SourceFile::new(path, "x: 1\n");
    Finding {
        rule,
        severity: rule.severity,
        message: "m".into(),
        location: file.location(rampart_source::TextRange::new(0, 1)),
        resource: Some(resource.clone()),
        route: None,
        helm_template: None,
        related: Vec::new(),
        fingerprint: fingerprint(rule.id, path, Some(resource), None),
        redact: Vec::new(),
        suppression: None,
        notes: Vec::new(),
        risk: None,
    }
}

/// Two pods in two files: `a` privileged (active) and escalating (recorded by a baseline), `b`
/// sharing the host's PID namespace (suppressed). No RBAC object.
fn result() -> ScanResult {
    let (a, b) = (pod("a"), pod("b"));
    let mut suppressed = finding(&HOST_PID, "b.yaml", &b);
    suppressed.suppression = Some(Suppression {
        kind: SuppressionKind::InSource,
        justification: "the agent reads every process".into(),
        owner: None,
        expires: None,
        ticket: None,
        origin: "b.yaml:3".into(),
    });
    ScanResult {
        rules: vec![&PRIVILEGED, &HOST_PID, &ESCALATION, &WILDCARD],
        findings: vec![
            finding(&PRIVILEGED, "a.yaml", &a),
            finding(&PRIVILEGED, "a.yaml", &a),
        ],
        baselined: vec![finding(&ESCALATION, "a.yaml", &a)],
        suppressed: vec![suppressed],
        resources: [("a.yaml", a), ("b.yaml", b)]
            .into_iter()
            .map(|(path, resource)| ScannedResource {
                path: path.into(),
                resource,
                class: ResourceClass::Workload,
            })
            .collect(),
        ..ScanResult::default()
    }
}

/// The RBAC rule examines roles; the others, workloads.
fn test_scope(rule: &RuleMeta) -> BTreeSet<ResourceClass> {
    if rule.id == "wildcard" {
        [ResourceClass::RbacRole].into()
    } else {
        [ResourceClass::Workload].into()
    }
}

fn scores(result: &ScanResult, only: &[Framework]) -> BTreeMap<&'static str, FrameworkScore> {
    compliance(result, only, &test_scope)
        .into_iter()
        .map(|score| (score.framework.tag(), score))
        .collect()
}

#[test]
fn a_score_is_controls_passed_out_of_applicable() {
    let scores = scores(&result(), &[]);
    // MITRE and CIS have no control among the rules that ran.
    assert_eq!(
        scores.keys().copied().collect::<Vec<_>>(),
        ["nsa", "pss-baseline", "pss-restricted"]
    );

    let baseline = &scores["pss-baseline"];
    assert_eq!(
        (
            baseline.controls_total,
            baseline.controls_applicable,
            baseline.controls_passed
        ),
        (2, 2, 1)
    );
    assert_eq!(baseline.score(), Some(50.0));
    assert_eq!(
        baseline.failed_controls,
        [FailedControl {
            control: "Privileged Containers".into(),
            rules: vec!["privileged"],
            findings: 2,
        }]
    );
    assert_eq!(
        (baseline.resources_passing, baseline.resources_total),
        (1, 2)
    );

    // No role was scanned, so the RBAC control is not applicable: 0 of 1, not 0 of 2.
    let nsa = &scores["nsa"];
    assert_eq!(
        (
            nsa.controls_total,
            nsa.controls_applicable,
            nsa.controls_passed
        ),
        (2, 1, 0)
    );
    assert_eq!(nsa.score(), Some(0.0));
}

#[test]
fn suppressed_findings_do_not_fail_a_control_and_baselined_ones_do() {
    let scores = scores(&result(), &[]);
    // Host Namespaces has only a suppressed finding: applicable, and passed.
    let baseline = &scores["pss-baseline"];
    assert!(!baseline
        .failed_controls
        .iter()
        .any(|c| c.control == "Host Namespaces"));
    // Privilege Escalation has only a finding the baseline records: it fails.
    let restricted = &scores["pss-restricted"];
    assert!(restricted
        .failed_controls
        .iter()
        .any(|c| c.control == "Privilege Escalation" && c.rules == ["escalation"]));

    // Suppressing everything passes everything that applies.
    let mut decided = result();
    let suppression = decided.suppressed[0].suppression.clone();
    for mut finding in decided
        .findings
        .drain(..)
        .chain(decided.baselined.drain(..))
    {
        finding.suppression.clone_from(&suppression);
        decided.suppressed.push(finding);
    }
    for score in compliance(&decided, &[], &test_scope) {
        assert_eq!(
            score.controls_passed, score.controls_applicable,
            "{score:?}"
        );
        assert!(score.failed_controls.is_empty());
        assert_eq!(score.resources_passing, score.resources_total);
        assert!(!score.below(100));
    }
}

#[test]
fn restricted_includes_the_baseline_controls() {
    let scores = scores(&result(), &[]);
    let restricted = &scores["pss-restricted"];
    assert_eq!(
        (
            restricted.controls_total,
            restricted.controls_applicable,
            restricted.controls_passed
        ),
        (3, 3, 1)
    );
    assert_eq!(restricted.score(), Some(33.3));
    let failed: Vec<&str> = restricted
        .failed_controls
        .iter()
        .map(|c| c.control.as_str())
        .collect();
    assert_eq!(failed, ["Privilege Escalation", "Privileged Containers"]);
}

#[test]
fn frameworks_asked_for_are_scored_even_without_controls() {
    let scores = scores(&result(), &[Framework::Mitre, Framework::PssBaseline]);
    assert_eq!(
        scores.keys().copied().collect::<Vec<_>>(),
        ["mitre", "pss-baseline"]
    );
    let mitre = &scores["mitre"];
    assert_eq!((mitre.controls_total, mitre.controls_applicable), (0, 0));
    assert_eq!(mitre.score(), None);
    assert!(!mitre.below(100));
}

#[test]
fn an_empty_scan_has_nothing_applicable() {
    let empty = ScanResult {
        rules: vec![&PRIVILEGED, &WILDCARD],
        ..ScanResult::default()
    };
    for score in compliance(&empty, &[], &test_scope) {
        assert_eq!(score.controls_applicable, 0);
        assert_eq!(score.resources_total, 0);
        assert_eq!(score.score(), None);
    }
}

#[test]
fn a_finding_makes_its_control_applicable_whatever_the_scope() {
    // A ConfigMap is not a class the privileged rule examines, but a finding in one says it did.
    let mut result = result();
    let config_map = ResourceRef {
        api_version: "v1".into(),
        kind: "ConfigMap".into(),
        namespace: None,
        name: Some("c".into()),
    };
    result.resources = vec![ScannedResource {
        path: "c.yaml".into(),
        resource: config_map.clone(),
        class: ResourceClass::Other,
    }];
    result.findings = vec![finding(&PRIVILEGED, "c.yaml", &config_map)];
    result.baselined.clear();
    result.suppressed.clear();
    let scores = scores(&result, &[]);
    let baseline = &scores["pss-baseline"];
    assert_eq!(
        (baseline.controls_applicable, baseline.controls_passed),
        (1, 0)
    );
    assert_eq!(
        (baseline.resources_passing, baseline.resources_total),
        (0, 1)
    );
}

// --- With the real rules and the engine -----------------------------------------------------

fn scan(text: &str) -> ScanResult {
    let mut result = crate::scan(&ScanOptions {
        inputs: vec![Input {
            name: "app.yaml".into(),
            source: InputSource::Stdin,
        }],
        stdin: Some(text.into()),
        rules: rampart_rules::all().to_vec(),
        terraform_rules: Vec::new(),
        terraform_inputs: crate::TerraformInputs::default(),
        terraform_settings: rampart_rules::terraform::TfSettings::default(),
        severity_overrides: BTreeMap::new(),
        max_file_size: crate::DEFAULT_MAX_FILE_SIZE,
        limits: crate::Limits::default(),
        progress: None,
        k8s_version: None,
        policies: None,
    });
    assess_compliance(&mut result, &[]);
    result
}

fn score(result: &ScanResult, framework: Framework) -> &FrameworkScore {
    result
        .compliance
        .iter()
        .find(|s| s.framework == framework)
        .unwrap()
}

fn failed(score: &FrameworkScore) -> Vec<&str> {
    score
        .failed_controls
        .iter()
        .map(|c| c.control.as_str())
        .collect()
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: monitoring
spec:
  hostPID: true{comment}
  containers:
    - name: agent
      image: nginx:1.27
";

#[test]
fn the_engine_records_each_object_and_its_class() {
    let result = scan(
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: ClusterRole\n    metadata: {name: r}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nnot: kubernetes\n",
    );
    let recorded: Vec<(&str, &str, ResourceClass)> = result
        .resources
        .iter()
        .map(|r| (r.path.as_str(), r.resource.kind.as_str(), r.class))
        .collect();
    assert_eq!(
        recorded,
        [
            ("app.yaml", "ClusterRole", ResourceClass::RbacRole),
            ("app.yaml", "ConfigMap", ResourceClass::Other),
            ("app.yaml", "Pod", ResourceClass::Workload),
        ]
    );
}

#[test]
fn a_host_namespace_fails_baseline_and_restricted_alike() {
    let result = scan(&POD.replace("{comment}", ""));
    for framework in [Framework::PssBaseline, Framework::PssRestricted] {
        let score = score(&result, framework);
        assert!(failed(score).contains(&"Host Namespaces"), "{score:?}");
        assert_eq!(
            score.controls_passed + score.failed_controls.len(),
            score.controls_applicable
        );
        assert_eq!((score.resources_passing, score.resources_total), (0, 1));
    }
    // The restricted profile holds every baseline control, and more.
    let (baseline, restricted) = (
        score(&result, Framework::PssBaseline),
        score(&result, Framework::PssRestricted),
    );
    assert!(restricted.controls_total > baseline.controls_total);
    assert!(restricted.failed_controls.len() >= baseline.failed_controls.len());
}

#[test]
fn an_inline_suppression_passes_the_control() {
    let result = scan(&POD.replace(
        "{comment}",
        "  # rampart:ignore k8s-host-pid -- the agent reads every process on the node",
    ));
    assert_eq!(result.suppressed.len(), 1);
    for framework in [Framework::PssBaseline, Framework::PssRestricted] {
        let score = score(&result, framework);
        assert!(!failed(score).contains(&"Host Namespaces"), "{score:?}");
    }
}

#[test]
fn rbac_controls_do_not_apply_to_a_scan_without_rbac_objects() {
    let result = scan(&POD.replace("{comment}", ""));
    let rbac = |rule: &&RuleMeta| {
        scope(rule)
            .iter()
            .all(|c| matches!(c, ResourceClass::RbacRole | ResourceClass::RbacBinding))
    };
    for framework in [Framework::Nsa, Framework::Mitre, Framework::Cis] {
        let controls = framework_controls(framework, &result.rules);
        let rbac_only = controls.iter().filter(|c| c.rules.iter().all(rbac)).count();
        let score = score(&result, framework);
        assert!(rbac_only > 0, "{framework:?}");
        assert!(
            score.controls_applicable + rbac_only <= score.controls_total,
            "{score:?}"
        );
        // Only the pod counts as a resource.
        assert_eq!(score.resources_total, 1);
    }
}

#[test]
fn probes_tell_what_each_rule_examines() {
    let scopes = probed_scopes();
    let expect = [
        ("k8s-privileged-container", vec![ResourceClass::Workload]),
        ("k8s-host-pid", vec![ResourceClass::Workload]),
        ("k8s-run-as-root", vec![ResourceClass::Workload]),
        ("k8s-seccomp-profile-missing", vec![ResourceClass::Workload]),
        ("k8s-rbac-wildcard", vec![ResourceClass::RbacRole]),
        ("k8s-rbac-read-secrets", vec![ResourceClass::RbacRole]),
        (
            "k8s-binding-cluster-admin",
            vec![ResourceClass::RbacBinding],
        ),
        (
            "k8s-binding-to-public-group",
            vec![ResourceClass::RbacBinding],
        ),
        ("k8s-default-namespace", ResourceClass::ALL.to_vec()),
        (
            "k8s-workload-without-network-policy",
            vec![ResourceClass::Workload],
        ),
        (
            "k8s-namespace-without-default-deny",
            vec![ResourceClass::Other],
        ),
        (
            "k8s-workload-powerful-service-account",
            vec![ResourceClass::Workload],
        ),
        (
            "k8s-service-account-token-automount",
            vec![ResourceClass::Workload],
        ),
    ];
    for (id, classes) in expect {
        if rampart_rules::find(id).is_none() {
            continue;
        }
        assert_eq!(
            scopes
                .get(id)
                .map(|s| s.iter().copied().collect::<Vec<_>>()),
            Some(classes),
            "{id}"
        );
    }
    // Every built-in rule reports on some probe, so that none falls back to examining every
    // object unnoticed. A new rule that fails this needs an object that breaks it in
    // `probes.yaml`.
    for rule in rampart_rules::all() {
        let id = rule.meta().id;
        assert!(
            scopes.get(id).is_some_and(|classes| !classes.is_empty()),
            "{id} reports on no probe object: add one that breaks it to \
             crates/rampart_engine/src/compliance/probes.yaml"
        );
    }
}
