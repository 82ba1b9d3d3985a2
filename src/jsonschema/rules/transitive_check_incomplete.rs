//! A transitive mode could not compare the schema with every earlier version.

use crate::core::{Finding, InputError, RuleId, Span};
use crate::input::config::Mode;

pub const ID: RuleId = RuleId::JsonschemaTransitiveCheckIncomplete;

/// The schema's root, with what was compared and how to compare the rest.
fn finding(schema: Span, message: String, label: &str, help: &str) -> Finding {
    Finding::new(ID, message)
        .at_new(schema, label)
        .with_help(help)
}

const BASE_ONLY: &str = "compared with the base version only";

/// The base (`label`) is not a git revision: `compat diff`, or a directory.
pub fn no_history(schema: Span, mode: Mode, label: &str) -> Finding {
    finding(
        schema,
        format!(
            "`{}` compares with every earlier version of the schema, but `{label}` is not a git revision and has no history: only `{label}` itself was compared",
            mode.name()
        ),
        BASE_ONLY,
        "run `compat check` in the git repository to compare with the earlier versions too",
    )
}

/// git could not list the schema's history.
pub fn history_unreadable(schema: Span, error: &InputError) -> Finding {
    finding(
        schema,
        format!("{}; only the base version was compared", error.message),
        BASE_ONLY,
        "check that git can read the repository's history",
    )
}

/// The clone's history ends before `depth` versions of the file at `path`.
pub fn shallow_clone(schema: Span, depth: usize, path: &str) -> Finding {
    finding(
        schema,
        format!(
            "the repository is a shallow clone: its history ends before the last {depth} versions of {path} (`transitive_depth`), so the older ones were not compared"
        ),
        "older versions not compared",
        "fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)",
    )
}

/// `count` earlier versions did not load, the first of them `display`, with `error`.
pub fn version_unreadable(
    schema: Span,
    display: &str,
    count: usize,
    error: &InputError,
) -> Finding {
    let others = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let finding = finding(
        schema,
        format!(
            "the earlier version {display}{others} could not be compared: {}",
            error.message
        ),
        "not compared with that version",
        "if that version never reached a queue, record it with an `x-compat-allow` entry on the schema's root",
    );
    match error.span {
        Some(span) => finding.at_old(span, "this earlier version fails here"),
        None => finding,
    }
}
