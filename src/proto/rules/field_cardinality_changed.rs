//! A field changes between singular, repeated and map.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::FIELD_LABEL;
use crate::proto::types::{self, Compat};

pub const ID: RuleId = RuleId::ProtoFieldCardinalityChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    if cardinality(old) == cardinality(new) {
        return;
    }
    let encodings = cx.message_encodings(pair);
    // A map is a repeated entry message on the wire: binary readers see no difference when the
    // entry and the element have the same fields.
    let map_and_list = (old.is_map() && new.is_list()) || (old.is_list() && new.is_map());
    if !encodings.json
        && map_and_list
        && let (Kind::Message(a), Kind::Message(b)) = (old.kind(), new.kind())
    {
        let compat = types::compare(&Kind::Message(a), &Kind::Message(b), &cx.diff.types);
        if compat <= Compat::Narrowing {
            return;
        }
    }
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` of `{}` changes from {} to {}: readers of one version misread the values the other writes",
            new.name(),
            pair.new.name(),
            cardinality(old),
            cardinality(new)
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[FIELD_LABEL]),
        "cardinality changed",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}

fn cardinality(field: &FieldDescriptor) -> &'static str {
    if field.is_map() {
        "a map"
    } else if field.is_list() {
        "repeated"
    } else {
        "singular"
    }
}
