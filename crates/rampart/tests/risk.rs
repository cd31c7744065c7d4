//! End-to-end tests of risk scores and attack paths: the real binary on real files.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use common::{json, rampart, stdout, workspace_root, write};

/// An Ingress that routes to a Service that selects a privileged DaemonSet that mounts the
/// Docker socket, whose service account is cluster-admin; and, elsewhere, a quiet batch job.
const INGRESS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: status
  namespace: monitoring
spec:
  rules:
    - host: status.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: agent
                port:
                  number: 9100
---
apiVersion: v1
kind: Service
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    app: agent
  ports:
    - port: 9100
";

const AGENT: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      serviceAccountName: agent
      containers:
        - name: agent
          image: example/agent:2.4.1
          securityContext:
            privileged: true
      volumes:
        - name: runtime
          hostPath:
            path: /var/run/docker.sock
";

const RBAC: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
";

/// Critical too (a privileged container), but nothing reaches it and it holds no role.
const BATCH: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: backfill
  namespace: jobs
spec:
  template:
    spec:
      automountServiceAccountToken: false
      restartPolicy: Never
      containers:
        - name: backfill
          image: example/backfill:1.0.0
          securityContext:
            privileged: true
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k8s/ingress.yaml", INGRESS);
    write(dir.path(), "k8s/agent.yaml", AGENT);
    write(dir.path(), "k8s/rbac.yaml", RBAC);
    write(dir.path(), "batch/job.yaml", BATCH);
    dir
}

#[test]
fn top_prints_the_riskiest_findings_first_with_their_reasons_and_path() {
    let dir = project();
    let out = rampart(&["scan", "--top", "3", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let (top, rest) = text.split_once("\n\n").unwrap();
    assert!(top.starts_with("Top 3 risks of "), "{text}");
    assert!(rest.contains("why:"), "{text}");

    let ranked: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains(". risk "))
        .collect();
    // The exposed agent's privileged container, the cluster-admin token it carries, and its
    // socket mount: each the whole context of the agent at risk 100, by severity, then position.
    assert_eq!(
        ranked,
        [
            "1. risk 100 critical k8s-privileged-container: Container runs privileged",
            "2. risk 100 high k8s-workload-powerful-service-account: Workload runs with a powerful service account token",
            "3. risk 100 high k8s-sensitive-host-path: Pod mounts a sensitive host path",
        ],
        "{text}"
    );
    // The Job's privileged container is critical, but unreachable: severity and its own
    // privilege only.
    assert!(
        text.contains("critical k8s-privileged-container: Container runs privileged (risk 85)\n")
    );

    for expected in [
        "     critical severity: 75",
        "     +15 exposed: Ingress monitoring/status routes status.example.com to Service agent, which selects its pods",
        "     +10 privileged: runs container \"agent\" privileged",
        "     +10 powerful service account: its pods' token (ServiceAccount monitoring/agent) holds ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding agent-admin",
        "     +10 reaches the host: mounts the container runtime socket /var/run/docker.sock",
        "     capped at 100 (the factors add up to 120)",
        "   attack path:",
        "     1. Ingress monitoring/status routes status.example.com from outside the cluster to Service agent (k8s/ingress.yaml:15:17)",
        "     2. Service monitoring/agent selects the pods of DaemonSet monitoring/agent (app=agent) (k8s/ingress.yaml:25:3)",
        "     3. DaemonSet monitoring/agent runs container \"agent\" privileged (k8s/agent.yaml:20:13)",
        "     4. DaemonSet monitoring/agent mounts the container runtime socket /var/run/docker.sock, which gives control of every container on the node (k8s/agent.yaml:24:13)",
        "     5. its pods' token, of ServiceAccount monitoring/agent, holds ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding agent-admin (k8s/rbac.yaml:8:3)",
    ] {
        assert!(text.contains(&format!("{expected}\n")), "missing {expected:?} in\n{text}");
    }

    // The report that follows starts with the riskiest file, and marks every finding's risk.
    let files: Vec<&str> = text
        .lines()
        .filter(|l| l.ends_with(" findings)") || l.ends_with(" finding)"))
        .collect();
    assert_eq!(
        files,
        [
            "k8s/agent.yaml (18 findings)",
            "batch/job.yaml (12 findings)",
            "k8s/rbac.yaml (1 finding)",
            "k8s/ingress.yaml (1 finding)",
        ]
    );
    assert!(text.contains(
        "high k8s-binding-cluster-admin: Binding grants the cluster-admin role (risk 80)\n"
    ));
}

#[test]
fn json_gives_every_finding_its_score_reasons_and_path() {
    let dir = project();
    let out = rampart(&["scan", "--format", "json", "--top", "3", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    // `--top` limits nothing in JSON.
    let without = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    assert_eq!(report, without);

    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["risk"]["score"].is_u64()));
    // Findings keep their documented order (by location); sorted by score, the exposed agent's
    // privileged container leads.
    let mut ranked: Vec<(u64, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["risk"]["score"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap(),
                f["location"]["path"].as_str().unwrap(),
            )
        })
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    assert_eq!(ranked[0].0, 100);
    let job = ranked
        .iter()
        .find(|(_, rule, path)| *rule == "k8s-privileged-container" && *path == "batch/job.yaml")
        .unwrap();
    assert_eq!(job.0, 85);

    let agent = findings
        .iter()
        .find(|f| {
            f["rule_id"] == "k8s-privileged-container" && f["location"]["path"] == "k8s/agent.yaml"
        })
        .unwrap();
    let reasons: Vec<&str> = agent["risk"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(reasons[0], "critical severity: 75");
    assert!(reasons[1].starts_with("+15 exposed: Ingress monitoring/status"));
    let steps: Vec<&str> = agent["risk"]["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "k8s/ingress.yaml",
            "k8s/ingress.yaml",
            "k8s/agent.yaml",
            "k8s/agent.yaml",
            "k8s/rbac.yaml"
        ]
    );
    // The steps are related locations too (SARIF's relatedLocations come from them).
    assert!(agent["related"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["message"]
            .as_str()
            .unwrap()
            .starts_with("attack path 1/5: Ingress")));

    // The Job's privileged container has no context but its own privilege.
    let job = findings
        .iter()
        .find(|f| {
            f["rule_id"] == "k8s-privileged-container" && f["location"]["path"] == "batch/job.yaml"
        })
        .unwrap();
    assert_eq!(
        job["risk"]["reasons"],
        serde_json::json!([
            "critical severity: 75",
            "+10 privileged: runs container \"backfill\" privileged"
        ])
    );
    assert_eq!(job["risk"]["path"], serde_json::json!([]));
}

