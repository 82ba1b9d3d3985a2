//! A script of the release holds placeholders that compat.toml gives no value for: one finding
//! per file, at the first, naming them all.

use crate::core::{FileId, Finding, RuleId, Span};
use crate::sql::placeholders::Unresolved;

pub const ID: RuleId = RuleId::SqlUnresolvedPlaceholder;

/// `unresolved` are the markers with their ranges in the text as parsed.
pub fn check(file: FileId, unresolved: &[Unresolved], findings: &mut Vec<Finding>) {
    let Some(first) = unresolved.first() else {
        return;
    };
    let mut markers: Vec<String> = unresolved
        .iter()
        .map(|u| format!("`{}` as `{}`", u.marker, u.read_as))
        .collect();
    markers.sort_unstable();
    markers.dedup();
    let count = unresolved.len();
    findings.push(
        Finding::new(
            ID,
            format!(
                "placeholders without a value in compat.toml ({count} in this file), each read as a plain name: {}",
                markers.join(", ")
            ),
        )
        .at_new(Span::new(file, first.range.clone()), "no value configured")
        .with_note("set their values with `placeholders` in this set's `[[sql]]` section of compat.toml"),
    );
}
