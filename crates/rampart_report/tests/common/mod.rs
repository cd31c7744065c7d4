//! A small, hand-built scan result that every report test renders: two files, findings of three
//! severities (one with a related location, one from a Helm template, one in a line with
//! non-ASCII characters, one spanning many lines), two input errors and two notices.

#![allow(dead_code)]

use std::sync::Arc;

use rampart_diagnostics::{
    fingerprint, FailedControl, Finding, Framework, FrameworkRef, FrameworkScore, InputError,
    InputErrorKind, Notice, Platform, Related, ResourceRef, RuleMeta, ScanResult, Severity,
};
use rampart_source::{Location, SourceFile, TextRange};

pub static PRIVILEGED: RuleMeta = RuleMeta {
    id: "k8s-privileged-container",
    title: "Container runs privileged",
    severity: Severity::Critical,
    platforms: &[Platform::Kubernetes],
    frameworks: &[
        FrameworkRef {
            framework: Framework::Mitre,
            control: "T1611",
        },
        FrameworkRef {
            framework: Framework::Cis,
            control: "5.2.2",
        },
        FrameworkRef {
            framework: Framework::PssBaseline,
            control: "Privileged Containers",
        },
    ],
    peers: &[],
    fixable: false,
    remediation: "Set securityContext.privileged to false; add only the capabilities the container needs.",
    doc_comment: " ## What it checks\n\n Containers whose `securityContext.privileged` is true.\n\n ## Why it matters\n\n A privileged container can escape to the node.\n\n ## How to fix\n\n ```yaml\n securityContext:\n   privileged: false\n ```\n",
};

pub static HOST_PID: RuleMeta = RuleMeta {
    id: "k8s-host-pid",
    title: "Pod shares the host's process namespace",
    severity: Severity::High,
    platforms: &[Platform::Kubernetes],
    frameworks: &[FrameworkRef {
        framework: Framework::PssBaseline,
        control: "Host Namespaces",
    }],
    peers: &[],
    fixable: false,
    remediation: "Remove hostPID or set it to false.",
    doc_comment: " ## What it checks\n\n Pods with `hostPID: true`.\n\n ## Why it matters\n\n The pod sees every process on the node.\n\n ## How to fix\n\n Remove `hostPID`.\n",
};

pub static ESCALATION: RuleMeta = RuleMeta {
    id: "k8s-allow-privilege-escalation",
    title: "Container allows privilege escalation",
    severity: Severity::Medium,
    platforms: &[Platform::Kubernetes],
    frameworks: &[
        FrameworkRef {
            framework: Framework::Mitre,
            control: "T1548.001",
        },
        FrameworkRef {
            framework: Framework::Mitre,
            control: "T1611",
        },
        FrameworkRef {
            framework: Framework::PssRestricted,
            control: "Privilege Escalation",
        },
    ],
    peers: &[],
    fixable: false,
    remediation: "Set securityContext.allowPrivilegeEscalation to false on every container.",
    doc_comment: " ## What it checks\n\n Containers whose `allowPrivilegeEscalation` is not\n `false`.\n\n ## Why it matters\n\n Processes can gain privileges.\n\n ## How to fix\n\n Set it to `false`.\n",
};

/// Runs in the fixture but finds nothing.
pub static RUN_AS_ROOT: RuleMeta = RuleMeta {
    id: "k8s-run-as-root",
    title: "Container may run as root",
    severity: Severity::Low,
    platforms: &[Platform::Kubernetes],
    frameworks: &[],
    peers: &[],
    fixable: false,
    remediation: "Set securityContext.runAsNonRoot to true.",
    doc_comment: " ## What it checks\n\n Containers that may run as root.\n",
};

