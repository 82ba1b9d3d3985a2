//! A security requirement that asks for more scopes: tokens old clients hold lack them.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::security::{Fate, security_place, unmet};

pub const ID: RuleId = RuleId::OpenapiSecurityScopeAdded;

/// An operation under `paths` whose new requirements ask for scopes old clients' tokens lack.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    if !pair.server() {
        return;
    }
    let new = pair.new;
    for (alternative, wanted) in unmet(pair, Fate::MoreScopes) {
        let finding = Finding::new(
            ID,
            format!(
                "{} requires more scopes than {}: it asks for {}, and tokens old clients hold lack them",
                new.label(),
                alternative.describe(),
                wanted
            ),
        )
        .at_new(security_place(new), "scopes required now")
        .at_old(alternative.span, "accepted before");
        out.push(finding, new);
    }
}
