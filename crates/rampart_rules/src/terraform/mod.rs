//! Terraform rules: each judges one evaluated resource (or data source) instance at a time, with
//! the values Terraform would use (see `rampart_terraform`). A rule reports only what it knows:
//! an unknown value (computed after apply, from a data source, a remote module...) is never a
//! finding.
//!
//! Findings point at the attribute that is wrong (or the block that misses it), and list as
//! related locations where its value was set (a variable default, a tfvars file, a module
//! argument) and the module calls that lead to the resource.

mod acm_certificate_transparency_disabled;
mod ami_public;
mod api_gateway_domain_outdated_tls;
mod api_gateway_method_without_auth;
mod api_gateway_stage_access_logging_disabled;
mod app_service;
mod athena_workgroup_not_encrypted;
mod azure_aks_api_server_public;
mod azure_aks_local_accounts_enabled;
mod azure_aks_network_policy_missing;
mod azure_aks_rbac_disabled;
mod azure_app_service_allows_http;
mod azure_app_service_ftp_allowed;
mod azure_app_service_outdated_tls;
mod azure_container_registry_admin_enabled;
mod azure_custom_role_subscription_owner;
mod azure_database_firewall_open;
mod azure_database_ssl_disabled;
mod azure_defender_free_tier;
mod azure_flow_log_disabled_or_short;
mod azure_key_vault_key_no_expiry;
mod azure_key_vault_network_default_allow;
mod azure_key_vault_purge_protection_disabled;
mod azure_key_vault_secret_no_expiry;
mod azure_network_access;
mod azure_nsg_open_admin_port;
mod azure_postgresql_logging_disabled;
mod azure_postgresql_threat_detection_disabled;
mod azure_redis_non_ssl_port;
mod azure_sql_audit_retention_short;
mod azure_sql_database_tde_disabled;
mod azure_sql_server_auditing_disabled;
mod azure_sql_server_outdated_tls;
mod azure_sql_server_public_network_access;
mod azure_storage_allows_http;
mod azure_storage_network_default_allow;
mod azure_storage_outdated_tls;
mod azure_storage_public_blob_access;
mod azure_vm_password_authentication;
mod batch_job_privileged_container;
mod cloudfront_allows_http;
mod cloudfront_outdated_tls;
mod cloudtrail_bucket_logging_disabled;
mod cloudtrail_log_validation_disabled;
mod cloudtrail_not_encrypted;
mod cloudtrail_not_multi_region;
mod cloudwatch_log_group_without_cmk;
mod compute_metadata;
mod dax_cluster_not_encrypted;
mod default_security_group_allows_traffic;
mod dms_replication_instance_public;
mod docdb_audit_logging_disabled;
mod docdb_storage_not_encrypted;
mod dynamodb_pitr_disabled;
mod ebs_encryption_by_default_disabled;
mod ebs_volume_not_encrypted;
mod ec2_block_device_not_encrypted;
mod ec2_imdsv2_not_required;
mod ec2_public_ip;
mod ecr_image_tags_mutable;
mod ecr_repository_policy_public;
mod ecr_scan_on_push_disabled;
mod ecs_task_host_network;
mod ecs_task_host_pid;
mod ecs_task_privileged_container;
mod efs_file_system_policy_public;
mod efs_not_encrypted;
mod eks_control_plane_logging_disabled;
mod eks_node_group_ssh_open;
mod eks_public_endpoint;
mod eks_secrets_not_encrypted;
mod elasticache;
mod elasticache_backups_disabled;
mod elasticache_not_encrypted_at_rest;
mod elasticache_not_encrypted_in_transit;
mod gcp_bigquery_dataset_public;
mod gcp_compute_default_sa_full_scopes;
mod gcp_compute_ip_forwarding_enabled;
mod gcp_compute_os_login_disabled;
mod gcp_compute_project_ssh_keys_allowed;
mod gcp_compute_serial_port_enabled;
mod gcp_compute_shielded_vm_disabled;
mod gcp_compute_subnet_flow_logs_disabled;
mod gcp_dns_dnssec_disabled;
mod gcp_dns_dnssec_rsasha1;
mod gcp_firewall_open_admin_port;
mod gcp_gke_client_certificate_enabled;
mod gcp_gke_default_service_account;
mod gcp_gke_legacy_abac_enabled;
mod gcp_gke_legacy_metadata_endpoints;
mod gcp_gke_logging_disabled;
mod gcp_gke_master_networks_open;
mod gcp_gke_monitoring_disabled;
mod gcp_gke_network_policy_disabled;
mod gcp_gke_node_auto_repair_disabled;
mod gcp_gke_node_auto_upgrade_disabled;
mod gcp_gke_node_image_not_cos;
mod gcp_gke_node_metadata_exposed;
mod gcp_gke_private_nodes_disabled;
mod gcp_gke_shielded_nodes_disabled;
mod gcp_gke_workload_identity_disabled;
mod gcp_iam;
mod gcp_kms_key_public;
mod gcp_kms_key_rotation_disabled;
mod gcp_project_primitive_role;
mod gcp_project_service_account_impersonation;
mod gcp_sql_backups_disabled;
mod gcp_sql_open_to_internet;
mod gcp_sql_ssl_not_required;
mod gcp_storage_bucket_public;
mod gcp_storage_uniform_access_disabled;
mod gke_node_management;
mod gke_telemetry;
mod glue_data_catalog_not_encrypted;
mod guardduty_detector_disabled;
mod iam_password_policy_weak;
mod iam_policy_admin_access;
mod iam_policy_passrole_any_role;
mod iam_role_trusts_anyone;
mod iam_user_direct_policy;
mod ingress;
mod key_vault;
mod kinesis_stream_not_encrypted;
mod kms_key_policy_public;
mod kms_key_rotation_disabled;
mod lambda_function_url_without_auth;
mod lambda_permission_public;
mod lambda_secret_in_environment;
mod lb_invalid_headers_not_dropped;
mod lb_listener_http;
mod lb_outdated_tls_policy;
mod missing_required_tags;
mod mq_broker_logging_disabled;
mod mq_broker_public;
mod msk_broker_public;
mod msk_plaintext_traffic;
mod nacl_open_admin_port;
mod neptune_audit_logging_disabled;
mod neptune_instance_public;
mod neptune_storage_not_encrypted;
mod opensearch_domain_policy_public;
mod opensearch_https_not_enforced;
mod opensearch_node_to_node_encryption_disabled;
mod opensearch_not_encrypted_at_rest;
mod policy_document;
mod rds_backups_disabled;
mod rds_deletion_protection_disabled;
mod rds_iam_auth_disabled;
mod rds_publicly_accessible;
mod rds_snapshot_public;
mod rds_storage_not_encrypted;
mod redshift_audit_logging_disabled;
mod redshift_not_encrypted;
mod redshift_publicly_accessible;
mod s3_bucket_logging_disabled;
mod s3_bucket_policy_public;
mod s3_bucket_public_acl;
mod s3_bucket_versioning_disabled;
mod s3_bucket_without_public_access_block;
mod s3_public_access_block_disabled;
mod sagemaker_notebook_direct_internet_access;
mod sagemaker_notebook_root_access;
mod secretsmanager_secret_policy_public;
mod secretsmanager_secret_without_cmk;
mod security_group_open_admin_port;
mod server_parameter;
mod sns_topic_not_encrypted;
mod sns_topic_policy_public;
mod sqs_queue_encryption_disabled;
mod sqs_queue_policy_public;
mod vpc_flow_logs_disabled;
mod workspaces_volume_not_encrypted;

