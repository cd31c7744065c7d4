use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ClusterRoles (`rbac.authorization.k8s.io`, any version) that grant either half of the
    /// permission to approve a CertificateSigningRequest, in the `certificates.k8s.io` API group
    /// (or `"*"` in `apiGroups`):
    ///
    /// - `update` or `patch` (or `"*"`) on `certificatesigningrequests/approval` (or
    ///   `"*/approval"`), the subresource that records an approval (`kubectl certificate
    ///   approve`);
    /// - `approve` (or `"*"`) on `signers`, which says for which signers the subject may approve.
    ///   It is reported when it covers the signers built into Kubernetes: when `resourceNames`
    ///   does not restrict it, or names a `kubernetes.io/` signer (such as
    ///   `kubernetes.io/kube-apiserver-client`, or `kubernetes.io/*` for all of them).
    ///
    /// RBAC is additive, so each half is reported where it is granted, even when the other comes
    /// from another role. The finding is on the resource item.
    ///
    /// Not reported:
    ///
    /// - Roles: CertificateSigningRequests and signers are cluster-scoped, and a Role grants
    ///   nothing on them.
    /// - `approve` restricted by `resourceNames` to signers of other domains
    ///   (`example.com/my-signer`): the API server trusts only the certificates of its own
    ///   signers, so approving for a custom signer does not give access to the cluster.
    /// - A rule that reaches these resources only through `"*"` in `resources`:
    ///   `k8s-rbac-wildcard` reports that `"*"`.
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// The `kubernetes.io/kube-apiserver-client` signer issues client certificates for whatever
    /// user and groups the request names, so a subject that can approve its requests (and create
    /// one) can give itself a certificate for any identity, including the group
    /// `system:masters`, which bypasses RBAC. A certificate cannot be revoked: it stays valid until
    /// it expires, whatever happens to the roles of the subject that obtained it. Approving for
    /// `kubernetes.io/kube-apiserver-client-kubelet` gives node credentials
    /// (`system:node:<name>`), and for `kubernetes.io/kubelet-serving` lets a subject pose as a
    /// kubelet to the API server's exec and log connections.
    ///
    /// ## How to fix
    ///
    /// Leave approval to the controllers that ship with Kubernetes and to administrators. A
    /// component that issues certificates for a signer of its own needs to `sign` for that signer
    /// and to update the `status` of requests, not to approve them.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["certificates.k8s.io"]
    ///     resources: ["certificatesigningrequests"]
    ///     verbs: ["get", "list", "watch"]
    ///   - apiGroups: ["certificates.k8s.io"]
    ///     resources: ["certificatesigningrequests/status"]
    ///     verbs: ["update"]
    ///   - apiGroups: ["certificates.k8s.io"]
    ///     resources: ["signers"]
    ///     resourceNames: ["example.com/my-signer"]
    ///     verbs: ["sign"]
    /// ```
    pub struct RbacApproveCsr {
        id: "k8s-rbac-approve-csr",
        title: "RBAC rule can approve CertificateSigningRequests",
        severity: High,
        remediation: "Remove update and patch on certificatesigningrequests/approval and approve on kubernetes.io signers from roles that do not approve certificates.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("5.1.11"),
        ],
        peers: [
            checkov("CKV_K8S_156"),
            kubescape("C-0280"),
        ],
        fixable: false,
    }
}

const GROUP: &str = "certificates.k8s.io";
const APPROVAL_VERBS: [&str; 3] = ["update", "patch", "*"];
const SIGNER_VERBS: [&str; 2] = ["approve", "*"];
/// The domain of the signers built into Kubernetes, whose certificates the cluster trusts.
const BUILT_IN_SIGNERS: &str = "kubernetes.io/";

impl Rule for RbacApproveCsr {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let approval = |r: &str| names_resource(r, "certificatesigningrequests/approval");
        for grant in resource_grants(object, GROUP, approval, true, &APPROVAL_VERBS) {
            grant.report(object, cx, "approve or deny CertificateSigningRequests");
        }
        for grant in resource_grants(object, GROUP, |r| r == "signers", true, &SIGNER_VERBS) {
            let signers = if grant.rule.is_restricted_by_name() {
                let built_in: Vec<&str> = grant
                    .rule
                    .resource_names()
                    .filter(|name| name.starts_with(BUILT_IN_SIGNERS))
                    .collect();
                if built_in.is_empty() {
                    continue;
                }
                built_in.join(", ")
            } else {
                "every signer".to_owned()
            };
            grant.report(object, cx, &format!("approve certificates for {signers}"));
        }
    }
}
