//! An enum removed (not renamed or moved) that nothing still present refers to.

use super::{Cx, removed_type_referenced};
use crate::core::{Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoEnumRemoved;

pub fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for e in &cx.diff.removed_enums {
        let parent_removed = e.parent_message().is_some_and(|parent| {
            cx.diff
                .removed_messages
                .iter()
                .any(|m| m.full_name() == parent.full_name())
        });
        if parent_removed || removed_type_referenced(cx, e.full_name()) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "enum `{}` is removed: code of the old version that still uses it and data holding its values outlive this release",
                e.full_name()
            ),
        );
        let finding = cx.at_new(
            finding,
            cx.new_file_span(&e.parent_file()),
            "removed from this file",
        );
        let finding = cx.at_old(finding, cx.span(Side::Old, e, &[]), "removed enum");
        out.push(cx.notes(
            finding,
            e.full_name(),
            cx.encodings(e.full_name(), e.full_name()),
        ));
    }
}
