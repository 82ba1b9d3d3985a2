//! A way of authenticating that the old version accepted and the new one does not: a scheme added
//! to a requirement, a requirement alternative removed, or security required where there was
//! none. Old clients authenticating the old way are rejected.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::security::{Fate, security_place, unmet};

pub const ID: RuleId = RuleId::OpenapiSecurityRequirementAdded;

/// An operation under `paths` whose new requirements reject every way old clients authenticate.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    if !pair.server() {
        return;
    }
    let new = pair.new;
    for (alternative, wanted) in unmet(pair, Fate::Rejected) {
        let finding = Finding::new(
            ID,
            format!(
                "{} no longer accepts {}: it requires {}, and old clients authenticating the old way are rejected",
                new.label(),
                alternative.describe(),
                wanted
            ),
        )
        .at_new(security_place(new), "required now")
        .at_old(alternative.span, "accepted before");
        out.push(finding, new);
    }
}
