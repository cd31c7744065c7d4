//! Azure App Service: the resource types of web and function apps, for the rules that judge
//! their settings.

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
