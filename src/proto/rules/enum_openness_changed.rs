//! An enum goes from open to closed or back (proto3 or `enum_type = OPEN` against proto2 or
//! `CLOSED`): what a reader does with a number it does not know changes.

use prost_reflect::EnumDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;

pub const ID: RuleId = RuleId::ProtoEnumOpennessChanged;

pub fn check(cx: &Cx<'_>, pair: &Pair<EnumDescriptor>, out: &mut Vec<Finding>) {
    let (old_closed, new_closed) = (
        cx.enum_closed(Side::Old, &pair.old),
        cx.enum_closed(Side::New, &pair.new),
    );
    if old_closed == new_closed {
        return;
    }
    let what = if new_closed {
        "becomes closed: new readers set aside a number they do not know as an unknown field, so the field reads as unset where old readers kept the number"
    } else {
        "becomes open: new readers keep a number they do not know as the field's value, where old readers set it aside and read the field as unset"
    };
    let finding = Finding::new(ID, format!("enum `{}` {what}", pair.new.name()));
    let finding = cx.at_new(
        finding,
        cx.feature_span(Side::New, &pair.new, "enum_type"),
        "openness changed",
    );
    let finding = cx.at_old(
        finding,
        cx.feature_span(Side::Old, &pair.old, "enum_type"),
        "before",
    );
    out.push(cx.notes(finding, pair.new.full_name(), cx.enum_encodings(pair)));
}
