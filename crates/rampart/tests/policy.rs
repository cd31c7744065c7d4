//! End-to-end tests of custom policies: Rego in conftest's conventions, Gatekeeper templates
//! and constraints judged offline, and `rampart policy test`.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use common::{json, rampart, stderr, stdout, workspace_root, write};
use serde_json::Value;

/// `(rule, line, column)` of each finding, in report order.
fn found(report: &Value) -> Vec<(String, u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["location"]["start"]["line"].as_u64().unwrap(),
                f["location"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn sorted(mut v: Vec<(String, u64, u64)>) -> Vec<(String, u64, u64)> {
    v.sort();
    v
}

fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {report:#}"))
}

#[test]
fn conftest_policies_report_at_the_resource_and_at_the_path_they_name() {
    let root = workspace_root();
    let out = rampart(
        &[
            "scan",
            "examples/insecure-app/web.yaml",
            "--policy",
            "examples/policies/conftest",
            "--no-builtin",
            "--format",
            "json",
        ],
        root,
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        sorted(found(&report)),
        vec![
            ("PLAT-001".to_owned(), 5, 3),
            ("PLAT-002".to_owned(), 39, 11),
            ("PLAT-003".to_owned(), 5, 3),
        ]
    );
    // METADATA gives id, title, severity; `path` gives the exact key and a stable route.
    let registry = finding(&report, "PLAT-002");
    assert_eq!(registry["severity"], "high");
    assert_eq!(registry["title"], "Images come from the company registry");
    assert_eq!(
        registry["route"],
        "spec.template.spec.containers[name=log-shipper].image"
    );
    assert_eq!(registry["location"]["end"]["column"], 35);
    assert_eq!(finding(&report, "PLAT-001")["severity"], "medium");
    // A warn rule without a severity is low.
    assert_eq!(finding(&report, "PLAT-003")["severity"], "low");
}

#[test]
fn rego_v0_policies_run_unchanged_beside_v1_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {owner: shop}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n      - name: web\n        image: registry.example.com/web:1.0\n",
    );
    let policies = workspace_root().join("examples/policies/conftest");
    let out = rampart(
        &[
            "scan",
            "app.yaml",
            "--policy",
            policies.to_str().unwrap(),
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(
        found(&report),
        vec![("main.deny_host_network".to_owned(), 4, 3)]
    );
    assert_eq!(
        report["findings"][0]["message"],
        "Deployment web shares the node's network namespace"
    );
}

const SECURITY_POLICY: &str = r#"package kubernetes.security

import rego.v1

deny contains {"msg": msg, "path": ["spec", "containers", i, "securityContext", "privileged"]} if {
	input.kind == "Pod"
	some i, c in input.spec.containers
	c.securityContext.privileged
	msg := sprintf("container %s is privileged", [c.name])
}
"#;

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n    securityContext:\n      privileged: true\n";

#[test]
fn namespaces_choose_which_packages_are_judged() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy/security.rego", SECURITY_POLICY);
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "pod.yaml",
            "--policy",
            "policy",
            "--no-builtin",
            "-f",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = rampart(&args, dir.path());
        (out.status.code(), found(&json(&out)))
    };
    // Package main is the default: this policy is not judged.
    assert_eq!(scan(&[]), (Some(0), vec![]));
    let expected = vec![("kubernetes.security.deny".to_owned(), 10, 7)];
    assert_eq!(
        scan(&["--namespace", "kubernetes.security"]),
        (Some(1), expected.clone())
    );
    assert_eq!(scan(&["--all-namespaces"]), (Some(1), expected));
}

