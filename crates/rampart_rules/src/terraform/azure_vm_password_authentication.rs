use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Linux virtual machines that accept password logins over SSH:
    ///
    /// - `azurerm_linux_virtual_machine` and `azurerm_linux_virtual_machine_scale_set` whose
    ///   `disable_password_authentication` is `false` (it defaults to `true`, which is not
    ///   reported);
    /// - legacy `azurerm_virtual_machine` and `azurerm_virtual_machine_scale_set` whose
    ///   `os_profile_linux_config` block sets `disable_password_authentication = false`.
    ///
    /// An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// A VM that accepts passwords can be brute-forced or logged into with a reused or leaked
    /// password by anyone who reaches its SSH port; SSH keys cannot be guessed.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_linux_virtual_machine" "main" {
    ///   # ...
    ///   disable_password_authentication = true
    ///   admin_ssh_key {
    ///     username   = "adminuser"
    ///     public_key = file("~/.ssh/id_ed25519.pub")
    ///   }
    /// }
    /// ```
    pub struct AzureVmPasswordAuthentication {
        id: "azure-vm-password-authentication",
        platform: Terraform,
        title: "Linux VM accepts SSH password logins",
        severity: Medium,
        remediation: "Set disable_password_authentication = true and log in with an SSH key.",
        frameworks: [mitre("T1110")],
        peers: [
            checkov("CKV_AZURE_1"),
            checkov("CKV_AZURE_149"),
            kics("dafe30ec-325d-4516-85d1-e8e6776f012c"),
        ],
        fixable: false,
    }
}

/// The legacy types, which say it in an `os_profile_linux_config` block.
const LEGACY: [&str; 2] = [
    "azurerm_virtual_machine",
    "azurerm_virtual_machine_scale_set",
];

const EFFECT: &str = "the VM accepts SSH logins with a password that can be guessed or reused";

impl TerraformRule for AzureVmPasswordAuthentication {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "azurerm_linux_virtual_machine",
            "azurerm_linux_virtual_machine_scale_set",
            "azurerm_virtual_machine",
            "azurerm_virtual_machine_scale_set",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if !resource.is_any(&LEGACY) {
            forbid_false(
                cx,
                resource.body(),
                "",
                "disable_password_authentication",
                EFFECT,
            );
            return;
        }
        for block in resource.body().blocks_of("os_profile_linux_config") {
            forbid_false(
                cx,
                &block.body,
                "os_profile_linux_config",
                "disable_password_authentication",
                EFFECT,
            );
        }
    }
}
