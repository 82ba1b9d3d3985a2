//! A field keeps its name but its `json_name` changes, where ProtoJSON crosses.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::FIELD_JSON_NAME;

pub const ID: RuleId = RuleId::ProtoJsonNameChanged;

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
    if old.name() != new.name() || old.json_name() == new.json_name() || !encodings.json {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "the JSON name of `{}.{}` changes from `{}` to `{}`: ProtoJSON readers of one version do not find what the other writes",
            pair.new.name(),
            new.name(),
            old.json_name(),
            new.json_name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[FIELD_JSON_NAME]),
        "JSON name changed here",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
