//! The result of a comparison: findings resolved against the catalog and the configuration,
//! sorted, with the input errors met on the way and the directories of `.sql` files no set
//! placed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, Rule};
use crate::core::{Class, Finding, InputError, RuleId, RuleSetting, Sources, Window};

/// A finding with what the catalog and the configuration say about its rule.
#[derive(Debug)]
pub struct Reported {
    pub finding: Finding,
    pub rule: &'static Rule,
    /// The rule's class, or the one the configuration put in its place.
    pub class: Class,
    /// The reason of the inline suppression that covers this finding, if any.
    pub suppressed: Option<String>,
    /// Index into [`Report::artifacts`].
    pub artifact: Option<usize>,
}

impl Reported {
    /// The help to show: the finding's own, else the rule's safe alternative.
    pub fn help(&self) -> &str {
        self.finding.help.as_deref().unwrap_or(self.rule.help)
    }

    /// The windows this finding threatens: the rule's, or the one of them the finding names.
    pub fn windows(&self) -> &'static [Window] {
        match self.finding.window {
            Some(Window::Rollout) if self.rule.windows.contains(&Window::Rollout) => {
                &[Window::Rollout]
            }
            Some(Window::Rollback) if self.rule.windows.contains(&Window::Rollback) => {
                &[Window::Rollback]
            }
            _ => self.rule.windows,
        }
    }
}

/// Unsuppressed findings per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub tolerant: usize,
    pub additive: usize,
}

impl Summary {
    pub fn count(&self, class: Class) -> usize {
        match class {
            Class::Breaking => self.breaking,
            Class::Tolerant => self.tolerant,
            Class::Additive => self.additive,
        }
    }
}

/// One compared artifact set (a migration directory, a set of payload schemas, an API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub name: String,
    pub kind: String,
    /// False when this build has no analyzer for the kind: the set was found but not compared.
    pub analyzed: bool,
    /// How the analyzer read it (`golang-migrate, postgres`), when it says.
    pub read_as: Option<String>,
    /// Files of the set in either version.
    pub files: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub sources: Sources,
    pub artifacts: Vec<Artifact>,
    /// Sorted by file, position and rule.
    pub findings: Vec<Reported>,
    pub errors: Vec<InputError>,
    /// Directories of `.sql` files that compat could not place as migration directories, when
    /// it compared no SQL set: named so that a run never passes them over in silence.
    pub unplaced: Vec<String>,
    /// Migration directories of a database compat does not read (an `h2` folder), left out.
    pub left_out: Vec<String>,
}

/// A finding paired with the artifact it was found in, before resolution.
#[derive(Debug)]
pub struct RawFinding {
    pub finding: Finding,
    pub artifact: Option<usize>,
    pub suppressed: Option<String>,
}

impl Report {
    /// Resolves each finding's rule in the catalog, applies the per-rule settings and sorts.
    pub fn build(
        sources: Sources,
        artifacts: Vec<Artifact>,
        raw: Vec<RawFinding>,
        mut errors: Vec<InputError>,
        catalog: &'static Catalog,
        settings: &BTreeMap<RuleId, RuleSetting>,
    ) -> Report {
        let mut findings: Vec<Reported> = raw
            .into_iter()
            .filter_map(|raw| {
                let rule = catalog.rule(raw.finding.rule);
                let class = match settings.get(&raw.finding.rule) {
                    Some(RuleSetting::Off) => return None,
                    Some(RuleSetting::Class(class)) => *class,
                    None => rule.class,
                };
                Some(Reported {
                    finding: raw.finding,
                    rule,
                    class,
                    suppressed: raw.suppressed,
                    artifact: raw.artifact,
                })
            })
            .collect();
        findings.sort_by(|a, b| sort_key(&sources, a).cmp(&sort_key(&sources, b)));
        errors.sort_by(|a, b| {
            (&a.file, a.span.map(|s| s.start()), &a.message).cmp(&(
                &b.file,
                b.span.map(|s| s.start()),
                &b.message,
            ))
        });
        // A file that both its analyzer and the suppression scan read fails once for the user.
        errors.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
        Report {
            sources,
            artifacts,
            findings,
            errors,
            unplaced: Vec::new(),
            left_out: Vec::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for reported in self.findings.iter().filter(|r| r.suppressed.is_none()) {
            match reported.class {
                Class::Breaking => summary.breaking += 1,
                Class::Tolerant => summary.tolerant += 1,
                Class::Additive => summary.additive += 1,
            }
        }
        summary
    }

    /// Whether any unsuppressed finding is at or above `threshold`.
    pub fn fails(&self, threshold: Option<Class>) -> bool {
        threshold.is_some_and(|threshold| {
            self.findings
                .iter()
                .any(|r| r.suppressed.is_none() && r.class >= threshold)
        })
    }
}

fn sort_key<'a>(
    sources: &'a Sources,
    reported: &'a Reported,
) -> (Option<&'a str>, usize, RuleId, &'a str) {
    let span = reported.finding.primary_span();
    let path = span.map(|s| sources.get(s.file).path());
    (
        path,
        span.map_or(0, |s| s.start()),
        reported.finding.rule,
        &reported.finding.message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows_of(rule: RuleId, window: Window) -> Vec<Window> {
        let raw = vec![RawFinding {
            finding: Finding::new(rule, "m").only_in(window),
            artifact: None,
            suppressed: None,
        }];
        let report = Report::build(
            Sources::new(),
            Vec::new(),
            raw,
            Vec::new(),
            crate::catalog::catalog(),
            &BTreeMap::new(),
        );
        report.findings[0].windows().to_vec()
    }

    #[test]
    fn a_finding_narrows_its_rules_windows_but_never_widens_them() {
        // sql/drop-column threatens both windows, sql/migration-out-of-order the rollout only.
        assert_eq!(
            windows_of(RuleId::SqlDropColumn, Window::Rollback),
            [Window::Rollback]
        );
        assert_eq!(
            windows_of(RuleId::SqlMigrationOutOfOrder, Window::Rollback),
            [Window::Rollout]
        );
    }
}
