//! A method added to a kept service: new clients calling it on an old server get UNIMPLEMENTED.

use prost_reflect::{MethodDescriptor, ServiceDescriptor};

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side};

pub const ID: RuleId = RuleId::ProtoRpcAdded;

pub fn check(
    cx: &Cx<'_>,
    service: &ServiceDescriptor,
    change: &Change<MethodDescriptor>,
    out: &mut Vec<Finding>,
) {
    let Change::Added { new } = change else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "method `{}.{}` is added: clients of the new version that call it on a server still running the old version (during the rollout, or after a rollback) get UNIMPLEMENTED",
            service.name(),
            new.name()
        ),
    );
    out.push(cx.at_new(finding, cx.span(Side::New, new, &[]), "added here"));
}
