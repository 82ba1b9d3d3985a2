//! A new operation under `paths`: new clients calling it on an old server get 404 or 405.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::Operation;

pub const ID: RuleId = RuleId::OpenapiOperationAdded;

pub fn check(new: &Operation, out: &mut Out) {
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
    out.push(finding, new.label());
}
