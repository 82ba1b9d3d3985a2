//! A field's type changes between wire-compatible types whose ProtoJSON forms differ, where
//! ProtoJSON crosses (int32 is a JSON number, int64 a string; string is text, bytes base64).

use prost_reflect::MessageDescriptor;

use super::Cx;
use super::field_type::check_type_change;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoFieldTypeChangedJson;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let applies = |compat: Compat, encodings: crate::proto::model::Encodings| {
        compat == Compat::WireOnly && encodings.json
    };
    let consequence = "compatible on the wire, but ProtoJSON writes the two types differently";
    check_type_change(cx, pair, change, ID, applies, consequence, out);
}
