//! A method's request or response type replaced by a message of another structure.

use prost_reflect::{Kind, MessageDescriptor, MethodDescriptor, ServiceDescriptor};

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};
use crate::proto::spans::tag::{METHOD_INPUT, METHOD_OUTPUT};
use crate::proto::types::{self, Compat};

pub const ID: RuleId = RuleId::ProtoRpcTypeChanged;

pub fn check(
    cx: &Cx<'_>,
    service: &ServiceDescriptor,
    change: &Change<MethodDescriptor>,
    out: &mut Vec<Finding>,
) {
    let Change::Kept { old, new } = change else {
        return;
    };
    let sides = [
        ("request", old.input(), new.input(), METHOD_INPUT),
        ("response", old.output(), new.output(), METHOD_OUTPUT),
    ];
    for (what, before, after, tag) in sides {
        if same_structure(cx, &before, &after) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "the {what} of `{}.{}` changes from `{}` to `{}`: clients and servers of different versions misread each other's messages",
                service.name(),
                new.name(),
                before.full_name(),
                after.full_name()
            ),
        );
        let finding = cx.at_new(finding, cx.span(Side::New, new, &[tag]), "type changed");
        out.push(cx.at_old(finding, cx.span(Side::Old, old, &[tag]), "before"));
    }
}

/// The same type (renames included), or one with an identical structure.
fn same_structure(cx: &Cx<'_>, old: &MessageDescriptor, new: &MessageDescriptor) -> bool {
    types::compare(
        &Kind::Message(old.clone()),
        &Kind::Message(new.clone()),
        &cx.diff.types,
    ) == Compat::Same
}
