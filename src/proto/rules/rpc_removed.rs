//! A method removed from a kept service: old clients calling it get UNIMPLEMENTED.

use prost_reflect::{MethodDescriptor, ServiceDescriptor};

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoRpcRemoved;

pub fn check(
    cx: &Cx<'_>,
    service: &ServiceDescriptor,
    change: &Change<MethodDescriptor>,
    out: &mut Vec<Finding>,
) {
    let Change::Removed { old } = change else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "method `{}.{}` is removed: clients of the old version call it on new servers and get UNIMPLEMENTED",
            service.name(),
            old.name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, service),
        "method removed from this service",
    );
    out.push(cx.at_old(finding, cx.span(Side::Old, old, &[]), "removed method"));
}
