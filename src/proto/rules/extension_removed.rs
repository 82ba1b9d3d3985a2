//! An extension field declared in a changed file is gone from the new version.

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::ExtensionChange;

pub const ID: RuleId = RuleId::ProtoExtensionRemoved;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let ExtensionChange::Removed(old) = change else {
        return;
    };
    let extends = old.containing_message();
    let finding = Finding::new(
        ID,
        format!(
            "extension `{}` ({} of `{}`) is removed: old readers see it unset in messages from new writers, and its number is free for another extension",
            old.full_name(),
            old.number(),
            extends.name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.new_file_span(&old.parent_file()),
        "removed from this file",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "removed extension");
    let encodings = cx.encodings(extends.full_name(), extends.full_name());
    out.push(cx.notes(finding, extends.full_name(), encodings));
}
