//! A webhook or callback whose new server authenticates in a way old receivers do not accept.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Requirement;
use crate::openapi::security::{Fate, fate, security_place};

pub const ID: RuleId = RuleId::OpenapiWebhookSecurityChanged;

/// The receivers of a webhook or callback enforce one of the old alternatives; the new server
/// satisfies one of the new ones. Each new alternative must satisfy some old one.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    if pair.server() {
        return;
    }
    let (old, new) = (pair.old, pair.new);
    let anonymous;
    let presented: &[Requirement] = if new.security.is_empty() {
        anonymous = [Requirement {
            schemes: Default::default(),
            span: security_place(new),
        }];
        &anonymous
    } else {
        &new.security
    };
    for alternative in presented {
        if fate(alternative, &old.security) == Fate::Accepted {
            continue;
        }
        let accepted: Vec<String> = old.security.iter().map(Requirement::describe).collect();
        let finding = Finding::new(
            ID,
            format!(
                "the new server may authenticate {} with {}, and old receivers accept only {}",
                new.label(),
                alternative.describe(),
                accepted.join(" or ")
            ),
        )
        .at_new(alternative.span, "presented now")
        .at_old(security_place(old), "what receivers check");
        out.push(finding, new);
    }
}
