//! A message turns `message_set_wire_format` on or off: its binary encoding changes entirely.

use prost_reflect::MessageDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;

pub const ID: RuleId = RuleId::ProtoMessageSetWireFormatChanged;

pub fn check(cx: &Cx<'_>, pair: &Pair<MessageDescriptor>, out: &mut Vec<Finding>) {
    let (old, new) = (message_set(&pair.old), message_set(&pair.new));
    let encodings = cx.message_encodings(pair);
    if old == new || !encodings.binary {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "message `{}` {} `message_set_wire_format`: binary readers of one version cannot decode the extensions the other writes",
            pair.new.name(),
            if new { "turns on" } else { "turns off" }
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, &pair.new),
        "wire format changed",
    );
    let finding = cx.at_old(finding, cx.name_span(Side::Old, &pair.old), "before");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}

fn message_set(message: &MessageDescriptor) -> bool {
    message
        .descriptor_proto()
        .options
        .as_ref()
        .is_some_and(|o| o.message_set_wire_format())
}
