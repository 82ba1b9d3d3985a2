//! An operation of the old version that the new one no longer has, and whose removal no passed
//! sunset announced: old clients calling it get 404 or 405.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::{Cx, Out};
use crate::openapi::diff::Apis;
use crate::openapi::model::{Operation, Origin};

pub const ID: RuleId = RuleId::OpenapiOperationRemoved;

/// An operation under `paths` that the new version no longer declares, unless a sunset date
/// the configuration honours has passed.
pub fn check(cx: &Cx<'_>, apis: &Apis<'_>, change: &Change<&Operation>, out: &mut Out) {
    let Change::Removed { old } = change else {
        return;
    };
    if old.origin != Origin::Path || cx.sunset_passed(old) {
        return;
    }
    let why = match (&old.sunset, old.deprecated) {
        (_, false) => "it was not deprecated".to_owned(),
        (None, true) => "it was deprecated without an `x-sunset` date".to_owned(),
        (Some(sunset), true) if !cx.honor_sunset => format!(
            "its sunset ({}) is not honoured: `honor_sunset = false` in compat.toml",
            sunset.value
        ),
        (Some(sunset), true) => format!("its sunset date {} has not passed", sunset.value),
    };
    let finding = Finding::new(
        ID,
        format!(
            "{} is removed, and {why}: old clients calling it get an error",
            old.label()
        ),
    )
    .at_old(old.span, "removed operation");
    let finding = match apis.new.place_of(old) {
        Some(span) => finding.at_new(span, "no longer here"),
        None => finding,
    };
    out.push(finding, old);
}
