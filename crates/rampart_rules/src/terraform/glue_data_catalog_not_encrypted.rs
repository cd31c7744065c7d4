use super::{bool_setting, nested, string_in, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_glue_data_catalog_encryption_settings` resources whose
    /// `data_catalog_encryption_settings` turn encryption off: `encryption_at_rest` with
    /// `catalog_encryption_mode = "DISABLED"`, or `connection_password_encryption` with
    /// `return_connection_password_encrypted = false`. Unknown values are not judged; the
    /// choice of key (an AWS-managed one when `sse_aws_kms_key_id` is not set) is not judged
    /// either.
    ///
    /// ## Why it matters
    ///
    /// The Data Catalog holds the schemas and locations of the account's data, and its
    /// connections hold database passwords. With encryption at rest off, the metadata is
    /// stored in clear; with password encryption off, `GetConnection` and `GetConnections`
    /// return the connections' passwords in clear to anyone allowed to call them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_glue_data_catalog_encryption_settings" "this" {
    ///   data_catalog_encryption_settings {
    ///     connection_password_encryption {
    ///       return_connection_password_encrypted = true
    ///       aws_kms_key_id                       = aws_kms_key.glue.arn
    ///     }
    ///     encryption_at_rest {
    ///       catalog_encryption_mode = "SSE-KMS"
    ///       sse_aws_kms_key_id      = aws_kms_key.glue.arn
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GlueDataCatalogNotEncrypted {
        id: "aws-glue-data-catalog-not-encrypted",
        platform: Terraform,
        title: "Glue Data Catalog encryption is turned off",
        severity: High,
        remediation: "Set catalog_encryption_mode = \"SSE-KMS\" and return_connection_password_encrypted = true.",
        frameworks: [mitre("T1552")],
        peers: [
            checkov("CKV_AWS_94"),
            kics("01d50b14-e933-4c99-b314-6d08cd37ad35"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GlueDataCatalogNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_glue_data_catalog_encryption_settings"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(settings) = nested(resource.body(), "data_catalog_encryption_settings")
        else {
            return;
        };
        for settings in settings {
            for at_rest in settings.body.blocks_of("encryption_at_rest") {
                if let Some((attribute, _)) =
                    string_in(&at_rest.body, "catalog_encryption_mode", &["DISABLED"])
                {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        "data_catalog_encryption_settings.encryption_at_rest.catalog_encryption_mode",
                        "catalog_encryption_mode is DISABLED: the Data Catalog's metadata is stored unencrypted",
                    );
                }
            }
            for passwords in settings.body.blocks_of("connection_password_encryption") {
                if let Setting::Known(false, attribute) =
                    bool_setting(&passwords.body, "return_connection_password_encrypted")
                {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        "data_catalog_encryption_settings.connection_password_encryption.return_connection_password_encrypted",
                        "return_connection_password_encrypted is false: connection passwords are returned in clear",
                    );
                }
            }
        }
    }
}
