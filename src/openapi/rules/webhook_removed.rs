//! A webhook or callback the new server no longer sends, without a passed sunset announcing it:
//! subscribers waiting for it never receive it again.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::{Cx, Out};
use crate::openapi::diff::{Apis, declared_by_missing_operation};
use crate::openapi::model::{Operation, Origin};

pub const ID: RuleId = RuleId::OpenapiWebhookRemoved;

/// A webhook or callback the new version no longer declares (the callbacks of a removed
/// operation go with it), unless a sunset date the configuration honours has passed.
pub fn check(cx: &Cx<'_>, apis: &Apis<'_>, change: &Change<&Operation>, out: &mut Out) {
    let Change::Removed { old } = change else {
        return;
    };
    let gone_with_parent = declared_by_missing_operation(old, apis.new);
    if old.origin == Origin::Path || gone_with_parent || cx.sunset_passed(old) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "{} is removed: the new server no longer sends it, and subscribers waiting for it miss the event",
            old.label()
        ),
    )
    .at_old(old.span, "sent before");
    let finding = match apis.new.place_of(old) {
        Some(span) => finding.at_new(span, "no longer here"),
        None => finding,
    };
    out.push(finding, old);
}
