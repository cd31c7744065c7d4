//! Evaluation of the fixture modules under `tests/fixtures`, one feature at a time.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::path::{Path, PathBuf};

use rampart_terraform::{
    evaluate, EvaluatedModule, Inputs, Kind, Project, Reason, ResourceInstance, Value,
};
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(name: &str, inputs: &Inputs) -> (Project, EvaluatedModule) {
    let mut project = Project::new();
    let module = evaluate(&mut project, &fixture(name), inputs);
    (project, module)
}

fn instance<'m>(module: &'m EvaluatedModule, address: &str) -> &'m ResourceInstance {
    module
        .walk()
        .flat_map(|m| &m.resources)
        .find(|r| r.address == address)
        .unwrap_or_else(|| {
            let all: Vec<_> = module
                .walk()
                .flat_map(|m| &m.resources)
                .map(|r| &r.address)
                .collect();
            panic!("no {address} among {all:?}")
        })
}

fn attr<'i>(instance: &'i ResourceInstance, name: &str) -> &'i Value {
    &instance
        .body
        .attribute(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .value
}

/// A value as JSON, unknowns as `"<unknown: Reason>"`, to compare in one assertion.
fn js(value: &Value) -> serde_json::Value {
    match &value.kind {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => json!(b),
        Kind::Number(n) => json!(n),
        Kind::String(s) => json!(&**s),
        Kind::List(items) => items.iter().map(js).collect(),
        Kind::Map(map) => map.iter().map(|(k, v)| (k.clone(), js(v))).collect(),
        Kind::Unknown(u) => json!(format!("<unknown: {:?}>", u.reason)),
    }
}