use rampart_diagnostics::{Finding, Related, ResourceRef, RuleMeta};
use rampart_source::{Location, TextRange};
use rampart_terraform::{
    EvalAttribute, EvalBlock, EvalBody, EvaluatedModule, Kind, Project, ResourceInstance, Span,
    Value,
};

/// A check over one evaluated Terraform resource instance.
pub trait TerraformRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>);
    /// The resource types the rule judges (`aws_ebs_volume`; a data source as
    /// `data.aws_iam_policy_document`): `check` is called only with instances of these types,
    /// and a compliance control applies to a scan that has one of them. Empty: any type.
    fn examines(&self) -> &'static [&'static str] {
        &[]
    }
}

/// The resource types the Terraform rule `id` judges (see [`TerraformRule::examines`]); `None`
/// for an unknown id.
#[must_use]
pub fn examined_types(id: &str) -> Option<&'static [&'static str]> {
    RULES
        .iter()
        .find(|rule| rule.meta().id == id)
        .map(|rule| rule.examines())
}

/// Every Terraform rule, in registration order.
pub static RULES: &[&dyn TerraformRule] = &[
    &s3_public_access_block_disabled::S3PublicAccessBlockDisabled,
    &s3_bucket_without_public_access_block::S3BucketWithoutPublicAccessBlock,
    &security_group_open_admin_port::SecurityGroupOpenAdminPort,
    &rds_storage_not_encrypted::RdsStorageNotEncrypted,
    &ebs_volume_not_encrypted::EbsVolumeNotEncrypted,
    &rds_publicly_accessible::RdsPubliclyAccessible,
    &iam_policy_admin_access::IamPolicyAdminAccess,
    &cloudtrail_not_multi_region::CloudtrailNotMultiRegion,
    &cloudtrail_log_validation_disabled::CloudtrailLogValidationDisabled,
    &cloudtrail_not_encrypted::CloudtrailNotEncrypted,
    &kms_key_rotation_disabled::KmsKeyRotationDisabled,
    &efs_not_encrypted::EfsNotEncrypted,
    &eks_public_endpoint::EksPublicEndpoint,
    &eks_secrets_not_encrypted::EksSecretsNotEncrypted,
    &eks_control_plane_logging_disabled::EksControlPlaneLoggingDisabled,
    &ec2_imdsv2_not_required::Ec2Imdsv2NotRequired,
    &vpc_flow_logs_disabled::VpcFlowLogsDisabled,
    &iam_password_policy_weak::IamPasswordPolicyWeak,
    &default_security_group_allows_traffic::DefaultSecurityGroupAllowsTraffic,
    &ecr_image_tags_mutable::EcrImageTagsMutable,
    &ecr_scan_on_push_disabled::EcrScanOnPushDisabled,
    &dynamodb_pitr_disabled::DynamodbPitrDisabled,
    &rds_backups_disabled::RdsBackupsDisabled,
    &lb_listener_http::LbListenerHttp,
    &lb_outdated_tls_policy::LbOutdatedTlsPolicy,
    &cloudfront_allows_http::CloudfrontAllowsHttp,
    &cloudfront_outdated_tls::CloudfrontOutdatedTls,
    &s3_bucket_public_acl::S3BucketPublicAcl,
    &s3_bucket_versioning_disabled::S3BucketVersioningDisabled,
    &elasticache_not_encrypted_in_transit::ElasticacheNotEncryptedInTransit,
    &rds_deletion_protection_disabled::RdsDeletionProtectionDisabled,
    &s3_bucket_policy_public::S3BucketPolicyPublic,
    &cloudtrail_bucket_logging_disabled::CloudtrailBucketLoggingDisabled,
    &missing_required_tags::MissingRequiredTags,
    &azure_storage_allows_http::AzureStorageAllowsHttp,
    &azure_storage_public_blob_access::AzureStoragePublicBlobAccess,
    &azure_storage_outdated_tls::AzureStorageOutdatedTls,
    &azure_nsg_open_admin_port::AzureNsgOpenAdminPort,
    &azure_aks_rbac_disabled::AzureAksRbacDisabled,
    &azure_aks_network_policy_missing::AzureAksNetworkPolicyMissing,
    &azure_key_vault_purge_protection_disabled::AzureKeyVaultPurgeProtectionDisabled,
    &azure_database_firewall_open::AzureDatabaseFirewallOpen,
    &azure_database_ssl_disabled::AzureDatabaseSslDisabled,
    &gcp_firewall_open_admin_port::GcpFirewallOpenAdminPort,
    &gcp_storage_bucket_public::GcpStorageBucketPublic,
    &gcp_storage_uniform_access_disabled::GcpStorageUniformAccessDisabled,
    &gcp_gke_legacy_abac_enabled::GcpGkeLegacyAbacEnabled,
    &gcp_gke_private_nodes_disabled::GcpGkePrivateNodesDisabled,
    &gcp_gke_network_policy_disabled::GcpGkeNetworkPolicyDisabled,
    &gcp_gke_shielded_nodes_disabled::GcpGkeShieldedNodesDisabled,
    &gcp_sql_open_to_internet::GcpSqlOpenToInternet,
    &gcp_sql_ssl_not_required::GcpSqlSslNotRequired,
    &gcp_compute_serial_port_enabled::GcpComputeSerialPortEnabled,
    &gcp_kms_key_rotation_disabled::GcpKmsKeyRotationDisabled,
    &azure_sql_server_public_network_access::AzureSqlServerPublicNetworkAccess,
    &azure_sql_server_outdated_tls::AzureSqlServerOutdatedTls,
    &azure_aks_local_accounts_enabled::AzureAksLocalAccountsEnabled,
    &gcp_compute_os_login_disabled::GcpComputeOsLoginDisabled,
    &gcp_compute_ip_forwarding_enabled::GcpComputeIpForwardingEnabled,
    &azure_aks_api_server_public::AzureAksApiServerPublic,
    &azure_redis_non_ssl_port::AzureRedisNonSslPort,
    &gcp_compute_default_sa_full_scopes::GcpComputeDefaultSaFullScopes,
    &opensearch_not_encrypted_at_rest::OpensearchNotEncryptedAtRest,
    &opensearch_node_to_node_encryption_disabled::OpensearchNodeToNodeEncryptionDisabled,
    &opensearch_https_not_enforced::OpensearchHttpsNotEnforced,
    &docdb_storage_not_encrypted::DocdbStorageNotEncrypted,
    &neptune_storage_not_encrypted::NeptuneStorageNotEncrypted,
    &redshift_publicly_accessible::RedshiftPubliclyAccessible,
    &redshift_not_encrypted::RedshiftNotEncrypted,
    &rds_iam_auth_disabled::RdsIamAuthDisabled,
    &sqs_queue_policy_public::SqsQueuePolicyPublic,
    &sns_topic_policy_public::SnsTopicPolicyPublic,
    &lambda_function_url_without_auth::LambdaFunctionUrlWithoutAuth,
    &lambda_permission_public::LambdaPermissionPublic,
    &iam_user_direct_policy::IamUserDirectPolicy,
    &nacl_open_admin_port::NaclOpenAdminPort,
    &kinesis_stream_not_encrypted::KinesisStreamNotEncrypted,
    &msk_plaintext_traffic::MskPlaintextTraffic,
    &api_gateway_stage_access_logging_disabled::ApiGatewayStageAccessLoggingDisabled,
    &api_gateway_method_without_auth::ApiGatewayMethodWithoutAuth,
    &ec2_public_ip::Ec2PublicIp,
    &guardduty_detector_disabled::GuarddutyDetectorDisabled,
    &ecs_task_privileged_container::EcsTaskPrivilegedContainer,
    &ami_public::AmiPublic,
    &rds_snapshot_public::RdsSnapshotPublic,
    &ebs_encryption_by_default_disabled::EbsEncryptionByDefaultDisabled,
    &iam_role_trusts_anyone::IamRoleTrustsAnyone,
    &sqs_queue_encryption_disabled::SqsQueueEncryptionDisabled,
    &sagemaker_notebook_direct_internet_access::SagemakerNotebookDirectInternetAccess,
    &sagemaker_notebook_root_access::SagemakerNotebookRootAccess,
    &ecs_task_host_pid::EcsTaskHostPid,
    &acm_certificate_transparency_disabled::AcmCertificateTransparencyDisabled,
    &api_gateway_domain_outdated_tls::ApiGatewayDomainOutdatedTls,
    &iam_policy_passrole_any_role::IamPolicyPassroleAnyRole,
    &sns_topic_not_encrypted::SnsTopicNotEncrypted,
    &eks_node_group_ssh_open::EksNodeGroupSshOpen,
    &secretsmanager_secret_without_cmk::SecretsmanagerSecretWithoutCmk,
    &lambda_secret_in_environment::LambdaSecretInEnvironment,
    &batch_job_privileged_container::BatchJobPrivilegedContainer,
    &glue_data_catalog_not_encrypted::GlueDataCatalogNotEncrypted,
    &dax_cluster_not_encrypted::DaxClusterNotEncrypted,
    &workspaces_volume_not_encrypted::WorkspacesVolumeNotEncrypted,
    &ec2_block_device_not_encrypted::Ec2BlockDeviceNotEncrypted,
    &azure_container_registry_admin_enabled::AzureContainerRegistryAdminEnabled,
    &azure_app_service_allows_http::AzureAppServiceAllowsHttp,
    &azure_app_service_ftp_allowed::AzureAppServiceFtpAllowed,
    &gcp_compute_project_ssh_keys_allowed::GcpComputeProjectSshKeysAllowed,
    &gcp_sql_backups_disabled::GcpSqlBackupsDisabled,
    &gcp_bigquery_dataset_public::GcpBigqueryDatasetPublic,
    &gcp_gke_node_auto_upgrade_disabled::GcpGkeNodeAutoUpgradeDisabled,
    &gcp_gke_node_auto_repair_disabled::GcpGkeNodeAutoRepairDisabled,
    &azure_storage_network_default_allow::AzureStorageNetworkDefaultAllow,
    &azure_key_vault_network_default_allow::AzureKeyVaultNetworkDefaultAllow,
    &gcp_project_primitive_role::GcpProjectPrimitiveRole,
    &gcp_gke_legacy_metadata_endpoints::GcpGkeLegacyMetadataEndpoints,
    &gcp_gke_node_metadata_exposed::GcpGkeNodeMetadataExposed,
    &gcp_compute_shielded_vm_disabled::GcpComputeShieldedVmDisabled,
    &gcp_gke_master_networks_open::GcpGkeMasterNetworksOpen,
    &elasticache_not_encrypted_at_rest::ElasticacheNotEncryptedAtRest,
    &elasticache_backups_disabled::ElasticacheBackupsDisabled,
    &lb_invalid_headers_not_dropped::LbInvalidHeadersNotDropped,
    &mq_broker_public::MqBrokerPublic,
    &dms_replication_instance_public::DmsReplicationInstancePublic,
    &msk_broker_public::MskBrokerPublic,
    &neptune_instance_public::NeptuneInstancePublic,
    &athena_workgroup_not_encrypted::AthenaWorkgroupNotEncrypted,
    &cloudwatch_log_group_without_cmk::CloudwatchLogGroupWithoutCmk,
    &ecs_task_host_network::EcsTaskHostNetwork,
    &kms_key_policy_public::KmsKeyPolicyPublic,
    &ecr_repository_policy_public::EcrRepositoryPolicyPublic,
    &efs_file_system_policy_public::EfsFileSystemPolicyPublic,
    &secretsmanager_secret_policy_public::SecretsmanagerSecretPolicyPublic,
    &opensearch_domain_policy_public::OpensearchDomainPolicyPublic,
    &redshift_audit_logging_disabled::RedshiftAuditLoggingDisabled,
    &docdb_audit_logging_disabled::DocdbAuditLoggingDisabled,
    &mq_broker_logging_disabled::MqBrokerLoggingDisabled,
    &neptune_audit_logging_disabled::NeptuneAuditLoggingDisabled,
    &azure_sql_server_auditing_disabled::AzureSqlServerAuditingDisabled,
    &azure_sql_audit_retention_short::AzureSqlAuditRetentionShort,
    &azure_postgresql_logging_disabled::AzurePostgresqlLoggingDisabled,
    &azure_postgresql_threat_detection_disabled::AzurePostgresqlThreatDetectionDisabled,
    &azure_vm_password_authentication::AzureVmPasswordAuthentication,
    &azure_key_vault_secret_no_expiry::AzureKeyVaultSecretNoExpiry,
    &azure_key_vault_key_no_expiry::AzureKeyVaultKeyNoExpiry,
    &azure_defender_free_tier::AzureDefenderFreeTier,
    &azure_custom_role_subscription_owner::AzureCustomRoleSubscriptionOwner,
    &azure_flow_log_disabled_or_short::AzureFlowLogDisabledOrShort,
    &azure_app_service_outdated_tls::AzureAppServiceOutdatedTls,
    &gcp_gke_workload_identity_disabled::GcpGkeWorkloadIdentityDisabled,
    &gcp_gke_client_certificate_enabled::GcpGkeClientCertificateEnabled,
    &gcp_gke_logging_disabled::GcpGkeLoggingDisabled,
    &gcp_gke_monitoring_disabled::GcpGkeMonitoringDisabled,
    &gcp_gke_node_image_not_cos::GcpGkeNodeImageNotCos,
    &gcp_gke_default_service_account::GcpGkeDefaultServiceAccount,
    &gcp_dns_dnssec_disabled::GcpDnsDnssecDisabled,
    &gcp_dns_dnssec_rsasha1::GcpDnsDnssecRsasha1,
    &gcp_kms_key_public::GcpKmsKeyPublic,
    &gcp_compute_subnet_flow_logs_disabled::GcpComputeSubnetFlowLogsDisabled,
    &gcp_project_service_account_impersonation::GcpProjectServiceAccountImpersonation,
    &s3_bucket_logging_disabled::S3BucketLoggingDisabled,
    &azure_sql_database_tde_disabled::AzureSqlDatabaseTdeDisabled,
];

