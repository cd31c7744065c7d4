//! Azure database server parameters, which Terraform sets with one resource per parameter
//! (`azurerm_postgresql_configuration`, `azurerm_postgresql_flexible_server_configuration`,
//! `azurerm_mysql_flexible_server_configuration`): `name` is the parameter, `value` its value.

use super::Resource;
use rampart_terraform::EvalAttribute;

/// The texts that turn a boolean server parameter off.
const OFF: [&str; 3] = ["off", "false", "0"];

/// When `resource` sets one of the boolean parameters `names` (compared without case) to a
/// known off value: the parameter's name as written and the `value` attribute. An unknown name
/// or value is not judged.
#[must_use]
pub fn parameter_off<'a>(
    resource: &Resource<'a>,
    names: &[&str],
) -> Option<(&'a str, &'a EvalAttribute)> {
    let body = &resource.instance.body;
    let name = body.attribute("name")?.value.as_str()?;
    if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return None;
    }
    let value = body.attribute("value")?;
    let text = value.value.to_plain_string()?;
    OFF.iter()
        .any(|off| off.eq_ignore_ascii_case(text.trim()))
        .then_some((name, value))
}
