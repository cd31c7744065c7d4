/// Declares a rule: a unit struct whose doc comment is the rule's documentation, and its
/// [`RuleMeta`](rampart_diagnostics::RuleMeta) as `Self::META`.
///
/// The docs must say what the rule checks, why it matters and how to fix it; a test checks that
/// each rule's docs have those sections. `platform:` (after `id:`) names the platform; it is
/// `Kubernetes` when left out.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            id: $id:literal,
            $(platform: $platform:ident,)?
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
                platforms: $crate::__platforms!($($platform)?),
                frameworks: &[$($framework),*],
                peers: &[$($peer),*],
                fixable: $fixable,
                remediation: $remediation,
                doc_comment: concat!($($doc, "\n"),+),
            };
        }
    };
}

/// The platforms of a [`declare_rule!`]: the one named, or Kubernetes.
#[doc(hidden)]
#[macro_export]
macro_rules! __platforms {
    () => {
        &[$crate::prelude::Platform::Kubernetes]
    };
    ($platform:ident) => {
        &[$crate::prelude::Platform::$platform]
    };
}
