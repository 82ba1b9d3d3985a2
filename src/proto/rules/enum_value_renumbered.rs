//! An enum value keeps its name but gets another number, where the binary encoding crosses.

use prost_reflect::EnumDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{Pair, ValueChange};
use crate::proto::spans::tag::VALUE_NUMBER;

pub const ID: RuleId = RuleId::ProtoEnumValueRenumbered;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Renumbered { old, new } = change else {
        return;
    };
    let encodings = cx.enum_encodings(pair);
    if !encodings.binary {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "value `{}` of enum `{}` is renumbered from {} to {}: binary readers of one version meet the other's number as an unknown value",
            new.name(),
            pair.new.name(),
            old.number(),
            new.number()
        ),
    );
    let finding = cx.at_numbers(finding, old, new, VALUE_NUMBER);
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
