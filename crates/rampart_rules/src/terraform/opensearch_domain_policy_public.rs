use rampart_terraform::{Kind, Mode, ResourceInstance, Value};

use super::policy_document::report_public_grants_in;
use super::{
    bool_setting, link, nested, Link, Nested, Resource, Setting, TerraformRule, TfContext,
    SEARCH_DOMAINS,
};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// OpenSearch and Elasticsearch domain access policies (`access_policies` of
    /// `aws_opensearch_domain`, `aws_elasticsearch_domain`, `aws_opensearch_domain_policy` and
    /// `aws_elasticsearch_domain_policy`) with an `Allow` statement for any principal (`"*"` or
    /// `{"AWS": "*"}`) and no condition that restricts the callers (`aws:SourceIp`,
    /// `aws:PrincipalOrgID`, `aws:PrincipalAccount` and the other keys that tie a request to
    /// known accounts, networks or resources). The policy is read as JSON (heredoc,
    /// `jsonencode`, `file`) or from the `aws_iam_policy_document` data source it refers to.
    ///
    /// Not reported: a domain with fine-grained access control
    /// (`advanced_security_options { enabled = true }`, or an `enabled` not known before apply,
    /// on the domain itself, on the domain a policy resource names, or on one it might name when
    /// its `domain_name` is not known), for which AWS recommends an open access policy since every
    /// request must still authenticate as a user the domain maps to roles.
    ///
    /// ## Why it matters
    ///
    /// Without fine-grained access control the access policy is what authenticates requests:
    /// with `"*"`, anyone who reaches the endpoint (anyone on the internet, for a public
    /// domain) can search and read every index, or write and delete documents and indices, for
    /// the actions the statement lists, without signing the request.
    ///
    /// ## How to fix
    ///
    /// Grant named roles, or turn on fine-grained access control:
    ///
    /// ```hcl
    /// resource "aws_opensearch_domain_policy" "logs" {
    ///   domain_name = aws_opensearch_domain.logs.domain_name
    ///   access_policies = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect    = "Allow"
    ///       Principal = { AWS = aws_iam_role.ingest.arn }
    ///       Action    = "es:ESHttp*"
    ///       Resource  = "${aws_opensearch_domain.logs.arn}/*"
    ///     }]
    ///   })
    /// }
    /// ```
    pub struct OpensearchDomainPolicyPublic {
        id: "aws-opensearch-domain-policy-public",
        platform: Terraform,
        title: "OpenSearch domain access policy grants access to anyone",
        severity: High,
        remediation: "Grant named principals or source addresses, or enable fine-grained access control on the domain.",
        frameworks: [mitre("T1530")],
        peers: [kics("16c4216a-50d3-4785-bfb2-4adb5144a8ba")],
        fixable: false,
    }
}

impl TerraformRule for OpensearchDomainPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_opensearch_domain",
            "aws_elasticsearch_domain",
            "aws_opensearch_domain_policy",
            "aws_elasticsearch_domain_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(policy) = resource.attribute("access_policies") else {
            return;
        };
        let domains = if resource.is_any(&SEARCH_DOMAINS) {
            vec![resource.instance]
        } else {
            named_domains(resource)
        };
        if domains.into_iter().any(fine_grained_access) {
            return;
        }
        report_public_grants_in(
            resource,
            cx,
            policy,
            "access_policies",
            "domain access policy",
        );
    }
}

/// The domains the policy resource `resource` may be for, in any module: the one its
/// `domain_name` names (by reference or by name) if there is one, or else those it might name
/// (its `domain_name`, or theirs, is not known).
fn named_domains<'a>(resource: &Resource<'a>) -> Vec<&'a ResourceInstance> {
    let Some(target) = resource.attribute("domain_name").map(|a| &a.value) else {
        return Vec::new();
    };
    let mut maybe = Vec::new();
    let domains = SEARCH_DOMAINS
        .iter()
        .flat_map(|kind| resource.root.resources_of(kind));
    for domain in domains {
        if domain.mode != Mode::Managed {
            continue;
        }
        let name = domain
            .body
            .attribute("domain_name")
            .and_then(|n| n.value.as_str());
        match link(
            target,
            &format!("{}.{}", domain.kind, domain.name),
            Some(name),
        ) {
            Link::Refers => return vec![domain],
            Link::Maybe => maybe.push(domain),
            Link::No => {}
        }
    }
    maybe
}

/// Whether the domain has, or may have, fine-grained access control on: an
/// `advanced_security_options` whose `enabled` is `true` or not known before apply (in a block,
/// or in the value of an attribute that does not read as blocks: not known, or the provider's
/// in a plan).
fn fine_grained_access(domain: &ResourceInstance) -> bool {
    match nested(&domain.body, "advanced_security_options") {
        Nested::Blocks(blocks) => blocks.iter().any(|b| {
            matches!(
                bool_setting(&b.body, "enabled"),
                Setting::Known(true, _) | Setting::Unknown
            )
        }),
        Nested::Missing => false,
        Nested::Opaque => domain
            .body
            .attribute("advanced_security_options")
            .is_some_and(|a| may_enable(&a.value)),
    }
}

/// Whether the value of an `advanced_security_options` attribute (an object, or a list of them)
/// has an `enabled` that is `true` or not known.
fn may_enable(value: &Value) -> bool {
    match &value.kind {
        Kind::Unknown(_) => true,
        Kind::List(items) => items.iter().any(may_enable),
        Kind::Map(_) => value
            .get("enabled")
            .is_some_and(|e| !e.is_null() && e.as_bool() != Some(false)),
        _ => false,
    }
}