#[test]
fn sarif_carries_the_score_as_rank_and_properties() {
    let dir = project();
    let sarif = json(&rampart(&["scan", "--format", "sarif", "."], dir.path()));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ranks: Vec<f64> = results
        .iter()
        .map(|r| r["rank"].as_f64().unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert_eq!(results[0]["ruleId"], "k8s-privileged-container");
    assert_eq!(results[0]["properties"]["risk-score"], 100);
    assert!(
        results[0]["properties"]["risk-reasons"]
            .as_array()
            .unwrap()
            .len()
            >= 5
    );
    assert!(results[0]["relatedLocations"].as_array().unwrap().len() >= 4);
}

#[test]
fn the_report_is_the_same_on_every_run() {
    let dir = project();
    let first = rampart(&["scan", "--format", "json", "."], dir.path());
    for _ in 0..3 {
        assert_eq!(
            rampart(&["scan", "--format", "json", "."], dir.path()).stdout,
            first.stdout
        );
    }
    let text = rampart(&["scan", "--top", "5", "."], dir.path());
    assert_eq!(
        rampart(&["scan", "--top", "5", "."], dir.path()).stdout,
        text.stdout
    );
}

#[test]
fn top_needs_a_positive_number() {
    let dir = project();
    for bad in ["0", "-1", "many"] {
        let out = rampart(&["scan", "--top", bad, "."], dir.path());
        assert_eq!(out.status.code(), Some(2), "--top {bad}");
    }
}

#[test]
fn the_insecure_example_tells_the_chain_from_its_ingress_to_the_docker_socket() {
    let out = rampart(
        &["scan", "--top", "1", "examples/insecure-app"],
        workspace_root(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // The section ends where the report's first file begins.
    let top = &text[..text
        .find("\nexamples/insecure-app/node-agent.yaml (")
        .unwrap()];
    for expected in [
        "1. risk 100 critical k8s-privileged-container: Container runs privileged",
        "Ingress monitoring/node-status routes status.example.com from outside the cluster to Service node-agent (examples/insecure-app/ingress.yaml:",
        "DaemonSet monitoring/node-agent mounts the container runtime socket /var/run/docker.sock",
        "holds ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding node-agent-admin (examples/insecure-app/rbac.yaml:",
    ] {
        assert!(top.contains(expected), "missing {expected:?} in\n{top}");
    }
    // The hardened app has nothing to rank and still passes.
    let hardened = rampart(
        &["scan", "--top", "3", "examples/hardened-app"],
        workspace_root(),
    );
    assert_eq!(hardened.status.code(), Some(0), "{}", stdout(&hardened));
}