/// What the configuration says about the Terraform rules (`.rampart.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TfSettings {
    /// The tag keys every taggable resource must carry (`required-tags`); empty: no tagging
    /// policy.
    pub required_tags: Vec<String>,
}

/// The settings of a context made without any.
static NO_SETTINGS: TfSettings = TfSettings {
    required_tags: Vec::new(),
};

/// One resource instance, in the module instance that holds it.
pub struct Resource<'a> {
    pub instance: &'a ResourceInstance,
    pub module: &'a EvaluatedModule,
    /// The root module of the evaluation, for rules that look across the configuration.
    pub root: &'a EvaluatedModule,
}

impl Resource<'_> {
    /// `aws_s3_bucket`
    #[must_use]
    pub fn kind(&self) -> &str {
        &self.instance.kind
    }

    #[must_use]
    pub fn body(&self) -> &EvalBody {
        &self.instance.body
    }

    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&EvalAttribute> {
        self.instance.body.attribute(name)
    }

    /// Whether a managed resource (not a data source) of type `kind`.
    #[must_use]
    pub fn is(&self, kind: &str) -> bool {
        self.instance.mode == rampart_terraform::Mode::Managed && self.instance.kind == kind
    }

    /// Whether a rule that examines `kinds` (see [`TerraformRule::examines`]) judges this
    /// instance: any instance when `kinds` is empty.
    #[must_use]
    pub fn examined_by(&self, kinds: &[&str]) -> bool {
        kinds.is_empty()
            || kinds.iter().any(|k| match k.strip_prefix("data.") {
                Some(data) => {
                    self.instance.mode == rampart_terraform::Mode::Data
                        && self.instance.kind == data
                }
                None => self.is(k),
            })
    }

    /// Whether a managed resource of one of the types `kinds`.
    #[must_use]
    pub fn is_any(&self, kinds: &[&str]) -> bool {
        kinds.iter().any(|kind| self.is(kind))
    }
}

