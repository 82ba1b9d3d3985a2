//! A new webhook, or a new callback of an existing operation: the new server starts sending
//! requests that receivers built for the old version do not expect.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::{Cx, Out};
use crate::openapi::diff::{Apis, declared_by_missing_operation};
use crate::openapi::model::{Operation, Origin};

pub const ID: RuleId = RuleId::OpenapiWebhookAdded;

/// A webhook or callback that only the new version declares (the callbacks of a new operation
/// come with it).
pub fn check(_: &Cx<'_>, apis: &Apis<'_>, change: &Change<&Operation>, out: &mut Out) {
    let Change::Added { new } = change else {
        return;
    };
    if new.origin == Origin::Path || declared_by_missing_operation(new, apis.old) {
        return;
    }
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
    out.push(finding, new);
}
