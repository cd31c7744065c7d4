//! Kubernetes rules, one per file. To add a rule: write its file (see
//! `privileged_container.rs`), add it to the list below, and add its fixtures under
//! `tests/fixtures/kubernetes/<rule-id>/` (`fail.yaml` with `# expect: <rule-id>` on each line
//! that must be reported, and `pass.yaml` that must be clean).

use crate::Rule;

mod allow_privilege_escalation;
mod anonymous_auth_enabled;
mod apiserver_admission_plugin_disabled;
mod apiserver_always_admit;
mod apiserver_always_pull_images_missing;
mod apiserver_audit_log_missing;
mod apiserver_audit_log_retention;
mod apiserver_audit_policy_missing;
mod apiserver_encryption_config_missing;
mod apiserver_etcd_ca_missing;
mod apiserver_etcd_client_cert_missing;
mod apiserver_event_rate_limit_missing;
mod apiserver_insecure_port;
mod apiserver_kubelet_ca_missing;
mod apiserver_kubelet_client_cert_missing;
mod apiserver_kubelet_https_disabled;
mod apiserver_node_authorizer_missing;
mod apiserver_node_restriction_missing;
mod apiserver_rbac_authorizer_missing;
mod apiserver_service_account_key_missing;
mod apiserver_service_account_lookup_disabled;
mod apiserver_static_auth_file;
mod apparmor_unconfined;
mod authorization_always_allow;
mod binding_cluster_admin;
mod binding_default_service_account;
mod binding_system_masters;
mod binding_to_public_group;
mod capabilities_not_dropped;
mod client_ca_missing;
mod container_security_context_missing;
mod control_plane_bind_address_exposed;
mod controller_manager_root_ca_missing;
mod controller_manager_service_account_key_missing;
mod controller_manager_shared_credentials;
mod cronjob_deadline_missing;
mod dangerous_capabilities;
mod dashboard_deployed;
mod default_namespace;
mod default_service_account;
mod default_service_account_automount;
mod deprecated_api_version;
mod deprecated_service_account_field;
mod disallowed_volume_type;
mod duplicate_env_var;
mod encryption_config_plaintext;
mod etcd_auto_tls;
mod etcd_client_cert_auth_disabled;
mod etcd_peer_cert_auth_disabled;
mod etcd_peer_tls_missing;
mod etcd_tls_missing;
mod exposed_workload_mounts_secret;
mod host_ipc;
mod host_network;
mod host_path_volume;
mod host_pid;
mod host_port;
mod host_probes;
mod hpa_scales_to_one;
mod hpa_target_missing;
mod hpa_target_sets_replicas;
mod image_not_pinned_by_digest;
mod image_pull_policy_not_always;
mod image_tag_latest;
mod ingress_nginx_snippet;
mod ingress_without_tls;
mod invalid_label;
mod kubelet_certificate_rotation_disabled;
mod kubelet_hostname_override;
mod kubelet_iptables_chains_disabled;
mod kubelet_read_only_port;
mod kubelet_streaming_timeout_disabled;
mod liveness_probe_missing;
mod low_uid;
mod mismatching_selector;
mod missing_resource_limits;
mod missing_resource_requests;
mod naked_pod;
mod namespace_without_default_deny;
mod network_policy_selects_no_pod;
mod no_rolling_update;
mod pdb_blocks_disruption;
mod pod_anti_affinity_missing;
mod privileged_container;
mod probe_port_not_exposed;
mod proc_mount_unmasked;
mod profiling_enabled;
mod pss_capabilities_baseline;
mod pss_capabilities_restricted;
mod rbac_approve_csr;
mod rbac_create_persistent_volumes;
mod rbac_create_tokens;
mod rbac_delete_events;
mod rbac_delete_resources;
mod rbac_escalate_or_bind;
mod rbac_impersonate;
mod rbac_nodes_proxy;
mod rbac_pod_exec_or_create;
mod rbac_port_forward;
mod rbac_read_secrets;
mod rbac_update_coredns;
mod rbac_webhook_config;
mod rbac_wildcard;
mod readiness_probe_missing;
mod removed_api_version;
mod route_backend_missing;
mod run_as_root;
mod seccomp_profile_missing;
mod seccomp_unconfined;
mod secret_in_configmap;
mod secret_in_env_value;
mod secret_in_env_var_reference;
mod selinux_custom_options;
mod sensitive_host_path;
mod service_account_missing;
mod service_account_token_automount;
mod service_load_balancer;
mod service_nodeport;
mod service_selects_no_pod;
mod serving_certificate_missing;
mod shared_service_account;
mod single_replica;
mod ssh_port_exposed;
mod statefulset_without_service_name;
mod sudo_in_command;
mod tiller_deployed;
mod unsafe_sysctl;
mod weak_tls_cipher_suites;
mod windows_host_process;
mod workload_exposed_outside_cluster;
mod workload_powerful_service_account;
mod workload_without_network_policy;
mod workload_without_pdb;
mod writable_root_filesystem;
mod writable_sensitive_mount;

