//! A response string the new server no longer guarantees to match old clients' `pattern`:
//! the pattern removed, or changed (different patterns are not compared).

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::{Constraint, Fact};

pub const ID: RuleId = RuleId::OpenapiResponsePatternLoosened;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: Some(words),
    note: Some("safe if old clients do not validate response strings against the pattern"),
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking() && found.constraint() == Constraint::Pattern
}

/// A removed pattern is not a containment question; a changed one is compared as text.
fn words(found: &Found<'_>, writer: &str, reader: &str) -> String {
    let Fact::Pattern {
        reader: pattern,
        writer: own,
    } = &found.incompatibility.fact
    else {
        return found.incompatibility.fact.describe(writer, reader);
    };
    match own.as_slice() {
        [] => format!("{reader} requires the pattern `{pattern}`, {writer} declares none"),
        list => format!(
            "{reader} requires the pattern `{pattern}`, {writer} declares `{}` (patterns are compared as text)",
            list.join("`, `")
        ),
    }
}
