//! What every platform reports: [`Finding`]s with their [`Severity`], the static [`RuleMeta`] of
//! the rule that produced them, and the [`InputError`]s of files that could not be scanned.
//!
//! Renderers (text, JSON, SARIF, JUnit) consume only these types, compliance scores
//! ([`FrameworkScore`]) included.

mod compliance;
mod decision;
mod finding;
mod meta;
mod severity;

pub use compliance::{
    framework_controls, natural_cmp, Control, FailedControl, FrameworkScore, ResourceClass,
    ScannedResource,
};
pub use decision::{BaselineSummary, PathStep, Risk, StaleException, Suppression, SuppressionKind};
pub use finding::{
    fingerprint, Finding, InputError, InputErrorKind, Notice, Related, ResourceRef, ScanResult,
    MODULE_CALL,
};
pub use meta::{Framework, FrameworkRef, Peer, PeerRef, Platform, RuleMeta};
pub use severity::Severity;
