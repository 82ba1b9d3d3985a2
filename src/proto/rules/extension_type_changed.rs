//! An extension field changes type or cardinality to one the other version cannot read, on
//! the wire, or in ProtoJSON where it crosses.

use prost_reflect::{ExtensionDescriptor, Kind};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::ExtensionChange;
use crate::proto::editions::features;
use crate::proto::spans::tag::{FIELD_TYPE, FIELD_TYPE_NAME};
use crate::proto::types::{self, Compat, describe};

pub const ID: RuleId = RuleId::ProtoExtensionTypeChanged;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let ExtensionChange::Kept { old, new } = change else {
        return;
    };
    let new_extends = new.containing_message();
    let encodings = cx.encodings(
        old.containing_message().full_name(),
        new_extends.full_name(),
    );
    let breaks = match compatibility(cx, old, new) {
        Compat::Incompatible => true,
        Compat::WireOnly => encodings.json,
        Compat::Same | Compat::Narrowing => false,
    };
    if !breaks {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "extension `{}` of `{}` changes from `{}` to `{}`: readers of one version cannot decode what the other writes",
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

/// Extensions follow the field rules of the wire: a cardinality or message encoding change is
/// incompatible, a type change as compatible as the two types.
pub fn compatibility(cx: &Cx<'_>, old: &ExtensionDescriptor, new: &ExtensionDescriptor) -> Compat {
    let delimited = |side: Side, e: &ExtensionDescriptor| {
        if cx.schema(side).in_edition(&e.parent_file()) {
            features::extension_delimited(e)
        } else {
            e.is_group()
        }
    };
    if old.is_list() != new.is_list() || delimited(Side::Old, old) != delimited(Side::New, new) {
        return Compat::Incompatible;
    }
    types::compare(&old.kind(), &new.kind(), &cx.diff.types)
}

/// `repeated int32`, `Money`: how a finding names an extension's type.
pub fn shape(extension: &ExtensionDescriptor) -> String {
    let repeated = if extension.is_list() { "repeated " } else { "" };
    format!("{repeated}{}", describe(&extension.kind()))
}

/// The new type's span: message and enum types are named, scalar types are keywords.
pub fn type_span(cx: &Cx<'_>, new: &ExtensionDescriptor) -> Option<crate::core::Span> {
    let part = match new.kind() {
        Kind::Message(_) | Kind::Enum(_) => FIELD_TYPE_NAME,
        _ => FIELD_TYPE,
    };
    cx.span(Side::New, new, &[part])
}
