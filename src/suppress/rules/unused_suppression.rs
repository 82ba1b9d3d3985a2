//! An allow comment or key that suppresses nothing: it names no rule, a rule that does not
//! exist, or a rule with no finding where it stands.

use crate::core::{Finding, RuleId};
use crate::suppress::suppression::Suppression;

pub const ID: RuleId = RuleId::CoreUnusedSuppression;

pub fn names_no_rule(suppression: &Suppression) -> Finding {
    Finding::new(ID, "this suppression names no rule")
        .at_new(suppression.span, "expected a rule id after `compat:allow`")
}

/// `closest` is the known id nearest to what it names, if any is near.
pub fn names_no_known_rule(
    suppression: &Suppression,
    name: &str,
    closest: Option<&str>,
) -> Finding {
    let finding = Finding::new(
        ID,
        format!("this suppression names `{name}`, which is not a rule"),
    )
    .at_new(suppression.span, "unknown rule id");
    match closest {
        Some(best) => finding.with_help(format!("did you mean `{best}`?")),
        None => finding,
    }
}

pub fn matches_nothing(suppression: &Suppression, rule: RuleId) -> Finding {
    Finding::new(
        ID,
        format!("this suppression of `{rule}` matches no finding"),
    )
    .at_new(suppression.span, "suppresses nothing")
    .with_help(
        if let [covered] = suppression.covers.as_slice()
            && covered.file == suppression.span.file
        {
            "remove it, or move it onto the line above the change it is meant for"
        } else {
            // An `[[allow]]` of compat.toml: it covers other files.
            "remove it, or correct its `path`, `lines` or `pointer`"
        },
    )
}
