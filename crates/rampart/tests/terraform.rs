//! End-to-end: Terraform modules scanned by the CLI, evaluated with their tfvars and local
//! module calls, with findings located where the value was set.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;
#[path = "../../rampart_rules/tests/common/json_syntax.rs"]
mod json_syntax;

use common::{json, rampart, workspace_root};

fn write(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn a_module_is_evaluated_with_tfvars_and_its_local_modules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "infra/main.tf",
                "variable \"ssh_from\" {\n  default = [\"10.0.0.0/8\"]\n}\n\nmodule \"sg\" {\n  source = \"./modules/sg\"\n  cidrs  = var.ssh_from\n}\n",
            ),
            ("infra/terraform.tfvars", "ssh_from = [\"0.0.0.0/0\"]\n"),
            (
                "infra/modules/sg/main.tf",
                "variable \"cidrs\" {}\n\nresource \"aws_security_group_rule\" \"ssh\" {\n  type        = \"ingress\"\n  from_port   = 22\n  to_port     = 22\n  protocol    = \"tcp\"\n  cidr_blocks = var.cidrs\n}\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", "infra", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    // The child module is judged through its call, not also as a root of its own.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["rule_id"], "aws-security-group-open-admin-port");
    assert_eq!(finding["location"]["path"], "infra/modules/sg/main.tf");
    assert_eq!(finding["location"]["start"]["line"], 8);
    let related: Vec<String> = finding["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{} {}",
                r["location"]["path"].as_str().unwrap(),
                r["location"]["start"]["line"],
                r["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            "infra/terraform.tfvars:1 the value is set here",
            "infra/main.tf:5 in this module call"
        ]
    );
}

#[test]
fn var_files_and_vars_reach_every_root_module() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "main.tf",
                "variable \"encrypted\" {\n  type    = bool\n  default = true\n}\n\nresource \"aws_ebs_volume\" \"v\" {\n  size      = 8\n  encrypted = var.encrypted\n}\n",
            ),
            ("prod.tfvars", "encrypted = false\n"),
        ],
    );
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", ".", "--format", "json", "--no-progress"];
        args.extend_from_slice(extra);
        json(&rampart(&args, dir.path()))["findings"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(scan(&[]), 0);
    assert_eq!(scan(&["--var-file", "prod.tfvars"]), 1);
    assert_eq!(
        scan(&["--var-file", "prod.tfvars", "--var", "encrypted=true"]),
        0
    );
    assert_eq!(scan(&["--var", "encrypted=false"]), 1);
}

#[test]
fn malformed_hcl_is_an_error_with_its_position_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("a/broken.tf", "resource \"x\" \"y\" {\n  a = \n}\n"),
            (
                "a/main.tf",
                "resource \"aws_ebs_volume\" \"v\" {\n  size = 8\n}\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", "a", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let error = &report["errors"][0];
    assert_eq!(error["path"], "a/broken.tf");
    assert_eq!(error["location"]["start"]["line"], 2);
    assert_eq!(
        report["findings"][0]["rule_id"],
        "aws-ebs-volume-not-encrypted"
    );
}

#[test]
fn a_symbolic_link_checked_out_as_a_file_is_named_in_its_error() {
    // git with core.symlinks=false writes a link as a file holding its target's path.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("variables.tf", "variable \"x\" {}\n"),
            ("fixture/variables.tf", "../variables.tf"),
            ("fixture/broken.tf", "resource\n"),
        ],
    );
    let out = rampart(
        &["scan", "fixture", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let linked = messages
        .iter()
        .filter(|m| m.contains("only the path `../variables.tf`"))
        .count();
    assert_eq!(linked, 1, "{messages:?}");
}

#[test]
fn an_exception_names_a_terraform_address() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "main.tf",
                "resource \"aws_ebs_volume\" \"scratch\" {\n  size = 8\n}\n\nresource \"aws_ebs_volume\" \"data\" {\n  size = 8\n}\n",
            ),
            (
                ".rampart/exceptions.yaml",
                "exceptions:\n  - rule: aws-ebs-volume-not-encrypted\n    resource: aws_ebs_volume.scratch\n    reason: Scratch space, wiped on every run\n    owner: ops@example.com\n    expires: 2099-12-31\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(findings[0]["resource"]["name"], "aws_ebs_volume.data");
    assert_eq!(report["suppressed"].as_array().unwrap().len(), 1);
}

