//! An enum value renamed (same number) where only the binary encoding crosses: values travel by
//! number.

use prost_reflect::EnumDescriptor;

use super::Cx;
use super::enum_value_renamed::renamings;
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
    if encodings.json {
        return;
    }
    for renaming in renamings(pair, old, new) {
        let finding = Finding::new(
            ID,
            format!(
                "value {} of enum `{}` {}: the binary encoding carries only the number",
                new.number(),
                pair.new.name(),
                renaming.what
            ),
        );
        let finding = cx.at_new(
            finding,
            cx.span(Side::New, &renaming.new, &[NAME]),
            "renamed here",
        );
        let finding = cx.at_old(
            finding,
            cx.span(Side::Old, &renaming.old, &[NAME]),
            "old name",
        );
        out.push(cx.notes(finding, pair.new.full_name(), encodings));
    }
}
