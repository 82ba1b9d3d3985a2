//! An extension field changes type or cardinality to one the other version cannot read, on
//! the wire, or in ProtoJSON where it crosses.

use prost_reflect::{ExtensionDescriptor, Kind};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::ExtensionChange;
use crate::proto::editions::features;
use crate::proto::model::Encodings;
use crate::proto::spans::tag::{FIELD_TYPE, FIELD_TYPE_NAME};
use crate::proto::types::{self, Compat, describe};

pub const ID: RuleId = RuleId::ProtoExtensionTypeChanged;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let applies = |compat: Compat, encodings: Encodings| match compat {
        Compat::Incompatible => true,
        Compat::WireOnly => encodings.json,
        Compat::Same | Compat::Narrowing => false,
    };
    let consequence = "readers of one version cannot decode what the other writes";
    report(cx, change, ID, applies, consequence, out);
}

/// Reports `rule` for a kept extension whose type changed, when `applies` says the change is
/// this rule's; `consequence` ends the message.
pub fn report(
    cx: &Cx<'_>,
    change: &ExtensionChange,
    rule: RuleId,
    applies: impl Fn(Compat, Encodings) -> bool,
    consequence: &str,
    out: &mut Vec<Finding>,
) {
    let ExtensionChange::Kept { old, new } = change else {
        return;
    };
    let new_extends = new.containing_message();
    let encodings = cx.encodings(
        old.containing_message().full_name(),
        new_extends.full_name(),
    );
    if !applies(compatibility(cx, old, new), encodings) {
        return;
    }
    let finding = Finding::new(
        rule,
        format!(
            "extension `{}` of `{}` changes from `{}` to `{}`: {consequence}",
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
fn compatibility(cx: &Cx<'_>, old: &ExtensionDescriptor, new: &ExtensionDescriptor) -> Compat {
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
fn shape(extension: &ExtensionDescriptor) -> String {
    let repeated = if extension.is_list() { "repeated " } else { "" };
    format!("{repeated}{}", describe(&extension.kind()))
}

/// The new type's span: message and enum types are named, scalar types are keywords.
fn type_span(cx: &Cx<'_>, new: &ExtensionDescriptor) -> Option<crate::core::Span> {
    let part = match new.kind() {
        Kind::Message(_) | Kind::Enum(_) => FIELD_TYPE_NAME,
        _ => FIELD_TYPE,
    };
    cx.span(Side::New, new, &[part])
}
