//! The catalog and the code agree: every rule id the code reports has a page, every page has code,
//! and every rule has a firing fixture and a quiet (`ok-`) one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use compat::catalog::{Catalog, Status, catalog, pages};

use crate::fixtures::cases;
use crate::support::root;

const KINDS: [&str; 5] = ["core", "sql", "jsonschema", "proto", "openapi"];

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

/// Rule ids written as string literals in the library's source (`"sql/drop-column"`).
fn ids_in_code() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                collect_ids(
                    &std::fs::read_to_string(&path).expect("source is UTF-8"),
                    &mut ids,
                );
            }
        }
    }
    ids
}

/// Collects the ids in string literals of code, leaving out comments and `#[cfg(test)]` modules.
fn collect_ids(source: &str, ids: &mut BTreeSet<String>) {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for literal in code.split('"').skip(1).step_by(2) {
        let Some((kind, name)) = literal.split_once('/') else {
            continue;
        };
        let is_id = KINDS.contains(&kind)
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if is_id {
            ids.insert(literal.to_owned());
        }
    }
}

#[test]
fn the_embedded_catalog_parses() {
    let parsed = Catalog::parse(pages()).expect("every page parses");
    assert_eq!(parsed.iter().count(), pages().len());
    for rule in parsed.iter() {
        assert!(KINDS.contains(&rule.kind()), "{}: unknown kind", rule.id);
        assert!(
            !rule.summary.contains('\n') && !rule.help.contains('\n'),
            "{}: summary and help are one line",
            rule.id
        );
        let (_, name) = rule.id.split_once('/').expect("ids are kind/name");
        let kebab = name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        assert!(kebab, "{}: ids are kebab-case", rule.id);
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
        for tool in rule.equivalents.keys() {
            assert!(
                TOOLS.contains(&tool.as_str()),
                "{}: unknown tool `{tool}` in equivalents; known: {TOOLS:?}",
                rule.id
            );
        }
    }
}

#[test]
fn every_rule_in_code_has_a_page_and_every_page_has_code() {
    let in_code = ids_in_code();
    let active: BTreeSet<String> = catalog()
        .iter()
        .filter(|r| r.status == Status::Active)
        .map(|r| r.id.clone())
        .collect();
    let without_page: Vec<_> = in_code
        .iter()
        .filter(|id| catalog().get(id).is_none())
        .collect();
    let without_code: Vec<_> = active.difference(&in_code).collect();
    let retired: Vec<_> = in_code
        .iter()
        .filter(|id| {
            catalog()
                .get(id)
                .is_some_and(|r| r.status == Status::Removed)
        })
        .collect();
    assert!(
        retired.is_empty(),
        "code reports retired rules: {retired:?}"
    );
    assert!(
        without_page.is_empty(),
        "rule ids in code without a page in rules/: {without_page:?}"
    );
    assert!(
        without_code.is_empty(),
        "pages without a rule in code: {without_code:?}"
    );
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
            firing.contains_key(&rule.id),
            "{} has no firing fixture in fixtures/{}",
            rule.id,
            rule.id
        );
        assert!(
            quiet.contains_key(&rule.id),
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
