//! A field's type changes within a wire-compatible group: values outside the narrower type are
//! truncated or reinterpreted.

use prost_reflect::MessageDescriptor;

use super::Cx;
use super::field_type::check_type_change;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoFieldTypeChangedCompatible;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let applies = |compat: Compat, encodings: crate::proto::model::Encodings| {
        compat == Compat::Narrowing || (compat == Compat::WireOnly && !encodings.json)
    };
    let consequence =
        "the encodings agree, but values the other type cannot hold are truncated or reinterpreted";
    check_type_change(cx, pair, change, ID, applies, consequence, out);
}
