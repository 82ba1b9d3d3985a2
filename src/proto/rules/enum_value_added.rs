//! A value added to an enum: old readers meet a value they do not know.

use prost_reflect::EnumDescriptor;

use super::{Cx, reuses_reserved_value};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};

pub const ID: RuleId = RuleId::ProtoEnumValueAdded;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Added(new) = change else {
        return;
    };
    if reuses_reserved_value(pair, new) {
        return;
    }
    let closed = cx.enum_closed(Side::Old, &pair.old);
    let how = if closed {
        "old readers of this closed enum keep it as an unknown field and see the field unset"
    } else {
        "old readers get a number their code has no case for, and old ProtoJSON readers reject the name"
    };
    let finding = Finding::new(
        ID,
        format!(
            "value `{}` ({}) is added to enum `{}`: {how}",
            new.name(),
            new.number(),
            pair.new.name()
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[]), "added here");
    let finding = cx.at_old(finding, cx.name_span(Side::Old, &pair.old), "the old enum");
    out.push(cx.notes(finding, pair.new.full_name(), cx.enum_encodings(pair)));
}
