use super::{nested, string_in, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_dns_managed_zone` resources whose `dnssec_config` has a `default_key_specs`
    /// block with `algorithm = "rsasha1"`, for the key-signing or the zone-signing key. A zone
    /// whose DNSSEC `state` is `"off"` signs nothing and is not reported (see
    /// `gcp-dns-dnssec-disabled`); an unknown algorithm is not judged. Without
    /// `default_key_specs`, Cloud DNS uses RSASHA256.
    ///
    /// ## Why it matters
    ///
    /// RSASHA1 signs with SHA-1, for which chosen-prefix collisions are practical: signatures
    /// made with it no longer prove that a record came from the zone, and validating resolvers
    /// are dropping support for it, which makes the zone fail validation.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// dnssec_config {
    ///   state = "on"
    ///   default_key_specs {
    ///     algorithm  = "rsasha256"
    ///     key_length = 2048
    ///     key_type   = "keySigning"
    ///   }
    ///   default_key_specs {
    ///     algorithm  = "rsasha256"
    ///     key_length = 1024
    ///     key_type   = "zoneSigning"
    ///   }
    /// }
    /// ```
    pub struct GcpDnsDnssecRsasha1 {
        id: "gcp-dns-dnssec-rsasha1",
        platform: Terraform,
        title: "Cloud DNS zone signs with RSASHA1",
        severity: Medium,
        remediation: "Use rsasha256, rsasha512, ecdsap256sha256 or ecdsap384sha384 for both DNSSEC keys.",
        frameworks: [cis_gcp("3.4"), cis_gcp("3.5")],
        peers: [
            checkov("CKV_GCP_17"),
            kics("ccc3100c-0fdd-4a5e-9908-c10107291860"),
            trivy("AVD-GCP-0012"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpDnsDnssecRsasha1 {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_dns_managed_zone"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(configs) = nested(resource.body(), "dnssec_config") else {
            return;
        };
        for config in configs {
            if string_in(&config.body, "state", &["off"]).is_some() {
                continue;
            }
            let Nested::Blocks(specs) = nested(&config.body, "default_key_specs") else {
                continue;
            };
            for spec in specs {
                let Some((algorithm, _)) = string_in(&spec.body, "algorithm", &["rsasha1"]) else {
                    continue;
                };
                let key = match spec
                    .body
                    .attribute("key_type")
                    .and_then(|k| k.value.as_str())
                {
                    Some(kind) => format!("the {kind} key"),
                    None => "a DNSSEC key".to_owned(),
                };
                cx.report_value(
                    algorithm,
                    &algorithm.value,
                    "dnssec_config.default_key_specs.algorithm",
                    format!("{key} uses RSASHA1: SHA-1 signatures no longer prove where a record came from"),
                );
            }
        }
    }
}
