use super::control_plane::{Component, Invocation};
use crate::prelude::*;

/// The retention flags, with the least value the CIS Benchmark recommends and the unit a
/// message gives it in.
const RETENTION: &[(&str, i64, &str)] = &[
    ("audit-log-maxage", 30, "days"),
    ("audit-log-maxbackup", 10, "files"),
    ("audit-log-maxsize", 100, "MB"),
];

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) and write the audit log to a file (`--audit-log-path`, not
    /// `-` for standard output), whose rotation keeps less than the CIS Benchmark recommends:
    /// `--audit-log-maxage` under 30 days, `--audit-log-maxbackup` under 10 files, or
    /// `--audit-log-maxsize` under 100 MB.
    ///
    /// A flag left out, or set to 0, is not reported: 0 (the default) keeps files whatever
    /// their age or number, and a size of 0 rotates at 100 MB, so nothing is lost early. Values
    /// still to be substituted (`$(VAR)`, Helm templates) are not judged.
    ///
    /// ## Why it matters
    ///
    /// An intrusion is often found weeks after it began. Audit files rotated away after a day,
    /// or a handful of small files, are gone by the time anyone looks for the requests that
    /// matter.
    ///
    /// ## How to fix
    ///
    /// Keep at least 30 days and 10 files of at least 100 MB, or ship the log to a store that
    /// keeps it longer.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --audit-log-path=/var/log/kubernetes/audit/audit.log
    ///   - --audit-log-maxage=30
    ///   - --audit-log-maxbackup=10
    ///   - --audit-log-maxsize=100
    /// ```
    pub struct ApiserverAuditLogRetention {
        id: "k8s-apiserver-audit-log-retention",
        title: "API server keeps too little audit log",
        severity: Low,
        remediation: "Set --audit-log-maxage=30, --audit-log-maxbackup=10 and --audit-log-maxsize=100 or more.",
        frameworks: [
            nsa("Audit logging and threat detection: logging"),
            cis("1.2.18"),
            cis("1.2.19"),
            cis("1.2.20"),
        ],
        peers: [
            checkov("CKV_K8S_92"),
            checkov("CKV_K8S_93"),
            checkov("CKV_K8S_94"),
            kics("da9f3aa8-fbfb-472f-b5a1-576127944218"),
            kics("768aab52-2504-4a2f-a3e3-329d5a679848"),
            kics("35c0a471-f7c8-4993-aa2c-503a3c712a66"),
            trivy("KCV0020"),
            trivy("KCV0021"),
            trivy("KCV0022"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAuditLogRetention {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let to_file = invocation
                .flag("audit-log-path")
                .and_then(|flag| flag.text())
                .is_some_and(|path| !path.trim().is_empty() && path.trim() != "-");
            if !to_file {
                continue;
            }
            for &(name, least, unit) in RETENTION {
                let Some(flag) = invocation.flag(name) else {
                    continue;
                };
                let Some(value) = flag.text().and_then(|text| text.trim().parse::<i64>().ok())
                else {
                    continue;
                };
                if value > 0 && value < least {
                    cx.report_node(
                        flag.node,
                        format!(
                            "{} keeps audit logs for --{name}={value} (less than {least} {unit})",
                            invocation.describe()
                        ),
                    );
                }
            }
        }
    }
}
