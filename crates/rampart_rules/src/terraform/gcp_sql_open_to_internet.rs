use super::ingress::ANYWHERE;
use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_sql_database_instance` resources whose
    /// `settings.ip_configuration.authorized_networks` admit `0.0.0.0/0` (or `::/0`): the
    /// instance's public IP then accepts connections from anywhere. Unknown values are not
    /// judged.
    ///
    /// ## Why it matters
    ///
    /// The database port is open to the internet: its login is the only barrier left against
    /// password spraying and engine vulnerabilities.
    ///
    /// ## How to fix
    ///
    /// Authorize only the networks that need the database, or use private IP and the Cloud
    /// SQL Auth Proxy:
    ///
    /// ```hcl
    /// ip_configuration {
    ///   ipv4_enabled    = false
    ///   private_network = google_compute_network.main.id
    /// }
    /// ```
    pub struct GcpSqlOpenToInternet {
        id: "gcp-sql-open-to-internet",
        platform: Terraform,
        title: "Cloud SQL instance accepts connections from the whole internet",
        severity: Critical,
        remediation: "Remove 0.0.0.0/0 from authorized_networks; use private IP or the Cloud SQL Auth Proxy.",
        frameworks: [cis_gcp("6.5")],
        peers: [
            checkov("CKV_GCP_11"),
            kics("b187edca-b81e-4fdc-aff4-aab57db45edb"),
            trivy("AVD-GCP-0017"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpSqlOpenToInternet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_sql_database_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for settings in resource.body().blocks_of("settings") {
            for ip in settings.body.blocks_of("ip_configuration") {
                for network in ip.body.blocks_of("authorized_networks") {
                    let Some(value) = network.body.attribute("value") else {
                        continue;
                    };
                    if is_one_of(&value.value, &ANYWHERE) {
                        cx.report_value(
                            value,
                            &value.value,
                            "settings.ip_configuration.authorized_networks.value",
                            format!(
                                "the instance accepts connections from {}",
                                value.value.as_str().unwrap_or_default()
                            ),
                        );
                    }
                }
            }
        }
    }
}
