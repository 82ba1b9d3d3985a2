//! A proto2 `required` field added, removed, or a field made required or optional.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoRequiredChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let (message, new_span, old_span) = match change {
        FieldChange::Kept { old, new } if old.is_required() != new.is_required() => (
            if new.is_required() {
                format!(
                    "field `{}` of `{}` becomes required: new readers reject messages from old writers that leave it unset",
                    new.name(),
                    pair.new.name()
                )
            } else {
                format!(
                    "field `{}` of `{}` is no longer required: old readers reject messages from new writers that leave it unset",
                    new.name(),
                    pair.new.name()
                )
            },
            cx.span(Side::New, new, &[]),
            cx.span(Side::Old, old, &[]),
        ),
        FieldChange::Added(new) if new.is_required() => (
            format!(
                "required field `{}` is added to `{}`: new readers reject every message old writers send",
                new.name(),
                pair.new.name()
            ),
            cx.span(Side::New, new, &[]),
            None,
        ),
        FieldChange::Removed(old) if old.is_required() => (
            format!(
                "required field `{}` is removed from `{}`: old readers reject every message new writers send",
                old.name(),
                pair.new.name()
            ),
            cx.name_span(Side::New, &pair.new),
            cx.span(Side::Old, old, &[]),
        ),
        _ => return,
    };
    let finding = cx.at_new(Finding::new(ID, message), new_span, "required changed");
    let finding = cx.at_old(finding, old_span, "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}
