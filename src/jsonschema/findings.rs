//! The findings of one set, without repeats: both directions may name the same change, and in a
//! `_transitive` mode several earlier versions may show the same break.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::rules;
use crate::core::{Capped, Finding, Reach, RuleId, Span};

/// A finding of a comparison, with the instance path it is about and what it found there in
/// words (the message without its place): for the notes of an earlier version's, and to know
/// one change reached from several schemas.
pub(super) struct FoundAt {
    pub finding: Finding,
    pub path: String,
    pub words: String,
}

/// A finding by rule, new and old span and message.
type FindingKey = (RuleId, Option<Span>, Option<Span>, String);
/// A change by rule, place in the new schema and instance path: the same change whichever old
/// version shows it, and however that version words it.
type ChangeKey = (RuleId, Option<Span>, String);

#[derive(Default)]
pub(super) struct Findings {
    list: Vec<Finding>,
    seen: HashSet<FindingKey>,
    /// The index of the finding reported for each change.
    changes: HashMap<ChangeKey, usize>,
    /// Per reported finding, the earlier versions with the same change, each with its own
    /// message where it differs (a bound an older version set elsewhere).
    earlier: BTreeMap<usize, Vec<(String, Option<String>)>>,
    /// The finding reported for each cause: rule, spans and words, wherever it is reached from.
    causes: HashMap<CauseKey, usize>,
}

/// A change by rule, place in both versions and what it is, whatever instance path leads to it.
type CauseKey = (RuleId, Option<Span>, Option<Span>, String);

impl Findings {
    /// A finding that is not about a comparison's instance path (a removed schema, a sample).
    pub fn push(&mut self, finding: Finding) {
        self.insert(finding);
    }

    /// A finding of the comparison with the base version, of the schema at `root`. The same
    /// cause met again from another root schema (a shared definition) is one finding that lists
    /// what reaches it.
    pub fn push_compared(&mut self, found: FoundAt, root: &str) {
        let cause = (
            found.finding.rule,
            found.finding.new.as_ref().map(|l| l.span),
            found.finding.old.as_ref().map(|l| l.span),
            found.words.clone(),
        );
        let reach = Reach::Schema {
            schema: root.to_owned(),
            path: found.path.clone(),
        };
        if let Some(&index) = self.causes.get(&cause) {
            let reaches = &mut self.list[index].reaches;
            if !reaches.contains(&reach) {
                reaches.push(reach);
            }
            return;
        }
        let change = change_key(&found);
        let mut finding = found.finding;
        finding.reaches.push(reach);
        if let Some(index) = self.insert(finding) {
            self.changes.entry(change).or_insert(index);
            self.causes.insert(cause, index);
        }
    }

    /// A finding of the comparison with an earlier version (`version`, as the report names it):
    /// reported only when no newer version shows the same change, else noted on that finding.
    pub fn push_earlier(&mut self, found: FoundAt, version: &str) {
        let change = change_key(&found);
        let Some(&index) = self.changes.get(&change) else {
            if let Some(index) = self.insert(found.finding) {
                self.changes.insert(change, index);
            }
            return;
        };
        let same = self.list[index].message == found.finding.message;
        let versions = self.earlier.entry(index).or_default();
        if !versions.iter().any(|(v, _)| v == version) {
            let own = (!same).then(|| found.words.clone());
            versions.push((version.to_owned(), own));
        }
    }

    /// Adds a finding unless it is there already; its index when added.
    fn insert(&mut self, finding: Finding) -> Option<usize> {
        // A rule that is the same in both directions reports a change once.
        let symmetric = [
            rules::pattern_changed::ID,
            rules::format_changed::ID,
            rules::containment_not_proven::ID,
        ]
        .contains(&finding.rule);
        let key = (
            finding.rule,
            finding.new.as_ref().map(|l| l.span),
            finding.old.as_ref().map(|l| l.span),
            if symmetric {
                String::new()
            } else {
                finding.message.clone()
            },
        );
        self.seen.insert(key).then(|| {
            self.list.push(finding);
            self.list.len() - 1
        })
    }

    pub fn finish(mut self) -> Vec<Finding> {
        for (index, versions) in self.earlier {
            if let Some(finding) = self.list.get_mut(index) {
                finding.notes.extend(notes(&versions));
            }
        }
        for finding in &mut self.list {
            if let Some(note) = also_reached(&finding.reaches) {
                finding.notes.push(note);
            }
        }
        self.list
    }
}

/// `also reached from `b.json` at `/x``: the other schemas the same change is met from.
fn also_reached(reaches: &[Reach]) -> Option<String> {
    let others: Vec<String> = reaches
        .iter()
        .skip(1)
        .filter_map(|r| match r {
            Reach::Schema { schema, path } if path != "/" => {
                Some(format!("`{schema}` at `{path}`"))
            }
            Reach::Schema { schema, .. } => Some(format!("`{schema}`")),
            Reach::Operation { .. } => None,
        })
        .collect();
    (!others.is_empty()).then(|| {
        let Capped { shown, more } = crate::core::capped(others);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("the same change is reached from {}{more}", shown.join(", "))
    })
}

fn change_key(found: &FoundAt) -> ChangeKey {
    let new = found.finding.new.as_ref().map(|l| l.span);
    (found.finding.rule, new, found.path.clone())
}

/// One note for the versions with the reported message, one per other message.
fn notes(versions: &[(String, Option<String>)]) -> Vec<String> {
    let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    for (version, message) in versions {
        let message = message.as_deref();
        let name = format!("`{version}`");
        match groups.iter_mut().find(|(m, _)| *m == message) {
            Some((_, names)) => names.push(name),
            None => groups.push((message, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(message, names)| match message {
            None if names.len() == 1 => {
                format!("also found against 1 earlier version: {}", names[0])
            }
            None => format!(
                "also found against {} earlier versions: {}",
                names.len(),
                names.join(", ")
            ),
            Some(message) => format!("also against {}: {message}", names.join(", ")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::{FileId, Side, Sources};

    #[test]
    fn an_earlier_version_with_the_same_change_is_a_note_not_a_second_finding() {
        let mut sources = Sources::new();
        let files: Vec<FileId> = ["s.json", "s.json@1", "s.json@2", "s.json@3"]
            .into_iter()
            .map(|name| sources.add(name.to_owned(), Side::Old, Arc::from("{\"enum\": [1]}")))
            .collect();
        let span = |file: usize, start| Span::new(files[file], start..start + 1);
        let found = |old_file, path: &str, message: &str| FoundAt {
            finding: Finding::new(
                rules::bound_tightened::ID,
                format!("at `{path}`: {message}"),
            )
            .at_new(span(0, 10), "new")
            .at_old(span(old_file, 5), "old"),
            path: path.to_owned(),
            words: message.to_owned(),
        };
        let mut findings = Findings::default();
        findings.push_compared(found(1, "/a", "at most 5, up to 8"), "s.json");
        findings.push_earlier(found(2, "/a", "at most 5, up to 8"), "s.json@2");
        findings.push_earlier(found(3, "/a", "at most 5, up to 9"), "s.json@3");
        findings.push_earlier(found(3, "/b", "at most 5, up to 9"), "s.json@3");
        let list = findings.finish();
        assert_eq!(list.len(), 2);
        assert_eq!(
            list[0].notes,
            [
                "also found against 1 earlier version: `s.json@2`",
                "also against `s.json@3`: at most 5, up to 9"
            ]
        );
        assert_eq!(list[1].message, "at `/b`: at most 5, up to 9");
        assert!(list[1].notes.is_empty());
    }
}
