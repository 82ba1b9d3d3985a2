//! The catalog's pages are complete, and every rule has a firing fixture and a quiet (`ok-`) one.
//! That every page has a rule file and every rule a page is checked by the compiler: rule ids
//! are generated from the pages (`build.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use compat::catalog::{Status, catalog};

use crate::fixtures::cases;
use crate::support::root;

/// The tools `equivalents` may name, spelled one way so users can search for them.
const TOOLS: [&str; 8] = [
    "squawk",
    "strong_migrations",
    "atlas",
    "eugene",
    "django_migration_linter",
    "buf",
    "confluent_schema_registry",
    "oasdiff",
];

#[test]
fn every_page_has_its_sections() {
    for rule in catalog().iter() {
        assert!(
            !rule.summary.contains('\n') && !rule.help.contains('\n'),
            "{}: summary and help are one line",
            rule.id
        );
        let why = if rule.kind() == "core" {
            "## Why it matters"
        } else {
            "## Why it breaks the window"
        };
        for section in ["## What it detects", why, "## Ship it safely", "## Example"] {
            assert!(
                rule.body.contains(section),
                "{}: page lacks `{section}`",
                rule.id
            );
        }
        for (tool, _) in rule.equivalents.iter() {
            assert!(
                TOOLS.contains(&tool),
                "{}: unknown tool `{tool}` in equivalents; known: {TOOLS:?}",
                rule.id
            );
        }
    }
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_fixture() {
    let mut firing: BTreeMap<String, usize> = BTreeMap::new();
    let mut quiet: BTreeMap<String, usize> = BTreeMap::new();
    for (dir, case) in cases() {
        let rule_dir = dir.parent().expect("case has a rule dir");
        let kind = rule_dir
            .parent()
            .and_then(Path::file_name)
            .expect("rule dir has a kind")
            .to_string_lossy();
        let id = format!(
            "{kind}/{}",
            rule_dir.file_name().expect("name").to_string_lossy()
        );
        assert!(
            catalog().get(&id).is_some(),
            "{}: no rule `{id}`",
            dir.display()
        );
        for expected in case.expect.iter().chain(&case.suppressed) {
            assert!(
                catalog().get(expected).is_some(),
                "{}: expects unknown rule `{expected}`",
                dir.display()
            );
        }
        let case_name = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if case_name.starts_with("ok-") {
            assert!(
                !case.expect.contains(&id),
                "{}: an ok- case must not expect its own rule",
                dir.display()
            );
            *quiet.entry(id).or_default() += 1;
        } else {
            assert!(
                case.expect.contains(&id),
                "{}: a firing case must expect `{id}`",
                dir.display()
            );
            *firing.entry(id).or_default() += 1;
        }
    }
    for rule in catalog().iter().filter(|r| r.status == Status::Active) {
        assert!(
            firing.contains_key(rule.id.as_str()),
            "{} has no firing fixture in fixtures/{}",
            rule.id,
            rule.id
        );
        assert!(
            quiet.contains_key(rule.id.as_str()),
            "{} has no quiet (ok-) fixture in fixtures/{}",
            rule.id,
            rule.id
        );
    }
}

#[test]
fn every_page_names_a_fixture_that_exists() {
    for rule in catalog().iter() {
        let dir = format!("fixtures/{}/", rule.id);
        assert!(
            rule.body.contains(&dir),
            "{}: the Example section names no fixture under {dir}",
            rule.id
        );
        for mention in rule.body.split('`').filter(|s| s.starts_with("fixtures/")) {
            assert!(
                root().join(mention).exists(),
                "{}: names {mention}, which does not exist",
                rule.id
            );
        }
    }
}
