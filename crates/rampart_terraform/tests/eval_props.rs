//! Property test: evaluating generated configurations (random expressions over every function,
//! operator and construct, locals referring to each other, cycles included) never panics.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use proptest::prelude::*;
use rampart_terraform::{evaluate, Inputs, Project};

const FUNCTIONS: &[&str] = &[
    "length",
    "lookup",
    "merge",
    "concat",
    "coalesce",
    "coalescelist",
    "zipmap",
    "contains",
    "element",
    "index",
    "keys",
    "values",
    "slice",
    "compact",
    "distinct",
    "toset",
    "tolist",
    "tomap",
    "flatten",
    "reverse",
    "sort",
    "one",
    "alltrue",
    "anytrue",
    "setintersection",
    "setunion",
    "setsubtract",
    "range",
    "sum",
    "split",
    "join",
    "upper",
    "lower",
    "title",
    "trimspace",
    "chomp",
    "trim",
    "trimprefix",
    "trimsuffix",
    "startswith",
    "endswith",
    "strcontains",
    "strrev",
    "substr",
    "replace",
    "format",
    "formatlist",
    "regex",
    "regexall",
    "basename",
    "dirname",
    "jsonencode",
    "jsondecode",
    "base64encode",
    "base64decode",
    "min",
    "max",
    "abs",
    "ceil",
    "floor",
    "signum",
    "pow",
    "parseint",
    "tostring",
    "tonumber",
    "tobool",
    "cidrsubnet",
    "cidrsubnets",
    "cidrhost",
    "cidrnetmask",
    "file",
    "fileexists",
    "try",
    "can",
    "templatefile",
    "timestamp",
    "nonsensitive",
];

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (-5i64..300).prop_map(|n| n.to_string()),
        Just("\"10.0.0.0/16\"".to_owned()),
        Just("\"::/0\"".to_owned()),
        Just("\"a,b\"".to_owned()),
        Just("\"%s-%d\"".to_owned()),
        Just("\"/(a)/\"".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("[1, \"x\", [2]]".to_owned()),
        Just("{ a = 1, b = \"x\" }".to_owned()),
        (0..5u8).prop_map(|i| format!("local.l{i}")),
        Just("var.v".to_owned()),
        Just("data.x.y.z".to_owned()),
        Just("r.a[*].b".to_owned()),
        Just("count.index".to_owned()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            (
                0..FUNCTIONS.len(),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{}({})", FUNCTIONS[f], args.join(", "))),
            (inner.clone(), 0..8usize, inner.clone()).prop_map(|(a, op, b)| {
                let op = ["+", "-", "*", "/", "%", "==", "&&", "<"][op];
                format!("({a} {op} {b})")
            }),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            (inner.clone(), inner.clone()).prop_map(|(c, v)| format!("[for k, v in {c} : {v}]")),
            (inner.clone(), inner.clone()).prop_map(|(c, i)| format!("{c}[{i}]")),
            inner
                .clone()
                .prop_map(|e| format!("\"x${{{e}}}%{{ if true }}y%{{ endif }}\"")),
            inner.prop_map(|e| format!("[{e}, {e}]")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn evaluating_generated_modules_never_panics(locals in prop::collection::vec(expr(), 5)) {
        let dir = std::env::temp_dir().join(format!("rampart-tf-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut text = String::from("variable \"v\" {}\nlocals {\n");
        for (i, e) in locals.iter().enumerate() {
            text.push_str(&format!("  l{i} = {e}\n"));
        }
        text.push_str("}\nresource \"r\" \"a\" {\n  count = 2\n  b = local.l0\n}\n");
        text.push_str("resource \"t\" \"out\" {\n  for_each = toset([\"a\"])\n  x = [local.l1, local.l2, local.l3, local.l4]\n  dynamic \"d\" {\n    for_each = local.l2\n    content {\n      y = d.value\n    }\n  }\n}\n");
        std::fs::write(dir.join("main.tf"), &text).unwrap();
        let mut project = Project::new();
        let module = evaluate(&mut project, &dir, &Inputs::default());
        std::fs::remove_dir_all(&dir).unwrap();
        prop_assert!(module.resources.len() <= 3 || module.errors.is_empty(), "{text}");
    }
}
