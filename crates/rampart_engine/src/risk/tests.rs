#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use rampart_diagnostics::Finding;
use rampart_source::SourceFile;
use rampart_yaml::{parse_yaml, Limits};

use super::*;
use rampart_rules::cluster::{Exposure, Graph};

fn inventory(files: &[(&str, &str)]) -> Inventory {
    let mut inventory = Inventory::default();
    for (path, text) in files {
        let file = SourceFile::new(*path, *text);
        for doc in parse_yaml(file.text(), Limits::default()).documents {
            if let Some(root) = &doc.root {
                inventory.add_document(&file, root, None);
            }
        }
    }
    inventory.sort();
    inventory
}

/// Runs every rule over the files, and scores the findings as the scan does.
fn assessed(files: &[(&str, &str)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (path, text) in files {
        let file = SourceFile::new(*path, *text);
        for doc in parse_yaml(file.text(), Limits::default()).documents {
            if let Some(root) = &doc.root {
                if let Ok(found) = rampart_rules::check_document(
                    &file,
                    root,
                    None,
                    rampart_rules::all(),
                    &rampart_rules::Settings::default(),
                ) {
                    findings.extend(found);
                }
            }
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    assess(&Graph::new(&inventory(files)), &mut findings, &mut []);
    findings
}

fn finding<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.rule.id == rule)
        .unwrap_or_else(|| panic!("no {rule} finding"))
}

fn score(finding: &Finding) -> u32 {
    finding.risk.as_ref().unwrap().score
}

fn reasons(finding: &Finding) -> Vec<String> {
    finding.risk.as_ref().unwrap().reasons.clone()
}

/// Kinds of exposure of each workload, by name.
fn exposures(files: &[(&str, &str)]) -> Vec<(String, Vec<&'static str>)> {
    let inventory = inventory(files);
    let graph = Graph::new(&inventory);
    inventory
        .workloads
        .iter()
        .zip(&graph.exposures)
        .map(|(w, exposures)| {
            let kinds = exposures
                .iter()
                .map(|e| match e {
                    Exposure::Route { .. } => "route",
                    Exposure::Service(_) => "service",
                    Exposure::HostPort(_) => "host-port",
                })
                .collect();
            (w.meta.name().to_owned(), kinds)
        })
        .collect()
}

fn deployment(name: &str, namespace: Option<&str>, labels: &str) -> String {
    let namespace = namespace.map_or(String::new(), |ns| format!("  namespace: {ns}\n"));
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{namespace}spec:\n  \
         template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n        \
         - name: app\n          image: example/app:1.0\n"
    )
}

fn service(name: &str, namespace: Option<&str>, kind: &str, selector: &str) -> String {
    let namespace = namespace.map_or(String::new(), |ns| format!("  namespace: {ns}\n"));
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{namespace}spec:\n  \
         type: {kind}\n  selector: {selector}\n  ports:\n    - port: 80\n"
    )
}

const INGRESS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: front
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
";

#[test]
fn a_selector_selects_pods_with_every_label_in_the_same_namespace() {
    let svc = service(
        "web",
        Some("shop"),
        "LoadBalancer",
        "{app: web, tier: front}",
    );
    let files = [
        ("a/svc.yaml", svc.as_str()),
        (
            "a/all.yaml",
            &deployment("all", Some("shop"), "{app: web, tier: front, extra: x}"),
        ),
        (
            "a/partial.yaml",
            &deployment("partial", Some("shop"), "{app: web}"),
        ),
        (
            "a/other-value.yaml",
            &deployment("other-value", Some("shop"), "{app: web, tier: back}"),
        ),
        (
            "a/other-ns.yaml",
            &deployment("other-ns", Some("prod"), "{app: web, tier: front}"),
        ),
        (
            "a/no-ns.yaml",
            &deployment("no-ns", None, "{app: web, tier: front}"),
        ),
    ];
    let exposed: Vec<String> = exposures(&files)
        .into_iter()
        .filter(|(_, kinds)| !kinds.is_empty())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(exposed, ["all"]);
}

