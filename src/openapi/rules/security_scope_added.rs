//! A security requirement that asks for more scopes: tokens old clients hold lack them.

use super::security_requirement_added::{Fate, fate, old_alternatives, security_place};
use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Requirement;

pub const ID: RuleId = RuleId::OpenapiSecurityScopeAdded;

/// An operation under `paths` whose new requirements ask for scopes old clients' tokens lack.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    if !pair.server() {
        return;
    }
    let (old, new) = (pair.old, pair.new);
    for alternative in old_alternatives(old) {
        if fate(&alternative, &new.security) != Fate::MoreScopes {
            continue;
        }
        let wanted: Vec<String> = new.security.iter().map(Requirement::describe).collect();
        let finding = Finding::new(
            ID,
            format!(
                "{} requires more scopes than {}: it asks for {}, and tokens old clients hold lack them",
                new.label(),
                alternative.describe(),
                wanted.join(" or ")
            ),
        )
        .at_new(security_place(new), "scopes required now")
        .at_old(alternative.span, "accepted before");
        out.push(finding, new.label());
    }
}
