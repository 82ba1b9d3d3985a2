//! An extension field changes type within a wire-compatible group (`uint32` to `int64`, or
//! `string` to `bytes` where only the binary encoding crosses): values outside the narrower type
//! are truncated or reinterpreted.

use super::Cx;
use super::extension_type_changed::report;
use crate::core::{Finding, RuleId};
use crate::proto::diff::ExtensionChange;
use crate::proto::model::Encodings;
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoExtensionTypeChangedCompatible;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let applies = |compat: Compat, encodings: Encodings| match compat {
        Compat::Narrowing => true,
        Compat::WireOnly => !encodings.json,
        Compat::Same | Compat::Incompatible => false,
    };
    let consequence =
        "the encodings agree, but values the other type cannot hold are truncated or reinterpreted";
    report(cx, change, ID, applies, consequence, out);
}