/// What a boolean setting is, as far as can be known.
#[derive(Debug, Clone, Copy)]
pub enum Setting<'a> {
    /// Set, to a known value.
    Known(bool, &'a EvalAttribute),
    /// Not set: the provider's default applies.
    Missing,
    /// Set to something not known before apply (or not a boolean): not judged.
    Unknown,
}

/// The boolean attribute `name` of `body`.
#[must_use]
pub fn bool_setting<'a>(body: &'a EvalBody, name: &str) -> Setting<'a> {
    match body.attribute(name) {
        None => Setting::Missing,
        Some(attribute) if attribute.value.is_null() => Setting::Missing,
        Some(attribute) => match attribute.value.as_bool() {
            Some(value) => Setting::Known(value, attribute),
            None => Setting::Unknown,
        },
    }
}

/// A retention in days (`retention_in_days`, a flow log's `days`) that keeps data fewer than
/// `min` days: its known value, as written. `0`, which keeps data without limit in Azure's
/// retention settings, and unknown values are not short.
#[must_use]
pub fn short_retention(value: &Value, min: f64) -> Option<String> {
    value
        .as_number()
        .filter(|days| *days > 0.0 && *days < min)
        .and_then(|_| value.to_plain_string())
}

/// The known strings of a list attribute (unknown elements are left out).
pub fn known_strings(value: &Value) -> impl Iterator<Item = (&str, &Value)> {
    value
        .as_list()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(|s| (s, v)))
}