pub const APP_PATH: &str = "deploy/app.yaml";
pub const APP: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
  namespace: payments
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: app
          image: example/app:1.0.0
          ports:
            - containerPort: 8080
          securityContext:
            privileged: true
        - {name: sidecär, image: \"example/ünï:1\", securityContext: {privileged: true}}
";

pub const CHART_PATH: &str = "rendered/web chart.yaml";
pub const CHART: &str = "\
---
# Source: web/templates/pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: true
";

/// The range of the `nth` (0-based) occurrence of `needle` in `text`.
fn range_of(text: &str, needle: &str, nth: usize) -> TextRange {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", nth + 1));
    let start = u32::try_from(start).expect("small text");
    let len = u32::try_from(needle.len()).expect("small text");
    TextRange::new(start, start + len)
}

fn location(file: &SourceFile, needle: &str, nth: usize) -> Location {
    file.location(range_of(file.text(), needle, nth))
}

fn finding(
    rule: &'static RuleMeta,
    message: &str,
    location: Location,
    resource: &ResourceRef,
    route: &str,
) -> Finding {
    Finding {
        rule,
        severity: rule.severity,
        message: message.to_owned(),
        fingerprint: fingerprint(rule.id, &location.path, Some(resource), Some(route)),
        location,
        resource: Some(resource.clone()),
        route: Some(route.to_owned()),
        helm_template: None,
        related: Vec::new(),
        redact: Vec::new(),
        suppression: None,
        notes: Vec::new(),
        risk: None,
    }
}

pub fn scan_result() -> ScanResult {
    let app = SourceFile::new(APP_PATH, APP);
    let chart = SourceFile::new(CHART_PATH, CHART);
    let deployment = ResourceRef {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        namespace: Some("payments".into()),
        name: Some("payments-api".into()),
    };
    let pod = ResourceRef {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: None,
        name: Some("web".into()),
    };

    let mut host_pid = finding(
        &HOST_PID,
        "Deployment payments-api shares the host's PID namespace",
        location(&app, "hostPID: true", 0),
        &deployment,
        "spec.template.spec.hostPID",
    );
    host_pid.related.push(Related {
        location: location(&app, "privileged: true", 0),
        message: "container \"app\" is privileged too, and can act on every host process".into(),
    });

    // The whole container, from `name` to its last entry: a missing field is reported there.
    let container_start = range_of(APP, "name: app", 0).start;
    let container_end = range_of(APP, "privileged: true", 0).end;
    let missing = finding(
        &ESCALATION,
        "container \"app\" does not set allowPrivilegeEscalation to false",
        app.location(TextRange::new(container_start, container_end)),
        &deployment,
        "spec.template.spec.containers[0]",
    );

    let privileged = finding(
        &PRIVILEGED,
        "container \"app\" runs privileged",
        location(&app, "privileged: true", 0),
        &deployment,
        "spec.template.spec.containers[0].securityContext.privileged",
    );
    let sidecar = finding(
        &PRIVILEGED,
        "container \"sidecär\" runs privileged",
        location(&app, "privileged: true", 1),
        &deployment,
        "spec.template.spec.containers[1].securityContext.privileged",
    );

    let mut escalation = finding(
        &ESCALATION,
        "container \"web\" allows privilege escalation",
        location(&chart, "allowPrivilegeEscalation: true", 0),
        &pod,
        "spec.containers[0].securityContext.allowPrivilegeEscalation",
    );
    escalation.helm_template = Some("web/templates/pod.yaml".into());

    let mut findings = vec![host_pid, missing, privileged, sidecar, escalation];
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let broken = SourceFile::new("broken.yaml", "a: 1\nb: [\n  c: d: e\n");
    ScanResult {
        findings,
        errors: vec![
            InputError {
                path: "broken.yaml".into(),
                kind: InputErrorKind::Parse,
                location: Some(location(&broken, "d: e", 0)),
                message: "mapping values are not allowed in this context".into(),
            },
            InputError {
                path: "huge.yaml".into(),
                kind: InputErrorKind::TooLarge,
                location: None,
                message: "file is 12 MiB, larger than the 10 MiB limit".into(),
            },
        ],
        notices: vec![
            Notice {
                path: "docs/mkdocs.yml".into(),
                message: "not a Kubernetes object (no apiVersion); skipped".into(),
                warning: false,
            },
            Notice {
                path: "vendor/loop".into(),
                message: "symlink loop; skipped".into(),
                warning: true,
            },
        ],
        files_scanned: 4,
        sources: [
            (APP_PATH.to_owned(), Arc::from(APP)),
            (CHART_PATH.to_owned(), Arc::from(CHART)),
        ]
        .into_iter()
        .collect(),
        rules: vec![&PRIVILEGED, &HOST_PID, &ESCALATION, &RUN_AS_ROOT],
        compliance: compliance(false),
        ..ScanResult::default()
    }
}

fn failed(control: &str, rules: &[&'static str], findings: usize) -> FailedControl {
    FailedControl {
        control: control.to_owned(),
        rules: rules.to_vec(),
        findings,
    }
}

/// The compliance scores of the fixture's two workloads (the Deployment and the Pod), as
/// `rampart_engine::assess_compliance` gives them: every control fails when `clean` is false,
/// and every one passes when it is true.
pub fn compliance(clean: bool) -> Vec<FrameworkScore> {
    let (privileged, host_pid, escalation) = (PRIVILEGED.id, HOST_PID.id, ESCALATION.id);
    let score =
        |framework, controls: usize, passing: usize, failed_controls: Vec<_>| FrameworkScore {
            framework,
            controls_total: controls,
            controls_applicable: controls,
            controls_passed: if clean { controls } else { 0 },
            resources_total: 2,
            resources_passing: if clean { 2 } else { passing },
            failed_controls: if clean { Vec::new() } else { failed_controls },
        };
    vec![
        score(
            Framework::Mitre,
            2,
            0,
            vec![
                failed("T1548.001", &[escalation], 2),
                failed("T1611", &[privileged, escalation], 4),
            ],
        ),
        score(
            Framework::Cis,
            1,
            1,
            vec![failed("5.2.2", &[privileged], 2)],
        ),
        score(
            Framework::PssBaseline,
            2,
            1,
            vec![
                failed("Host Namespaces", &[host_pid], 1),
                failed("Privileged Containers", &[privileged], 2),
            ],
        ),
        score(
            Framework::PssRestricted,
            3,
            0,
            vec![
                failed("Host Namespaces", &[host_pid], 1),
                failed("Privilege Escalation", &[escalation], 2),
                failed("Privileged Containers", &[privileged], 2),
            ],
        ),
    ]
}

/// A scan of two clean files.
pub fn clean_result() -> ScanResult {
    ScanResult {
        files_scanned: 2,
        rules: vec![&PRIVILEGED, &HOST_PID, &ESCALATION, &RUN_AS_ROOT],
        compliance: compliance(true),
        ..ScanResult::default()
    }
}
