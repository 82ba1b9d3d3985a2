//! A method switches between unary and streaming, on the client or the server side.

use prost_reflect::{MethodDescriptor, ServiceDescriptor};

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoRpcStreamingChanged;

pub fn check(
    cx: &Cx<'_>,
    service: &ServiceDescriptor,
    change: &Change<MethodDescriptor>,
    out: &mut Vec<Finding>,
) {
    let Change::Kept { old, new } = change else {
        return;
    };
    let shape = |m: &MethodDescriptor| match (m.is_client_streaming(), m.is_server_streaming()) {
        (false, false) => "unary",
        (true, false) => "client streaming",
        (false, true) => "server streaming",
        (true, true) => "bidirectional streaming",
    };
    if shape(old) == shape(new) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "method `{}.{}` changes from {} to {}: calls between clients and servers of different versions fail",
            service.name(),
            new.name(),
            shape(old),
            shape(new)
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[]), "streaming changed");
    out.push(cx.at_old(finding, cx.span(Side::Old, old, &[]), "before"));
}
