//! A security scheme that an operation uses in both versions, changed in how credentials are
//! presented: its type, the header or parameter of an API key, the HTTP scheme, the OpenID
//! Connect discovery URL, or an OAuth 2 flow removed.

use std::collections::BTreeSet;

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::{Operation, Role, Scheme};

pub const ID: RuleId = RuleId::OpenapiSecuritySchemeChanged;

/// A security scheme both versions of an operation use, changed in how credentials are
/// presented.
pub fn check(pair: &OperationPair<'_>, out: &mut Out) {
    for name in used(pair.old).intersection(&used(pair.new)) {
        let (Some(old), Some(new)) = (
            pair.apis.old.schemes.get(*name),
            pair.apis.new.schemes.get(*name),
        ) else {
            continue;
        };
        let Some((member, change)) = difference(old, new) else {
            continue;
        };
        let who = match pair.new.role() {
            Role::Server => "old clients presenting credentials the old way are rejected",
            Role::Subscriber => {
                "old receivers check credentials the old way and reject the new server's requests"
            }
        };
        let finding = Finding::new(
            ID,
            format!(
                "the security scheme `{name}` of {}: {change}; {who}",
                pair.new.label()
            ),
        )
        .at_new(new.place(member), "changed here")
        .at_old(old.place(member), "before");
        out.push(finding, pair.new);
    }
}

/// The schemes any security alternative of an operation names.
fn used(op: &Operation) -> BTreeSet<&str> {
    op.security
        .iter()
        .flat_map(|r| r.schemes.keys().map(String::as_str))
        .collect()
}

/// What a client authenticating the old way would get wrong, if anything, and the member that
/// says so.
fn difference(old: &Scheme, new: &Scheme) -> Option<(&'static str, String)> {
    if old.kind != new.kind {
        let what = format!("its type `{}` becomes `{}`", old.kind, new.kind);
        return Some(("type", what));
    }
    for (key, before) in &old.details {
        let after = new.details.get(key).map_or("", String::as_str);
        if before != after {
            return Some((key, format!("its `{key}` `{before}` becomes `{after}`")));
        }
    }
    let removed: Vec<&str> = old
        .flows
        .iter()
        .filter(|f| !new.flows.contains(f))
        .map(String::as_str)
        .collect();
    (!removed.is_empty()).then(|| {
        let what = format!("the OAuth 2 flow `{}` is removed", removed.join("`, `"));
        ("flows", what)
    })
}
