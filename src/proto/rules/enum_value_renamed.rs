//! An enum value renamed (same number) where ProtoJSON crosses: JSON writes values by name.

use prost_reflect::EnumDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};
use crate::proto::spans::tag::NAME;

pub const ID: RuleId = RuleId::ProtoEnumValueRenamed;

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
    if !encodings.json || !renamed(pair, old.number()) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "value {} of enum `{}` is renamed from `{}` to `{}`: ProtoJSON readers of one version reject the name the other writes",
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

/// Whether some old name of the number is missing among its new names (aliases included).
pub fn renamed(pair: &Pair<EnumDescriptor>, number: i32) -> bool {
    let names = |e: &EnumDescriptor| -> Vec<String> {
        e.values()
            .filter(|v| v.number() == number)
            .map(|v| v.name().to_owned())
            .collect()
    };
    let new_names = names(&pair.new);
    names(&pair.old).iter().any(|n| !new_names.contains(n))
}