/// What a rule reports through: it locates findings, adds where values were set and the module
/// call chain as related locations, and names the resource by its address.
pub struct TfContext<'a> {
    project: &'a Project,
    rule: &'static RuleMeta,
    resource: &'a ResourceInstance,
    /// The `module` blocks from the root to the resource's module.
    calls: &'a [Span],
    settings: &'a TfSettings,
    findings: Vec<Finding>,
}

impl<'a> TfContext<'a> {
    #[must_use]
    pub fn new(
        project: &'a Project,
        rule: &'static RuleMeta,
        resource: &'a ResourceInstance,
        calls: &'a [Span],
    ) -> Self {
        Self {
            project,
            rule,
            resource,
            calls,
            settings: &NO_SETTINGS,
            findings: Vec::new(),
        }
    }

    /// The context with the configuration's settings.
    #[must_use]
    pub fn with_settings(mut self, settings: &'a TfSettings) -> Self {
        self.settings = settings;
        self
    }

    /// What the configuration says about the rules.
    #[must_use]
    pub fn settings(&self) -> &TfSettings {
        self.settings
    }

    fn location(&self, span: Span) -> Location {
        location(self.project, span)
    }

    /// Reports a finding at `span`, with `route` naming the place within the resource
    /// (`ingress[0].cidr_blocks`).
    pub fn report(&mut self, span: Span, route: &str, message: impl Into<String>) -> &mut Finding {
        let location = self.location(span);
        let resource = ResourceRef::terraform(&self.resource.kind, &self.resource.address);
        let route = (!route.is_empty()).then(|| route.to_owned());
        let mut finding = Finding::new(self.rule, message.into(), location, Some(resource), route);
        finding.related = module_calls(self.project, self.calls);
        self.findings.push(finding);
        self.findings.last_mut().expect("a finding was just pushed")
    }

    /// Reports an attribute whose `value` (the attribute's, or an element of it) is wrong: at
    /// the attribute, with where the value was set and the references it came through as related
    /// locations (first the one nearest the attribute).
    pub fn report_value(
        &mut self,
        attribute: &EvalAttribute,
        value: &Value,
        route: &str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.report_value_at(attribute.span, attribute, value, route, message)
    }

    /// As [`TfContext::report_value`], at `span` (a part of the attribute: the element of a list
    /// that is wrong, say).
    pub fn report_value_at(
        &mut self,
        span: Span,
        attribute: &EvalAttribute,
        value: &Value,
        route: &str,
        message: impl Into<String>,
    ) -> &mut Finding {
        let mut chain = Vec::new();
        if let Some(origin) = &value.origin {
            let links: Vec<_> = origin.chain().collect();
            for (i, link) in links.iter().enumerate() {
                let inside = link.span.file == attribute.span.file
                    && attribute.span.range.contains_range(link.span.range);
                if inside {
                    continue;
                }
                let message = if i + 1 == links.len() {
                    "the value is set here"
                } else {
                    "the value is passed on here"
                };
                chain.push(Related {
                    location: self.location(link.span),
                    message: message.into(),
                });
            }
        }
        let finding = self.report(span, route, message);
        // The value's own chain comes before the module calls.
        chain.append(&mut finding.related);
        finding.related = chain;
        finding
    }

