//! An optional property whose `default` changes: a message that leaves it out means one value to
//! consumers of the old schema and another to those of the new one.

use super::at;
use crate::core::{Finding, RuleId};
use crate::schema::containment::path_string;
use crate::schema::defaults::{DefaultChange, shown};

pub const ID: RuleId = RuleId::JsonschemaDefaultChanged;

/// Names one changed default (found by [`crate::schema::defaults`]), in every mode: the meaning
/// changes for old and new consumers alike. Returns the finding and its words without the place.
pub fn check(change: &DefaultChange) -> (Finding, String) {
    let (old, new) = (shown(&change.old.value), shown(&change.new.value));
    let path = path_string(&change.path);
    let words = format!(
        "the default changes from {old} to {new}, so a message that leaves it out means {old} to consumers of the old schema and {new} to those of the new one"
    );
    let finding = Finding::new(ID, format!("{}: {words}", at(&path)))
        .at_new(change.new.span, "the new default")
        .at_old(change.old.span, "the old default");
    (finding, words)
}
