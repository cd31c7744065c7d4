//! Rules that judge objects of different files together (`Rule::check_cluster`), end to end:
//! their findings name every object involved (SARIF `relatedLocations`, JSON `related`, the text
//! report), and inline suppressions, severity overrides and rule selection apply to them as to
//! the others.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use common::{json, rampart, stdout, write};
use serde_json::Value;

const WEB: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
spec:
  selector:
    matchLabels: {app: storefront}
  template:
    metadata:
      labels: {app: storefront}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: example/storefront:2.4.1
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: storefront-db, key: password}
";

const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: storefront
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: storefront}
  ports:
    - port: 443
";

fn project(web: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/web.yaml", web);
    write(dir.path(), "deploy/service.yaml", SERVICE);
    dir
}

/// The first finding of `rule` in the JSON report's list `key` (`findings`, `suppressed`).
fn of_rule<'a>(report: &'a Value, key: &str, rule: &str) -> Option<&'a Value> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule)
}

fn results_of<'a>(sarif: &'a Value, rule: &str) -> Vec<&'a Value> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == rule)
        .collect()
}

fn uris(result: &Value) -> Vec<&str> {
    result["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect()
}

#[test]
fn sarif_names_every_object_of_a_cluster_finding_as_related_locations() {
    let dir = project(WEB);
    let sarif = json(&rampart(&["scan", "--format", "sarif", "."], dir.path()));

    let exposed = results_of(&sarif, "k8s-workload-exposed-outside-cluster");
    assert_eq!(exposed.len(), 1, "{sarif:#}");
    let location = &exposed[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "deploy/web.yaml");
    assert_eq!(location["region"]["startLine"], 4);
    assert_eq!(uris(exposed[0]), vec!["deploy/service.yaml"]);
    let related = &exposed[0]["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(
        related["message"]["text"],
        "LoadBalancer Service shop/storefront (port 443) exposes it"
    );

    let secrets = results_of(&sarif, "k8s-exposed-workload-mounts-secret");
    assert_eq!(secrets.len(), 1, "{sarif:#}");
    assert_eq!(
        secrets[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        20
    );
    assert_eq!(
        uris(secrets[0]),
        vec!["deploy/web.yaml", "deploy/service.yaml"]
    );

    // The namespace has no NetworkPolicy: one finding for it, naming its workload.
    let isolation = results_of(&sarif, "k8s-workload-without-network-policy");
    assert_eq!(isolation.len(), 1, "{sarif:#}");
    assert_eq!(uris(isolation[0]), vec!["deploy/web.yaml"]);
}

#[test]
fn json_and_text_carry_the_related_objects() {
    let dir = project(WEB);
    let report = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    let finding = of_rule(&report, "findings", "k8s-workload-exposed-outside-cluster").unwrap();
    assert_eq!(finding["resource"]["kind"], "Deployment");
    assert_eq!(finding["route"], "metadata.name");
    assert_eq!(
        finding["related"][0]["location"]["path"],
        "deploy/service.yaml"
    );

    let text = stdout(&rampart(&["scan", "."], dir.path()));
    assert!(
        text.contains("LoadBalancer Service shop/storefront (port 443) exposes it"),
        "{text}"
    );
    assert!(
        text.contains("k8s-workload-exposed-outside-cluster"),
        "{text}"
    );
}

#[test]
fn an_inline_ignore_suppresses_a_cluster_finding() {
    let web = WEB.replace(
        "  name: storefront\n  namespace: shop\nspec:\n  selector:",
        "  # rampart:ignore k8s-workload-exposed-outside-cluster -- the storefront faces the internet\n  \
         name: storefront\n  namespace: shop\nspec:\n  selector:",
    );
    assert_ne!(web, WEB);
    let dir = project(&web);
    let report = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    assert!(of_rule(&report, "findings", "k8s-workload-exposed-outside-cluster").is_none());
    let suppressed = of_rule(
        &report,
        "suppressed",
        "k8s-workload-exposed-outside-cluster",
    )
    .unwrap();
    assert_eq!(suppressed["suppression"]["kind"], "in-source");
    assert_eq!(
        suppressed["suppression"]["justification"],
        "the storefront faces the internet"
    );
    // The other cluster findings of that workload stay.
    assert!(of_rule(&report, "findings", "k8s-exposed-workload-mounts-secret").is_some());
}

#[test]
fn cluster_rules_follow_the_config_and_framework_selection() {
    let dir = project(WEB);
    write(
        dir.path(),
        ".rampart.yaml",
        "rules:\n  disable: [k8s-workload-exposed-outside-cluster]\n  severity:\n    k8s-exposed-workload-mounts-secret: high\n",
    );
    let report = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    assert!(of_rule(&report, "findings", "k8s-workload-exposed-outside-cluster").is_none());
    let secret = of_rule(&report, "findings", "k8s-exposed-workload-mounts-secret").unwrap();
    assert_eq!(secret["severity"], "high");

    // CIS 5.3.2 is the NetworkPolicy rule's; the exposure rule maps no CIS control.
    let cis = json(&rampart(
        &["scan", "--format", "json", "--framework", "cis", "."],
        dir.path(),
    ));
    let ids: Vec<&str> = cis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"k8s-workload-without-network-policy"),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"k8s-exposed-workload-mounts-secret"),
        "{ids:?}"
    );
}

