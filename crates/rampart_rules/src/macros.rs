/// Declares a rule: a unit struct whose doc comment is the rule's documentation, and its
/// [`RuleMeta`](rampart_diagnostics::RuleMeta) as `Self::META`.
///
/// The docs must say what the rule checks, why it matters and how to fix it; a test checks that
/// each rule's docs have those sections.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            id: $id:literal,
            title: $title:literal,
            severity: $severity:ident,
            remediation: $remediation:literal,
            frameworks: [$($framework:expr),* $(,)?],
            peers: [$($peer:expr),* $(,)?],
            fixable: $fixable:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        $vis struct $name;

        impl $name {
            pub const META: $crate::prelude::RuleMeta = $crate::prelude::RuleMeta {
                id: $id,
                title: $title,
                severity: $crate::prelude::Severity::$severity,
                platforms: &[$crate::prelude::Platform::Kubernetes],
                frameworks: &[$($framework),*],
                peers: &[$($peer),*],
                fixable: $fixable,
                remediation: $remediation,
                doc_comment: concat!($($doc, "\n"),+),
            };
        }
    };
}