#[test]
fn a_missing_namespace_matches_only_a_missing_namespace() {
    let svc = service("web", None, "NodePort", "{app: web}");
    let files = [
        ("svc.yaml", svc.as_str()),
        ("unset.yaml", &deployment("unset", None, "{app: web}")),
        (
            "default.yaml",
            &deployment("default", Some("default"), "{app: web}"),
        ),
    ];
    let exposed: Vec<String> = exposures(&files)
        .into_iter()
        .filter(|(_, kinds)| !kinds.is_empty())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(exposed, ["unset"]);
}

#[test]
fn an_empty_selector_selects_nothing() {
    let svc =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n";
    let files = [
        ("svc.yaml", svc),
        ("d.yaml", &deployment("d", None, "{app: web}")),
    ];
    assert_eq!(exposures(&files), [("d".to_owned(), vec![])]);
}

#[test]
fn load_balancer_node_port_external_ips_and_ingress_expose_but_cluster_ip_does_not() {
    let case = |svc: &str, extra: &[(&str, &str)]| {
        let d = deployment("web", Some("shop"), "{app: web}");
        let mut files = vec![("svc.yaml", svc), ("d.yaml", d.as_str())];
        files.extend_from_slice(extra);
        exposures(&files).remove(0).1
    };
    let lb = service("web", Some("shop"), "LoadBalancer", "{app: web}");
    let np = service("web", Some("shop"), "NodePort", "{app: web}");
    let cip = service("web", Some("shop"), "ClusterIP", "{app: web}");
    let ext = cip.replace("  ports:", "  externalIPs: [203.0.113.7]\n  ports:");
    assert_eq!(case(&lb, &[]), ["service"]);
    assert_eq!(case(&np, &[]), ["service"]);
    assert_eq!(case(&cip, &[]), Vec::<&str>::new());
    assert_eq!(case(&ext, &[]), ["service"]);
    assert_eq!(case(&cip, &[("ing.yaml", INGRESS)]), ["route"]);
    // An Ingress of another namespace cannot route to the Service.
    let elsewhere = INGRESS.replace("namespace: shop", "namespace: other");
    assert_eq!(case(&cip, &[("ing.yaml", &elsewhere)]), Vec::<&str>::new());
    // Nor one that names another Service.
    let other = INGRESS.replace("name: web", "name: api");
    assert_eq!(case(&cip, &[("ing.yaml", &other)]), Vec::<&str>::new());
}

#[test]
fn an_old_style_ingress_and_an_http_route_expose_too() {
    let cip = service("web", Some("shop"), "ClusterIP", "{app: web}");
    let d = deployment("web", Some("shop"), "{app: web}");
    let v1beta1 = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\n  \
                   namespace: shop\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n";
    let route = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  \
                 name: r\n  namespace: shop\nspec:\n  rules:\n    - backendRefs:\n        \
                 - name: web\n          port: 80\n";
    for entry in [v1beta1, route] {
        let files = [
            ("svc.yaml", cip.as_str()),
            ("d.yaml", d.as_str()),
            ("r.yaml", entry),
        ];
        assert_eq!(exposures(&files).remove(0).1, ["route"], "{entry}");
    }
}

#[test]
fn links_prefer_the_same_folder() {
    let lb = service("web", Some("shop"), "LoadBalancer", "{app: web}");
    let cip = service("web", Some("shop"), "ClusterIP", "{app: web}");
    let d = deployment("web", Some("shop"), "{app: web}");
    let files = [
        ("dev/svc.yaml", lb.as_str()),
        ("dev/d.yaml", d.as_str()),
        ("prod/svc.yaml", cip.as_str()),
        ("prod/d.yaml", d.as_str()),
    ];
    let inventory = inventory(&files);
    let graph = Graph::new(&inventory);
    let exposed: Vec<&str> = inventory
        .workloads
        .iter()
        .zip(&graph.exposures)
        .filter(|(_, e)| !e.is_empty())
        .map(|(w, _)| w.meta.path.as_str())
        .collect();
    assert_eq!(exposed, ["dev/d.yaml"]);

    // With no workload in its own folder, a Service links to matches anywhere.
    let split = [
        ("services/svc.yaml", lb.as_str()),
        ("deployments/d.yaml", d.as_str()),
    ];
    assert_eq!(exposures(&split).remove(0).1, ["service"]);
}

