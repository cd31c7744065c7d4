//! Azure App Service: the resource types of web and function apps, and their `site_config`
//! blocks, for the rules that judge their settings.

use super::{nested, Nested, Resource};
use rampart_terraform::EvalBlock;

/// The resource types of App Service web and function apps (the legacy `azurerm_app_service`
/// and `azurerm_function_app`, and their Linux and Windows successors).
pub const APP_KINDS: [&str; 6] = [
    "azurerm_app_service",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_function_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
];

/// The `site_config` blocks of an app (none when it has none, or its value is not known before
/// apply).
#[must_use]
pub fn site_configs<'a>(resource: &Resource<'a>) -> Vec<&'a EvalBlock> {
    let instance: &'a rampart_terraform::ResourceInstance = resource.instance;
    match nested(&instance.body, "site_config") {
        Nested::Blocks(blocks) => blocks,
        Nested::Missing | Nested::Opaque => Vec::new(),
    }
}