/// `path:line` of each link of the value's origin chain.
fn chain(project: &Project, value: &Value) -> Vec<String> {
    value
        .origin
        .as_ref()
        .unwrap()
        .chain()
        .map(|o| {
            let location = project.location(o.span);
            let name = Path::new(&location.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            format!("{name}:{}", location.start.line)
        })
        .collect()
}

#[test]
fn tfvars_override_defaults_and_auto_tfvars_override_tfvars() {
    let (project, module) = run("variables", &Inputs::default());
    let ssh = instance(&module, "aws_security_group_rule.ssh");
    assert_eq!(js(attr(ssh, "cidr_blocks")), json!(["0.0.0.0/0"]));
    assert_eq!(js(attr(ssh, "from_port")), json!(22.0));
    assert_eq!(js(attr(ssh, "description")), json!("ssh for prod"));
    // The finding can point at the attribute, and at the tfvars line that set the value.
    let cidrs = attr(ssh, "cidr_blocks");
    assert_eq!(chain(&project, cidrs), ["main.tf:5", "terraform.tfvars:1"]);
    assert_eq!(
        chain(&project, &cidrs.as_list().unwrap()[0]),
        ["terraform.tfvars:1"]
    );
}

#[test]
fn var_files_and_command_line_vars_come_last() {
    let inputs = Inputs {
        var_files: vec![fixture("variables/extra.tfvars")],
        vars: vec![("port".into(), "3389".into()), ("env".into(), "cli".into())],
    };
    let (project, module) = run("variables", &inputs);
    let ssh = instance(&module, "aws_security_group_rule.ssh");
    assert_eq!(js(attr(ssh, "from_port")), json!(3389.0));
    assert_eq!(js(attr(ssh, "description")), json!("ssh for cli"));
    assert_eq!(
        chain(&project, attr(ssh, "from_port")),
        ["main.tf:3", "<--var port>:1"]
    );
    let volume = instance(&module, "aws_ebs_volume.data");
    assert_eq!(
        js(attr(volume, "tags")),
        json!({"Extra": "extra", "Unset": "<unknown: UnsetVariable>"})
    );
}

#[test]
fn optional_object_attributes_get_their_defaults() {
    let (_, module) = run("variables", &Inputs::default());
    let volume = instance(&module, "aws_ebs_volume.data");
    assert_eq!(js(attr(volume, "encrypted")), json!(true));
    assert_eq!(js(attr(volume, "kms_key_id")), json!(null));
    assert_eq!(js(attr(volume, "size")), json!(8.0));
}

#[test]
fn local_module_calls_are_evaluated_with_their_arguments() {
    let (project, module) = run("modules", &Inputs::default());
    let logs = instance(
        &module,
        "module.logs.aws_s3_bucket_public_access_block.this",
    );
    assert_eq!(js(attr(logs, "block_public_acls")), json!(false));
    // The chain goes from the child's reference, through the module argument, to the root's
    // variable default.
    assert_eq!(
        chain(&project, attr(logs, "block_public_acls")),
        ["main.tf:14", "main.tf:8", "main.tf:2"]
    );
    let call = module
        .children
        .iter()
        .find(|c| c.address == "module.logs")
        .unwrap();
    assert_eq!(project.location(call.call.unwrap()).start.line, 5);
    // The bucket id is known only after apply, and says which resource it belongs to.
    let bucket = attr(logs, "bucket").as_unknown().unwrap();
    assert_eq!(bucket.reason, Reason::AfterApply);
    assert_eq!(bucket.resource.as_deref(), Some("aws_s3_bucket.this"));
}

#[test]
fn module_count_and_for_each_make_one_module_instance_each() {
    let (_, module) = run("modules", &Inputs::default());
    let prod = instance(
        &module,
        "module.per_env[\"prod\"].aws_s3_bucket_public_access_block.this",
    );
    assert_eq!(js(attr(prod, "block_public_acls")), json!(true));
    let dev = instance(&module, "module.per_env[\"dev\"].aws_s3_bucket.this");
    assert_eq!(js(attr(dev, "bucket")), json!("data-dev"));
    let second = instance(&module, "module.counted[1].aws_s3_bucket.this");
    assert_eq!(js(attr(second, "bucket")), json!("n1"));
    let policy = instance(&module, "aws_s3_bucket_policy.p");
    assert_eq!(js(attr(policy, "names")), json!(["data-dev", "data-prod"]));
}

#[test]
fn remote_modules_are_unknown_and_recursion_stops() {
    let (_, module) = run("modules", &Inputs::default());
    assert_eq!(module.remote_modules.len(), 1);
    assert_eq!(
        module.remote_modules[0].source.as_deref(),
        Some("terraform-aws-modules/s3-bucket/aws")
    );
    let policy = instance(&module, "aws_s3_bucket_policy.p");
    assert_eq!(js(attr(policy, "policy")), json!("<unknown: RemoteModule>"));
    // The module that calls itself is evaluated once, and its self-call is not followed.
    let loops = module
        .walk()
        .filter(|m| m.address.contains("recursive"))
        .count();
    assert_eq!(loops, 1);
}

#[test]
fn expressions_and_functions_evaluate_as_terraform_does() {
    let (_, module) = run("expressions", &Inputs::default());
    let out = instance(&module, "terraform_data.out");
    let input = attr(out, "input");
    assert_eq!(
        js(input),
        json!({
            "open": {"22": 22.0, "443": 443.0},
            "upper": ["A", "B"],
            "cidr": "10.0.2.0/24",
            "cidrs": ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/24"],
            "policy": "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}",
            "decoded": "*",
            "first": "sec",
            "missing": "none",
            "cond": "many",
            "formatted": "web-007",
            "joined": "a,b",
            "tried": "fallback",
            "can_it": false,
            "cycle": "<unknown: Limit>",
            "template": "[a][b]!",
            "heredoc": "{\n  \"x\": \"10.0.2.0/24\"\n}\n",
            "flat": [1.0, 2.0, 3.0, 4.0],
            "regex": ["web", "42"],
            "splat": ["t3.micro", "t3.large"],
            "timestamp": "<unknown: Function>",
            "grouped": {"a": ["a", "a"], "b": ["b"]},
            "sg_id": "<unknown: AfterApply>",
            "ami": "<unknown: DataSource>",
        })
    );
}

#[test]
fn count_for_each_and_dynamic_blocks_make_instances() {
    let (_, module) = run("expressions", &Inputs::default());
    assert_eq!(
        js(attr(
            instance(&module, "aws_instance.web[1]"),
            "instance_type"
        )),
        json!("t3.large")
    );
    assert_eq!(
        js(attr(
            instance(&module, "aws_iam_user.each[\"bob\"]"),
            "path"
        )),
        json!("/dev/")
    );
    let sg = instance(&module, "aws_security_group.sg");
    let ingress: Vec<_> = sg.body.blocks_of("ingress").collect();
    assert_eq!(ingress.len(), 2);
    assert_eq!(
        js(&ingress[1].body.attribute("from_port").unwrap().value),
        json!(443.0)
    );
    assert_eq!(
        js(&ingress[0].body.attribute("description").unwrap().value),
        json!("port 22")
    );
    assert_eq!(sg.body.blocks_of("egress").count(), 1);
    let ami = attr(instance(&module, "aws_instance.web[0]"), "ami")
        .as_unknown()
        .unwrap();
    assert_eq!(ami.resource.as_deref(), Some("data.aws_ami.ubuntu"));
}

#[test]
fn json_syntax_modules_evaluate_like_native_ones() {
    let (project, module) = run("json", &Inputs::default());
    let bucket = instance(&module, "aws_s3_bucket.b");
    assert_eq!(js(attr(bucket, "bucket")), json!("b-public-read"));
    assert_eq!(js(attr(bucket, "versioning")), json!({"enabled": true}));
    let acl = attr(bucket, "acl");
    assert_eq!(project.text(acl.origin.as_ref().unwrap().span), "var.acl");
    // Without provider schemas, the object is also read as the nested block it stands for,
    // its fields located at their values.
    let versioning: Vec<_> = bucket.body.blocks_of("versioning").collect();
    assert_eq!(versioning.len(), 1);
    assert_eq!(project.text(versioning[0].span), r#"{ "enabled": true }"#);
    let enabled = versioning[0].body.attribute("enabled").unwrap();
    assert_eq!(project.text(enabled.span), "true");
    assert_eq!(bucket.body.blocks_of("acl").count(), 0);
}

#[test]
fn a_list_of_objects_from_a_variable_reads_as_blocks_at_the_argument() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"rules\" {\n  default = [{ from_port = 22, cidr_blocks = [\"0.0.0.0/0\"] }]\n}\n\
         resource \"aws_security_group\" \"sg\" {\n  ingress = var.rules\n}\n",
    )
    .unwrap();
    let mut project = Project::new();
    let module = evaluate(&mut project, dir.path(), &Inputs::default());
    let sg = instance(&module, "aws_security_group.sg");
    let ingress: Vec<_> = sg.body.blocks_of("ingress").collect();
    assert_eq!(ingress.len(), 1);
    // Located at the argument that brings them in; each value still knows where it was set.
    assert_eq!(project.text(ingress[0].span), "ingress = var.rules");
    let port = ingress[0].body.attribute("from_port").unwrap();
    assert_eq!(project.text(port.span), "ingress = var.rules");
    assert_eq!(
        project.text(port.value.origin.as_ref().unwrap().set_at()),
        "22"
    );
}

