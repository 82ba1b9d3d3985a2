//! A gRPC service added: new clients that call it on an old server get UNIMPLEMENTED.

use prost_reflect::ServiceDescriptor;

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoServiceAdded;

pub fn check(cx: &Cx<'_>, change: &Change<ServiceDescriptor>, out: &mut Vec<Finding>) {
    let Change::Added { new } = change else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "service `{}` is added: clients of the new version that call it on a server still running the old version (during the rollout, or after a rollback) get UNIMPLEMENTED",
            new.full_name()
        ),
    );
    out.push(cx.at_new(finding, cx.name_span(Side::New, new), "added here"));
}
