//! Terraform rules: each judges one evaluated resource (or data source) instance at a time, with
//! the values Terraform would use (see `rampart_terraform`). A rule reports only what it knows:
//! an unknown value (computed after apply, from a data source, a remote module...) is never a
//! finding.
//!
//! Findings point at the attribute that is wrong (or the block that misses it), and list as
//! related locations where its value was set (a variable default, a tfvars file, a module
//! argument) and the module calls that lead to the resource.

mod ebs_volume_not_encrypted;
mod missing_required_tags;
mod rds_storage_not_encrypted;
mod s3_bucket_without_public_access_block;
mod s3_public_access_block_disabled;
mod security_group_open_admin_port;

use rampart_diagnostics::{Finding, Related, ResourceRef, RuleMeta};
use rampart_source::{Location, TextRange};
use rampart_terraform::{
    EvalAttribute, EvalBody, EvaluatedModule, Kind, Project, ResourceInstance, Span, Value,
};

/// A check over one evaluated Terraform resource instance.
pub trait TerraformRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>);
    /// The resource types the rule judges (`aws_ebs_volume`), for compliance scores: a control
    /// applies to a scan that has one of them. Empty: any type.
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
    &missing_required_tags::MissingRequiredTags,
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
        let file = self.project.file(span.file);
        let text = file.slice(span.range);
        let len = u32::try_from(text.trim_end().len()).unwrap_or(span.range.len());
        file.location(TextRange::new(span.range.start, span.range.start + len))
    }

    /// Reports a finding at `span`, with `route` naming the place within the resource
    /// (`ingress[0].cidr_blocks`).
    pub fn report(&mut self, span: Span, route: &str, message: impl Into<String>) -> &mut Finding {
        let location = self.location(span);
        let resource = ResourceRef::terraform(&self.resource.kind, &self.resource.address);
        let route = (!route.is_empty()).then(|| route.to_owned());
        let mut finding = Finding::new(self.rule, message.into(), location, Some(resource), route);
        finding.related = self
            .calls
            .iter()
            .rev()
            .map(|call| Related {
                location: self.location(*call),
                message: "in this module call".into(),
            })
            .collect();
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
