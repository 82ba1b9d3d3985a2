//! What the security rules share: how a way of authenticating that one version accepts fares
//! against the requirements of the other.

use super::diff::OperationPair;
use super::model::{Operation, Requirement};
use crate::core::Span;

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
fn old_alternatives(old: &Operation) -> Vec<Requirement> {
    if old.security.is_empty() {
        vec![Requirement {
            schemes: Default::default(),
            span: old.security_span.unwrap_or(old.span),
        }]
    } else {
        old.security.clone()
    }
}

pub fn security_place(op: &Operation) -> Span {
    op.security_span.unwrap_or(op.span)
}

/// The old ways of authenticating that meet the `fate` against the new requirements, each with
/// the new alternatives in words.
pub fn unmet(pair: &OperationPair<'_>, fate_of: Fate) -> Vec<(Requirement, String)> {
    let wanted: Vec<String> = pair
        .new
        .security
        .iter()
        .map(Requirement::describe)
        .collect();
    old_alternatives(pair.old)
        .into_iter()
        .filter(|alternative| fate(alternative, &pair.new.security) == fate_of)
        .map(|alternative| (alternative, wanted.join(" or ")))
        .collect()
}
