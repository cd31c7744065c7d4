//! Whether a GKE cluster sends its logs (`logging_service`, `logging_config`) or metrics
//! (`monitoring_service`, `monitoring_config`) to Cloud Logging and Cloud Monitoring.

use super::{nested, route, Nested, Resource, TfContext};

/// Reports the `service` attribute of the cluster `resource` where it is known `"none"`, and
/// the `enable_components` of its `config` blocks where it is a known empty list (both turn the
/// telemetry off). Not set, the provider's default sends it.
pub fn report_telemetry_off(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    (service, config): (&str, &str),
    effect: &str,
) {
    if let Some(attribute) = resource.attribute(service).filter(|a| {
        a.value
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("none"))
    }) {
        cx.report_value(
            attribute,
            &attribute.value,
            service,
            format!("{service} is none: {effect}"),
        );
    }
    if let Nested::Blocks(blocks) = nested(resource.body(), config) {
        for block in blocks {
            if let Some(components) = block
                .body
                .attribute("enable_components")
                .filter(|a| a.value.as_list().is_some_and(<[_]>::is_empty))
            {
                cx.report_value(
                    components,
                    &components.value,
                    &route(config, "enable_components"),
                    format!("{config} enables no component: {effect}"),
                );
            }
        }
    }
}
