//! A way of authenticating that the old version accepted and the new one does not: a scheme added
//! to a requirement, a requirement alternative removed, or security required where there was
//! none. Old clients authenticating the old way are rejected.

use crate::core::{Finding, RuleId, Span};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::{Operation, Requirement};

pub const ID: RuleId = RuleId::OpenapiSecurityRequirementAdded;

/// How an old alternative fares against the new requirements.
#[derive(Debug, PartialEq, Eq)]
pub enum Fate {
    /// Some new alternative asks for no more than it.
    Accepted,
    /// A new alternative uses the same schemes but asks for more scopes.
    MoreScopes,
    /// Every new alternative asks for another scheme.
    Rejected,
}

/// Whether clients meeting `old` (a list of alternatives, empty: no security) still meet `new`.
pub fn fate(old: &Requirement, new: &[Requirement]) -> Fate {
    if new.is_empty() {
        return Fate::Accepted;
    }
    let schemes_met = |alt: &Requirement| alt.schemes.keys().all(|s| old.schemes.contains_key(s));
    let scopes_met = |alt: &Requirement| {
        alt.schemes.iter().all(|(scheme, scopes)| {
            old.schemes
                .get(scheme)
                .is_some_and(|had| scopes.iter().all(|s| had.contains(s)))
        })
    };
    if new.iter().any(|alt| schemes_met(alt) && scopes_met(alt)) {
        Fate::Accepted
    } else if new.iter().any(schemes_met) {
        Fate::MoreScopes
    } else {
        Fate::Rejected
    }
}

/// The old alternatives, with anonymous access standing for "no security declared".
pub fn old_alternatives(old: &Operation) -> Vec<Requirement> {
    if old.security.is_empty() {
        vec![Requirement {
            schemes: Default::default(),
            span: old.security_span.unwrap_or(old.span),
        }]
    } else {
        old.security.clone()
    }
}

/// An operation under `paths` whose new requirements reject every way old clients authenticate.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    if !pair.server() {
        return;
    }
    let (old, new) = (pair.old, pair.new);
    for alternative in old_alternatives(old) {
        if fate(&alternative, &new.security) != Fate::Rejected {
            continue;
        }
        let wanted: Vec<String> = new.security.iter().map(Requirement::describe).collect();
        let finding = Finding::new(
            ID,
            format!(
                "{} no longer accepts {}: it requires {}, and old clients authenticating the old way are rejected",
                new.label(),
                alternative.describe(),
                wanted.join(" or ")
            ),
        )
        .at_new(security_place(new), "required now")
        .at_old(alternative.span, "accepted before");
        out.push(finding, new.label());
    }
}

pub fn security_place(op: &Operation) -> Span {
    op.security_span.unwrap_or(op.span)
}
