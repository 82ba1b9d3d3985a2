//! Rollback: runs each release migration's down script on the schema its up script produced and
//! compares the result with the schema the up script started from. A rollback applies the down
//! script to the live database, so the rules about locks and rewrites check it too.

use std::sync::OnceLock;

use crate::analyzer::Output;
use crate::catalog::catalog;
use crate::core::{Effect, Finding, RuleId, Span, Window};
use crate::sql::layout::Migration;
use crate::sql::rules::{
    Check, STATEMENT_RULES, down_drops_release_data, down_migration_incomplete,
    lock_without_timeout,
};
use crate::sql::statements::differences::differences;
use crate::sql::statements::model::Schema;
use crate::sql::statements::replay::{Provenance, apply};
use crate::sql::statements::{ParsedScript, Settings, check_statements};

/// The release as replayed, for checking its down scripts. Index `i` is release migration `i`.
pub struct Replayed<'a> {
    pub migrations: &'a [Migration],
    /// Each migration's parsed down script, if it has one.
    pub downs: &'a [Option<ParsedScript>],
    /// The schema before each migration ran.
    pub before_each: &'a [Schema],
    /// The schema after the last one.
    pub after_all: &'a Schema,
    /// Whether each migration's up script has a `lock-without-timeout` finding.
    pub up_lock_reported: &'a [bool],
}

/// Each down is checked against the state its own up left, so one faulty down does not blame
/// the others.
pub fn check(
    settings: &Settings,
    release: &Replayed<'_>,
    out: &Output<'_>,
    findings: &mut Vec<Finding>,
) {
    for (index, migration) in release.migrations.iter().enumerate().rev() {
        let (Some(Some(down)), Some(expected)) =
            (release.downs.get(index), release.before_each.get(index))
        else {
            continue;
        };
        let start = release
            .before_each
            .get(index + 1)
            .unwrap_or(release.after_all);
        let lock_reported = release
            .up_lock_reported
            .get(index)
            .copied()
            .unwrap_or(false);
        check_availability(settings, start, down, lock_reported, findings);
        let mut state = start.clone();
        let place = Provenance {
            file: down.file,
            in_release: false,
        };
        for statement in &down.statements {
            let span = Span::new(down.file, statement.span.clone());
            down_drops_release_data::check(&state, statement, span, out, findings);
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
                .map(|origin| origin.located(out));
            // What the down itself defines differently is framed where it does; what it leaves
            // out, at its start.
            let at = difference
                .actual
                .map(|origin| origin.span)
                .filter(|span| span.file == down.file)
                .unwrap_or(head);
            findings.push(down_migration_incomplete::finding(
                &migration.id,
                &difference.message,
                at,
                difference
                    .expected
                    .filter(|o| !o.in_release)
                    .map(|o| o.span),
                created,
            ));
        }
    }
}

/// The statement rules a down script answers to: those about applying a change to live tables
/// (locks, rewrites, a failing `CONCURRENTLY`), and the report of a statement no rule could
/// check. The contract rules are not among them: what a down does to the schema old code sees is
/// `down-migration-incomplete`'s and `down-drops-release-data`'s to judge.
fn rollback_rules() -> &'static [(RuleId, Check)] {
    static RULES: OnceLock<Vec<(RuleId, Check)>> = OnceLock::new();
    RULES.get_or_init(|| {
        STATEMENT_RULES
            .iter()
            .filter(|(id, _)| {
                *id == crate::sql::rules::unparsed_statement::ID
                    || catalog().rule(*id).effect == Effect::Availability
            })
            .copied()
            .collect()
    })
}

/// Runs the rollback rules on a down script, against the schema as it stands when the down
/// runs. The old code is back by then: the tables it uses, those that predate the release, are
/// the ones with traffic; the release's own tables count as new, as they do for the up script.
/// `lock_reported` says the up script already has its `lock-without-timeout` finding, which
/// stands for the whole migration.
fn check_availability(
    settings: &Settings,
    start: &Schema,
    down: &ParsedScript,
    lock_reported: bool,
    findings: &mut Vec<Finding>,
) {
    let mut live = start.clone();
    let mut found = Vec::new();
    check_statements(
        settings,
        start,
        &mut live,
        down,
        rollback_rules(),
        &mut found,
    );
    for mut finding in found {
        if lock_reported && finding.rule == lock_without_timeout::ID {
            continue;
        }
        finding.message = format!(
            "in the down migration, which a rollback runs: {}",
            finding.message
        );
        finding.window = Some(Window::Rollback);
        findings.push(finding);
    }
}
