//! An allow comment or key without a reason: it suppresses nothing.

use crate::core::{Finding, RuleId};
use crate::suppress::suppression::{MARKER, Suppression};

pub const ID: RuleId = RuleId::CoreSuppressionWithoutReason;

pub fn finding(suppression: &Suppression) -> Finding {
    Finding::new(
        ID,
        "this suppression has no reason, so it suppresses nothing",
    )
    .at_new(suppression.span, "add `reason: ...` after the rule id")
    .with_help(format!(
        "write why the change is safe: `{MARKER} {} reason: <why>`",
        suppression.rules.join(", ")
    ))
}
