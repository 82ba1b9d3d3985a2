//! A gRPC service removed: old clients calling it get UNIMPLEMENTED from new servers.

use prost_reflect::ServiceDescriptor;

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoServiceRemoved;

pub fn check(cx: &Cx<'_>, change: &Change<ServiceDescriptor>, out: &mut Vec<Finding>) {
    let Change::Removed { old } = change else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "service `{}` is removed: clients of the old version call it on new servers and get UNIMPLEMENTED",
            old.full_name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.new_file_span(&old.parent_file()),
        "removed from this file",
    );
    out.push(cx.at_old(finding, cx.name_span(Side::Old, old), "removed service"));
}