#[test]
fn terraform_rules_are_listed_and_explained() {
    let out = rampart(
        &["explain", "aws-s3-public-access-block-disabled"],
        workspace_root(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(common::stdout(&out).contains("CIS Amazon Web Services Foundations Benchmark: 2.1.4"));
}

/// Scans `crates/rampart/tests/fixtures/<path>`, which has findings (exit 1), for its report.
fn scan_fixture(path: &str) -> serde_json::Value {
    let root = workspace_root().join("crates/rampart/tests/fixtures");
    let out = rampart(&["scan", path, "--format", "json", "--no-progress"], &root);
    assert_eq!(out.status.code(), Some(1));
    json(&out)
}

/// `(rule, path, line)` of each finding.
fn located(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["location"]["path"].as_str().unwrap().to_owned(),
                f["location"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The JSON report of a scan of `files`, written to a new directory.
fn scan_written(files: &[(&str, &str)]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    json(&out)
}

/// `(the string at path, line)` of each finding or related location in `items`.
fn lines_of<'a>(
    items: impl IntoIterator<Item = &'a serde_json::Value>,
    path: &[&str],
) -> Vec<(&'a str, u64)> {
    items
        .into_iter()
        .map(|item| {
            let value = path.iter().fold(item, |value, key| &value[*key]);
            (
                value.as_str().unwrap(),
                item["location"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_plan_is_judged_from_its_planned_values() {
    let report = scan_fixture("plan/plan.json");
    // The variables given at plan time are in the plan: the SSH rule sees 0.0.0.0/0, and the
    // volume encrypted through a variable is encrypted; the one that leaves `encrypted` to the
    // provider is not. Findings point at the keys of the plan, inside nested blocks too (the
    // `"0.0.0.0/0"` of the ingress block's `cidr_blocks`, the `http_tokens` of the instance's
    // `metadata_options`).
    assert_eq!(
        located(&report),
        vec![
            (
                "aws-ebs-volume-not-encrypted".to_owned(),
                "plan/plan.json".to_owned(),
                35
            ),
            (
                "aws-ec2-imdsv2-not-required".to_owned(),
                "plan/plan.json".to_owned(),
                110
            ),
            (
                "aws-security-group-open-admin-port".to_owned(),
                "plan/plan.json".to_owned(),
                64
            ),
        ]
    );
}

#[test]
fn a_plan_beside_its_configuration_points_at_the_source() {
    let root = workspace_root().join("crates/rampart/tests/fixtures");
    // The configuration alone: `ssh_cidr` has no value (not judged), `encrypted` defaults to
    // false.
    let out = rampart(
        &["scan", "plan/main.tf", "--format", "json", "--no-progress"],
        &root,
    );
    let alone = json(&out);
    assert_eq!(
        located(&alone),
        vec![
            (
                "aws-ebs-volume-not-encrypted".to_owned(),
                "plan/main.tf".to_owned(),
                36
            ),
            (
                "aws-ebs-volume-not-encrypted".to_owned(),
                "plan/main.tf".to_owned(),
                39
            ),
            (
                "aws-ec2-imdsv2-not-required".to_owned(),
                "plan/main.tf".to_owned(),
                49
            ),
        ]
    );
    // With the plan, its values win for the resources it has, and findings point at the source:
    // the second `ingress` block (the plan lists the set's blocks in another order), and the
    // planned value is a related location.
    let out = rampart(
        &["scan", "plan", "--format", "json", "--no-progress"],
        &root,
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    // Fingerprinted where it points: the volume at line 39 is the same finding as the
    // configuration alone's, so a baseline made from the .tf still matches.
    let fingerprint = |report: &serde_json::Value, line: u64| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["rule_id"] == "aws-ebs-volume-not-encrypted"
                    && f["location"]["start"]["line"] == line
            })
            .map(|f| f["fingerprint"].clone())
    };
    assert_eq!(fingerprint(&report, 39), fingerprint(&alone, 39));
    assert!(fingerprint(&report, 39).is_some());
    assert_eq!(
        located(&report),
        vec![
            (
                "aws-ebs-volume-not-encrypted".to_owned(),
                "plan/main.tf".to_owned(),
                39
            ),
            (
                "aws-ec2-imdsv2-not-required".to_owned(),
                "plan/main.tf".to_owned(),
                49
            ),
            (
                "aws-security-group-open-admin-port".to_owned(),
                "plan/main.tf".to_owned(),
                29
            ),
        ]
    );
    let ssh = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "aws-security-group-open-admin-port")
        .unwrap();
    assert_eq!(ssh["related"][0]["location"]["path"], "plan/plan.json");
    assert_eq!(ssh["related"][0]["location"]["start"]["line"], 64);
}

#[test]
fn a_plan_beside_a_json_syntax_configuration_points_into_its_nested_blocks() {
    // The same configuration written as main.tf.json: findings in nested blocks point at the
    // value in the JSON (`"http_tokens": "optional"`, the `cidr_blocks` of the second ingress,
    // which the plan gave 0.0.0.0/0).
    let temp = tempfile::tempdir().unwrap();
    json_syntax::rewrite(
        &workspace_root().join("crates/rampart/tests/fixtures/plan"),
        temp.path(),
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        temp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let source = std::fs::read_to_string(temp.path().join("main.tf.json")).unwrap();
    let text_at = |rule: &str| -> String {
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == rule)
            .unwrap();
        assert_eq!(finding["location"]["path"], "main.tf.json", "{finding}");
        let line = usize::try_from(finding["location"]["start"]["line"].as_u64().unwrap()).unwrap();
        let lines: Vec<&str> = source
            .lines()
            .skip(line - 1)
            .take(2)
            .map(str::trim)
            .collect();
        lines.join(" ")
    };
    assert_eq!(
        text_at("aws-ec2-imdsv2-not-required"),
        r#""http_tokens": "optional" }"#
    );
    assert_eq!(
        text_at("aws-security-group-open-admin-port"),
        r#""cidr_blocks": [ "${var.ssh_cidr}""#
    );
}

#[test]
fn a_malformed_plan_is_an_error_with_its_position_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "plan.json",
                "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.5\",\n  \"planned_values\": {\n    oops\n}\n",
            ),
            (
                "main.tf",
                "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n}\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    assert_eq!(report["errors"][0]["path"], "plan.json");
    assert_eq!(report["errors"][0]["kind"], "parse");
    assert_eq!(report["errors"][0]["location"]["start"]["line"], 3);
    assert_eq!(
        located(&report),
        vec![(
            "aws-ebs-volume-not-encrypted".to_owned(),
            "main.tf".to_owned(),
            1
        )]
    );
}

#[test]
fn the_tagging_policy_comes_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[(
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  tags   = { team = \"x\" }\n}\n",
        )],
    );
    let tag_findings = |report: &serde_json::Value| {
        located(report)
            .into_iter()
            .filter(|(rule, _, _)| rule == "tf-missing-required-tags")
            .collect::<Vec<_>>()
    };
    // No tagging policy: nothing to report.
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(tag_findings(&json(&out)), vec![]);
    write(
        dir.path(),
        &[(".rampart.yaml", "required-tags: [owner, team]\n")],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let tags = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "tf-missing-required-tags")
        .unwrap();
    assert_eq!(
        tag_findings(&report),
        vec![(
            "tf-missing-required-tags".to_owned(),
            "main.tf".to_owned(),
            3
        )]
    );
    assert_eq!(
        tags["message"],
        "aws_s3_bucket.b lacks the required tag owner"
    );
    // A malformed policy is a config error at its line.
    write(
        dir.path(),
        &[(".rampart.yaml", "exclude: []\nrequired-tags: owner\n")],
    );
    let out = rampart(&["scan", ".", "--no-progress"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".rampart.yaml:2:"), "{stderr}");
}

#[test]
fn inline_directives_in_terraform_suppress_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[(
            "main.tf",
            r#"# rampart:ignore aws-ebs-volume-not-encrypted -- scratch space, wiped nightly
resource "aws_ebs_volume" "scratch" {
  availability_zone = "a"
  size              = 1
}

resource "aws_ebs_volume" "checkov" {
  #checkov:skip=CKV_AWS_3:encrypted by the account default
  availability_zone = "a"
  size              = 1
}

// trivy:ignore:AVD-AWS-0026
resource "aws_ebs_volume" "trivy" {
  availability_zone = "a"
  size              = 1
}

resource "aws_ebs_volume" "kept" {
  availability_zone = "a # rampart:ignore aws-ebs-volume-not-encrypted -- in a string"
  size              = 1
}

resource "aws_security_group" "sg" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore aws-security-group-open-admin-port
  }
}
"#,
        )],
    );
    let out = rampart(
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--no-progress",
            "--show-suppressed",
        ],
        dir.path(),
    );
    let report = json(&out);
    // The string's `#` is text, and a directive without a reason does not suppress (a warning
    // says so).
    assert_eq!(
        located(&report),
        vec![
            (
                "aws-ebs-volume-not-encrypted".to_owned(),
                "main.tf".to_owned(),
                19
            ),
            (
                "aws-security-group-open-admin-port".to_owned(),
                "main.tf".to_owned(),
                29
            ),
        ]
    );
    let suppressed: Vec<(String, String)> = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource"]["name"].as_str().unwrap().to_owned(),
                f["suppression"]["justification"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        vec![
            (
                "aws_ebs_volume.scratch".to_owned(),
                "scratch space, wiped nightly".to_owned()
            ),
            (
                "aws_ebs_volume.checkov".to_owned(),
                "encrypted by the account default".to_owned()
            ),
            (
                "aws_ebs_volume.trivy".to_owned(),
                "suppressed by Trivy comment".to_owned()
            ),
        ]
    );
    let notices = report["notices"].to_string();
    assert!(
        notices.contains("line 29") && notices.contains("no reason"),
        "{notices}"
    );
}

