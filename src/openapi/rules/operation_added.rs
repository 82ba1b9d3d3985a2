//! A new operation under `paths`: new clients calling it on an old server get 404 or 405.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::{Cx, Out};
use crate::openapi::diff::Apis;
use crate::openapi::model::{Operation, Origin};

pub const ID: RuleId = RuleId::OpenapiOperationAdded;

/// An operation under `paths` that only the new version declares.
pub fn check(_: &Cx<'_>, _: &Apis<'_>, change: &Change<&Operation>, out: &mut Out) {
    let Change::Added { new } = change else {
        return;
    };
    if new.origin != Origin::Path {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "{} is added: a new client calling it on an old server gets 404 or 405",
            new.label()
        ),
    )
    .at_new(new.span, "new operation")
    .with_note(
        "assumes clients call it only once every server runs the new version and no rollback is planned",
    );
    out.push(finding, new);
}
