//! A webhook or callback the new server no longer sends, without a passed sunset announcing it:
//! subscribers waiting for it never receive it again.

use super::operation_removed_after_sunset::sunset_passed;
use super::{Cx, Out};
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Api, Operation};

pub const ID: RuleId = RuleId::OpenapiWebhookRemoved;

pub fn check(cx: &Cx<'_>, old: &Operation, new_api: &Api, out: &mut Out) {
    if sunset_passed(cx, old) {
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
    let finding = match new_api.place_of(old) {
        Some(span) => finding.at_new(span, "no longer here"),
        None => finding,
    };
    out.push(finding, old.label());
}
