use rampart_terraform::EvalBody;

use super::{bool_setting, is_one_of, nested, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_sql_database_instance` resources that accept unencrypted connections: in
    /// `settings.ip_configuration`, `ssl_mode` is `ALLOW_UNENCRYPTED_AND_ENCRYPTED`, or
    /// neither `ssl_mode` (`ENCRYPTED_ONLY`, `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`) nor the
    /// older `require_ssl = true` is set; an instance without `ip_configuration` is reported at
    /// its `settings` block. Unknown values are not judged.
    ///
    /// ## Why it matters
    ///
    /// Without SSL, credentials and query results cross the network in clear, for anyone on
    /// the path to read or change.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// ip_configuration {
    ///   ssl_mode = "ENCRYPTED_ONLY"
    /// }
    /// ```
    pub struct GcpSqlSslNotRequired {
        id: "gcp-sql-ssl-not-required",
        platform: Terraform,
        title: "Cloud SQL instance accepts unencrypted connections",
        severity: High,
        remediation: "Set ip_configuration.ssl_mode = \"ENCRYPTED_ONLY\" (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).",
        frameworks: [cis_gcp("6.4")],
        peers: [
            checkov("CKV_GCP_6"),
            kics("02474449-71aa-40a1-87ae-e14497747b00"),
            trivy("AVD-GCP-0015"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "clients may connect without encryption";

impl TerraformRule for GcpSqlSslNotRequired {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_sql_database_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for settings in resource.body().blocks_of("settings") {
            match nested(&settings.body, "ip_configuration") {
                Nested::Missing => {
                    cx.report(
                        settings.span,
                        "settings",
                        format!("no ip_configuration sets ssl_mode: {EFFECT}"),
                    );
                }
                Nested::Blocks(blocks) => {
                    for ip in blocks {
                        judge(cx, &ip.body, ip.span);
                    }
                }
                Nested::Opaque => {}
            }
        }
    }
}

fn judge(cx: &mut TfContext<'_>, ip: &EvalBody, span: rampart_terraform::Span) {
    const ROUTE: &str = "settings.ip_configuration";
    if let Some(mode) = ip.attribute("ssl_mode").filter(|m| !m.value.is_null()) {
        if is_one_of(&mode.value, &["ALLOW_UNENCRYPTED_AND_ENCRYPTED"]) {
            cx.report_value(
                mode,
                &mode.value,
                &format!("{ROUTE}.ssl_mode"),
                format!("ssl_mode allows unencrypted connections: {EFFECT}"),
            );
        }
        return;
    }
    match bool_setting(ip, "require_ssl") {
        Setting::Known(false, attribute) => {
            cx.report_value(
                attribute,
                &attribute.value,
                &format!("{ROUTE}.require_ssl"),
                format!("require_ssl is false: {EFFECT}"),
            );
        }
        Setting::Missing => {
            cx.report(
                span,
                ROUTE,
                format!("neither ssl_mode nor require_ssl is set: {EFFECT}"),
            );
        }
        Setting::Known(true, _) | Setting::Unknown => {}
    }
}
