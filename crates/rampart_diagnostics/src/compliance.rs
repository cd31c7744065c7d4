//! Frameworks as first-class: the controls of a framework as the rules implement them, the
//! resources a scan examined, and the compliance score of each framework.

use std::cmp::Ordering;

use serde::Serialize;

use crate::{Framework, ResourceRef, RuleMeta};

/// A control of a framework, with the rules that implement it.
#[derive(Debug, Clone)]
pub struct Control {
    /// As the rules' [`FrameworkRef`](crate::FrameworkRef)s name it: `5.2.2`, `T1611`,
    /// `Host Namespaces`.
    pub name: &'static str,
    /// In the order they were given.
    pub rules: Vec<&'static RuleMeta>,
}

/// The controls of `framework` that `rules` implement: the distinct `control` strings of their
/// mappings to it (and to the frameworks it includes, see [`Framework::includes`]), each with
/// the rules that map to it, in natural order (`5.2.2` before `5.2.10`).
#[must_use]
pub fn framework_controls(framework: Framework, rules: &[&'static RuleMeta]) -> Vec<Control> {
    let mut controls: Vec<Control> = Vec::new();
    for &rule in rules {
        for name in rule.controls(framework) {
            match controls.iter_mut().find(|control| control.name == name) {
                Some(control) => {
                    if !control.rules.iter().any(|r| r.id == rule.id) {
                        control.rules.push(rule);
                    }
                }
                None => controls.push(Control {
                    name,
                    rules: vec![rule],
                }),
            }
        }
    }
    controls.sort_by(|a, b| natural_cmp(a.name, b.name));
    controls
}

/// Orders strings with their runs of digits compared as numbers: `5.2.2` < `5.2.10`,
/// `T1098.006` < `T1525`. Ties (such as leading zeros) fall back to plain order.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let is_digit = c.is_ascii_digit();
            if digits.is_some_and(|d| d != is_digit) {
                out.push((digits == Some(true), &s[start..i]));
                start = i;
            }
            digits = Some(is_digit);
        }
        if start < s.len() {
            out.push((digits == Some(true), &s[start..]));
        }
        out
    }
    let (left, right) = (chunks(a), chunks(b));
    for (x, y) in left.iter().zip(&right) {
        let order = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    left.len().cmp(&right.len()).then_with(|| a.cmp(b))
}

/// What kind of object a scanned resource is, as far as which rules examine it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceClass {
    /// An object that runs pods: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// ReplicationController, Job, CronJob, PodTemplate.
    Workload,
    /// A Role or ClusterRole.
    RbacRole,
    /// A RoleBinding or ClusterRoleBinding.
    RbacBinding,
    /// Any other object: Service, ConfigMap, Ingress, ServiceAccount...
    Other,
    /// A Terraform managed resource instance (`aws_s3_bucket.logs`), which the Terraform rules
    /// examine.
    Cloud,
}

impl ResourceClass {
    /// Every class of Kubernetes object.
    pub const ALL: [ResourceClass; 4] = [
        ResourceClass::Workload,
        ResourceClass::RbacRole,
        ResourceClass::RbacBinding,
        ResourceClass::Other,
    ];
}

/// A Kubernetes object or Terraform resource instance the scan ran the rules over.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ScannedResource {
    /// The file, named as findings name it.
    pub path: String,
    pub resource: ResourceRef,
    pub class: ResourceClass,
}

/// How a scan measures up to one framework, the way Kubescape reports it: controls passed out
/// of those applicable, and resources passing out of those examined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkScore {
    pub framework: Framework,
    /// The controls of the framework that the rules that ran implement.
    pub controls_total: usize,
    /// The controls that something in the scan gave their rules to examine.
    pub controls_applicable: usize,
    /// The applicable controls none of whose rules has a finding that counts (a suppressed
    /// finding does not count; one a baseline records does).
    pub controls_passed: usize,
    /// The resources the framework's rules examined.
    pub resources_total: usize,
    /// Those with no finding that counts of the framework's rules.
    pub resources_passing: usize,
    /// The applicable controls that did not pass, in natural order of their names.
    pub failed_controls: Vec<FailedControl>,
}

/// A control that did not pass, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedControl {
    pub control: String,
    /// The ids of its rules that have findings that count, in the order the rules ran.
    pub rules: Vec<&'static str>,
    /// How many findings that count its rules have.
    pub findings: usize,
}

impl FrameworkScore {
    /// The score in tenths of a percent: controls passed out of applicable, rounded down, so that
    /// 1000 (100.0%) means that every applicable control passed. `None` when no control is
    /// applicable (nothing the framework checks was scanned).
    #[must_use]
    pub fn score_tenths(&self) -> Option<u64> {
        let applicable = u64::try_from(self.controls_applicable).ok()?;
        let passed = u64::try_from(self.controls_passed).ok()?;
        if applicable == 0 {
            return None;
        }
        Some(passed.min(applicable).saturating_mul(1000) / applicable)
    }