#[test]
fn explain_and_rules_list_cluster_rules() {
    let dir = tempfile::tempdir().unwrap();
    let list = stdout(&rampart(&["rules"], dir.path()));
    assert!(
        list.contains("k8s-workload-powerful-service-account"),
        "{list}"
    );
    let explain = stdout(&rampart(
        &["explain", "k8s-namespace-without-default-deny"],
        dir.path(),
    ));
    assert!(explain.contains("## What it checks"), "{explain}");
    assert!(explain.contains("Kubescape: C-0030"), "{explain}");
}

#[test]
fn an_ignore_annotation_suppresses_a_cluster_finding() {
    let web = WEB.replace(
        "  namespace: shop\nspec:\n  selector:",
        "  namespace: shop\n  annotations:\n    rampart.dev/ignore: \"k8s-exposed-workload-mounts-secret -- read-only database user\"\nspec:\n  selector:",
    );
    assert_ne!(web, WEB);
    let dir = project(&web);
    let report = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    assert!(of_rule(&report, "findings", "k8s-exposed-workload-mounts-secret").is_none());
    let suppressed = of_rule(&report, "suppressed", "k8s-exposed-workload-mounts-secret").unwrap();
    assert_eq!(
        suppressed["suppression"]["justification"],
        "read-only database user"
    );
}

#[test]
fn a_baseline_records_cluster_findings_by_fingerprint() {
    let dir = project(WEB);
    let out = rampart(&["baseline", "create", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let baseline = common::read(dir.path(), ".rampart/baseline.json");
    assert!(
        baseline.contains("k8s-workload-exposed-outside-cluster"),
        "{baseline}"
    );
    let out = rampart(
        &[
            "scan",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "json",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(json(&out)["findings"].as_array().unwrap().is_empty());
}

#[test]
fn a_statefulset_is_judged_with_the_services_of_its_own_bundle() {
    // `install/` deploys the StatefulSet and Services of its namespace, none named as its
    // serviceName; `variant/` is another way to install the same application, with a Service
    // of that name that has a cluster IP. It is not this StatefulSet's Service. Without
    // Services of its own (`bare/`), the StatefulSet is judged with that Service.
    let statefulset = |folder: &str| {
        format!(
            "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: controller
  namespace: {folder}
spec:
  serviceName: controller
  selector:
    matchLabels: {{app: controller}}
  template:
    metadata:
      labels: {{app: controller}}
    spec:
      containers:
        - name: controller
          image: example/controller:1.0.0
"
        )
    };
    let service = |name: &str, namespace: &str| {
        format!(
            "apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {namespace}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80}}]
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for ns in ["install", "bare"] {
        write(
            dir.path(),
            &format!("{ns}/statefulset.yaml"),
            statefulset(ns),
        );
        write(
            dir.path(),
            &format!("variant-{ns}/service.yaml"),
            service("controller", ns),
        );
    }
    write(
        dir.path(),
        "install/server.yaml",
        service("server", "install"),
    );
    let out = rampart(&["scan", ".", "--format", "json"], dir.path());
    let report = json(&out);
    let found: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "k8s-statefulset-without-service-name")
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["bare/statefulset.yaml"], "{report:#}");
}
