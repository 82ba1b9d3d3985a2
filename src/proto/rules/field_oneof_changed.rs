//! A field joins, leaves or changes a real oneof in a way that changes which fields exclude
//! each other. A field alone in its oneof on both sides is `proto/field-presence-changed` when
//! its presence changes, else `proto/field-lone-oneof-changed`.

use std::collections::BTreeSet;

use prost_reflect::{FieldDescriptor, MessageDescriptor};

use super::Cx;
use super::field_presence_changed::real_oneof;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldOneofChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let old_oneof = real_oneof(old);
    let new_oneof = real_oneof(new);
    if old_oneof.is_none() && new_oneof.is_none() {
        return;
    }
    // The fields this one excludes, counting only fields that exist on both sides.
    let old_group = companions(old, &pair.new);
    let new_group = companions(new, &pair.old);
    if old_group == new_group {
        return;
    }
    let describe = |oneof: Option<prost_reflect::OneofDescriptor>| match oneof {
        Some(o) => format!("oneof `{}`", o.name()),
        None => "no oneof".to_owned(),
    };
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` of `{}` moves from {} to {}: a writer that sets fields the other version keeps apart loses all but one of them",
            new.name(),
            pair.new.name(),
            describe(old_oneof),
            describe(new_oneof)
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.span(Side::New, new, &[]),
        "oneof membership changed",
    );
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}

/// Numbers of the other members of the field's real oneof that the other side also has.
pub fn companions(field: &FieldDescriptor, other_side: &MessageDescriptor) -> BTreeSet<u32> {
    real_oneof(field).map_or_else(BTreeSet::new, |oneof| {
        oneof
            .fields()
            .map(|f| f.number())
            .filter(|&n| n != field.number() && other_side.get_field(n).is_some())
            .collect()
    })
}
