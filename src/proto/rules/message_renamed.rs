//! A message renamed or moved (another name, package or file) with the same fields.

use prost_reflect::{Kind, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;
use crate::proto::types::identical;

pub const ID: RuleId = RuleId::ProtoMessageRenamed;

pub fn check(cx: &Cx<'_>, pair: &Pair<MessageDescriptor>, out: &mut Vec<Finding>) {
    if !pair.renamed {
        return;
    }
    let old_kind = Kind::Message(pair.old.clone());
    let new_kind = Kind::Message(pair.new.clone());
    let what = if identical(&old_kind, &new_kind) {
        "with the same fields: its encodings are unchanged"
    } else {
        "(paired by its fields; the changes inside it are reported where they are)"
    };
    let finding = Finding::new(
        ID,
        format!(
            "message `{}` is now `{}` {what}, but its type URL in `google.protobuf.Any` and its name in registries and reflection change",
            pair.old.full_name(),
            pair.new.full_name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, &pair.new),
        "renamed or moved here",
    );
    let finding = cx.at_old(finding, cx.name_span(Side::Old, &pair.old), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}
