//! An enum value removed without reserving its number (or, where ProtoJSON crosses, its name).

use prost_reflect::EnumDescriptor;

use super::enum_value_removed::fully_reserved;
use super::{Cx, enum_reserves_number};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};

pub const ID: RuleId = RuleId::ProtoEnumValueRemovedUnreserved;

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
    if fully_reserved(&pair.new, old, encodings.json) {
        return;
    }
    let missing = if enum_reserves_number(&pair.new, old.number()) {
        format!("its name `{}` is not reserved", old.name())
    } else {
        format!("its number {} is not reserved", old.number())
    };
    let finding = Finding::new(
        ID,
        format!(
            "value `{}` ({}) is removed from enum `{}` and {missing}: a later value can reuse it and change what old data means",
            old.name(),
            old.number(),
            pair.new.name()
        ),
    )
    .with_help(format!(
        "add `reserved {};` and `reserved \"{}\";` to `{}`",
        old.number(),
        old.name(),
        pair.new.name()
    ));
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, &pair.new),
        "value removed from this enum",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "removed value");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
