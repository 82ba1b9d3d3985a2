//! A message removed (not renamed or moved) that nothing still present refers to: a payload type
//! or a method's request or response whose method went with it. References from kept fields and
//! methods are reported there, as type changes.

use super::{Cx, removed_type_referenced};
use crate::core::{Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoMessageRemoved;

pub fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for message in &cx.diff.removed_messages {
        let parent_removed = message.parent_message().is_some_and(|parent| {
            cx.diff
                .removed_messages
                .iter()
                .any(|m| m.full_name() == parent.full_name())
        });
        if parent_removed || removed_type_referenced(cx, message.full_name()) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "message `{}` is removed: old writers still send it and old readers still expect it, and code of the new version can no longer decode it",
                message.full_name()
            ),
        );
        let finding = cx.at_new(
            finding,
            cx.new_file_span(&message.parent_file()),
            "removed from this file",
        );
        let finding = cx.at_old(finding, cx.span(Side::Old, message, &[]), "removed message");
        out.push(cx.notes(
            finding,
            message.full_name(),
            cx.encodings(message.full_name(), message.full_name()),
        ));
    }
}
