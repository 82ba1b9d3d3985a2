//! A field added to a message where ProtoJSON crosses: strict ProtoJSON readers reject unknown
//! field names.

use prost_reflect::MessageDescriptor;

use super::{Cx, reuses_reserved_field};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldAddedJson;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Added(field) = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    if field.is_required() || reuses_reserved_field(pair, field) || !encodings.json {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` ({}) is added to `{}`: old ProtoJSON readers reject the unknown name unless they ignore unknown fields",
            field.name(),
            field.number(),
            pair.new.name()
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, field, &[]), "added here");
    let finding = cx.at_old(
        finding,
        cx.name_span(Side::Old, &pair.old),
        "the old message",
    );
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