#[test]
fn hostile_configurations_stay_bounded() {
    let dir = std::env::temp_dir().join(format!("rampart-tf-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..200 {
        // Each doubles the last: 2^200 bytes if nothing stopped it.
        text.push_str(&format!(
            "  s{i} = \"${{local.s{}}}${{local.s{}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str("  big = range(1000000000)\n  l0 = [1]\n");
    for i in 1..200 {
        text.push_str(&format!(
            "  l{i} = concat(local.l{}, local.l{})\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str("}\n");
    text.push_str("resource \"a\" \"many\" {\n  count = 1000000000000\n}\n");
    text.push_str(
        "resource \"a\" \"out\" {\n  s = local.s199\n  big = local.big\n  l = local.l199\n}\n",
    );
    // A chain of locals deeper than the evaluator follows.
    text.push_str("locals {\n  d0 = 1\n");
    for i in 1..5000 {
        text.push_str(&format!("  d{i} = local.d{}\n", i - 1));
    }
    text.push_str("}\nresource \"a\" \"deep\" {\n  d = local.d4999\n}\n");
    std::fs::write(dir.join("main.tf"), text).unwrap();
    let mut project = Project::new();
    let module = evaluate(&mut project, &dir, &Inputs::default());
    std::fs::remove_dir_all(&dir).unwrap();
    let out = instance(&module, "a.out");
    assert_eq!(js(attr(out, "s")), json!("<unknown: Limit>"));
    assert_eq!(js(attr(out, "big")), json!("<unknown: Limit>"));
    assert_eq!(js(attr(out, "l")), json!("<unknown: Limit>"));
    let many = module.resources.iter().filter(|r| r.name == "many").count();
    assert_eq!(many, rampart_terraform::eval::MAX_INSTANCES);
    let deep = instance(&module, "a.deep");
    assert!(attr(deep, "d").is_unknown() || js(attr(deep, "d")) == json!(1.0));
}

#[test]
fn counts_and_loops_that_multiply_stop_at_the_evaluation_budget() {
    // Each count is within MAX_INSTANCES, but together they ask for a billion resources.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    for (sub, text) in [
        (
            "root",
            "module \"a\" {\n  source = \"../m1\"\n  count  = 1000\n}\n\
             output \"after\" {\n  value = [for i in range(3) : i]\n}\n",
        ),
        (
            "m1",
            "module \"b\" {\n  source = \"../m2\"\n  count  = 1000\n}\n",
        ),
        (
            "m2",
            "resource \"null_resource\" \"r\" {\n  count = 1000\n}\n",
        ),
        (
            "small",
            "output \"after\" {\n  value = [for i in range(3) : i]\n}\n",
        ),
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("main.tf"), text).unwrap();
    }
    let mut project = Project::new();
    let module = evaluate(&mut project, &root, &Inputs::default());
    assert!(project.evaluation_limited());
    let made = module.walk().map(|m| m.resources.len()).sum::<usize>();
    assert!((1..=10_000).contains(&made), "{made} resources");
    // Past the budget, values are unknown.
    assert_eq!(js(&module.outputs["after"]), json!("<unknown: Limit>"));
    // The next root module has a budget of its own.
    let small = evaluate(&mut project, &dir.path().join("small"), &Inputs::default());
    assert!(!project.evaluation_limited());
    assert_eq!(js(&small.outputs["after"]), json!([0.0, 1.0, 2.0]));
}

#[test]
fn a_string_built_around_a_reference_is_derived_from_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"resource "aws_s3_bucket" "logs" {}

resource "aws_x" "y" {
  bare     = aws_s3_bucket.logs.arn
  wrapped  = "${aws_s3_bucket.logs.arn}"
  built    = "${aws_s3_bucket.logs.arn}/prefix/*"
}
"#,
    )
    .unwrap();
    let mut project = Project::new();
    let module = evaluate(&mut project, dir.path(), &Inputs::default());
    let y = instance(&module, "aws_x.y");
    for (name, derived) in [("bare", false), ("wrapped", false), ("built", true)] {
        let unknown = attr(y, name).as_unknown().unwrap();
        // Each still names the bucket, so that rules can follow it (an ARN with a prefix).
        assert_eq!(
            unknown.resource.as_deref(),
            Some("aws_s3_bucket.logs"),
            "{name}"
        );
        assert_eq!(unknown.derived, derived, "{name}");
    }
}

#[test]
fn ignore_changes_is_kept_as_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"resource "a" "list" {
  lifecycle {
    ignore_changes = [spec[0].replicas, tags, "metadata[0].annotations"]
  }
}
resource "a" "all" {
  lifecycle {
    ignore_changes = all
  }
}
resource "a" "none" {}
"#,
    )
    .unwrap();
    let mut project = Project::new();
    let module = evaluate(&mut project, dir.path(), &Inputs::default());
    let ignored = |address: &str| instance(&module, address).ignore_changes.clone();
    assert_eq!(
        ignored("a.list"),
        ["spec.replicas", "tags", "metadata.annotations"]
    );
    assert_eq!(ignored("a.all"), ["all"]);
    assert!(ignored("a.none").is_empty());
}
