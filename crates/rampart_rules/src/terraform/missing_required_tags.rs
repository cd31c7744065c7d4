use std::collections::BTreeSet;

use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;
use rampart_terraform::{EvalBody, EvaluatedModule, Kind, Mode, Value};

declare_rule! {
    /// ## What it checks
    ///
    /// The tagging policy: every taggable AWS, Azure or Google Cloud resource carries the tag
    /// keys that `.rampart.yaml` requires:
    ///
    /// ```yaml
    /// required-tags: [owner, cost-center]
    /// ```
    ///
    /// Without `required-tags` the rule reports nothing. A resource is taggable when its type is
    /// one the providers document with `tags` (AWS, Azure) or `labels` (Google Cloud;
    /// `resource_labels` on GKE clusters), or when it sets that argument. Tags that the AWS
    /// provider's `default_tags` (or the Google provider's `default_labels`) adds count as set;
    /// in a plan, `tags_all` holds both. Tags whose value is not known before apply (a variable
    /// without a value, a data source) are not judged. Keys are compared exactly, as the clouds
    /// compare them.
    ///
    /// KICS's "Resource Not Using Tags" asks for any tag other than `Name`; this rule asks for
    /// the keys an organisation chooses.
    ///
    /// ## Why it matters
    ///
    /// Tags are how an organisation knows who owns a resource, what it costs and what data it
    /// holds. An untagged bucket or instance is one nobody answers for in an incident, a cost
    /// review or a clean-up; tag-based access policies (ABAC) and cost allocation also rely on
    /// them.
    ///
    /// ## How to fix
    ///
    /// Set the required tags on the resource, or once for every resource of the provider:
    ///
    /// ```hcl
    /// provider "aws" {
    ///   default_tags {
    ///     tags = {
    ///       owner       = "payments"
    ///       cost-center = "cc-1234"
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingRequiredTags {
        id: "tf-missing-required-tags",
        platform: Terraform,
        title: "Resource lacks a required tag",
        severity: Low,
        remediation: "Add the tags that required-tags names, on the resource or in the provider's default_tags.",
        frameworks: [],
        peers: [kics("e38a8e0a-b88b-4902-b3fe-b0fcb17d5c10")],
        fixable: false,
    }
}

/// Resource types whose provider documents tags, for the most used services. A resource of
/// another type is judged only when it sets its tags argument.
const AWS_TAGGABLE: &[&str] = &[
    "aws_acm_certificate",
    "aws_alb",
    "aws_ami",
    "aws_api_gateway_rest_api",
    "aws_cloudfront_distribution",
    "aws_cloudtrail",
    "aws_cloudwatch_log_group",
    "aws_db_instance",
    "aws_dynamodb_table",
    "aws_ebs_volume",
    "aws_ecr_repository",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_efs_file_system",
    "aws_eip",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_elb",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_user",
    "aws_instance",
    "aws_internet_gateway",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_launch_template",
    "aws_lb",
    "aws_lb_target_group",
    "aws_nat_gateway",
    "aws_rds_cluster",
    "aws_redshift_cluster",
    "aws_route53_zone",
    "aws_route_table",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_security_group",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_subnet",
    "aws_vpc",
];

const AZURE_TAGGABLE: &[&str] = &[
    "azurerm_application_gateway",
    "azurerm_container_registry",
    "azurerm_cosmosdb_account",
    "azurerm_key_vault",
    "azurerm_kubernetes_cluster",
    "azurerm_linux_virtual_machine",
    "azurerm_mssql_server",
    "azurerm_network_interface",
    "azurerm_network_security_group",
    "azurerm_postgresql_flexible_server",
    "azurerm_public_ip",
    "azurerm_resource_group",
    "azurerm_storage_account",
    "azurerm_virtual_network",
    "azurerm_windows_virtual_machine",
];

const GOOGLE_LABELED: &[&str] = &[
    "google_bigquery_dataset",
    "google_compute_disk",
    "google_compute_instance",
    "google_pubsub_topic",
    "google_sql_database_instance",
    "google_storage_bucket",
];

impl TerraformRule for MissingRequiredTags {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let required = &cx.settings().required_tags;
        if required.is_empty() || resource.instance.mode != Mode::Managed {
            return;
        }
        let kind = resource.kind();
        let (argument, listed, provider, defaults) = if kind.starts_with("aws_") {
            ("tags", AWS_TAGGABLE, "aws", "default_tags")
        } else if kind.starts_with("azurerm_") {
            ("tags", AZURE_TAGGABLE, "azurerm", "")
        } else if kind == "google_container_cluster" {
            ("resource_labels", &[][..], "google", "default_labels")
        } else if kind.starts_with("google_") {
            ("labels", GOOGLE_LABELED, "google", "default_labels")
        } else {
            return;
        };
        // A plan's `tags_all` has the resource's tags and the provider's defaults together.
        let attribute = resource
            .attribute("tags_all")
            .filter(|a| a.value.as_map().is_some())
            .or_else(|| resource.attribute(argument));
        if attribute.is_none() && kind != "google_container_cluster" && !listed.contains(&kind) {
            return;
        }
        let Some(mut present) = keys(attribute.map(|a| &a.value)) else {
            return;
        };
        if !defaults.is_empty() {
            match default_keys(resource, provider, defaults) {
                Some(from_provider) => present.extend(from_provider),
                None => return,
            }
        }
        let missing: Vec<&str> = required
            .iter()
            .map(String::as_str)
            .filter(|key| !present.contains(*key))
            .collect();
        if missing.is_empty() {
            return;
        }
        let what = if missing.len() == 1 { "tag" } else { "tags" };
        let message = format!(
            "{} lacks the required {what} {}",
            resource.instance.address,
            missing.join(", ")
        );
        match attribute {
            Some(attribute) => {
                cx.report_value(attribute, &attribute.value, &attribute.name, message);
            }
            None => {
                cx.report(resource.instance.span, "", message);
            }
        }
    }
}

/// The keys of a tags value: none when it is missing or null; `None` when they are not known.
fn keys(value: Option<&Value>) -> Option<BTreeSet<String>> {
    let Some(value) = value else {
        return Some(BTreeSet::new());
    };
    match &value.kind {
        Kind::Null => Some(BTreeSet::new()),
        Kind::Map(entries) => Some(entries.keys().cloned().collect()),
        _ => None,
    }
}

/// The tag keys the provider adds to every resource (`default_tags { tags = {...} }` of AWS,
/// `default_labels = {...}` of Google), from the provider blocks of the resource's module and
/// of the root module; `None` when some are not known.
fn default_keys(
    resource: &Resource<'_>,
    provider: &str,
    defaults: &str,
) -> Option<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for module in [resource.module, resource.root] {
        for block in providers(module, provider) {
            if provider == "aws" {
                for default in block.blocks_of(defaults) {
                    out.extend(keys(default.body.attribute("tags").map(|a| &a.value))?);
                }
            } else {
                out.extend(keys(block.attribute(defaults).map(|a| &a.value))?);
            }
        }
    }
    Some(out)
}

fn providers<'m>(module: &'m EvaluatedModule, name: &'m str) -> impl Iterator<Item = &'m EvalBody> {
    module
        .providers
        .iter()
        .filter(move |p| p.labels.first().is_some_and(|l| l == name))
        .map(|p| &p.body)
}
