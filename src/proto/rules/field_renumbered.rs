//! A field keeps its name but gets another number, where the binary encoding crosses.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::FIELD_NUMBER;

pub const ID: RuleId = RuleId::ProtoFieldRenumbered;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Renumbered { old, new } = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    if !encodings.binary {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` of `{}` is renumbered from {} to {}: binary readers of one version treat the other's value as an unknown field and see the default",
            new.name(),
            pair.new.name(),
            old.number(),
            new.number()
        ),
    );
    let finding = cx.at_numbers(finding, old, new, FIELD_NUMBER);
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
