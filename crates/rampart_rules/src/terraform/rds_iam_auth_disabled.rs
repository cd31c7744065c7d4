use super::{is_one_of, require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_instance` and `aws_rds_cluster` resources of an engine that supports IAM
    /// database authentication (MySQL, PostgreSQL, Aurora MySQL and PostgreSQL, and MariaDB
    /// from version 10.11) whose
    /// `iam_database_authentication_enabled` is `false` or not set (the default is `false`).
    /// An instance that belongs to an Aurora cluster (`cluster_identifier`) takes the setting
    /// from its cluster, and a read replica (`replicate_source_db`) from its source; neither is
    /// judged, nor is a resource whose engine is not known.
    ///
    /// ## Why it matters
    ///
    /// Without IAM authentication, every application and person connects with a long-lived
    /// database password, stored in configuration, shared, rarely rotated and usable from
    /// anywhere the network allows. IAM tokens last 15 minutes, are tied to a role, and are
    /// granted and revoked centrally.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   # ...
    ///   iam_database_authentication_enabled = true
    /// }
    /// ```
    pub struct RdsIamAuthDisabled {
        id: "aws-rds-iam-auth-disabled",
        platform: Terraform,
        title: "RDS database does not allow IAM authentication",
        severity: Low,
        remediation: "Set iam_database_authentication_enabled = true and connect with IAM tokens.",
        frameworks: [mitre("T1078.004")],
        peers: [
            checkov("CKV_AWS_161"),
            checkov("CKV_AWS_162"),
            kics("88fd05e0-ac0e-43d2-ba6d-fc0ba60ae1a6"),
        ],
        fixable: false,
    }
}

/// The engines that support IAM database authentication (MariaDB from 10.11, see
/// [`supports_iam`]).
const ENGINES: [&str; 5] = [
    "mysql",
    "postgres",
    "aurora",
    "aurora-mysql",
    "aurora-postgresql",
];

/// Whether the engine of `resource` is known to support IAM authentication: MariaDB only from
/// version 10.11, so a MariaDB whose version is not known is not judged.
fn supports_iam(resource: &Resource<'_>) -> bool {
    let Some(engine) = resource.attribute("engine") else {
        return false;
    };
    if is_one_of(&engine.value, &ENGINES) {
        return true;
    }
    if !is_one_of(&engine.value, &["mariadb"]) {
        return false;
    }
    let version = resource
        .attribute("engine_version")
        .and_then(|v| v.value.as_str())
        .unwrap_or_default();
    let mut parts = version.split('.').map(str::parse::<u32>);
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor) >= (10, 11),
        (Some(Ok(major)), None) => major >= 11,
        _ => false,
    }
}

impl TerraformRule for RdsIamAuthDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_db_instance", "aws_rds_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let instance = resource.is("aws_db_instance");
        if !instance && !resource.is("aws_rds_cluster") {
            return;
        }
        let supported = supports_iam(resource);
        let inherits = ["cluster_identifier", "replicate_source_db"]
            .iter()
            .any(|name| instance && resource.attribute(name).is_some_and(|a| !a.value.is_null()));
        if !supported || inherits {
            return;
        }
        require_true_in(
            resource,
            cx,
            &[resource.kind()],
            "iam_database_authentication_enabled",
            "only database passwords can authenticate",
        );
    }
}
