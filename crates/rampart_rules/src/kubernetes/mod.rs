//! Kubernetes rules, one per file. To add a rule: write its file (see
//! `privileged_container.rs`), add it to the list below, and add its fixtures under
//! `tests/fixtures/kubernetes/<rule-id>/` (`fail.yaml` with `# expect: <rule-id>` on each line
//! that must be reported, and `pass.yaml` that must be clean).

use crate::Rule;

mod allow_privilege_escalation;
mod binding_cluster_admin;
mod binding_to_public_group;
mod capabilities_not_dropped;
mod dangerous_capabilities;
mod default_namespace;
mod host_ipc;
mod host_network;
mod host_path_volume;
mod host_pid;
mod host_port;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod missing_resource_limits;
mod missing_resource_requests;
mod privileged_container;
mod rbac_pod_exec_or_create;
mod rbac_read_secrets;
mod rbac_wildcard;
mod run_as_root;
mod seccomp_profile_missing;
mod seccomp_unconfined;
mod secret_in_env_value;
mod sensitive_host_path;
mod service_account_token_automount;
mod writable_root_filesystem;

/// What several rules walk the same way.
mod shared;

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
];