#[test]
fn cloud_compliance_counts_the_terraform_resources_its_rules_judge() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "main.tf",
                "resource \"aws_ebs_volume\" \"ok\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = true\n}\n\nresource \"aws_ebs_volume\" \"bad\" {\n  availability_zone = \"a\"\n  size = 1\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
            ),
            (
                "pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let aws = report["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["framework"] == "cis-aws")
        .unwrap();
    // Only the EBS control applies (no bucket, security group or database is in the scan), and
    // only the two volumes are its resources: not the queue no rule of it judges, nor the Pod.
    assert_eq!(aws["controls_applicable"], 1, "{aws:#}");
    assert_eq!(aws["controls_passed"], 0);
    assert_eq!(aws["resources_total"], 2);
    assert_eq!(aws["resources_passing"], 1);
    let cis = report["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["framework"] == "cis")
        .unwrap();
    assert_eq!(cis["resources_total"], 1, "{cis:#}");
}

#[test]
fn kubernetes_provider_resources_are_judged_by_the_kubernetes_rules() {
    let report = scan_fixture("kubernetes-provider");
    let found = located(&report);
    let at = |rule: &str| -> Vec<u64> {
        found
            .iter()
            .filter(|(r, _, _)| r == rule)
            .map(|(_, _, line)| *line)
            .collect()
    };
    // Each at the argument that sets it, in the .tf file, under the Kubernetes rule's id.
    assert_eq!(at("k8s-privileged-container"), vec![34]);
    assert_eq!(at("k8s-host-pid"), vec![29]);
    assert_eq!(at("k8s-dangerous-capabilities"), vec![37, 37]);
    assert_eq!(at("k8s-image-tag-latest"), vec![32]);
    assert_eq!(at("k8s-binding-cluster-admin"), vec![63]);
    // The sidecar's image is unknown: no finding about that container.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["route"].as_str().unwrap_or("").contains("sidecar")),
        "{report:#}"
    );
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "k8s-privileged-container")
        .unwrap();
    assert_eq!(
        privileged["resource"]["name"],
        "kubernetes_deployment_v1.web"
    );
    assert_eq!(
        privileged["route"],
        "spec.template.spec.containers[name=web].securityContext.privileged"
    );
}

