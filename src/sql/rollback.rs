//! Rollback: runs each release migration's down script on the schema its up script produced and
//! compares the result with the schema the up script started from.

use super::ParsedScript;
use super::diff::differences;
use super::load::Migration;
use super::model::{Origin, Schema};
use super::replay::{Place, apply};
use super::rules::{down_drops_release_data, down_migration_incomplete};
use crate::core::{Finding, Sources, Span};

/// `before_each[i]` is the schema before release migration `i` ran, `after_all` the schema after
/// the last one; `downs[i]` is migration `i`'s parsed down script, if it has one. Each down is
/// checked against the state its own up left, so one faulty down does not blame the others.
pub fn check(
    release: &[Migration],
    downs: &[Option<ParsedScript>],
    before_each: &[Schema],
    after_all: &Schema,
    sources: &Sources,
    findings: &mut Vec<Finding>,
) {
    for (index, migration) in release.iter().enumerate().rev() {
        let (Some(Some(down)), Some(expected)) = (downs.get(index), before_each.get(index)) else {
            continue;
        };
        let start = before_each.get(index + 1).unwrap_or(after_all);
        let mut state = start.clone();
        let place = Place {
            file: down.file,
            in_release: false,
        };
        for statement in &down.statements {
            let span = Span::new(down.file, statement.span.clone());
            down_drops_release_data::check(&state, statement, span, sources, findings);
            apply(&mut state, statement, place);
        }
        let head = down.statements.first().map_or(0..0, |s| s.span.clone());
        let head = Span::new(down.file, head);
        // What the down leaves behind harmlessly is what `down-drops-release-data` asks for.
        for difference in differences(expected, &state)
            .into_iter()
            .filter(|d| !d.harmless)
        {
            let created = difference
                .actual
                .filter(|origin| origin.in_release)
                .map(|origin| located(sources, origin));
            findings.push(down_migration_incomplete::finding(
                &migration.id,
                &difference.message,
                head,
                difference
                    .expected
                    .filter(|o| !o.in_release)
                    .map(|o| o.span),
                created,
            ));
        }
    }
}

/// `path:line` of where an object was defined, for notes.
pub fn located(sources: &Sources, origin: Origin) -> String {
    let file = sources.get(origin.span.file);
    format!("{}:{}", file.path(), file.position(origin.span.start).line)
}
