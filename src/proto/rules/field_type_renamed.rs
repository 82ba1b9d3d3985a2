//! A field's message or enum type is replaced by a type of another name with the same structure
//! (the type was renamed or moved, or an identical copy replaces it): the encodings do not
//! change, the type's name does.

use prost_reflect::{Kind, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::FIELD_TYPE_NAME;
use crate::proto::types::identical;

pub const ID: RuleId = RuleId::ProtoFieldTypeRenamed;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    // Inside a renamed or moved message, fields that follow their types along are part of that
    // move (`proto/message-renamed`), not news of their own.
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    if pair.renamed {
        return;
    }
    let (old_kind, new_kind) = (old.kind(), new.kind());
    let (Some(old_type), Some(new_type)) = (type_name(&old_kind), type_name(&new_kind)) else {
        return;
    };
    // The same name is the same type; a rename needs the names to differ first.
    if old_type.0 == new_type.0 {
        return;
    }
    // The same structure all the way down: a type the diff paired by its fields may still
    // change inside, and those changes are reported where they are.
    let same_shape = old.is_list() == new.is_list() && old.is_map() == new.is_map();
    if !cx.renamed(old_type, new_type) || !same_shape || !identical(&old_kind, &new_kind) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field {} `{}` of `{}` changes its type from `{}` to `{}`, which has the same structure: the encodings do not change, but the type's name in generated code and in `google.protobuf.Any` type URLs does",
            new.number(),
            new.name(),
            pair.new.name(),
            old_type.0,
            new_type.0
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[FIELD_TYPE_NAME]),
        "same structure, another name",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}

/// A message or enum type's full name and package.
fn type_name(kind: &Kind) -> Option<(&str, &str)> {
    match kind {
        Kind::Message(m) => Some((m.full_name(), m.package_name())),
        Kind::Enum(e) => Some((e.full_name(), e.package_name())),
        _ => None,
    }
}
