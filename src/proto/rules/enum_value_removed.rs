//! An enum value removed with its number (and, where ProtoJSON crosses, its name) reserved.

use prost_reflect::{EnumDescriptor, EnumValueDescriptor};

use super::{Cx, enum_reserved_range_span, enum_reserves_name, enum_reserves_number};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};

pub const ID: RuleId = RuleId::ProtoEnumValueRemoved;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Removed(old) = change else {
        return;
    };
    let encodings = cx.enum_encodings(pair);
    if !fully_reserved(&pair.new, old, encodings.json) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "value `{}` ({}) is removed from enum `{}`: new readers meet it in messages from old writers as an unknown value",
            old.name(),
            old.number(),
            pair.new.name()
        ),
    );
    let span = enum_reserved_range_span(cx, &pair.new, old.number())
        .or_else(|| cx.name_span(Side::New, &pair.new));
    let finding = cx.at_new(finding, span, "reserved here");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "removed value");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}

/// Whether the new enum reserves the number, and the name too when ProtoJSON crosses.
pub fn fully_reserved(e: &EnumDescriptor, value: &EnumValueDescriptor, json: bool) -> bool {
    enum_reserves_number(e, value.number()) && (!json || enum_reserves_name(e, value.name()))
}
