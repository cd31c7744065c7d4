use super::{nested, string_in, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Public `google_dns_managed_zone` resources (`visibility` not set or `"public"`) without
    /// DNSSEC: no `dnssec_config` block, a block without `state`, or `state = "off"` (DNSSEC is
    /// off unless turned on). Private zones, which DNSSEC does not apply to, zones whose
    /// visibility is unknown and an unknown `state` are not judged; `"transfer"` (a zone being
    /// moved to or from another provider) is accepted.
    ///
    /// ## Why it matters
    ///
    /// DNSSEC signs the zone's records so that resolvers can tell them from forged ones.
    /// Without it, a cache poisoning or an attacker on the path can answer for the domain and
    /// send its users, mail and API clients to servers of the attacker's choosing.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_dns_managed_zone" "main" {
    ///   # ...
    ///   dnssec_config {
    ///     state = "on"
    ///   }
    /// }
    /// ```
    pub struct GcpDnsDnssecDisabled {
        id: "gcp-dns-dnssec-disabled",
        platform: Terraform,
        title: "Public Cloud DNS zone does not use DNSSEC",
        severity: Medium,
        remediation: "Add dnssec_config { state = \"on\" } to the public zone.",
        frameworks: [cis_gcp("3.3")],
        peers: [
            checkov("CKV_GCP_16"),
            kics("5ef61c88-bbb4-4725-b1df-55d23c9676bb"),
            trivy("AVD-GCP-0013"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "resolvers cannot tell the zone's records from forged ones";

impl TerraformRule for GcpDnsDnssecDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_dns_managed_zone"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let public = match resource.attribute("visibility") {
            Some(v) if !v.value.is_null() => v
                .value
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("public")),
            _ => true,
        };
        if !public {
            return;
        }
        match nested(resource.body(), "dnssec_config") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no dnssec_config block (DNSSEC is off by default): {EFFECT}"),
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    match block.body.attribute("state") {
                        Some(state) if !state.value.is_null() => {
                            if let Some((state, _)) = string_in(&block.body, "state", &["off"]) {
                                cx.report_value(
                                    state,
                                    &state.value,
                                    "dnssec_config.state",
                                    format!("DNSSEC is off: {EFFECT}"),
                                );
                            }
                        }
                        _ => {
                            cx.report(
                                block.span,
                                "dnssec_config",
                                format!("state is not set (it defaults to off): {EFFECT}"),
                            );
                        }
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
