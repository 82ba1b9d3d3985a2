//! A webhook or callback whose new server authenticates in a way old receivers do not accept.

use super::Out;
use super::security_requirement_added::{Fate, fate, security_place};
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Operation, Requirement};

pub const ID: RuleId = RuleId::OpenapiWebhookSecurityChanged;

/// The receivers enforce one of the old alternatives; the new server satisfies one of the new
/// ones. Each new alternative must satisfy some old one.
pub fn check(old: &Operation, new: &Operation, out: &mut Out) {
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
        out.push(finding, new.label());
    }
}
