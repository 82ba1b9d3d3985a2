//! A proto2 field's or extension's `[default = ...]` changes: readers disagree on what an absent
//! value means.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{ExtensionChange, FieldChange, Pair};
use crate::proto::spans::tag::FIELD_DEFAULT;

pub const ID: RuleId = RuleId::ProtoFieldDefaultChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let old_default = old.field_descriptor_proto().default_value.as_deref();
    let new_default = new.field_descriptor_proto().default_value.as_deref();
    if old_default == new_default || old.is_list() || new.is_list() {
        return;
    }
    let name = format!("{}.{}", pair.new.name(), new.name());
    let finding = finding(&name, old_default, new_default);
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[FIELD_DEFAULT]),
        "default changed",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}

/// The same for an extension.
pub fn check_extension(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let ExtensionChange::Kept { old, new } = change else {
        return;
    };
    let old_default = old.field_descriptor_proto().default_value.as_deref();
    let new_default = new.field_descriptor_proto().default_value.as_deref();
    if old_default == new_default || old.is_list() || new.is_list() {
        return;
    }
    let finding = finding(new.full_name(), old_default, new_default);
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[FIELD_DEFAULT]),
        "default changed",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    let extends = new.containing_message();
    let encodings = cx.encodings(old.containing_message().full_name(), extends.full_name());
    out.push(cx.notes(finding, extends.full_name(), encodings));
}

fn finding(name: &str, old: Option<&str>, new: Option<&str>) -> Finding {
    let show = |d: Option<&str>| d.map_or("the type's zero value".to_owned(), |d| format!("`{d}`"));
    Finding::new(
        ID,
        format!(
            "the default of `{name}` changes from {} to {}: an unset field means different values to old and new readers",
            show(old),
            show(new)
        ),
    )
}
