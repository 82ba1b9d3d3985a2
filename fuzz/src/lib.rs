//! What the fuzz targets share: an in-memory [`Tree`], the split of one input into an old and a
//! new version, and a comparison that renders every format and checks the report's spans.

use std::collections::BTreeMap;
use std::sync::Arc;

use compat::catalog::catalog;
use compat::core::{Class, InputError, Span};
use compat::engine::{Scope, compare};
use compat::input::Tree;
use compat::input::config::Config;
use compat::render::{self, Format, Style};
use compat::report::Report;

/// Files held in memory, as a version of a repository.
pub struct MemTree {
    label: String,
    paths: Vec<String>,
    files: BTreeMap<String, Arc<[u8]>>,
}

impl MemTree {
    pub fn new(label: &str, files: &[(&str, &[u8])]) -> MemTree {
        let files: BTreeMap<String, Arc<[u8]>> = files
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), Arc::from(*bytes)))
            .collect();
        MemTree {
            label: label.to_owned(),
            paths: files.keys().cloned().collect(),
            files,
        }
    }
}

impl Tree for MemTree {
    fn label(&self) -> &str {
        &self.label
    }

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| InputError::new(Some(path.to_owned()), format!("no file {path}")))
    }
}

/// The parts of an input separated by NUL bytes: a NUL is never part of a text file, so any
/// number of files fit in one input and a seed is files joined by `\0`.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0).collect()
}

/// Most shared files one input describes.
const MAX_SHARED: usize = 6;

/// The two versions an input `old\0new[\0shared...]` describes: the old and the new text of the
/// file the release changes, named by `main` from its new text, then files both versions share
/// (which references and imports can reach), named by `shared` from their index. Without a NUL
/// the file is new in the release.
pub fn versions(
    data: &[u8],
    main: impl Fn(&[u8]) -> String,
    shared: impl Fn(usize) -> String,
) -> (MemTree, MemTree) {
    let parts = parts(data);
    let (old_main, new_main) = match parts.as_slice() {
        [old, new, ..] => (Some(*old), *new),
        _ => (None, data),
    };
    let main = main(new_main);
    let names: Vec<String> = (0..parts.len().saturating_sub(2).min(MAX_SHARED))
        .map(shared)
        .collect();
    let shared: Vec<(&str, &[u8])> = names
        .iter()
        .map(String::as_str)
        .zip(parts.iter().skip(2).copied())
        .collect();
    let mut old = shared.clone();
    old.extend(old_main.map(|text| (main.as_str(), text)));
    let mut new = shared;
    new.push((&main, new_main));
    (MemTree::new("old", &old), MemTree::new("new", &new))
}

/// `.json` when the text looks like JSON, else `.yaml`, so both parsers see every input shape.
pub fn json_or_yaml(bytes: &[u8]) -> &'static str {
    if bytes.trim_ascii_start().starts_with(b"{") {
        "json"
    } else {
        "yaml"
    }
}

/// Compares two versions under a fixed compat.toml, renders the report in every format and
/// checks that every span of it points into its file's text at character boundaries.
pub fn compare_and_render(config: &str, old: &MemTree, new: &MemTree) -> Report {
    let Ok(config) = Config::parse("compat.toml", config, catalog()) else {
        panic!("the fuzz target's compat.toml is invalid: {config}");
    };
    let report = compare(old, new, &config, &Scope::default());
    check_spans(&report);
    let style = Style {
        color: false,
        width: 100,
        quiet: false,
        full: true,
    };
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
        Format::Concise,
    ] {
        render::report(&report, format, &style, Some(Class::Tolerant));
    }
    report
}

fn check_spans(report: &Report) {
    let spans = report
        .findings
        .iter()
        .flat_map(|r| [&r.finding.new, &r.finding.old])
        .flatten()
        .map(|label| label.span)
        .chain(report.errors.iter().filter_map(|e| e.span));
    for span in spans {
        check_span(report, span);
    }
}

fn check_span(report: &Report, span: Span) {
    let file = report.sources.get(span.file);
    assert!(
        file.text().get(span.range()).is_some(),
        "span {}..{} is not a character range of {} ({} bytes)",
        span.start(),
        span.end(),
        file.path(),
        file.text().len()
    );
}