const POD_WITH_ACCOUNT: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: apps
spec:
  serviceAccountName: robot
  containers:
    - name: app
      image: example/app:1.0
";

fn grants(files: &[(&str, &str)]) -> Vec<String> {
    let inventory = inventory(files);
    let graph = Graph::new(&inventory);
    graph.grants[0].iter().map(|g| g.describe_role()).collect()
}

#[test]
fn a_service_account_is_powerful_when_bound_to_a_powerful_role() {
    let role =
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  \
                namespace: apps\nrules:\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    \
                verbs: [get, list]\n";
    let binding = |role_kind: &str, role: &str, subject: &str| {
        format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  \
             namespace: apps\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  \
             name: {role}\nsubjects:\n  - {subject}\n"
        )
    };
    let sa = "{kind: ServiceAccount, name: robot}";
    assert_eq!(
        grants(&[
            ("p.yaml", POD_WITH_ACCOUNT),
            ("r.yaml", role),
            ("b.yaml", &binding("Role", "reader", sa))
        ]),
        ["Role apps/reader (read Secrets) by RoleBinding apps/b"]
    );
    // A default ClusterRole known by name.
    assert_eq!(
        grants(&[
            ("p.yaml", POD_WITH_ACCOUNT),
            ("b.yaml", &binding("ClusterRole", "cluster-admin", sa))
        ]),
        ["ClusterRole cluster-admin (every verb on every resource) by RoleBinding apps/b"]
    );
    // `view` reads no Secrets; an unknown role is not assumed powerful.
    for harmless in ["view", "something-else"] {
        let b = binding("ClusterRole", harmless, sa);
        assert!(grants(&[("p.yaml", POD_WITH_ACCOUNT), ("b.yaml", &b)]).is_empty());
    }
    // Another account, another namespace.
    let other = binding(
        "ClusterRole",
        "cluster-admin",
        "{kind: ServiceAccount, name: other}",
    );
    assert!(grants(&[("p.yaml", POD_WITH_ACCOUNT), ("b.yaml", &other)]).is_empty());
    let elsewhere = binding(
        "ClusterRole",
        "cluster-admin",
        "{kind: ServiceAccount, name: robot, namespace: prod}",
    );
    assert!(grants(&[("p.yaml", POD_WITH_ACCOUNT), ("b.yaml", &elsewhere)]).is_empty());
    // Every service account of the namespace.
    let group = binding(
        "ClusterRole",
        "edit",
        "{kind: Group, name: \"system:serviceaccounts:apps\", apiGroup: rbac.authorization.k8s.io}",
    );
    assert_eq!(
        grants(&[("p.yaml", POD_WITH_ACCOUNT), ("b.yaml", &group)]).len(),
        1
    );
}

#[test]
fn a_pod_without_a_token_holds_no_role() {
    let binding =
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  \
                   name: b\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - \
                   {kind: ServiceAccount, name: robot, namespace: apps}\n";
    let opted_out = POD_WITH_ACCOUNT.replace(
        "  serviceAccountName: robot\n",
        "  serviceAccountName: robot\n  automountServiceAccountToken: false\n",
    );
    assert!(grants(&[("p.yaml", &opted_out), ("b.yaml", binding)]).is_empty());
    // The ServiceAccount opts out, and the pod does not opt back in...
    let account = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  \
                   namespace: apps\nautomountServiceAccountToken: false\n";
    assert!(grants(&[
        ("p.yaml", POD_WITH_ACCOUNT),
        ("b.yaml", binding),
        ("sa.yaml", account)
    ])
    .is_empty());
    // ...unless it does.
    let opted_in = opted_out.replace("Token: false", "Token: true");
    assert_eq!(
        grants(&[
            ("p.yaml", &opted_in),
            ("b.yaml", binding),
            ("sa.yaml", account)
        ])
        .len(),
        1
    );
}