    #[must_use]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Where `span` is, without the blank space that ends it (a block's text ends at its `}`).
#[must_use]
pub fn location(project: &Project, span: Span) -> Location {
    let file = project.file(span.file);
    let text = file.slice(span.range);
    let len = u32::try_from(text.trim_end().len()).unwrap_or(span.range.len());
    file.location(TextRange::new(span.range.start, span.range.start + len))
}

/// The `module` blocks that lead to a resource, nearest first, as related locations.
#[must_use]
pub fn module_calls(project: &Project, calls: &[Span]) -> Vec<Related> {
    calls
        .iter()
        .rev()
        .map(|call| Related {
            location: location(project, *call),
            message: rampart_diagnostics::MODULE_CALL.into(),
        })
        .collect()
}

/// Runs `rules` over every resource instance of `module` and the modules it calls, without
/// settings.
#[must_use]
pub fn check_module(
    project: &Project,
    module: &EvaluatedModule,
    rules: &[&dyn TerraformRule],
) -> Vec<Finding> {
    check_module_with(project, module, rules, &NO_SETTINGS)
}

/// Runs `rules` over every resource instance of `module` and the modules it calls.
#[must_use]
pub fn check_module_with(
    project: &Project,
    module: &EvaluatedModule,
    rules: &[&dyn TerraformRule],
    settings: &TfSettings,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    visit(module, &mut |resource, calls| {
        for rule in rules {
            if !resource.examined_by(rule.examines()) {
                continue;
            }
            let mut cx = TfContext::new(project, rule.meta(), resource.instance, calls)
                .with_settings(settings);
            rule.check(resource, &mut cx);
            findings.extend(cx.into_findings());
        }
    });
    findings
}

/// Calls `f` with every resource instance of `root` and the modules it calls, depth first, and
/// the `module` blocks that lead to it from `root`.
pub fn visit<'m>(root: &'m EvaluatedModule, f: &mut dyn FnMut(&Resource<'m>, &[Span])) {
    fn walk<'m>(
        root: &'m EvaluatedModule,
        module: &'m EvaluatedModule,
        calls: &mut Vec<Span>,
        f: &mut dyn FnMut(&Resource<'m>, &[Span]),
    ) {
        for instance in &module.resources {
            let resource = Resource {
                instance,
                module,
                root,
            };
            f(&resource, calls);
        }
        for child in &module.children {
            calls.extend(child.call);
            walk(root, child, calls, f);
            if child.call.is_some() {
                calls.pop();
            }
        }
    }
    walk(root, root, &mut Vec::new(), f);
}

/// Whether `value` is a known string equal to one of `texts`.
#[must_use]
pub fn is_one_of(value: &Value, texts: &[&str]) -> bool {
    matches!(&value.kind, Kind::String(s) if texts.contains(&&**s))
}

/// `prefix.name`, or `name` at the top of the resource.
#[must_use]
pub fn route(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A boolean setting that must be `true` and defaults to `false` (`enable_key_rotation`,
/// `encrypted`): reports it where it is known `false`, or at `block` (the block of `body`,
/// reached by `prefix`) when it is not set. An unknown value is not judged.
pub fn require_true(
    cx: &mut TfContext<'_>,
    body: &EvalBody,
    block: Span,
    prefix: &str,
    name: &str,
    effect: &str,
) {
    match bool_setting(body, name) {
        Setting::Known(false, attribute) => {
            cx.report_value(
                attribute,
                &attribute.value,
                &route(prefix, name),
                format!("{name} is false: {effect}"),
            );
        }
        Setting::Missing => {
            cx.report(
                block,
                prefix,
                format!("{name} is not set (it defaults to false): {effect}"),
            );
        }
        Setting::Known(true, _) | Setting::Unknown => {}
    }
}

/// [`require_true`] for the top-level attribute `name` of managed resources of `kinds`.
pub fn require_true_in(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    kinds: &[&str],
    name: &str,
    effect: &str,
) {
    if resource.is_any(kinds) {
        require_true(
            cx,
            resource.body(),
            resource.instance.span,
            "",
            name,
            effect,
        );
    }
}

/// A block that must be written, with a boolean setting that must be `true` and defaults to
/// `false` (`point_in_time_recovery { enabled = true }`): reports the resource when the block
/// is missing, and each block as [`require_true`] does.
pub fn require_block_true(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    block: &str,
    name: &str,
    effect: &str,
) {
    match nested(resource.body(), block) {
        Nested::Missing => {
            cx.report(
                resource.instance.span,
                "",
                format!("no {block} block: {effect}"),
            );
        }
        Nested::Blocks(blocks) => {
            for b in blocks {
                require_true(cx, &b.body, b.span, block, name, effect);
            }
        }
        Nested::Opaque => {}
    }
}

/// A boolean setting whose default is safe (or not known) but that must not be set `false`
/// (`enforce_https`, `encrypted`, `enable_https_traffic_only`, `enable_shielded_nodes`):
/// reports it where it is known `false`. Not set, or unknown, is not reported.
pub fn forbid_false(
    cx: &mut TfContext<'_>,
    body: &EvalBody,
    prefix: &str,
    name: &str,
    effect: &str,
) {
    if let Setting::Known(false, attribute) = bool_setting(body, name) {
        cx.report_value(
            attribute,
            &attribute.value,
            &route(prefix, name),
            format!("{name} is false: {effect}"),
        );
    }
}

/// A boolean setting that must not be `true` (`publicly_accessible`): reports it where it is
/// known `true`, and at `block` when it is not set and its default is `true`.
pub fn forbid_true(
    cx: &mut TfContext<'_>,
    body: &EvalBody,
    block: Span,
    prefix: &str,
    name: &str,
    default: bool,
    effect: &str,
) {
    match bool_setting(body, name) {
        Setting::Known(true, attribute) => {
            cx.report_value(
                attribute,
                &attribute.value,
                &route(prefix, name),
                format!("{name} is true: {effect}"),
            );
        }
        Setting::Missing if default => {
            cx.report(
                block,
                prefix,
                format!("{name} is not set (it defaults to true): {effect}"),
            );
        }
        _ => {}
    }
}

/// [`forbid_true`] for the top-level attribute `name` of managed resources of `kinds`, whose
/// provider default is `default`.
pub fn forbid_true_in(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    kinds: &[&str],
    name: &str,
    default: bool,
    effect: &str,
) {
    if resource.is_any(kinds) {
        forbid_true(
            cx,
            resource.body(),
            resource.instance.span,
            "",
            name,
            default,
            effect,
        );
    }
}

/// `publicly_accessible` of a database, broker or replication instance, whose provider default
/// is `false`: reported where it is known `true` (see [`forbid_true`]).
pub fn forbid_publicly_accessible(resource: &Resource<'_>, cx: &mut TfContext<'_>, effect: &str) {
    forbid_true(
        cx,
        resource.body(),
        resource.instance.span,
        "",
        "publicly_accessible",
        false,
        effect,
    );
}

/// A top-level setting that must be written (`kms_key_id`): reports, with `message`, the
/// resource when `name` is not set, and the attribute when it is `null` (`kms_key_id =
/// var.key` whose default is `null`: the finding leads to where the null was set). Any other
/// value, known or not, passes.
pub fn require_set(resource: &Resource<'_>, cx: &mut TfContext<'_>, name: &str, message: &str) {
    match resource.attribute(name) {
        None => {
            cx.report(resource.instance.span, "", message);
        }
        Some(attribute) if attribute.value.is_null() => {
            cx.report_value(attribute, &attribute.value, name, message);
        }
        Some(_) => {}
    }
}

/// A string setting of the resource that must not be `Enabled` and defaults to it
/// (`direct_internet_access`, `root_access` of SageMaker notebooks): reports it where it is
/// known `Enabled`, and at the resource when it is not set. Any other value, or an unknown one,
/// is not reported.
pub fn forbid_enabled(resource: &Resource<'_>, cx: &mut TfContext<'_>, name: &str, effect: &str) {
    match resource.attribute(name) {
        Some(attribute) if !attribute.value.is_null() => {
            if let Some((attribute, _)) = string_in(resource.body(), name, &["Enabled"]) {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    name,
                    format!("{name} is Enabled: {effect}"),
                );
            }
        }
        _ => {
            cx.report(
                resource.instance.span,
                "",
                format!("{name} is not set (it defaults to Enabled): {effect}"),
            );
        }
    }
}

/// A string attribute of `body` whose known value is one of `bad` (compared without case):
/// the attribute and its value.
#[must_use]
pub fn string_in<'a>(
    body: &'a EvalBody,
    name: &str,
    bad: &[&str],
) -> Option<(&'a EvalAttribute, &'a str)> {
    let attribute = body.attribute(name)?;
    let text = attribute.value.as_str()?;
    bad.iter()
        .any(|b| b.eq_ignore_ascii_case(text))
        .then_some((attribute, text))
}

/// How the resources of `kind` refer to the S3 bucket `resource` through their `bucket`
/// (`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`...): by reference or by the bucket's
/// name.
#[must_use]
pub fn bucket_link(resource: &Resource<'_>, kind: &str) -> Link {
    companion(resource, kind, "bucket", Some(bucket_name(resource))).0
}

/// Whether the S3 bucket `resource` may have server access logging: an inline `logging` block
/// (provider 3 and earlier), or an `aws_s3_bucket_logging` that refers, or might refer, to it.
#[must_use]
pub fn bucket_logs(resource: &Resource<'_>) -> bool {
    let body = resource.body();
    !matches!(nested(body, "logging"), Nested::Missing)
        || bucket_link(resource, "aws_s3_bucket_logging") != Link::No
}

/// The known name of the S3 bucket `resource` (`None` when it is generated or unknown).
#[must_use]
pub fn bucket_name<'a>(resource: &Resource<'a>) -> Option<&'a str> {
    let instance: &'a ResourceInstance = resource.instance;
    instance
        .body
        .attribute("bucket")
        .and_then(|b| b.value.as_str())
}

