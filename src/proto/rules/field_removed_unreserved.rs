//! A field removed without reserving its number (or, where ProtoJSON crosses, its name).

use prost_reflect::MessageDescriptor;

use super::field_removed::fully_reserved;
use super::{Cx, message_reserves_number};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldRemovedUnreserved;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Removed(field) = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    if field.is_required() || fully_reserved(pair, field.number(), field.name(), encodings.json) {
        return;
    }
    let missing = if message_reserves_number(&pair.new, field.number()) {
        format!("its name `{}` is not reserved", field.name())
    } else {
        format!("its number {} is not reserved", field.number())
    };
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` ({}) of `{}` is removed and {missing}: a later field can reuse it and misread old data",
            field.name(),
            field.number(),
            pair.new.name()
        ),
    )
    .with_help(format!(
        "add `reserved {};` and `reserved \"{}\";` to `{}`",
        field.number(),
        field.name(),
        pair.new.name()
    ));
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, &pair.new),
        "field removed from this message",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, field, &[]), "removed field");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
