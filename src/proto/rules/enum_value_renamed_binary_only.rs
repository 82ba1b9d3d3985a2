//! An enum value renamed (same number) where only the binary encoding crosses: values travel by
//! number.

use prost_reflect::EnumDescriptor;

use super::Cx;
use super::enum_value_renamed::report_renamings;
use crate::core::{Finding, RuleId};
use crate::proto::diff::{Pair, ValueChange};

pub const ID: RuleId = RuleId::ProtoEnumValueRenamedBinaryOnly;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let consequence = "the binary encoding carries only the number";
    report_renamings(cx, pair, change, ID, |json| !json, consequence, out);
}
