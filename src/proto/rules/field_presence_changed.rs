//! A singular field gains or loses explicit presence: proto3 `optional` added or removed, a
//! message type replacing a scalar's implicit presence, or the field entering or leaving a oneof
//! it is alone in (a oneof shared with other existing fields is `proto/field-oneof-changed`).

use prost_reflect::{FieldDescriptor, MessageDescriptor};

use super::Cx;
use super::field_oneof_changed::companions;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoFieldPresenceChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let alone = |f: &FieldDescriptor, other: &MessageDescriptor| {
        !f.is_list() && !f.is_map() && !f.is_required() && companions(f, other).is_empty()
    };
    if !alone(old, &pair.new)
        || !alone(new, &pair.old)
        || cx.has_presence(Side::Old, old) == cx.has_presence(Side::New, new)
    {
        return;
    }
    // A scalar replaced by a message is a type change, reported as such.
    if cx.type_change(old, new) == Some(Compat::Incompatible) {
        return;
    }
    let what = if cx.has_presence(Side::New, new) {
        "gains explicit presence: new readers tell an unset field from a zero value, but old writers never send zero values, so a zero they meant reads as unset"
    } else {
        "loses explicit presence: new writers omit zero values, so old readers that check presence read a zero as unset"
    };
    let finding = Finding::new(
        ID,
        format!("field `{}` of `{}` {what}", new.name(), pair.new.name()),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[]), "presence changed");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}

/// The field's oneof, unless it is the synthetic one of a proto3 `optional`.
pub fn real_oneof(field: &FieldDescriptor) -> Option<prost_reflect::OneofDescriptor> {
    field.containing_oneof().filter(|o| !o.is_synthetic())
}
