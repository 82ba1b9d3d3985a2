//! A new webhook, or a new callback of an existing operation: the new server starts sending
//! requests that receivers built for the old version do not expect.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::Operation;

pub const ID: RuleId = RuleId::OpenapiWebhookAdded;

pub fn check(new: &Operation, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "{} is added: the new server sends requests that receivers built for the old version do not handle",
            new.label()
        ),
    )
    .at_new(new.span, "sent from now on")
    .with_note(
        "assumes the server sends it only to receivers that subscribed to it, or that receivers acknowledge requests they do not know",
    );
    out.push(finding, new.label());
}
