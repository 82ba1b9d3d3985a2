//! Rules about the migration history itself rather than its statements: applied migrations that
//! change or disappear (each as its tool identifies it: a Liquibase changeset by its id, a goose
//! file by its version), migrations ordered before ones already applied, versions used twice.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::core::{FileId, Finding, Sources, Span};
use crate::input::config::{Dialect, Layout};
use crate::sql::layout::{
    Migration, Script, keeps_checksums, liquibase, natural_cmp, renamed, version, version_key,
};
use crate::sql::parse::chunk::prose_ranges;
use crate::sql::rules::{
    applied_migration_deleted, applied_migration_edited, duplicate_migration_version,
    migration_out_of_order,
};
use crate::sql::scripts::Texts;

/// Both histories, and the migrations the release applies.
pub struct Sides<'a> {
    pub layout: Layout,
    pub dialect: Dialect,
    pub old: &'a [Migration],
    pub old_texts: &'a Texts,
    pub new: &'a [Migration],
    /// Texts of the new version's files that differ from the old version's.
    pub new_texts: &'a Texts,
    pub release: &'a [Migration],
    /// The files as written: the texts above have their placeholders filled in, and a tool
    /// that keeps checksums (Flyway) takes them before it fills them.
    pub sources: &'a Sources,
}

/// A script's text (its part, for a file cut in parts) and where it lives, when loaded.
pub fn script_text<'t>(script: &Script, texts: &'t Texts) -> Option<&'t str> {
    let (_, text) = texts.get(&script.path)?;
    match &script.range {
        Some(range) => text.get(range.clone()),
        None => Some(text),
    }
}

impl Sides<'_> {
    pub fn check(&self, findings: &mut Vec<Finding>) {
        self.applied_migrations(findings);
        self.order(findings);
        self.duplicates(findings);
    }

    /// Applied migrations (those of the old version) edited or deleted by the new one. A file
    /// renamed under the same version, where the tool records versions only, is the same
    /// migration: edited when its text changed.
    fn applied_migrations(&self, findings: &mut Vec<Finding>) {
        let new_by_id: BTreeMap<&str, &Migration> =
            self.new.iter().map(|m| (m.id.as_str(), m)).collect();
        for old in self.old {
            // A repeatable migration re-runs when its text changes: editing it is how it works.
            if old.repeatable {
                continue;
            }
            let Some(old_up) = &old.up else {
                continue;
            };
            let Some(old_at) = self.located(old_up, self.old_texts) else {
                continue;
            };
            let new_up = new_by_id
                .get(old.id.as_str())
                .copied()
                .or_else(|| renamed(old, self.new, self.old, self.layout))
                .and_then(|m| m.up.as_ref());
            let Some(new_up) = new_up else {
                let span = head_line(&old_at);
                findings.push(applied_migration_deleted::finding(&old.id, span));
                continue;
            };
            // Unchanged files were not loaded on the new side.
            let Some(new_at) = self.located(new_up, self.new_texts) else {
                continue;
            };
            let as_written = |at: &LoadedScript<'_>| self.sources.get(at.file).shared_text();
            if self.layout == Layout::Liquibase
                && (liquibase::accepts_edits(new_at.section())
                    || liquibase::checksummed(old_at.section())
                        == liquibase::checksummed(new_at.section()))
            {
                // Liquibase's checksum does not cover the rollback and the comment lines, and
                // a changeset that lists its valid checksums was changed on purpose.
                continue;
            }
            let same = old_at.section() == new_at.section();
            if same && as_written(&old_at) == as_written(&new_at) {
                continue;
            }
            // A tool without checksums runs what the database sees: comments and layout are not
            // an edit to it.
            if !keeps_checksums(self.layout)
                && code_only(old_at.section(), self.dialect)
                    == code_only(new_at.section(), self.dialect)
            {
                continue;
            }
            // Equal once filled in: only a placeholder as written changed.
            let (old_span, new_span) = if same {
                (head_line(&old_at), head_line(&new_at))
            } else {
                first_difference(&old_at, &new_at)
            };
            findings.push(applied_migration_edited::finding(
                &old.id,
                new_span,
                old_span,
                keeps_checksums(self.layout),
            ));
        }
    }

    /// Release migrations ordered before the newest migration of the old version: by version,
    /// or, where the tool runs migrations in the order they are written (Liquibase), by place.
    /// A version directory's tool runs none of a version it already reached, so a file added to
    /// that version's directory is out of order too.
    fn order(&self, findings: &mut Vec<Finding>) {
        let ordered = |m: &&Migration| !m.repeatable;
        let Some(newest) = self.old.iter().rfind(ordered) else {
            return;
        };
        let Some(newest_at) = newest
            .up
            .as_ref()
            .and_then(|up| self.located(up, self.old_texts))
        else {
            return;
        };
        let place = |id: &str| self.new.iter().position(|m| m.id == id);
        let newest_version = version(&newest.id, self.layout);
        for migration in self.release.iter().filter(ordered) {
            let stale = match self.layout {
                Layout::Liquibase => place(&migration.id) < place(&newest.id),
                Layout::Versioned => {
                    natural_cmp(&version(&migration.id, self.layout), &newest_version).is_le()
                }
                _ => natural_cmp(&version(&migration.id, self.layout), &newest_version).is_lt(),
            };
            if !stale {
                continue;
            }
            let Some(at) = migration
                .up
                .as_ref()
                .and_then(|up| self.located(up, self.new_texts))
            else {
                continue;
            };
            findings.push(migration_out_of_order::finding(
                &migration.id,
                &newest.id,
                self.layout,
                head_line(&at),
                head_line(&newest_at),
            ));
        }
    }

    /// Release migrations whose version another migration already uses.
    fn duplicates(&self, findings: &mut Vec<Finding>) {
        let mut by_version: BTreeMap<String, Vec<&Migration>> = BTreeMap::new();
        for migration in self.new {
            if let Some(key) = version_key(&migration.id, self.layout) {
                by_version.entry(key).or_default().push(migration);
            }
        }
        for (key, group) in by_version.iter().filter(|(_, g)| g.len() > 1) {
            for migration in group {
                if !self.release.iter().any(|m| m.id == migration.id) {
                    continue;
                }
                let Some(at) = migration
                    .up
                    .as_ref()
                    .and_then(|up| self.located(up, self.new_texts))
                else {
                    continue;
                };
                let others: Vec<&Migration> = group
                    .iter()
                    .copied()
                    .filter(|m| m.id != migration.id)
                    .collect();
                // The other migration's frame, when the old version has it.
                let other_old = others.iter().find_map(|other| {
                    let up = other.up.as_ref()?;
                    self.located(up, self.old_texts).map(|l| head_line(&l))
                });
                let names: Vec<&str> = others.iter().map(|m| m.id.as_str()).collect();
                findings.push(duplicate_migration_version::finding(
                    &migration.id,
                    key,
                    &names,
                    head_line(&at),
                    other_old,
                ));
            }
        }
    }

    fn located<'t>(&self, script: &Script, texts: &'t Texts) -> Option<LoadedScript<'t>> {
        let (file, text) = texts.get(&script.path)?;
        let range = script
            .range
            .clone()
            .filter(|r| text.get(r.clone()).is_some())
            .unwrap_or(0..text.len());
        Some(LoadedScript {
            file: *file,
            text,
            range,
        })
    }
}

