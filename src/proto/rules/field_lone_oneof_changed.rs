//! A field alone in its oneof, on either side, changes oneof (the oneof is renamed, or the field
//! enters or leaves it) while its presence stays: the wire and ProtoJSON are unchanged, generated
//! code is not.

use prost_reflect::MessageDescriptor;

use super::Cx;
use super::field_oneof_changed::companions;
use super::field_presence_changed::real_oneof;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldLoneOneofChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let name = |f: &prost_reflect::FieldDescriptor| real_oneof(f).map(|o| o.name().to_owned());
    let (old_oneof, new_oneof) = (name(old), name(new));
    if old_oneof == new_oneof
        || cx.has_presence(Side::Old, old) != cx.has_presence(Side::New, new)
        || !companions(old, &pair.new).is_empty()
        || !companions(new, &pair.old).is_empty()
    {
        return;
    }
    let describe = |oneof: &Option<String>| match oneof {
        Some(name) => format!("oneof `{name}`"),
        None => "no oneof".to_owned(),
    };
    let finding = Finding::new(
        ID,
        format!(
            "field `{}` of `{}` moves from {} to {}, alone in it: the binary and ProtoJSON encodings do not change, the generated oneof accessors do",
            new.name(),
            pair.new.name(),
            describe(&old_oneof),
            describe(&new_oneof)
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[]), "oneof changed");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}
