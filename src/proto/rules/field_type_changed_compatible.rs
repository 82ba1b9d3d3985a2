//! A field's type changes within a wire-compatible group: values outside the narrower type are
//! truncated or reinterpreted.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::spans::tag::{FIELD_TYPE, FIELD_TYPE_NAME};
use crate::proto::types::{Compat, describe};

pub const ID: &str = "proto/field-type-changed-compatible";

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    let Some(compat) = cx.type_change(old, new) else {
        return;
    };
    if !(compat == Compat::Narrowing || (compat == Compat::WireOnly && !encodings.json)) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "field {} of `{}` changes from `{} {}` to `{} {}`: the encodings agree, but values the other type cannot hold are truncated or reinterpreted",
            new.number(),
            pair.new.name(),
            describe(&old.kind()),
            old.name(),
            describe(&new.kind()),
            new.name(),
        ),
    );
    let span = cx
        .span(Side::New, new, &[FIELD_TYPE_NAME])
        .or_else(|| cx.span(Side::New, new, &[FIELD_TYPE]));
    let finding = cx.at_new(finding, span, "new type");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