/// A script in a loaded file.
struct LoadedScript<'t> {
    file: FileId,
    text: &'t str,
    range: Range<usize>,
}

impl LoadedScript<'_> {
    fn section(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

/// The first line of the script with code on it (not blank, not a `--` comment), else its first
/// line.
/// A script without its comments, its whitespace collapsed: what a database runs of it.
fn code_only(script: &str, dialect: Dialect) -> String {
    let mut code = String::with_capacity(script.len());
    let mut at = 0;
    for range in prose_ranges(script, dialect) {
        let prose = &script[range.clone()];
        if prose.starts_with("--") || prose.starts_with("/*") || prose.starts_with('#') {
            code.push_str(&script[at..range.start]);
            code.push(' ');
            at = range.end;
        }
    }
    code.push_str(&script[at..]);
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn head_line(at: &LoadedScript<'_>) -> Span {
    let mut start = at.range.start;
    let mut first = None;
    for line in at.section().split_inclusive('\n') {
        let trimmed = line.trim();
        let range = start..start + line.trim_end().len();
        first.get_or_insert(range.clone());
        if !trimmed.is_empty() && !trimmed.starts_with("--") {
            return Span::new(at.file, range);
        }
        start += line.len();
    }
    Span::new(at.file, first.unwrap_or(at.range.start..at.range.start))
}

/// The lines where two versions of a script start to differ.
fn first_difference(old: &LoadedScript<'_>, new: &LoadedScript<'_>) -> (Span, Span) {
    let (a, b) = (old.section(), new.section());
    let mut common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(common) || !b.is_char_boundary(common) {
        common -= 1;
    }
    (line_at(old, common), line_at(new, common))
}

/// The line of `at` that holds its section's byte `offset` (the last line when past the end).
fn line_at(at: &LoadedScript<'_>, offset: usize) -> Span {
    let section = at.section();
    let offset = offset.min(section.len());
    let mut start = section[..offset].rfind('\n').map_or(0, |i| i + 1);
    if start == section.len() && start > 0 {
        // Past the last newline: point at the last line instead of nothing.
        start = section[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let end = section[start..]
        .find('\n')
        .map_or(section.len(), |i| start + i);
    Span::new(at.file, at.range.start + start..at.range.start + end)
}
