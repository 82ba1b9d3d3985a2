//! An operation of the old version that the new one no longer has, and whose removal no passed
//! sunset announced: old clients calling it get 404 or 405.

use super::operation_removed_after_sunset::sunset_passed;
use super::{Cx, Out};
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Api, Operation};

pub const ID: RuleId = RuleId::OpenapiOperationRemoved;

pub fn check(cx: &Cx<'_>, old: &Operation, new_api: &Api, out: &mut Out) {
    if sunset_passed(cx, old) {
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
    let finding = match new_api.place_of(old) {
        Some(span) => finding.at_new(span, "no longer here"),
        None => finding,
    };
    out.push(finding, old.label());
}
