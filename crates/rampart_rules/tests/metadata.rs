//! The rule metadata is the public contract: check it for every rule.

use std::collections::BTreeSet;

#[test]
fn ids_are_unique_kebab_case_and_prefixed() {
    let mut seen = BTreeSet::new();
    for rule in rampart_rules::all() {
        let id = rule.meta().id;
        assert!(seen.insert(id), "duplicate rule id {id}");
        assert!(
            id.starts_with("k8s-"),
            "{id}: Kubernetes rule ids start with k8s-"
        );
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}: ids are kebab-case"
        );
    }
}

#[test]
fn docs_say_what_why_and_how() {
    for rule in rampart_rules::all() {
        let meta = rule.meta();
        let docs = meta.docs();
        for section in ["## What it checks", "## Why it matters", "## How to fix"] {
            assert!(docs.contains(section), "{}: docs lack `{section}`", meta.id);
        }
        assert!(
            !meta.title.is_empty() && !meta.remediation.is_empty(),
            "{}",
            meta.id
        );
        // A Pod Security Standards control is defined by the Kubernetes documentation itself;
        // a rule that implements one needs no peer to vouch for it.
        let pss = meta.maps_to(rampart_diagnostics::Framework::PssBaseline)
            || meta.maps_to(rampart_diagnostics::Framework::PssRestricted);
        assert!(
            !meta.peers.is_empty() || pss,
            "{}: name at least one peer equivalent",
            meta.id
        );
        // Every security rule maps a framework control; a reliability check maps none, and says so.
        assert!(
            !meta.frameworks.is_empty() || docs.contains("A reliability check"),
            "{}: map at least one framework control, or say it is a reliability check",
            meta.id
        );
    }
}

#[test]
fn terraform_rule_ids_are_unique_and_prefixed_by_cloud() {
    let mut seen: BTreeSet<&str> = rampart_rules::all().iter().map(|r| r.meta().id).collect();
    for rule in rampart_rules::terraform::RULES {
        let meta = rule.meta();
        assert!(seen.insert(meta.id), "duplicate rule id {}", meta.id);
        assert!(
            ["aws-", "azure-", "gcp-", "tf-"]
                .iter()
                .any(|p| meta.id.starts_with(p)),
            "{}: Terraform rule ids start with the cloud (aws-, azure-, gcp-) or tf-",
            meta.id
        );
        assert_eq!(meta.platforms, [rampart_diagnostics::Platform::Terraform]);
        let docs = meta.docs();
        for section in ["## What it checks", "## Why it matters", "## How to fix"] {
            assert!(docs.contains(section), "{}: docs lack `{section}`", meta.id);
        }
        // The tagging policy is the organisation's own: no benchmark control names tag keys,
        // and it judges any resource that sets tags.
        let inventory = meta.id == "tf-missing-required-tags";
        assert!(
            inventory || !rule.examines().is_empty(),
            "{}: name the resource types it judges (TerraformRule::examines), for compliance",
            meta.id
        );
        assert!(
            !meta.peers.is_empty() && (inventory || !meta.frameworks.is_empty()),
            "{}",
            meta.id
        );
    }
}