#[test]
fn registry_modules_are_evaluated_once_terraform_init_downloaded_them() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"disks","Source":"registry.terraform.io/acme/disks/aws","Version":"1.2.0","Dir":".terraform/modules/disks"},{"Key":"disks.scratch","Source":"git::https://example.com/scratch.git","Dir":".terraform/modules/disks.scratch"}]}"#;
    write(
        dir.path(),
        &[
            (
                "main.tf",
                "module \"disks\" {\n  source    = \"acme/disks/aws\"\n  version   = \"1.2.0\"\n  encrypted = false\n}\n\nmodule \"elsewhere\" {\n  source = \"acme/not-downloaded/aws\"\n}\n",
            ),
            (".terraform/modules/modules.json", manifest),
            (
                ".terraform/modules/disks/main.tf",
                "variable \"encrypted\" {}\n\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"a\"\n  size              = 1\n  encrypted         = var.encrypted\n}\n\nmodule \"scratch\" {\n  source = \"git::https://example.com/scratch.git\"\n}\n",
            ),
            (
                ".terraform/modules/disks.scratch/main.tf",
                "resource \"aws_ebs_volume\" \"tmp\" {\n  availability_zone = \"a\"\n  size              = 1\n}\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let mut volumes: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "aws-ebs-volume-not-encrypted")
        .map(|f| {
            (
                f["resource"]["name"].as_str().unwrap().to_owned(),
                f["location"]["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    volumes.sort();
    // Both downloaded modules are judged with their arguments; the call whose module was not
    // downloaded stays unknown.
    assert_eq!(
        volumes,
        vec![
            (
                "module.disks.aws_ebs_volume.data".to_owned(),
                ".terraform/modules/disks/main.tf".to_owned()
            ),
            (
                "module.disks.module.scratch.aws_ebs_volume.tmp".to_owned(),
                ".terraform/modules/disks.scratch/main.tf".to_owned()
            ),
        ]
    );
}

#[test]
fn a_value_passed_through_a_function_keeps_where_it_was_set() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "main.tf",
                "variable \"disks\" {}\n\nresource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size              = 1\n  encrypted         = lookup(element(var.disks, 0), \"encrypted\", true)\n}\n",
            ),
            (
                "terraform.tfvars",
                "disks = [\n  { encrypted = false },\n]\n",
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let volume = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "aws-ebs-volume-not-encrypted")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(volume["location"]["start"]["line"], 6);
    let set_at: Vec<(String, u64)> = volume["related"]
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
    assert!(
        set_at.contains(&("terraform.tfvars".to_owned(), 2)),
        "{set_at:?}"
    );
}

#[test]
fn kubernetes_provider_resources_join_the_cluster_view() {
    let report = scan_fixture("kubernetes-provider-cluster");
    let findings = report["findings"].as_array().unwrap();
    let of = |rule: &str| -> Vec<&serde_json::Value> {
        findings.iter().filter(|f| f["rule_id"] == rule).collect()
    };
    // The LoadBalancer Service exposes the api: reported at the Deployment, with the Service.
    let exposed = of("k8s-workload-exposed-outside-cluster");
    assert_eq!(exposed.len(), 1, "{report:#}");
    assert_eq!(exposed[0]["location"]["start"]["line"], 6);
    assert_eq!(
        exposed[0]["resource"]["name"],
        "kubernetes_deployment_v1.api"
    );
    assert!(exposed[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["location"]["start"]["line"] == 40));
    // The policy selects the api; the worker has none; the batch runner's finding is
    // suppressed by the directive in the .tf file.
    let unprotected = of("k8s-workload-without-network-policy");
    let unprotected = lines_of(unprotected.iter().copied(), &["resource", "name"]);
    assert_eq!(unprotected, vec![("kubernetes_deployment_v1.worker", 69)]);
    let suppressed = lines_of(report["suppressed"].as_array().unwrap(), &["rule_id"]);
    assert_eq!(
        suppressed,
        vec![("k8s-workload-without-network-policy", 99)]
    );
}

#[test]
fn kubernetes_provider_resources_with_unknown_labels_stay_out_of_the_cluster_view() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[(
            "main.tf",
            "variable \"app\" {}\n\nresource \"kubernetes_deployment_v1\" \"web\" {\n  metadata {\n    name = \"web\"\n  }\n  spec {\n    selector {\n      match_labels = { app = var.app }\n    }\n    template {\n      metadata {\n        labels = { app = var.app }\n      }\n      spec {\n        host_pid = true\n        container {\n          name  = \"web\"\n          image = \"nginx:1.27\"\n        }\n      }\n    }\n  }\n}\n",
        )],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    // Judged alone as before; not with the cluster rules, which might select it wrongly.
    assert!(rules.contains(&"k8s-host-pid"), "{report:#}");
    assert!(!rules.contains(&"k8s-workload-without-network-policy"));
    let notices = report["notices"].as_array().unwrap();
    assert!(
        notices.iter().any(|n| n["message"]
            .as_str()
            .unwrap()
            .contains("kubernetes_deployment_v1.web: line 9 is not known before apply")),
        "{notices:#?}"
    );
}

/// The findings of `rule` in `report`.
/// `(rule, resource, route)` of each finding, suppressed ones too, sorted: what a finding is,
/// wherever it points.
fn identified(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["suppressed"].as_array().unwrap())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["resource"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                f["route"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn kubernetes_provider_resources_read_the_same_in_json_syntax() {
    // `.tf.json` writes a single nested block as an object (`"security_context": {...}`), which
    // only the provider's schema tells from a map argument (`labels`): both must convert to the
    // same Kubernetes objects, per object and in the cluster view. (The JSON syntax has no
    // comments: a finding suppressed inline in the .tf is reported there.)
    let fixtures = workspace_root().join("crates/rampart/tests/fixtures");
    for name in ["kubernetes-provider", "kubernetes-provider-cluster"] {
        let temp = tempfile::tempdir().unwrap();
        json_syntax::rewrite(&fixtures.join(name), temp.path());
        let hcl = identified(&scan_fixture(name));
        let out = rampart(
            &["scan", ".", "--format", "json", "--no-progress"],
            temp.path(),
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(hcl.len() > 5, "{name}: {hcl:?}");
        assert_eq!(identified(&json(&out)), hcl, "{name}");
    }
}

#[test]
fn kubernetes_provider_budgets_autoscalers_and_manifests_join_the_cluster_view() {
    // A budget, an autoscaler and a NetworkPolicy written with the Kubernetes provider (the
    // policy as a `kubernetes_manifest`) cover the Deployment as YAML ones do; a
    // `kubernetes_manifest` object is judged by the per-object rules too.
    let dir = tempfile::tempdir().unwrap();
    let deployment = "resource \"kubernetes_deployment_v1\" \"web\" {
  metadata {
    name      = \"web\"
    namespace = \"shop\"
  }
  spec {
    replicas = 3
    selector {
      match_labels = { app = \"web\" }
    }
    template {
      metadata {
        labels = { app = \"web\" }
      }
      spec {
        container {
          name  = \"web\"
          image = \"nginx:1.27\"
        }
      }
    }
  }
}
";
    let others = "resource \"kubernetes_pod_disruption_budget_v1\" \"web\" {
  metadata {
    name      = \"web\"
    namespace = \"shop\"
  }
  spec {
    min_available = \"2\"
    selector {
      match_labels = { app = \"web\" }
    }
  }
}

resource \"kubernetes_horizontal_pod_autoscaler_v2\" \"web\" {
  metadata {
    name      = \"web\"
    namespace = \"shop\"
  }
  spec {
    min_replicas = 2
    max_replicas = 10
    scale_target_ref {
      api_version = \"apps/v1\"
      kind        = \"Deployment\"
      name        = \"web\"
    }
  }
}

resource \"kubernetes_manifest\" \"deny\" {
  manifest = {
    apiVersion = \"networking.k8s.io/v1\"
    kind       = \"NetworkPolicy\"
    metadata   = { name = \"default-deny\", namespace = \"shop\" }
    spec       = { podSelector = {}, policyTypes = [\"Ingress\", \"Egress\"] }
  }
}

resource \"kubernetes_manifest\" \"debug\" {
  manifest = {
    apiVersion = \"v1\"
    kind       = \"Pod\"
    metadata   = { name = \"debug\", namespace = \"shop\" }
    spec = {
      containers = [{
        name            = \"shell\"
        image           = \"busybox:1.36\"
        securityContext = { privileged = true }
      }]
    }
  }
}
";
    write(
        dir.path(),
        &[("main.tf", deployment), ("others.tf", others)],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let rules = |path: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["path"] == path)
            .map(|f| f["rule_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let web = rules("main.tf");
    for covered in [
        "k8s-workload-without-pdb",
        "k8s-workload-without-network-policy",
        "k8s-namespace-without-default-deny",
    ] {
        assert!(!web.contains(&covered.to_owned()), "{covered}: {web:?}");
    }
    // The autoscaler owns the count the Deployment also sets...
    assert!(
        web.contains(&"k8s-hpa-target-sets-replicas".to_owned()),
        "{web:?}"
    );
    // ... unless Terraform leaves the count alone after creation, as one does for autoscaled
    // workloads.
    let ignored = deployment.replace(
        "  spec {\n    replicas = 3",
        "  lifecycle {\n    ignore_changes = [spec[0].replicas]\n  }\n  spec {\n    replicas = 3",
    );
    assert_ne!(ignored, deployment);
    let other = tempfile::tempdir().unwrap();
    write(
        other.path(),
        &[("main.tf", &ignored), ("others.tf", others)],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        other.path(),
    );
    let ignoring = json(&out);
    assert!(kubernetes_findings(&ignoring, "k8s-hpa-target-sets-replicas").is_empty());
    assert!(kubernetes_findings(&ignoring, "k8s-workload-without-pdb").is_empty());
    let privileged = kubernetes_findings(&report, "k8s-privileged-container");
    assert_eq!(privileged.len(), 1);
    assert_eq!(privileged[0]["location"]["path"], "others.tf");
    // At `privileged = true`, inside `securityContext = { ... }` (line 48).
    assert_eq!(privileged[0]["location"]["start"]["line"], 48);
    assert_eq!(
        privileged[0]["resource"]["name"],
        "kubernetes_manifest.debug"
    );
}

#[test]
fn the_providers_unversioned_resources_use_the_beta_apis_they_were_written_for() {
    // `kubernetes_ingress` creates an extensions/v1beta1 Ingress, which Kubernetes 1.22 stopped
    // serving; `kubernetes_ingress_v1` a networking.k8s.io/v1 one.
    let dir = tempfile::tempdir().unwrap();
    let ingress = |kind: &str, backend: &str| {
        format!(
            "resource \"{kind}\" \"web\" {{\n  metadata {{\n    name      = \"web\"\n    \
             namespace = \"shop\"\n  }}\n  spec {{\n{backend}  }}\n}}\n"
        )
    };
    write(
        dir.path(),
        &[
            (
                "old/main.tf",
                &ingress(
                    "kubernetes_ingress",
                    "    backend {\n      service_name = \"web\"\n      service_port = 80\n    }\n",
                ),
            ),
            (
                "new/main.tf",
                &ingress(
                    "kubernetes_ingress_v1",
                    "    default_backend {\n      service {\n        name = \"web\"\n        \
                     port {\n          number = 80\n        }\n      }\n    }\n",
                ),
            ),
        ],
    );
    let out = rampart(
        &["scan", ".", "--format", "json", "--no-progress"],
        dir.path(),
    );
    let report = json(&out);
    let removed = kubernetes_findings(&report, "k8s-removed-api-version");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["location"]["path"], "old/main.tf");
    // The finding names the resource to use instead, not only the apiVersion it creates.
    let message = removed[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Ingress \"web\" uses extensions/v1beta1")
            && message.ends_with("; use the kubernetes_ingress_v1 resource (networking.k8s.io/v1)"),
        "{message}"
    );
}

#[test]
fn every_secret_of_a_projected_volume_is_a_secret_the_workload_holds() {
    // One `sources` block may hold several Secrets; each is its own projection, so the second
    // is held as the first is (it was dropped, as a repeated single block).
    let main = r#"resource "kubernetes_deployment_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "api" }
    }
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "registry.example.com/api:1.4.2"
        }
        volume {
          name = "config"
          projected {
            sources {
              config_map { name = "settings" }
              secret { name = "tls" }
              secret { name = "db-password" }
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    type     = "LoadBalancer"
    selector = { app = "api" }
    port {
      port = 443
    }
  }
}
"#;
    let report = scan_written(&[("main.tf", main)]);
    let held = kubernetes_findings(&report, "k8s-exposed-workload-mounts-secret");
    assert_eq!(held.len(), 1, "{report:#}");
    let message = held[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("mounts Secret tls, and 1 more Secret"),
        "{message}"
    );
    let related = held[0]["related"].as_array().unwrap();
    let mut secrets = lines_of(related, &["message"]);
    secrets.retain(|(message, _)| message.starts_with("mounts Secret"));
    assert_eq!(
        secrets,
        [("mounts Secret tls", 24), ("mounts Secret db-password", 25)],
        "{report:#}"
    );
}

#[test]
fn a_ceph_fs_volume_is_the_apis_cephfs_volume() {
    // The provider's `ceph_fs` is the API's `cephfs`, which the restricted profile forbids.
    let report = scan_written(&[(
        "main.tf",
        r#"resource "kubernetes_pod_v1" "p" {
  metadata { name = "p" }
  spec {
    volume {
      name = "c"
      ceph_fs {
        monitors = ["10.0.0.1:6789"]
      }
    }
  }
}
"#,
    )]);
    let disallowed = kubernetes_findings(&report, "k8s-disallowed-volume-type");
    assert_eq!(
        lines_of(&disallowed, &["message"]),
        [(
            "volume \"c\" is of type cephfs, which the restricted Pod Security Standard forbids",
            6
        )],
        "{report:#}"
    );
}

fn kubernetes_findings(report: &serde_json::Value, rule: &str) -> Vec<serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .cloned()
        .collect()
}

#[test]
fn a_plans_kubernetes_resources_are_judged_by_the_kubernetes_rules() {
    let report = scan_fixture("kubernetes-plan/plan.json");
    // The plan knows the debug container's `privileged` (given with -var at plan time): both
    // containers are reported, at the keys of the plan, under the resource's address.
    let privileged = kubernetes_findings(&report, "k8s-privileged-container");
    let at: Vec<(&str, u64, &str)> = privileged
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start"]["line"].as_u64().unwrap(),
                f["route"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        at,
        vec![
            (
                "kubernetes-plan/plan.json",
                79,
                "spec.template.spec.containers[name=web].securityContext.privileged"
            ),
            (
                "kubernetes-plan/plan.json",
                112,
                "spec.template.spec.containers[name=debug].securityContext.privileged"
            ),
        ]
    );
    assert!(privileged
        .iter()
        .all(|f| f["resource"]["name"] == "kubernetes_deployment_v1.web"));
    // Its object joins the cluster view: the values the provider computes on apply (`uid`,
    // `service_account_name`), which the configuration does not set, do not keep it out.
    let unprotected = kubernetes_findings(&report, "k8s-workload-without-network-policy");
    assert_eq!(unprotected.len(), 1, "{report:#}");
    assert_eq!(
        unprotected[0]["resource"]["name"],
        "kubernetes_deployment_v1.web"
    );
    assert!(
        report["notices"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn a_plans_kubernetes_findings_point_at_the_configuration_beside_it() {
    let root = workspace_root().join("crates/rampart/tests/fixtures");
    let scan = |path: &str| {
        json(&rampart(
            &["scan", path, "--format", "json", "--no-progress"],
            &root,
        ))
    };
    let alone = scan("kubernetes-plan/main.tf");
    let planned = scan("kubernetes-plan/plan.json");
    let both = scan("kubernetes-plan");
    // The configuration alone cannot know `var.debug_privileged`: only the web container.
    let lines = |report: &serde_json::Value, rule: &str| -> Vec<(String, u64)> {
        kubernetes_findings(report, rule)
            .iter()
            .map(|f| {
                (
                    f["location"]["path"].as_str().unwrap().to_owned(),
                    f["location"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let tf = |line| ("kubernetes-plan/main.tf".to_owned(), line);
    assert_eq!(lines(&alone, "k8s-privileged-container"), vec![tf(30)]);
    // With the plan, each finding once, at the line of the .tf that sets the value (the
    // debug container's too), with the planned value as a related location.
    let privileged = kubernetes_findings(&both, "k8s-privileged-container");
    assert_eq!(
        lines(&both, "k8s-privileged-container"),
        vec![tf(30), tf(37)]
    );
    let related: Vec<(&str, u64)> = privileged
        .iter()
        .map(|f| {
            (
                f["related"][0]["location"]["path"].as_str().unwrap(),
                f["related"][0]["location"]["start"]["line"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        vec![
            ("kubernetes-plan/plan.json", 79),
            ("kubernetes-plan/plan.json", 112)
        ]
    );
    // The cluster view has the object once, its finding at the .tf too.
    assert_eq!(
        lines(&both, "k8s-workload-without-network-policy"),
        vec![tf(11)]
    );
    // The other objects a cluster finding names point at the .tf as well: the Service that
    // exposes the Deployment is its `type = "LoadBalancer"`, as from the .tf alone.
    let exposure = |report: &serde_json::Value| -> Vec<(String, u64)> {
        kubernetes_findings(report, "k8s-workload-exposed-outside-cluster")
            .iter()
            .flat_map(|f| f["related"].as_array().unwrap().clone())
            .map(|r| {
                (
                    r["location"]["path"].as_str().unwrap().to_owned(),
                    r["location"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(exposure(&alone), vec![tf(52)]);
    assert_eq!(
        exposure(&both),
        vec![("kubernetes-plan/plan.json".to_owned(), 27), tf(52)]
    );
    // No finding stays in the plan, and none is reported twice.
    let all: Vec<(String, String, u64)> = located(&both);
    assert!(
        all.iter().all(|(_, path, _)| path.ends_with("main.tf")),
        "{all:#?}"
    );
    let mut routes: Vec<(&str, &str)> = both["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["route"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let count = routes.len();
    routes.sort_unstable();
    routes.dedup();
    assert_eq!(routes.len(), count, "{routes:#?}");
    // Fingerprinted where they point: the web container's finding is the configuration
    // alone's, so a baseline made from the .tf still matches when the plan is added.
    let fingerprints = |report: &serde_json::Value| -> Vec<String> {
        kubernetes_findings(report, "k8s-privileged-container")
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(fingerprints(&both)[..1], fingerprints(&alone)[..]);
    assert_ne!(fingerprints(&both), fingerprints(&planned));
}

#[test]
fn a_kubernetes_provider_pod_mounts_a_token_unless_its_own_spec_says_not() {
    // The provider sends `automountServiceAccountToken: true` for a pod spec that leaves it
    // out, which overrides the ServiceAccount's `false`: the Deployment gets a token. A
    // `kubernetes_manifest` object is sent as written, so its pod defers to the account (in
    // `default`, where the provider puts the account, and where the manifest must say it is:
    // the provider gives a manifest no namespace).
    let main = r#"resource "kubernetes_service_account_v1" "app" {
  metadata { name = "app" }
  automount_service_account_token = false
}

resource "kubernetes_deployment_v1" "app" {
  metadata { name = "app" }
  spec {
    selector {
      match_labels = { app = "app" }
    }
    template {
      metadata {
        labels = { app = "app" }
      }
      spec {
        service_account_name = "app"
        container {
          name  = "app"
          image = "nginx:1.27"
        }
      }
    }
  }
}

resource "kubernetes_manifest" "job" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "job", namespace = "default" }
    spec = {
      serviceAccountName = "app"
      containers         = [{ name = "job", image = "busybox:1.36" }]
    }
  }
}
"#;
    let report = scan_written(&[("main.tf", main)]);
    let mounted = kubernetes_findings(&report, "k8s-service-account-token-automount");
    let at = lines_of(&mounted, &["resource", "name"]);
    // At the pod spec block that leaves it out.
    assert_eq!(at, vec![("kubernetes_deployment_v1.app", 16)], "{report:#}");
}

#[test]
fn the_default_service_account_of_terraform_keeps_its_token_out_of_pods() {
    // CIS 5.1.5 through the provider: a `default` account that mounts its token (left out:
    // the provider's default is true) is reported at the resource or at the `true`; `false`,
    // another account's name and an unknown setting are not.
    let main = r#"variable "mount" {
  type = bool
}

resource "kubernetes_default_service_account_v1" "shop" {
  metadata { namespace = "shop" }
}

resource "kubernetes_service_account_v1" "billing" {
  metadata {
    name      = "default"
    namespace = "billing"
  }
  automount_service_account_token = true
}

resource "kubernetes_default_service_account" "reports" {
  metadata { namespace = "reports" }
  automount_service_account_token = false
}

resource "kubernetes_default_service_account_v1" "batch" {
  metadata { namespace = "batch" }
  automount_service_account_token = var.mount
}

resource "kubernetes_service_account_v1" "web" {
  metadata { name = "web" }
}
"#;
    let report = scan_written(&[("main.tf", main)]);
    let found = kubernetes_findings(&report, "k8s-default-service-account-automount");
    let at = lines_of(&found, &["resource", "name"]);
    assert_eq!(
        at,
        vec![
            ("kubernetes_default_service_account_v1.shop", 5),
            ("kubernetes_service_account_v1.billing", 14),
        ],
        "{report:#}"
    );
}

#[test]
fn a_module_that_multiplies_past_its_budget_is_warned_about_and_the_rest_is_scanned() {
    // Three nested counts of 1000 ask for a billion resources: the evaluation stops at its
    // budget, says so, and the other root module is judged as usual.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "fleet/main.tf",
                "module \"a\" {\n  source = \"../m1\"\n  count  = 1000\n}\n",
            ),
            (
                "m1/main.tf",
                "module \"b\" {\n  source = \"../m2\"\n  count  = 1000\n}\n",
            ),
            (
                "m2/main.tf",
                "resource \"null_resource\" \"r\" {\n  count = 1000\n}\n",
            ),
            (
                "app/main.tf",
                "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n",
            ),
        ],
    );
    let out = rampart(&["scan", ".", "--no-progress"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("warning: fleet: the evaluation of this module stopped after 5000000 steps"),
        "{text}"
    );
    assert!(!text.contains("warning: app"), "{text}");
    assert!(text.contains("aws-ebs-volume-not-encrypted"), "{text}");
}

#[test]
fn a_provider_workload_that_leaves_out_what_a_patch_leaves_out_is_still_judged() {
    // A YAML Deployment without a selector or a known image is a kustomize patch and is
    // skipped; a Terraform resource is created as it is, so its object is judged, even with
    // its image unknown before apply and its selector left to the provider.
    let main = r#"variable "image" {
  type = string
}

resource "kubernetes_deployment_v1" "d" {
  metadata {
    name      = "d"
    namespace = "shop"
  }
  spec {
    template {
      metadata { labels = { app = "d" } }
      spec {
        container {
          name  = "d"
          image = var.image
          security_context { privileged = true }
        }
      }
    }
  }
}
"#;
    let report = scan_written(&[("main.tf", main)]);
    let privileged = kubernetes_findings(&report, "k8s-privileged-container");
    let at = lines_of(&privileged, &["resource", "name"]);
    assert_eq!(at, vec![("kubernetes_deployment_v1.d", 17)], "{report:#}");
}

#[test]
fn a_directive_on_a_module_call_covers_what_the_module_creates() {
    // As Checkov and tfsec do: a skip in (or an ignore above) a `module` block covers the
    // findings on the resources of that call, not those of another call of the same module.
    let volume = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size      = 1\n  encrypted = false\n}\n";
    let main = r#"module "skipped" {
  #checkov:skip=CKV_AWS_3:scratch volumes hold no data
  source = "./volume"
}

# rampart:ignore aws-ebs-volume-not-encrypted -- test fixtures, destroyed nightly
module "ignored" {
  source = "./volume"
}

module "judged" {
  source = "./volume"
}
"#;
    let report = scan_written(&[("main.tf", main), ("volume/main.tf", volume)]);
    let resources = |key: &str| -> Vec<&str> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "aws-ebs-volume-not-encrypted")
            .map(|f| f["resource"]["name"].as_str().unwrap())
            .collect()
    };
    assert_eq!(
        resources("findings"),
        ["module.judged.aws_ebs_volume.v"],
        "{report:#}"
    );
    let mut suppressed = resources("suppressed");
    suppressed.sort_unstable();
    assert_eq!(
        suppressed,
        [
            "module.ignored.aws_ebs_volume.v",
            "module.skipped.aws_ebs_volume.v"
        ],
        "{report:#}"
    );
}
