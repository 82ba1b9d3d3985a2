//! An extension field changes type within a wire-compatible group (`uint32` to `int64`, or
//! `string` to `bytes` where only the binary encoding crosses): values outside the narrower type
//! are truncated or reinterpreted.

use super::Cx;
use super::extension_type_changed::{compatibility, shape, type_span};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::ExtensionChange;
use crate::proto::types::Compat;

pub const ID: RuleId = RuleId::ProtoExtensionTypeChangedCompatible;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let ExtensionChange::Kept { old, new } = change else {
        return;
    };
    let new_extends = new.containing_message();
    let encodings = cx.encodings(
        old.containing_message().full_name(),
        new_extends.full_name(),
    );
    let applies = match compatibility(cx, old, new) {
        Compat::Narrowing => true,
        Compat::WireOnly => !encodings.json,
        Compat::Same | Compat::Incompatible => false,
    };
    if !applies {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "extension `{}` of `{}` changes from `{}` to `{}`: the encodings agree, but values the other type cannot hold are truncated or reinterpreted",
            new.full_name(),
            new_extends.name(),
            shape(old),
            shape(new)
        ),
    );
    let finding = cx.at_new(finding, type_span(cx, new), "new type");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, new_extends.full_name(), encodings));
}
