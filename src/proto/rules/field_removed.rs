//! A field removed with its number (and, where ProtoJSON crosses, its name) reserved.

use prost_reflect::MessageDescriptor;

use super::{Cx, message_reserves_name, message_reserves_number, reserved_range_span};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldRemoved;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Removed(field) = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    if field.is_required() || !fully_reserved(pair, field.number(), field.name(), encodings.json) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` ({}) of `{}` is removed; old readers see its default value in messages from new writers",
            field.name(),
            field.number(),
            pair.new.name()
        ),
    );
    let finding = cx.at_new(
        finding,
        reserved_range_span(cx, &pair.new, field.number())
            .or_else(|| cx.name_span(Side::New, &pair.new)),
        "reserved here",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, field, &[]), "removed field");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}

/// Whether the new message reserves the number, and the name too when ProtoJSON crosses.
pub fn fully_reserved(pair: &Pair<MessageDescriptor>, number: u32, name: &str, json: bool) -> bool {
    message_reserves_number(&pair.new, number) && (!json || message_reserves_name(&pair.new, name))
}