#[test]
fn roles_are_powerful_for_wildcards_secrets_exec_and_pod_creation() {
    let powers = |rules: &str| {
        let role = format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n{rules}"
        );
        inventory(&[("r.yaml", &role)]).roles[0].powers.clone()
    };
    assert_eq!(
        powers("  - {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n"),
        ["every verb on every resource"]
    );
    assert_eq!(
        powers("  - {apiGroups: [apps], resources: [\"*\"], verbs: [\"*\"]}\n"),
        ["every verb on every resource of API group apps"]
    );
    assert_eq!(
        powers("  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}\n  - {apiGroups: [\"\"], resources: [pods], verbs: [create]}\n"),
        ["exec into pods", "create pods"]
    );
    assert!(powers(
        "  - {apiGroups: [\"\"], resources: [secrets], resourceNames: [tls], verbs: [get]}\n"
    )
    .is_empty());
    assert!(
        powers("  - {apiGroups: [\"\"], resources: [pods, configmaps], verbs: [get, list]}\n")
            .is_empty()
    );
}

const PRIVILEGED_EXPOSED: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  automountServiceAccountToken: false
  containers:
    - name: web
      image: example/web:1.0
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
    - port: 80
";

#[test]
fn scores_add_context_to_severity_and_say_why() {
    let findings = assessed(&[("app.yaml", PRIVILEGED_EXPOSED)]);
    let privileged = finding(&findings, "k8s-privileged-container");
    assert_eq!(score(privileged), 75 + 15 + 10);
    assert_eq!(
        reasons(privileged),
        [
            "critical severity: 75",
            "+15 exposed: LoadBalancer Service shop/web selects its pods",
            "+10 privileged: runs container \"web\" privileged",
        ]
    );
    // The same pod, not exposed and not privileged: its findings keep their severity's score.
    let plain = PRIVILEGED_EXPOSED
        .replace("type: LoadBalancer", "type: ClusterIP")
        .replace("privileged: true", "privileged: false");
    let findings = assessed(&[("app.yaml", &plain)]);
    for finding in &findings {
        assert_eq!(
            score(finding),
            score::base(finding.severity),
            "{}",
            finding.rule.id
        );
        assert_eq!(reasons(finding).len(), 1);
    }
}

#[test]
fn scores_are_capped_at_100_and_say_so() {
    let capped = PRIVILEGED_EXPOSED.replace(
        "      image: example/web:1.0\n",
        "      image: example/web:1.0\n      envFrom: [{secretRef: {name: web}}]\n",
    ).replace(
        "  containers:\n",
        "  hostPID: true\n  volumes:\n    - {name: sock, hostPath: {path: /var/run/docker.sock}}\n  containers:\n",
    );
    let findings = assessed(&[("app.yaml", &capped)]);
    let privileged = finding(&findings, "k8s-privileged-container");
    assert_eq!(score(privileged), 100);
    let reasons = reasons(privileged);
    assert_eq!(
        reasons.last().map(String::as_str),
        Some("capped at 100 (the factors add up to 115)")
    );
    assert!(reasons.contains(
        &"+10 reaches the host: mounts the container runtime socket /var/run/docker.sock"
            .to_owned()
    ));
    assert!(reasons
        .contains(&"+5 reaches data: reads Secret web (envFrom of container \"web\")".to_owned()));
}

const CHAIN_INGRESS: &str = "\
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
                  number: 8080
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
    - port: 8080
";

const CHAIN_DAEMONSET: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      serviceAccountName: agent
      containers:
        - name: agent
          image: example/agent:2.0
          securityContext:
            privileged: true
      volumes:
        - name: runtime
          hostPath:
            path: /var/run/docker.sock
";

const CHAIN_RBAC: &str = "\
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

fn chain() -> Vec<Finding> {
    assessed(&[
        ("k8s/ingress.yaml", CHAIN_INGRESS),
        ("k8s/agent.yaml", CHAIN_DAEMONSET),
        ("k8s/rbac.yaml", CHAIN_RBAC),
    ])
}