    /// The score in percent with one decimal (rounded down), or `None` when no control is
    /// applicable. The plain ratio of controls passed to applicable, not weighted by severity or
    /// by resources.
    #[must_use]
    pub fn score(&self) -> Option<f64> {
        // Scores are at most 1000 tenths, which an f64 holds exactly.
        self.score_tenths()
            .map(|tenths| f64::from(u32::try_from(tenths).unwrap_or(u32::MAX)) / 10.0)
    }

    /// Whether the score is below `threshold` percent. A framework without a score (no applicable
    /// control) is not below any threshold.
    #[must_use]
    pub fn below(&self, threshold: u8) -> bool {
        self.score_tenths()
            .is_some_and(|tenths| tenths < u64::from(threshold) * 10)
    }

    /// The score as reports print it: `87.5%`, or `n/a` when no control is applicable.
    #[must_use]
    pub fn score_text(&self) -> String {
        match self.score_tenths() {
            Some(tenths) => format!("{}.{}%", tenths / 10, tenths % 10),
            None => "n/a".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FrameworkRef, Platform, Severity};

    fn score(applicable: usize, passed: usize) -> FrameworkScore {
        FrameworkScore {
            framework: Framework::Nsa,
            controls_total: applicable,
            controls_applicable: applicable,
            controls_passed: passed,
            resources_total: 0,
            resources_passing: 0,
            failed_controls: Vec::new(),
        }
    }

    #[test]
    fn scores_are_rounded_down_to_one_decimal() {
        assert_eq!(score(3, 2).score(), Some(66.6));
        assert_eq!(score(3, 2).score_text(), "66.6%");
        assert_eq!(score(7, 7).score(), Some(100.0));
        assert_eq!(score(2001, 2000).score_text(), "99.9%");
        assert_eq!(score(0, 0).score(), None);
        assert_eq!(score(0, 0).score_text(), "n/a");
    }

    #[test]
    fn below_compares_the_score_shown() {
        assert!(score(3, 2).below(67));
        assert!(!score(3, 2).below(66));
        assert!(!score(4, 4).below(100));
        assert!(score(2001, 2000).below(100));
        assert!(!score(0, 0).below(100));
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = [
            "5.2.10",
            "5.2.2",
            "T1611",
            "T1098.006",
            "5.1.1",
            "Capabilities",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "5.1.1",
                "5.2.2",
                "5.2.10",
                "Capabilities",
                "T1098.006",
                "T1611"
            ]
        );
    }

    const BASE: RuleMeta = RuleMeta {
        id: "",
        title: "t",
        severity: Severity::High,
        platforms: &[Platform::Kubernetes],
        frameworks: &[],
        peers: &[],
        fixable: false,
        remediation: "r",
        doc_comment: "",
    };
    static BASELINE_RULE: RuleMeta = RuleMeta {
        id: "k8s-seccomp-unconfined",
        frameworks: &[
            FrameworkRef {
                framework: Framework::PssBaseline,
                control: "Seccomp",
            },
            FrameworkRef {
                framework: Framework::PssRestricted,
                control: "Seccomp",
            },
        ],
        ..BASE
    };
    static RESTRICTED_RULE: RuleMeta = RuleMeta {
        id: "k8s-seccomp-profile-missing",
        frameworks: &[FrameworkRef {
            framework: Framework::PssRestricted,
            control: "Seccomp",
        }],
        ..BASE
    };
    static HOST_PID: RuleMeta = RuleMeta {
        id: "k8s-host-pid",
        frameworks: &[FrameworkRef {
            framework: Framework::PssBaseline,
            control: "Host Namespaces",
        }],
        ..BASE
    };

    #[test]
    fn restricted_controls_include_the_baseline_ones() {
        let rules = [&BASELINE_RULE, &RESTRICTED_RULE, &HOST_PID];
        let names = |framework| {
            framework_controls(framework, &rules)
                .into_iter()
                .map(|c| (c.name, c.rules.iter().map(|r| r.id).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(Framework::PssBaseline),
            [
                ("Host Namespaces", vec!["k8s-host-pid"]),
                ("Seccomp", vec!["k8s-seccomp-unconfined"]),
            ]
        );
        assert_eq!(
            names(Framework::PssRestricted),
            [
                ("Host Namespaces", vec!["k8s-host-pid"]),
                (
                    "Seccomp",
                    vec!["k8s-seccomp-unconfined", "k8s-seccomp-profile-missing"]
                ),
            ]
        );
        assert!(HOST_PID.maps_to(Framework::PssRestricted));
        assert!(!RESTRICTED_RULE.maps_to(Framework::PssBaseline));
        assert!(names(Framework::Nsa).is_empty());
        assert_eq!(
            Framework::from_tag("PSS-Restricted"),
            Some(Framework::PssRestricted)
        );
        assert_eq!(Framework::from_tag("pss"), None);
    }
}