#[test]
fn policies_run_beside_the_built_in_rules_and_honour_inline_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy/security.rego", SECURITY_POLICY);
    write(
        dir.path(),
        "pod.yaml",
        PRIVILEGED_POD.replace(
            "      privileged: true\n",
            "      # rampart:ignore kubernetes.security.deny -- the built-in rule covers it\n      privileged: true\n",
        ),
    );
    let out = rampart(
        &[
            "scan",
            "pod.yaml",
            "--policy",
            "policy",
            "--namespace",
            "kubernetes.security",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    let rules: Vec<String> = found(&report).into_iter().map(|f| f.0).collect();
    assert!(
        rules.contains(&"k8s-privileged-container".to_owned()),
        "{rules:?}"
    );
    assert!(
        !rules.contains(&"kubernetes.security.deny".to_owned()),
        "{rules:?}"
    );
    assert_eq!(
        report["suppressed"][0]["rule_id"],
        "kubernetes.security.deny"
    );
    assert!(stderr(&out).is_empty() || !stderr(&out).contains("unknown rule"));
}

#[test]
fn the_config_file_names_policies_relative_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ops/policy/security.rego", SECURITY_POLICY);
    write(
        dir.path(),
        ".rampart.yaml",
        "policies: [ops/policy]\nnamespaces: [kubernetes.security]\nrules:\n  severity:\n    kubernetes.security.deny: critical\n",
    );
    write(dir.path(), "deploy/pod.yaml", PRIVILEGED_POD);
    let out = rampart(
        &["scan", "deploy", "--no-builtin", "-f", "json"],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(
        found(&report),
        vec![("kubernetes.security.deny".to_owned(), 10, 7)]
    );
    assert_eq!(report["findings"][0]["severity"], "critical");
}

#[test]
fn a_policy_that_does_not_compile_stops_the_run_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/bad.rego",
        "package main\n\ndeny contains msg if {\n  msg := \n}\n",
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(&["scan", "pod.yaml", "--policy", "policy"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("policy/bad.rego:4:7: expecting"), "{err}");
    assert!(stdout(&out).is_empty(), "no report after a policy error");

    // An unsafe variable is found at compile time too, not on the first input.
    write(dir.path(), "policy/bad.rego", "package main\n\nimport rego.v1\n\ndeny contains msg if {\n  input.kind == \"Pod\"\n  x > 1\n  msg := \"m\"\n}\n");
    let out = rampart(&["scan", "pod.yaml", "--policy", "policy"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("policy/bad.rego:7:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_policy_that_fails_on_one_input_is_reported_there_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // Two values for one complete rule: an evaluation error, only for inputs with both labels.
    write(
        dir.path(),
        "policy/tier.rego",
        "package main\n\nimport rego.v1\n\ntier := input.metadata.labels.a\n\ntier := input.metadata.labels.b\n\ndeny contains msg if {\n  tier == \"x\"\n  msg := \"tier x\"\n}\n",
    );
    write(
        dir.path(),
        "objects.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: both\n  labels: {a: x, b: y}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  labels: {a: x}\n",
    );
    let out = rampart(
        &[
            "scan",
            "objects.yaml",
            "--policy",
            "policy",
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(2), "an input error exits 2");
    assert_eq!(found(&report), vec![("main.deny".to_owned(), 10, 3)]);
    let error = &report["errors"][0];
    assert_eq!(error["kind"], "policy");
    assert_eq!(error["location"]["start"]["line"], 4);
    assert!(
        error["message"].as_str().unwrap().contains("main.deny"),
        "{error}"
    );
}

#[test]
fn a_policy_may_not_take_a_built_in_rule_id() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/p.rego",
        "package main\n\n# METADATA\n# custom:\n#   id: k8s-privileged-container\ndeny contains \"x\" if { false }\n",
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(&["scan", "pod.yaml", "--policy", "policy"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("k8s-privileged-container"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn policy_rules_are_described_in_sarif() {
    let root = workspace_root();
    let out = rampart(
        &[
            "scan",
            "examples/insecure-app/web.yaml",
            "--policy",
            "examples/policies/conftest",
            "-f",
            "sarif",
        ],
        root,
    );
    let sarif = json(&out);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let plat = rules
        .iter()
        .find(|r| r["id"] == "PLAT-002")
        .expect("a PLAT-002 descriptor");
    assert_eq!(
        plat["shortDescription"]["text"],
        "Images come from the company registry"
    );
    assert!(rules.iter().any(|r| r["id"] == "k8s-privileged-container"));
}

const NODEPORT_TEMPLATE: &str = r#"apiVersion: templates.gatekeeper.sh/v1beta1
kind: ConstraintTemplate
metadata:
  name: k8sblocknodeport
spec:
  crd:
    spec:
      names:
        kind: K8sBlockNodePort
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package k8sblocknodeport

        violation[{"msg": msg}] {
          input.review.kind.kind == "Service"
          input.review.object.spec.type == "NodePort"
          msg := sprintf("Service %v is a NodePort (%v)", [input.review.object.metadata.name, input.parameters.reason])
        }
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sBlockNodePort
metadata:
  name: no-nodeport-in-prod
spec:
  enforcementAction: dryrun
  match:
    kinds:
      - apiGroups: [""]
        kinds: ["Service"]
    namespaceSelector:
      matchLabels: {env: prod}
    labelSelector:
      matchExpressions:
        - {key: exposure, operator: NotIn, values: [approved]}
  parameters:
    reason: nodes are not exposed in production
"#;

const CLUSTER: &str = r#"apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels: {env: prod}
---
apiVersion: v1
kind: Namespace
metadata:
  name: dev
  labels: {env: dev}
---
apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: prod
spec:
  type: NodePort
---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: prod
  labels: {exposure: approved}
spec:
  type: NodePort
---
apiVersion: v1
kind: Service
metadata:
  name: sandbox
  namespace: dev
spec:
  type: NodePort
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  labels: {team: "Shop"}
spec:
  template:
    spec:
      containers: [{name: api, image: api:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: prod
spec:
  template:
    spec:
      containers: [{name: w, image: w:1}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: proxy
  namespace: kube-system
spec:
  template:
    spec:
      containers: [{name: p, image: p:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: good
  namespace: prod
  labels: {team: shop}
spec:
  template:
    spec:
      containers: [{name: g, image: g:1}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: prod
spec:
  rules: [{host: shop.example.com}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: preview
  namespace: dev
spec:
  rules: [{host: shop.example.com}]
"#;

#[test]
fn gatekeeper_constraints_judge_the_scan_offline() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gatekeeper/nodeport.yaml", NODEPORT_TEMPLATE);
    write(dir.path(), "cluster.yaml", CLUSTER);
    let published = workspace_root().join("examples/policies/gatekeeper");
    let out = rampart(
        &[
            "scan",
            "cluster.yaml",
            "--policy",
            "gatekeeper",
            "--policy",
            published.to_str().unwrap(),
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut got: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            // namespaceSelector (prod only), labelSelector (not the approved one), parameters.
            (
                "K8sBlockNodePort/no-nodeport-in-prod".to_owned(),
                "Service shop is a NodePort (nodes are not exposed in production)".to_owned()
            ),
            // Parameters with a regex; kube-* excluded; kinds limit it to workloads.
            (
                "K8sRequiredLabels/workloads-have-team".to_owned(),
                "Deployment worker is missing the labels {\"team\"}".to_owned()
            ),
            (
                "K8sRequiredLabels/workloads-have-team".to_owned(),
                "label team=Shop does not match ^[a-z][a-z-]+$".to_owned()
            ),
            // data.inventory holds every scanned object.
            (
                "K8sUniqueIngressHost/unique-hosts".to_owned(),
                "Ingress host shop.example.com is also claimed by dev/preview".to_owned()
            ),
            (
                "K8sUniqueIngressHost/unique-hosts".to_owned(),
                "Ingress host shop.example.com is also claimed by prod/web".to_owned()
            ),
        ]
    );
    // enforcementAction sets the severity.
    assert_eq!(
        finding(&report, "K8sBlockNodePort/no-nodeport-in-prod")["severity"],
        "low"
    );
    assert_eq!(
        finding(&report, "K8sUniqueIngressHost/unique-hosts")["severity"],
        "medium"
    );
    assert_eq!(
        finding(&report, "K8sRequiredLabels/workloads-have-team")["severity"],
        "high"
    );
}

#[test]
fn a_template_that_does_not_compile_is_located_in_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gatekeeper/nodeport.yaml",
        NODEPORT_TEMPLATE.replace("msg := sprintf(", "msg := := sprintf("),
    );
    write(dir.path(), "cluster.yaml", CLUSTER);
    let out = rampart(
        &["scan", "cluster.yaml", "--policy", "gatekeeper"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    // The Rego's line 6 is the manifest's line 18.
    assert!(
        stderr(&out).contains("gatekeeper/nodeport.yaml:18:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn policy_test_runs_each_test_and_fails_when_one_fails() {
    let root = workspace_root();
    let out = rampart(&["policy", "test", "examples/policies/conftest"], root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("PASS  data.main.test_owner_label_is_required"),
        "{text}"
    );
    assert!(text.contains("PASS: 5/5"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p/policy.rego",
        "package main\n\nimport rego.v1\n\ndeny contains \"no\" if input.kind == \"Pod\"\n",
    );
    write(
        dir.path(),
        "p/policy_test.rego",
        "package main\n\nimport rego.v1\n\ntest_pod_denied if {\n  deny[\"no\"] with input as {\"kind\": \"Pod\"}\n}\n\ntest_service_denied if {\n  deny[\"no\"] with input as {\"kind\": \"Service\"}\n}\n",
    );
    let out = rampart(&["policy", "test", "p"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("PASS  data.main.test_pod_denied (p/policy_test.rego:5"),
        "{text}"
    );
    assert!(
        text.contains("FAIL  data.main.test_service_denied (p/policy_test.rego:9"),
        "{text}"
    );
    assert!(
        text.contains("PASS: 1/2") && text.contains("FAIL: 1/2"),
        "{text}"
    );
}

#[test]
fn conftest_exception_rules_suppress_with_their_reason_never_silently() {
    let root = workspace_root();
    let out = rampart(
        &[
            "scan",
            "examples/insecure-app/node-agent.yaml",
            "--policy",
            "examples/policies/conftest",
            "--no-builtin",
            "-f",
            "json",
        ],
        root,
    );
    let report = json(&out);
    let rules: Vec<String> = found(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, vec!["PLAT-001"], "{report:#}");
    let suppressed = &report["suppressed"][0];
    assert_eq!(suppressed["rule_id"], "PLAT-002");
    let decision = suppressed["suppression"].to_string();
    assert!(decision.contains("data.main.exception"), "{decision}");
    assert!(
        decision.contains("examples/policies/conftest/kubernetes.rego:"),
        "{decision}"
    );
}

#[test]
fn terraform_resource_instances_are_policy_inputs_with_evaluated_values() {
    let root = workspace_root();
    let out = rampart(
        &[
            "scan",
            "examples/insecure-infra",
            "--policy",
            "examples/policies/terraform",
            "--namespace",
            "terraform",
            "--no-builtin",
            "-f",
            "json",
        ],
        root,
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The ACL comes from terraform.tfvars through a variable and a module argument: the
    // evaluated value is judged, the finding is at the attribute that uses it, and the chain
    // leads to where it was set. Only the module's bucket lacks the owner tag; the bucket whose
    // name is known only after apply is judged on what is known.
    assert_eq!(
        sorted(found(&report)),
        vec![("TF-001".to_owned(), 11, 3), ("TF-002".to_owned(), 9, 1)]
    );
    let acl = finding(&report, "TF-001");
    assert_eq!(
        acl["location"]["path"],
        "examples/insecure-infra/modules/logs-bucket/main.tf"
    );
    assert_eq!(acl["route"], "acl");
    assert_eq!(acl["resource"]["name"], "module.logs.aws_s3_bucket.this");
    assert_eq!(
        acl["message"],
        "module.logs.aws_s3_bucket.this has the public canned ACL \"public-read\""
    );
    let related: Vec<(String, u64)> = acl["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["location"]["path"].as_str().unwrap().to_owned(),
                r["location"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        vec![
            ("examples/insecure-infra/main.tf".to_owned(), 18),
            ("examples/insecure-infra/terraform.tfvars".to_owned(), 2),
            ("examples/insecure-infra/main.tf".to_owned(), 15),
        ]
    );
}

#[test]
fn a_terraform_path_points_at_the_element_and_unknowns_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/sg.rego",
        r#"package main

import rego.v1

deny_open_ssh contains result if {
	input.type == "aws_security_group"
	some i, j
	rule := input.values.ingress[i]
	rule.from_port <= 22
	rule.to_port >= 22
	rule.cidr_blocks[j] == "0.0.0.0/0"
	result := {"msg": "SSH open to the internet", "path": ["values", "ingress", i, "cidr_blocks", j]}
}

warn_unknown_name contains msg if {
	input.after_unknown.bucket
	msg := sprintf("%s: name known after apply (%d values known)", [input.address, count(input.values)])
}

deny_index contains msg if {
	input.type == "aws_instance"
	msg := sprintf("%s index %v in %s", [input.address, input.index, input.module_address])
}

deny_nowhere contains result if {
	input.type == "aws_instance"
	result := {"msg": "missing path", "path": "values.metadata_options[0].http_tokens"}
}
"#,
    );
    write(
        dir.path(),
        "infra/main.tf",
        r#"resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}

data "aws_caller_identity" "me" {}

resource "aws_s3_bucket" "b" {
  bucket = "b-${data.aws_caller_identity.me.account_id}"
  tags   = { a = "b" }
}

module "app" {
  source = "./app"
}
"#,
    );
    write(
        dir.path(),
        "infra/app/main.tf",
        "resource \"aws_instance\" \"web\" {\n  count = 2\n  ami   = \"ami-1\"\n}\n",
    );
    let out = rampart(
        &[
            "scan",
            "infra",
            "--policy",
            "policy",
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ssh = finding(&report, "main.deny_open_ssh");
    assert_eq!(ssh["location"]["start"]["line"], 10);
    assert_eq!(ssh["location"]["start"]["column"], 34);
    assert_eq!(ssh["location"]["end"]["column"], 45);
    assert_eq!(ssh["route"], "ingress[1].cidr_blocks[1]");
    // Unknown values are left out of `values` and marked in `after_unknown`.
    assert_eq!(
        finding(&report, "main.warn_unknown_name")["message"],
        "aws_s3_bucket.b: name known after apply (1 values known)"
    );
    let mut instances: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "main.deny_index")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    instances.sort_unstable();
    assert_eq!(
        instances,
        [
            "module.app.aws_instance.web[0] index 0 in module.app",
            "module.app.aws_instance.web[1] index 1 in module.app",
        ]
    );
    // A path the resource does not have: the resource block, with a note.
    let nowhere = finding(&report, "main.deny_nowhere");
    assert_eq!(nowhere["location"]["start"]["line"], 1);
    assert!(
        nowhere["notes"][0]
            .as_str()
            .unwrap()
            .contains("does not have in full"),
        "{nowhere}"
    );
}

#[test]
fn terraform_policy_failures_and_exceptions_are_reported_per_resource() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/p.rego",
        r#"package main

import rego.v1

size := input.values.size

size := input.values.iops

deny contains msg if {
	size > 10
	msg := sprintf("%s is large", [input.address])
}

deny_any contains msg if {
	input.mode == "managed"
	msg := sprintf("%s exists", [input.address])
}

exception contains rules if {
	input.name == "exempt"
	rules := ["any"]
}
"#,
    );
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"both\" {\n  size = 20\n  iops = 30\n}\n\nresource \"aws_ebs_volume\" \"exempt\" {\n  size = 20\n}\n",
    );
    let out = rampart(
        &[
            "scan",
            ".",
            "--policy",
            "policy",
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(2), "an input error exits 2");
    // Two values for `size` on the first volume: an error there; the other is still judged.
    let error = &report["errors"][0];
    assert_eq!(error["kind"], "policy");
    assert_eq!(error["location"]["start"]["line"], 1);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("aws_ebs_volume.both"),
        "{error}"
    );
    assert_eq!(
        sorted(found(&report)),
        vec![
            ("main.deny".to_owned(), 6, 1),
            ("main.deny_any".to_owned(), 1, 1)
        ]
    );
    let suppressed = report["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 1, "{report:#}");
    assert_eq!(suppressed[0]["rule_id"], "main.deny_any");
    assert_eq!(suppressed[0]["resource"]["name"], "aws_ebs_volume.exempt");
}

#[test]
fn rules_and_explain_describe_policy_rules() {
    let root = workspace_root();
    let args = [
        "--policy",
        "examples/policies/terraform",
        "--namespace",
        "terraform",
    ];
    let out = rampart(&[&["rules"][..], &args].concat(), root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    assert!(listing.contains("k8s-privileged-container"), "{listing}");
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("TF-001") && l.ends_with("S3 buckets have no public canned ACL")),
        "{listing}"
    );
    let out = rampart(&[&["explain", "TF-001"][..], &args].concat(), root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("# TF-001: S3 buckets have no public canned ACL"),
        "{text}"
    );
    assert!(text.contains("Severity: high"), "{text}");
    assert!(
        text.contains("examples/policies/terraform/terraform.rego:17"),
        "{text}"
    );
    // Without the policy the id is unknown, and the error says how to name it.
    let out = rampart(&["explain", "TF-001"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--policy"), "{}", stderr(&out));
}

#[test]
fn rules_lists_the_policies_the_config_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/p.rego",
        "package main\n\nimport rego.v1\n\n# METADATA\n# title: Nothing is named x\n# custom:\n#   id: ORG-7\ndeny contains msg if {\n  input.metadata.name == \"x\"\n  msg := \"named x\"\n}\n",
    );
    write(dir.path(), ".rampart.yaml", "policies: [policy/]\n");
    let out = rampart(&["rules", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let org = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ORG-7")
        .unwrap_or_else(|| panic!("{rules:#}"));
    assert_eq!(org["title"], "Nothing is named x");
    assert_eq!(
        org["platforms"],
        serde_json::json!(["kubernetes", "terraform"])
    );
}

#[test]
fn metadata_platforms_limit_which_inputs_a_rule_judges() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy/p.rego",
        "package main\n\nimport rego.v1\n\n# METADATA\n# custom:\n#   id: K8S-ONLY\n#   platforms: [kubernetes]\ndeny_owner contains \"no owner label\" if not input.metadata.labels.owner\n\n# METADATA\n# custom:\n#   id: TF-ONLY\n#   platforms: terraform\ndeny_any contains \"judged\" if input.address\n\ndeny_everything contains \"seen\" if true\n",
    );
    write(
        dir.path(),
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    );
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
    );
    let out = rampart(
        &[
            "scan",
            ".",
            "--policy",
            "policy",
            "--no-builtin",
            "-f",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    let mut seen: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["location"]["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("K8S-ONLY".to_owned(), "cm.yaml".to_owned()),
            ("TF-ONLY".to_owned(), "main.tf".to_owned()),
            ("main.deny_everything".to_owned(), "cm.yaml".to_owned()),
            ("main.deny_everything".to_owned(), "main.tf".to_owned()),
        ]
    );
    // An unknown platform stops the run at its METADATA block.
    write(
        dir.path(),
        "policy/p.rego",
        "package main\n\n# METADATA\n# custom:\n#   platforms: [cloudformation]\ndeny[m] { m := 1 }\n",
    );
    let out = rampart(
        &["scan", ".", "--policy", "policy", "--no-builtin"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("p.rego:3") && stderr(&out).contains("cloudformation"),
        "{}",
        stderr(&out)
    );
}
