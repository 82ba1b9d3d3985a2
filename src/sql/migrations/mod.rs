//! The migration pipeline: orders the files of a migration directory and cuts those that hold
//! several scripts, replays the old history into a schema model, checks the history itself
//! (`applied`), each statement of the migrations the release adds, and each of their down
//! scripts as a rollback runs it (`rollback`).

mod applied;
mod net_renames;
mod rollback;

use std::collections::BTreeMap;

use super::layout::{Migration, Script, migrations, renamed, versioned};
use super::release::check_script;
use super::rules::{lock_without_timeout, missing_down_migration};
use super::script_config;
use super::scripts::{Texts, load_texts, parse_scripts, split_files};
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
        let found = migrations(&options.path, &files, layout);
        if layout == Layout::Versioned {
            let manifest = |dir: &str| {
                let path = format!("{dir}/manifest.json");
                tree.contains(&path)
                    .then(|| tree.read_text(&path).ok())
                    .flatten()
            };
            return versioned::follow_manifests(found, manifest);
        }
        found
    };
    let old = history(Side::Old);
    let all_new = history(Side::New);

    let old_texts = load_texts(
        settings,
        input,
        out,
        Side::Old,
        old.iter().filter_map(|m| m.up.as_ref()),
    );
    let old = split_files(old, &old_texts, settings);
    // The new version's texts: only of files that differ from the old version, since the
    // others were replayed from the old side already.
    let changed: Vec<&Script> = all_new
        .iter()
        .filter_map(|m| m.up.as_ref())
        .filter(|up| input.changed(&up.path))
        .collect();
    let new_texts = load_texts(settings, input, out, Side::New, changed.into_iter());
    let all_new = unchanged_from_old(split_files(all_new, &new_texts, settings), &old, &new_texts);

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
        // A file renamed under a version the tool already recorded does not run again.
        .filter(|m| renamed(m, &old, &all_new, layout).is_none())
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
        if expects_down && migration.down.is_none() && !migration.repeatable {
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
                up: m.down.clone(),
                down: None,
                ..m.clone()
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

/// The new version's migrations, where a file the release leaves unchanged (so not loaded on
/// the new side, and not cut there) takes the parts the old side cut it into.
fn unchanged_from_old(new: Vec<Migration>, old: &[Migration], new_texts: &Texts) -> Vec<Migration> {
    let mut parts: BTreeMap<&str, Vec<&Migration>> = BTreeMap::new();
    for migration in old {
        if let Some(up) = migration.up.as_ref().filter(|up| up.range.is_some()) {
            parts.entry(up.path.as_str()).or_default().push(migration);
        }
    }
    let mut merged = Vec::with_capacity(new.len());
    for migration in new {
        let cut = migration
            .up
            .as_ref()
            .filter(|up| up.range.is_none() && !new_texts.contains_key(&up.path))
            .and_then(|up| parts.get(up.path.as_str()));
        match cut {
            Some(cut) => merged.extend(cut.iter().map(|m| (*m).clone())),
            None => merged.push(migration),
        }
    }
    merged
}

/// Whether the release applies a migration of the new version: its up script is new (its file,
/// or, where a file holds several migrations, the migration in it), or it is a repeatable
/// migration whose text changed (the tool re-applies those).
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
    let before = old.iter().find(|m| {
        m.id == migration.id && m.up.as_ref().is_some_and(|old_up| old_up.path == up.path)
    });
    let is_new = match layout {
        Layout::Liquibase => before.is_none(),
        _ => !input.old.contains(&up.path),
    };
    if is_new {
        return true;
    }
    migration.repeatable
        && applied::script_text(up, new_texts).is_some()
        && before
            .and_then(|m| m.up.as_ref())
            .and_then(|s| applied::script_text(s, old_texts))
            != applied::script_text(up, new_texts)
}
