//! An operation removed after it was deprecated with an `x-sunset` date that has passed.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::{Cx, Out};
use crate::openapi::diff::{Apis, declared_by_missing_operation};
use crate::openapi::model::{Operation, Origin};

pub const ID: RuleId = RuleId::OpenapiOperationRemovedAfterSunset;

/// An operation, webhook or callback removed after its sunset date (the callbacks of a removed
/// operation go with it).
pub fn check(cx: &Cx<'_>, apis: &Apis<'_>, change: &Change<&Operation>, out: &mut Out) {
    let Change::Removed { old } = change else {
        return;
    };
    let gone_with_parent =
        old.origin != Origin::Path && declared_by_missing_operation(old, apis.new);
    if gone_with_parent || !cx.sunset_passed(old) {
        return;
    }
    let Some(sunset) = &old.sunset else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "{} is removed after its sunset date {}",
            old.label(),
            sunset.value
        ),
    )
    .at_old(sunset.span, "deprecated with this sunset date")
    .with_note(
        "assumes every client stopped calling it by the sunset date, as the deprecation asked",
    );
    let finding = match apis.new.place_of(old) {
        Some(span) => finding.at_new(span, "no longer here"),
        None => finding,
    };
    out.push(finding, old);
}
