use super::ingress::{admin_port_in, is_internet_source};
use super::{bool_setting, is_one_of, known_strings, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_firewall` resources that let the whole internet (`0.0.0.0/0`, `::/0`, any
    /// `/0` prefix, in `source_ranges`) reach SSH (22) or RDP (3389): an ingress rule (`direction` not set
    /// or `INGRESS`), not `disabled`, with an `allow` block whose protocol is `tcp` or `all`
    /// and whose `ports` cover 22 or 3389 (no `ports` means every port). Unknown ranges or
    /// ports are not judged.
    ///
    /// ## Why it matters
    ///
    /// Remote administration ports open to the internet are scanned within minutes, then
    /// brute-forced or attacked through protocol vulnerabilities. A successful login gives an
    /// attacker a machine inside the VPC network.
    ///
    /// ## How to fix
    ///
    /// Allow administration only from known ranges, or through Identity-Aware Proxy
    /// (`35.235.240.0/20`):
    ///
    /// ```hcl
    /// resource "google_compute_firewall" "ssh" {
    ///   name          = "allow-ssh-from-iap"
    ///   network       = google_compute_network.main.name
    ///   source_ranges = ["35.235.240.0/20"]
    ///
    ///   allow {
    ///     protocol = "tcp"
    ///     ports    = ["22"]
    ///   }
    /// }
    /// ```
    pub struct GcpFirewallOpenAdminPort {
        id: "gcp-firewall-open-admin-port",
        platform: Terraform,
        title: "Firewall rule opens SSH or RDP to the internet",
        severity: Critical,
        remediation: "Restrict source_ranges to known ranges, or reach the machines through Identity-Aware Proxy.",
        frameworks: [cis_gcp("3.6"), cis_gcp("3.7")],
        peers: [
            checkov("CKV_GCP_2"),
            checkov("CKV_GCP_3"),
            kics("c4dcdcdf-10dd-4bf4-b4a0-8f6239e6aaa0"),
            kics("678fd659-96f2-454a-a2a0-c2571f83a4a3"),
            trivy("AVD-GCP-0027"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpFirewallOpenAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_compute_firewall"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        let ingress = match body.attribute("direction") {
            None => true,
            Some(d) => d.value.is_null() || is_one_of(&d.value, &["INGRESS"]),
        };
        if !ingress
            || !matches!(
                bool_setting(body, "disabled"),
                Setting::Known(false, _) | Setting::Missing
            )
        {
            return;
        }
        let Some(ranges) = body.attribute("source_ranges") else {
            return;
        };
        let Some(port) = body.blocks_of("allow").find_map(|allow| {
            let protocol = allow.body.attribute("protocol")?;
            if !is_one_of(&protocol.value, &["tcp", "all", "6"]) {
                return None;
            }
            match allow.body.attribute("ports") {
                None => Some("every port, SSH and RDP included"),
                Some(ports) if ports.value.is_null() => Some("every port, SSH and RDP included"),
                Some(ports) => {
                    let specs: Vec<&str> = known_strings(&ports.value).map(|(s, _)| s).collect();
                    admin_port_in(&specs)
                }
            }
        }) else {
            return;
        };
        for (range, element) in known_strings(&ranges.value) {
            if is_internet_source(range) {
                cx.report_value(
                    ranges,
                    element,
                    "source_ranges",
                    format!("ingress from {range} reaches {port}"),
                );
            }
        }
    }
}