/// A nested block of a resource, as far as can be known.
pub enum Nested<'a> {
    /// The blocks written (a dynamic block over an unknown collection gives one, with unknown
    /// values).
    Blocks(Vec<&'a EvalBlock>),
    /// Not written (or a dynamic block over an empty collection).
    Missing,
    /// Written as an attribute whose value is not an object, nor a list with one (not known
    /// before apply, or not known to be blocks: a plan's block that the provider computes):
    /// not judged.
    Opaque,
}

/// The `name` blocks of `body`.
#[must_use]
pub fn nested<'a>(body: &'a EvalBody, name: &'a str) -> Nested<'a> {
    let blocks: Vec<_> = body.blocks_of(name).collect();
    if !blocks.is_empty() {
        return Nested::Blocks(blocks);
    }
    match body.attribute(name).map(|a| &a.value) {
        // An empty list is no block (how a plan writes an absent one).
        Some(value) if value.as_list().is_some_and(<[Value]>::is_empty) => Nested::Missing,
        Some(value) if !value.is_null() => Nested::Opaque,
        _ => Nested::Missing,
    }
}

/// How a value refers to another resource, from the closest link to none (the order of the
/// variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// It names the resource: `aws_vpc.main.id` (unknown after apply, the reference is
    /// followed), or the resource's known name.
    Refers,
    /// It is not known where it comes from (a data source, a variable without a value, an
    /// attribute of a resource of another type): it might name the resource.
    Maybe,
    No,
}

impl Link {
    /// The link of a reference made of two parts that must both name the resource (an
    /// account's name and its resource group): the looser of the two.
    #[must_use]
    pub fn and(self, other: Link) -> Link {
        self.max(other)
    }

    /// The closer of two links (a companion that may name the resource two ways).
    #[must_use]
    pub fn or(self, other: Link) -> Link {
        self.min(other)
    }
}

