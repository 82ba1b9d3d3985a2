//! A field's type changes to one with another wire encoding: readers misread or drop the value.

use prost_reflect::MessageDescriptor;

use super::Cx;
use super::field_type::check_type_change;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoFieldTypeChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let applies =
        |compat: Compat, _: crate::proto::model::Encodings| compat == Compat::Incompatible;
    let consequence =
        "readers of one version cannot decode what the other writes and see the default instead";
    check_type_change(cx, pair, change, ID, applies, consequence, out);
}
