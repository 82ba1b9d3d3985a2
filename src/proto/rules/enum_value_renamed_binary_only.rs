//! An enum value renamed (same number) where only the binary encoding crosses: values travel by
//! number.

use prost_reflect::EnumDescriptor;

use super::Cx;
use super::enum_value_renamed::renamed;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};
use crate::proto::spans::tag::NAME;

pub const ID: RuleId = RuleId::ProtoEnumValueRenamedBinaryOnly;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Kept { old, new } = change else {
        return;
    };
    let encodings = cx.enum_encodings(pair);
    if encodings.json || !renamed(pair, old.number()) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "value {} of enum `{}` is renamed from `{}` to `{}`: the binary encoding carries only the number",
            new.number(),
            pair.new.name(),
            old.name(),
            new.name()
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[NAME]), "renamed here");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[NAME]), "old name");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
