//! A field or enum value added with a number or name the old version reserved: the reservation
//! was there because old data may still carry a removed element under it.

use prost_reflect::{EnumDescriptor, MessageDescriptor};

use super::{Cx, reuses_reserved_field, reuses_reserved_value};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair, ValueChange};

pub const ID: RuleId = RuleId::ProtoReservedReused;

pub fn check_field(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Added(field) = change else {
        return;
    };
    if !reuses_reserved_field(pair, field) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` ({}) of `{}` takes a number or name the old version reserved: messages written before the reservation are misread as this field",
            field.name(),
            field.number(),
            pair.new.name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, field, &[]),
        "reuses a reservation",
    );
    let finding = cx.at_old(
        finding,
        cx.name_span(Side::Old, &pair.old),
        "reserved in this message",
    );
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}

pub fn check_value(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Added(new) = change else {
        return;
    };
    if !reuses_reserved_value(pair, new) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "value `{}` ({}) of enum `{}` takes a number or name the old version reserved: data written before the reservation gets this meaning",
            new.name(),
            new.number(),
            pair.new.name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[]),
        "reuses a reservation",
    );
    let finding = cx.at_old(
        finding,
        cx.name_span(Side::Old, &pair.old),
        "reserved in this enum",
    );
    out.push(cx.notes(finding, pair.new.full_name(), cx.enum_encodings(pair)));
}
