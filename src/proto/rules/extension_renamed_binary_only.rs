//! An extension field changes its full name where only the binary encoding crosses: the wire
//! carries its number.

use super::Cx;
use super::extension_renamed::report;
use crate::core::{Finding, RuleId};
use crate::proto::diff::ExtensionChange;

pub const ID: RuleId = RuleId::ProtoExtensionRenamedBinaryOnly;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let consequence = |_: &_| "the binary encoding carries only the number".to_owned();
    report(cx, change, ID, |json| !json, consequence, out);
}