/// How `value` (a companion resource's `bucket`, `vpc_id`...) refers to the resource whose
/// address in its module is `key` (`aws_s3_bucket.data`) and whose name, when the value may
/// be a name, is `name` (`None` when the resource's name is not known).
#[must_use]
pub fn link(value: &Value, key: &str, name: Option<Option<&str>>) -> Link {
    match &value.kind {
        Kind::Unknown(unknown) => match unknown.resource.as_deref() {
            Some(refers_to) if refers_to == key => Link::Refers,
            // Another resource of the same type: another bucket, another VPC.
            Some(refers_to) if same_type(refers_to, key) => Link::No,
            _ => Link::Maybe,
        },
        Kind::String(text) => match name {
            Some(Some(name)) if name == &**text => Link::Refers,
            Some(None) => Link::Maybe,
            _ => Link::No,
        },
        _ => Link::No,
    }
}

/// Whether two resource addresses (`aws_vpc.main`) name resources of the same type.
fn same_type(a: &str, b: &str) -> bool {
    a.split('.').next() == b.split('.').next()
}

/// How the resources of `kind` in the configuration refer to `resource` through `attribute`:
/// the closest link found (`Refers` before `Maybe`), with the companion that has it. Every
/// module is searched (a companion in a child module gets the reference through a variable),
/// which can only find more links, never report more.
#[must_use]
pub fn companion<'a>(
    resource: &Resource<'a>,
    kind: &str,
    attribute: &str,
    name: Option<Option<&str>>,
) -> (Link, Option<&'a ResourceInstance>) {
    companion_by(resource, kind, |body, key| {
        body.attribute(attribute)
            .map_or(Link::No, |target| link(&target.value, key, name))
    })
}

/// As [`companion`], with the link of each companion told by `judge` from the companion's body
/// and the address of `resource` in its module (`azurerm_storage_account.data`): for a
/// companion that may name the resource through more than one attribute.
#[must_use]
pub fn companion_by<'a>(
    resource: &Resource<'a>,
    kind: &str,
    judge: impl Fn(&EvalBody, &str) -> Link,
) -> (Link, Option<&'a ResourceInstance>) {
    let key = format!("{}.{}", resource.instance.kind, resource.instance.name);
    let mut best = (Link::No, None);
    for other in resource.root.resources_of(kind) {
        if other.mode != rampart_terraform::Mode::Managed {
            continue;
        }
        match judge(&other.body, &key) {
            Link::Refers => return (Link::Refers, Some(other)),
            Link::Maybe => best = (Link::Maybe, Some(other)),
            Link::No => {}
        }
    }
    best
}

/// A list attribute of the resource that must name each of `required`
/// (`enabled_cluster_log_types`, `enabled_cloudwatch_logs_exports`) and names none when it is
/// not set: reports the resource when the attribute is not set (`{name} is not set: {unset}`),
/// and the attribute when it leaves one of them out (followed by `: {effect}` when given). A
/// list with an unknown element is not judged.
pub fn require_listed(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    name: &str,
    required: &[&str],
    unset: &str,
    effect: Option<&str>,
) {
    let Some(attribute) = resource.attribute(name).filter(|a| !a.value.is_null()) else {
        cx.report(
            resource.instance.span,
            "",
            format!("{name} is not set: {unset}"),
        );
        return;
    };
    let list = &attribute.value;
    if list.has_unknown() || list.as_list().is_none() {
        return;
    }
    let missing: Vec<_> = required
        .iter()
        .filter(|entry| !known_strings(list).any(|(t, _)| t == **entry))
        .map(|entry| format!("\"{entry}\""))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut message = format!("{name} leaves out {}", missing.join(", "));
    if let Some(effect) = effect {
        message = format!("{message}: {effect}");
    }
    cx.report_value(attribute, list, name, message);
}

/// The resource types that launch EC2 instances.
pub const INSTANCE_KINDS: [&str; 3] = [
    "aws_instance",
    "aws_launch_configuration",
    "aws_launch_template",
];

/// The resource types of OpenSearch (and legacy Elasticsearch) domains.
pub const SEARCH_DOMAINS: [&str; 2] = ["aws_opensearch_domain", "aws_elasticsearch_domain"];

/// The settings that make a database cluster take its encryption from elsewhere (a snapshot, a
/// global cluster, a replication source) or ask for it with a key.
const ENCRYPTION_SOURCES: [&str; 5] = [
    "snapshot_identifier",
    "global_cluster_identifier",
    "replication_source_identifier",
    "kms_key_id",
    "kms_key_arn",
];

/// `storage_encrypted` of a database cluster (DocumentDB, Neptune), which defaults to `false`:
/// reported where it is known `false`, and at the resource when it is not set and the cluster
/// does not take its encryption from elsewhere (see [`ENCRYPTION_SOURCES`]).
pub fn require_storage_encrypted(resource: &Resource<'_>, cx: &mut TfContext<'_>, effect: &str) {
    let inherits = ENCRYPTION_SOURCES
        .iter()
        .any(|name| resource.attribute(name).is_some_and(|a| !a.value.is_null()));
    if inherits
        && matches!(
            bool_setting(resource.body(), "storage_encrypted"),
            Setting::Missing
        )
    {
        return;
    }
    require_true_in(
        resource,
        cx,
        &[resource.kind()],
        "storage_encrypted",
        effect,
    );
}

/// The value of the JSON text `text` (`null` when it does not parse), as `jsondecode` gives it.
#[must_use]
pub fn decode_json(text: &str) -> Value {
    let cx = rampart_terraform::functions::Context {
        module_dir: std::path::Path::new(""),
    };
    rampart_terraform::functions::call("jsondecode", vec![Value::string(text)], &cx)
}
