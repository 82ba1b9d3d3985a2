//! A field renamed (same number) where only the binary encoding crosses: fields travel by number.

use prost_reflect::MessageDescriptor;

use super::{Cx, number_reused};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::NAME;

pub const ID: RuleId = RuleId::ProtoFieldRenamedBinaryOnly;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    if old.name() == new.name() || encodings.json || number_reused(cx, old, new) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field {} of `{}` is renamed from `{}` to `{}`; the binary encoding identifies it by number only",
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
