//! Walks `fixtures/<kind>/<rule>/<case>/`, compares `old/` with `new/`, asserts the rule ids in
//! `case.toml` exactly and snapshots the human report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use compat::catalog::catalog;
use compat::engine::{Scope, compare};
use compat::input::DirTree;
use compat::input::config::Config;
use compat::render::{self, Format, Style};
use compat::report::Report;
use serde::Deserialize;

use crate::support::root;

/// `case.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Rule ids of the unsuppressed findings, sorted, repeated when a rule fires twice.
    pub expect: Vec<String>,
    /// Rule ids of the findings an inline suppression covers.
    #[serde(default)]
    pub suppressed: Vec<String>,
    /// compat.toml for this case.
    #[serde(default)]
    pub config: Option<toml::Table>,
}

/// Every case directory, sorted, with its parsed `case.toml`.
pub fn cases() -> Vec<(PathBuf, Case)> {
    let mut found = Vec::new();
    let fixtures = root().join("fixtures");
    for kind in sorted_dirs(&fixtures)
        .into_iter()
        .filter(|k| !k.ends_with("demo") && !k.ends_with("bad-input"))
    {
        for rule in sorted_dirs(&kind) {
            for case in sorted_dirs(&rule) {
                let text = std::fs::read_to_string(case.join("case.toml"))
                    .unwrap_or_else(|e| panic!("{}: case.toml: {e}", case.display()));
                let parsed: Case = toml::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: case.toml: {e}", case.display()));
                found.push((case, parsed));
            }
        }
    }
    found
}

pub fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Compares a case's trees the way `compat diff old new` does.
pub fn run_case(dir: &Path, case: &Case) -> Report {
    let config = match &case.config {
        Some(table) => Config::parse(
            "case.toml [config]",
            &toml::to_string(table).expect("table serializes"),
            catalog(),
        )
        .unwrap_or_else(|e| panic!("{}: [config]: {e}", dir.display())),
        None => Config::default(),
    };
    let old = DirTree::open(&dir.join("old"), "old").expect("old/ exists");
    let new = DirTree::open(&dir.join("new"), "new").expect("new/ exists");
    compare(&old, &new, &config, &Scope::default())
}

fn ids(report: &Report, suppressed: bool) -> Vec<String> {
    let mut ids: Vec<String> = report
        .findings
        .iter()
        .filter(|r| r.suppressed.is_some() == suppressed)
        .map(|r| r.finding.rule.to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_fixture_reports_exactly_the_expected_rules() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let mut failures = BTreeMap::new();
    for (dir, case) in &cases {
        let report = run_case(dir, case);
        let name = dir
            .strip_prefix(root().join("fixtures"))
            .expect("under fixtures")
            .display()
            .to_string();
        let mut expect = case.expect.clone();
        expect.sort();
        let mut expect_suppressed = case.suppressed.clone();
        expect_suppressed.sort();
        let (got, got_suppressed) = (ids(&report, false), ids(&report, true));
        if got != expect || got_suppressed != expect_suppressed || !report.errors.is_empty() {
            failures.insert(
                name.clone(),
                format!(
                    "expected {expect:?} (suppressed {expect_suppressed:?}), got {got:?} (suppressed {got_suppressed:?}), errors {:?}",
                    report.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
                ),
            );
        }
        let style = Style {
            color: false,
            width: 100,
            quiet: false,
            full: true,
        };
        let rendered = render::report(&report, Format::Human, &style, None);
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/fixtures"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name.replace(['/', '\\'], "__"), rendered);
        });
    }
    assert!(
        failures.is_empty(),
        "fixtures that disagree with case.toml:\n{failures:#?}"
    );
}

#[test]
fn every_fixture_compared_with_itself_reports_nothing() {
    for (dir, case) in cases() {
        for side in ["old", "new"] {
            let tree = DirTree::open(&dir.join(side), side).expect("side exists");
            let config = match &case.config {
                Some(table) => Config::parse(
                    "case.toml",
                    &toml::to_string(table).expect("serializes"),
                    catalog(),
                )
                .expect("config"),
                None => Config::default(),
            };
            let report = compare(&tree, &tree, &config, &Scope::default());
            assert!(
                report.findings.is_empty(),
                "{}/{side} compared with itself reports {:?}",
                dir.display(),
                report
                    .findings
                    .iter()
                    .map(|r| r.finding.rule)
                    .collect::<Vec<_>>()
            );
        }
    }
}
