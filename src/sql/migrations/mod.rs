//! The migration pipeline: orders the files of a migration directory, replays the old history
//! into a schema model, checks the history itself (`applied`), each statement of the migrations
//! the release adds, and each of their down scripts as a rollback runs it (`rollback`).

mod applied;
mod net_renames;
mod rollback;

use std::collections::BTreeMap;

use super::layout::{Migration, Script, is_repeatable, migrations};
use super::release::check_script;
use super::rules::{lock_without_timeout, missing_down_migration};
use super::script_config;
use super::scripts::{Texts, load_texts, parse_scripts, split_dbmate_sections};
use super::statements::Settings;
use super::statements::model::Schema;
use super::statements::replay::{Provenance, apply};
use crate::analyzer::{Input, Output, drop_in_background};
use crate::core::{Side, Span};
use crate::input::config::{Layout, SqlSet};
use crate::input::discover::ArtifactSet;

/// Compares the migrations of one directory.
pub fn analyze(
    settings: &Settings,
    options: &SqlSet,
    set: &ArtifactSet,
    input: &Input<'_>,
    out: &mut Output<'_>,
) {
    let layout = settings.layout;
    let history = |side: Side| -> Vec<Migration> {
        let tree = input.tree(side);
        let files: Vec<String> = set
            .files
            .iter()
            .filter(|p| tree.contains(p))
            .cloned()
            .collect();
        migrations(&options.path, &files, layout)
    };
    let mut old = history(Side::Old);
    let mut all_new = history(Side::New);

    let old_texts = load_texts(
        settings,
        input,
        out,
        Side::Old,
        old.iter().filter_map(|m| m.up.as_ref()),
    );
    split_dbmate_sections(&mut old, &old_texts);
    // The new version's texts: only of files that differ from the old version, since the
    // others were replayed from the old side already.
    let changed: Vec<&Script> = all_new
        .iter()
        .filter_map(|m| m.up.as_ref())
        .filter(|up| input.changed(&up.path))
        .collect();
    let new_texts = load_texts(settings, input, out, Side::New, changed.into_iter());
    split_dbmate_sections(&mut all_new, &new_texts);

    let old_scripts = parse_scripts(settings, out, &old, &old_texts, &BTreeMap::new(), true);
    let mut schema = Schema::default();
    for parsed in old_scripts.iter().flatten() {
        let place = Provenance {
            file: parsed.file,
            in_release: false,
        };
        for statement in &parsed.statements {
            apply(&mut schema, statement, place);
        }
    }
    let base = schema.clone();

    let release: Vec<Migration> = all_new
        .iter()
        .filter(|m| is_in_release(m, layout, input, &old, &old_texts, &new_texts))
        .cloned()
        .collect();
    let sides = applied::Sides {
        layout,
        dialect: settings.dialect,
        old: &old,
        old_texts: &old_texts,
        new: &all_new,
        new_texts: &new_texts,
        release: &release,
        sources: out.sources(),
    };
    let mut found = Vec::new();
    sides.check(&mut found);
    out.findings.extend(found);

    // diesel writes a down.sql with every migration; elsewhere downs are the project's habit,
    // seen in any migration of either version (golang-migrate runs up-only histories too).
    let expects_down =
        layout == Layout::Diesel || old.iter().chain(&all_new).any(|m| m.down.is_some());
    let beside = script_config::read_settings(
        layout,
        input,
        out,
        release.iter().flat_map(|m| m.up.iter().chain(&m.down)),
    );
    let new_scripts = parse_scripts(settings, out, &release, &new_texts, &beside, false);
    let release_findings = out.findings.len();
    let mut before_each = Vec::with_capacity(release.len());
    let mut up_lock_reported = Vec::with_capacity(release.len());
    for (migration, parsed) in release.iter().zip(&new_scripts) {
        if expects_down {
            before_each.push(schema.clone());
        }
        let Some(parsed) = parsed else {
            up_lock_reported.push(false);
            continue;
        };
        let first = out.findings.len();
        check_script(settings, &base, &mut schema, parsed, &mut out.findings);
        up_lock_reported.push(
            out.findings[first..]
                .iter()
                .any(|f| f.rule == lock_without_timeout::ID),
        );
        if expects_down && migration.down.is_none() && !is_repeatable(&migration.id, layout) {
            let first = parsed.statements.first().map_or(0..0, |s| s.span.clone());
            missing_down_migration::check(
                &migration.id,
                Span::new(parsed.file, first),
                &mut out.findings,
            );
        }
    }
    let mut checked = out.findings.split_off(release_findings);
    net_renames::collapse(&base, &schema, &mut checked);
    out.findings.append(&mut checked);
    if expects_down {
        let downs: Vec<Migration> = release
            .iter()
            .map(|m| Migration {
                id: m.id.clone(),
                up: m.down.clone(),
                down: None,
            })
            .collect();
        let down_texts = load_texts(
            settings,
            input,
            out,
            Side::New,
            downs.iter().filter_map(|m| m.up.as_ref()),
        );
        let down_scripts = parse_scripts(settings, out, &downs, &down_texts, &beside, false);
        let mut found = Vec::new();
        let replayed = rollback::Replayed {
            migrations: &release,
            downs: &down_scripts,
            before_each: &before_each,
            after_all: &schema,
            up_lock_reported: &up_lock_reported,
        };
        rollback::check(settings, &replayed, out, &mut found);
        out.findings.extend(found);
        drop_in_background(down_scripts);
    }
    drop_in_background((old_scripts, new_scripts, before_each, schema, base));
}

/// Whether the release applies a migration of the new version: its up script is new, or it is a
/// repeatable migration whose text changed (the tool re-applies those).
fn is_in_release(
    migration: &Migration,
    layout: Layout,
    input: &Input<'_>,
    old: &[Migration],
    old_texts: &Texts,
    new_texts: &Texts,
) -> bool {
    let Some(up) = &migration.up else {
        return false;
    };
    if !input.old.contains(&up.path) {
        return true;
    }
    is_repeatable(&migration.id, layout)
        && applied::script_text(up, new_texts).is_some()
        && old
            .iter()
            .find(|m| m.id == migration.id)
            .and_then(|m| m.up.as_ref())
            .and_then(|s| applied::script_text(s, old_texts))
            != applied::script_text(up, new_texts)
}
