//! compat.toml's `[[allow]]` entries as suppressions. Each covers the new-side files its glob
//! matches: the whole file, a range of its lines, or the value a JSON pointer names in a JSON or
//! YAML document. An entry that covers no finding is reported like an unused inline one, framed
//! in compat.toml.

use std::ops::Range;

use globset::Glob;

use crate::analyzer::Input;
use crate::core::{Side, SourceFile, Sources, Span};
use crate::input::config::{AllowEntry, Config};
use crate::schema::doc::{Syntax, parse, pointer_steps};
use crate::suppress::Suppression;

/// The suppressions of compat.toml's `[[allow]]` entries; compat.toml joins `sources` so their
/// findings can frame it. An entry is reported as matching nothing only when a file it names
/// changed: the others suppressed something in an earlier release.
pub fn suppressions(config: &Config, input: &Input<'_>, sources: &mut Sources) -> Vec<Suppression> {
    let (Some(text), false) = (&config.text, config.file.allow.is_empty()) else {
        return Vec::new();
    };
    let path = config
        .path
        .as_ref()
        .map_or_else(|| "compat.toml".to_owned(), |p| p.display().to_string());
    let config_file = sources.add(path, Side::New, text.clone());
    config
        .file
        .allow
        .iter()
        .map(|entry| {
            let span = entry.span();
            let entry = entry.get_ref();
            // Validated with the configuration; an invalid glob would match nothing.
            let matcher = Glob::new(entry.path.get_ref())
                .map(|glob| glob.compile_matcher())
                .ok();
            let matches = |path: &str| matcher.as_ref().is_some_and(|m| m.is_match(path));
            let covers = covered(entry, sources, &matches);
            // A glob that names no file at all is a mistake worth saying; so is an entry that
            // covers nothing in a file the release changed (its lines or pointer went stale).
            let named: Vec<&String> = input.new.paths().iter().filter(|p| matches(p)).collect();
            let report_unused = named.is_empty() || named.iter().any(|p| input.changed(p));
            Suppression {
                rules: vec![entry.rule.get_ref().clone()],
                reason: entry
                    .reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned),
                span: Span::new(config_file, span),
                covers,
                report_unused,
            }
        })
        .collect()
}

/// The places of the new-side files an entry names.
fn covered(entry: &AllowEntry, sources: &Sources, matches: &dyn Fn(&str) -> bool) -> Vec<Span> {
    sources
        .iter()
        .filter(|(_, file)| file.side() == Side::New && matches(file.path()))
        .filter_map(|(id, file)| place(entry, file).map(|range| Span::new(id, range)))
        .collect()
}

/// The byte range of `file` an entry covers: its lines, the value under its pointer, or all.
fn place(entry: &AllowEntry, file: &SourceFile) -> Option<Range<usize>> {
    let text = file.text();
    if let Some(pointer) = &entry.pointer {
        let root = parse(text, Syntax::of(file.path(), text)).ok()?;
        let node = root.at(pointer_steps(pointer.get_ref())?
            .collect::<Vec<_>>()
            .iter()
            .map(|s| &**s))?;
        return Some(node.span());
    }
    match &entry.lines {
        Some(lines) => {
            let (first, last) = *lines.get_ref();
            let count = file.line_count();
            if first > count {
                return None;
            }
            let start = file.line_range(first - 1).start;
            let end = file.line_range(last.min(count) - 1).end;
            Some(start..end)
        }
        None => Some(0..text.len()),
    }
}