/// Deprecated and removed API versions, by Kubernetes release.
mod api_versions;

/// What several rules walk the same way.
pub(crate) mod shared;

/// Control-plane components (API server, controller manager, scheduler, etcd, kubelet) as
/// their manifests start them, with their flags, and the kubelet's configuration file.
mod control_plane;

/// Secret detection: names, literal values, credential shapes and configuration settings.
pub(crate) mod secrets;

/// The Kubernetes rules, in the order they are listed.
pub(crate) static RULES: &[&dyn Rule] = &[
    &privileged_container::PrivilegedContainer,
    &allow_privilege_escalation::AllowPrivilegeEscalation,
    &run_as_root::RunAsRoot,
    &dangerous_capabilities::DangerousCapabilities,
    &capabilities_not_dropped::CapabilitiesNotDropped,
    &writable_root_filesystem::WritableRootFilesystem,
    &seccomp_unconfined::SeccompUnconfined,
    &seccomp_profile_missing::SeccompProfileMissing,
    &rbac_wildcard::RbacWildcard,
    &binding_cluster_admin::BindingClusterAdmin,
    &binding_to_public_group::BindingToPublicGroup,
    &rbac_read_secrets::RbacReadSecrets,
    &rbac_pod_exec_or_create::RbacPodExecOrCreate,
    &service_account_token_automount::ServiceAccountTokenAutomount,
    &default_namespace::DefaultNamespace,
    &host_network::HostNetwork,
    &host_pid::HostPid,
    &host_ipc::HostIpc,
    &host_path_volume::HostPathVolume,
    &sensitive_host_path::SensitiveHostPath,
    &host_port::HostPort,
    &missing_resource_limits::MissingResourceLimits,
    &missing_resource_requests::MissingResourceRequests,
    &image_tag_latest::ImageTagLatest,
    &image_not_pinned_by_digest::ImageNotPinnedByDigest,
    &secret_in_env_value::SecretInEnvValue,
    &secret_in_configmap::SecretInConfigmap,
    &windows_host_process::WindowsHostProcess,
    &pss_capabilities_baseline::PssCapabilitiesBaseline,
    &apparmor_unconfined::ApparmorUnconfined,
    &selinux_custom_options::SelinuxCustomOptions,
    &proc_mount_unmasked::ProcMountUnmasked,
    &host_probes::HostProbes,
    &unsafe_sysctl::UnsafeSysctl,
    &disallowed_volume_type::DisallowedVolumeType,
    &pss_capabilities_restricted::PssCapabilitiesRestricted,
    &liveness_probe_missing::LivenessProbeMissing,
    &readiness_probe_missing::ReadinessProbeMissing,
    &image_pull_policy_not_always::ImagePullPolicyNotAlways,
    &single_replica::SingleReplica,
    &pod_anti_affinity_missing::PodAntiAffinityMissing,
    &cronjob_deadline_missing::CronjobDeadlineMissing,
    &ingress_without_tls::IngressWithoutTls,
    &service_nodeport::ServiceNodeport,
    &default_service_account::DefaultServiceAccount,
    &rbac_escalate_or_bind::RbacEscalateOrBind,
    &rbac_impersonate::RbacImpersonate,
    &rbac_port_forward::RbacPortForward,
    &rbac_nodes_proxy::RbacNodesProxy,
    &rbac_create_tokens::RbacCreateTokens,
    &rbac_approve_csr::RbacApproveCsr,
    &rbac_webhook_config::RbacWebhookConfig,
    &rbac_create_persistent_volumes::RbacCreatePersistentVolumes,
    &binding_system_masters::BindingSystemMasters,
    &binding_default_service_account::BindingDefaultServiceAccount,
    &low_uid::LowUid,
    &mismatching_selector::MismatchingSelector,
    &ssh_port_exposed::SshPortExposed,
    &deprecated_service_account_field::DeprecatedServiceAccountField,
    &container_security_context_missing::ContainerSecurityContextMissing,
    &service_load_balancer::ServiceLoadBalancer,
    &secret_in_env_var_reference::SecretInEnvVarReference,
    &statefulset_without_service_name::StatefulsetWithoutServiceName,
    &invalid_label::InvalidLabel,
    &tiller_deployed::TillerDeployed,
    &dashboard_deployed::DashboardDeployed,
    &writable_sensitive_mount::WritableSensitiveMount,
    &removed_api_version::RemovedApiVersion,
    &deprecated_api_version::DeprecatedApiVersion,
    &workload_without_network_policy::WorkloadWithoutNetworkPolicy,
    &namespace_without_default_deny::NamespaceWithoutDefaultDeny,
    &workload_exposed_outside_cluster::WorkloadExposedOutsideCluster,
    &exposed_workload_mounts_secret::ExposedWorkloadMountsSecret,
    &workload_powerful_service_account::WorkloadPowerfulServiceAccount,
    &anonymous_auth_enabled::AnonymousAuthEnabled,
    &authorization_always_allow::AuthorizationAlwaysAllow,
    &kubelet_read_only_port::KubeletReadOnlyPort,
    &apiserver_static_auth_file::ApiserverStaticAuthFile,
    &apiserver_insecure_port::ApiserverInsecurePort,
    &etcd_client_cert_auth_disabled::EtcdClientCertAuthDisabled,
    &etcd_peer_cert_auth_disabled::EtcdPeerCertAuthDisabled,
    &etcd_auto_tls::EtcdAutoTls,
    &etcd_tls_missing::EtcdTlsMissing,
    &etcd_peer_tls_missing::EtcdPeerTlsMissing,
    &profiling_enabled::ProfilingEnabled,
    &apiserver_audit_log_retention::ApiserverAuditLogRetention,
    &apiserver_encryption_config_missing::ApiserverEncryptionConfigMissing,
    &apiserver_service_account_lookup_disabled::ApiserverServiceAccountLookupDisabled,
    &apiserver_always_admit::ApiserverAlwaysAdmit,
    &apiserver_node_restriction_missing::ApiserverNodeRestrictionMissing,
    &apiserver_admission_plugin_disabled::ApiserverAdmissionPluginDisabled,
    &apiserver_node_authorizer_missing::ApiserverNodeAuthorizerMissing,
    &apiserver_rbac_authorizer_missing::ApiserverRbacAuthorizerMissing,
    &weak_tls_cipher_suites::WeakTlsCipherSuites,
    &controller_manager_shared_credentials::ControllerManagerSharedCredentials,
    &control_plane_bind_address_exposed::ControlPlaneBindAddressExposed,
    &kubelet_streaming_timeout_disabled::KubeletStreamingTimeoutDisabled,
    &kubelet_iptables_chains_disabled::KubeletIptablesChainsDisabled,
    &kubelet_certificate_rotation_disabled::KubeletCertificateRotationDisabled,
    &apiserver_kubelet_client_cert_missing::ApiserverKubeletClientCertMissing,
    &apiserver_kubelet_ca_missing::ApiserverKubeletCaMissing,
    &apiserver_etcd_client_cert_missing::ApiserverEtcdClientCertMissing,
    &apiserver_etcd_ca_missing::ApiserverEtcdCaMissing,
    &apiserver_audit_log_missing::ApiserverAuditLogMissing,
    &apiserver_audit_policy_missing::ApiserverAuditPolicyMissing,
    &apiserver_always_pull_images_missing::ApiserverAlwaysPullImagesMissing,
    &apiserver_event_rate_limit_missing::ApiserverEventRateLimitMissing,
    &serving_certificate_missing::ServingCertificateMissing,
    &client_ca_missing::ClientCaMissing,
    &apiserver_service_account_key_missing::ApiserverServiceAccountKeyMissing,
    &controller_manager_service_account_key_missing::ControllerManagerServiceAccountKeyMissing,
    &controller_manager_root_ca_missing::ControllerManagerRootCaMissing,
    &kubelet_hostname_override::KubeletHostnameOverride,
    &apiserver_kubelet_https_disabled::ApiserverKubeletHttpsDisabled,
    &encryption_config_plaintext::EncryptionConfigPlaintext,
    &naked_pod::NakedPod,
    &sudo_in_command::SudoInCommand,
    &rbac_delete_resources::RbacDeleteResources,
    &rbac_delete_events::RbacDeleteEvents,
    &rbac_update_coredns::RbacUpdateCoredns,
    &ingress_nginx_snippet::IngressNginxSnippet,
    &duplicate_env_var::DuplicateEnvVar,
    &probe_port_not_exposed::ProbePortNotExposed,
    &pdb_blocks_disruption::PdbBlocksDisruption,
    &hpa_scales_to_one::HpaScalesToOne,
    &no_rolling_update::NoRollingUpdate,
    &service_selects_no_pod::ServiceSelectsNoPod,
    &network_policy_selects_no_pod::NetworkPolicySelectsNoPod,
    &route_backend_missing::RouteBackendMissing,
    &hpa_target_missing::HpaTargetMissing,
    &hpa_target_sets_replicas::HpaTargetSetsReplicas,
    &workload_without_pdb::WorkloadWithoutPdb,
    &shared_service_account::SharedServiceAccount,
    &service_account_missing::ServiceAccountMissing,
    &default_service_account_automount::DefaultServiceAccountAutomount,
];