#[test]
fn an_attack_path_is_told_in_order_from_the_ingress_to_the_node_and_the_cluster() {
    let findings = chain();
    let privileged = finding(&findings, "k8s-privileged-container");
    let path = &privileged.risk.as_ref().unwrap().path;
    let told: Vec<(&str, String)> = path
        .iter()
        .map(|s| {
            let l = s.location.as_ref().unwrap();
            (
                s.description.as_str(),
                format!("{}:{}", l.path, l.start.line),
            )
        })
        .collect();
    assert_eq!(
        told,
        [
            (
                "Ingress monitoring/status routes status.example.com from outside the cluster to Service agent",
                "k8s/ingress.yaml:15".to_owned()
            ),
            (
                "Service monitoring/agent selects the pods of DaemonSet monitoring/agent (app=agent)",
                "k8s/ingress.yaml:25".to_owned()
            ),
            (
                "DaemonSet monitoring/agent runs container \"agent\" privileged",
                "k8s/agent.yaml:18".to_owned()
            ),
            (
                "DaemonSet monitoring/agent mounts the container runtime socket /var/run/docker.sock, which gives control of every container on the node",
                "k8s/agent.yaml:22".to_owned()
            ),
            (
                "its pods' token, of ServiceAccount monitoring/agent, holds ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding agent-admin",
                "k8s/rbac.yaml:8".to_owned()
            ),
        ]
    );
    // The steps become related locations, numbered, except the finding's own.
    let related: Vec<&str> = privileged
        .related
        .iter()
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(related.len(), 4);
    assert!(related[0].starts_with("attack path 1/5: Ingress monitoring/status"));
    assert!(related[2].starts_with("attack path 4/5: DaemonSet"));

    // The other steps' findings carry the path too; a finding that is no step does not.
    for rule in ["k8s-sensitive-host-path", "k8s-binding-cluster-admin"] {
        assert_eq!(
            &finding(&findings, rule).risk.as_ref().unwrap().path,
            path,
            "{rule}"
        );
    }
    assert!(finding(&findings, "k8s-run-as-root")
        .risk
        .as_ref()
        .unwrap()
        .path
        .is_empty());
}

#[test]
fn rbac_findings_are_raised_when_an_exposed_workload_holds_the_grant() {
    let findings = chain();
    let binding = finding(&findings, "k8s-binding-cluster-admin");
    assert_eq!(score(binding), 55 + 15 + 10);
    assert_eq!(
        reasons(binding),
        [
            "high severity: 55",
            "+15 exposed: held by DaemonSet monitoring/agent, which is exposed: Ingress monitoring/status routes status.example.com to Service agent, which selects its pods",
            "+10 in use: DaemonSet monitoring/agent runs with it through ServiceAccount monitoring/agent (ClusterRoleBinding agent-admin)",
        ]
    );
    // Alone, the binding is only as risky as its severity.
    let alone = assessed(&[("rbac.yaml", CHAIN_RBAC)]);
    assert_eq!(score(finding(&alone, "k8s-binding-cluster-admin")), 55);
}

#[test]
fn a_role_granted_to_every_authenticated_user_is_exposed() {
    let rbac = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - apiGroups: [\"\"]
    resources: [secrets]
    verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
  - {kind: Group, name: \"system:authenticated\", apiGroup: rbac.authorization.k8s.io}
";
    let findings = assessed(&[("rbac.yaml", rbac)]);
    let read = finding(&findings, "k8s-rbac-read-secrets");
    assert_eq!(
        reasons(read)[1],
        "+15 exposed: ClusterRoleBinding everyone grants it to every authenticated user (Group system:authenticated)"
    );
}

#[test]
fn the_assessment_does_not_depend_on_the_order_of_the_files() {
    let files = [
        ("k8s/ingress.yaml", CHAIN_INGRESS),
        ("k8s/agent.yaml", CHAIN_DAEMONSET),
        ("k8s/rbac.yaml", CHAIN_RBAC),
    ];
    let mut reversed = files;
    reversed.reverse();
    let risks = |findings: Vec<Finding>| -> Vec<_> {
        findings
            .into_iter()
            .map(|f| (f.fingerprint, f.risk, f.related.len()))
            .collect()
    };
    assert_eq!(risks(assessed(&files)), risks(assessed(&reversed)));
}
