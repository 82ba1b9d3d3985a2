//! A parameter whose serialization changes (`style`, `explode`, `allowReserved`): writer and
//! reader disagree on how the same value looks in the URL or header.

use crate::core::{Change, Finding, RuleId, Span};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::{Parameter, Serialization};

pub const ID: RuleId = RuleId::OpenapiParameterSerializationChanged;

/// A parameter both versions declare, serialized differently (clients write it for the server,
/// or the server writes it for subscribers).
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let Change::Kept { old, new } = change else {
        return;
    };
    let (Some(o), Some(n)) = (&old.serialization, &new.serialization) else {
        return;
    };
    let op = pair.new;
    let server = pair.server();
    let (what, new_span, old_span) = if o.style != n.style {
        (
            format!("its style `{}` becomes `{}`", o.style, n.style),
            n.style_span,
            o.style_span,
        )
    } else if o.explode != n.explode && !(o.scalar && n.scalar) {
        (
            format!("`explode` changes from {} to {}", o.explode, n.explode),
            n.explode_span,
            o.explode_span,
        )
    } else if new.location == "query" && reserved_breaks(server, o, n) {
        let what = if n.allow_reserved {
            "reserved characters may now be sent unencoded (`allowReserved: true`)"
        } else {
            "reserved characters must now be percent-encoded (`allowReserved` is no longer true)"
        };
        (
            what.to_owned(),
            n.allow_reserved_span,
            o.allow_reserved_span,
        )
    } else {
        return;
    };
    let who = if server {
        "old clients write it the old way and the new server reads it the new way"
    } else {
        "the new server writes it the new way and old subscribers read it the old way"
    };
    let finding = Finding::new(
        ID,
        format!("{} of {}: {what}; {who}", new.describe(), op.label()),
    )
    .at_new(place(new_span, new.span), "serialized like this now")
    .at_old(place(old_span, old.span), "serialized like this before");
    out.push(finding, op);
}

/// Whether the change of `allowReserved` breaks the reader: a server that used to accept
/// unencoded reserved characters and no longer does, or a server that starts sending them to
/// receivers that decode them.
fn reserved_breaks(server: bool, old: &Serialization, new: &Serialization) -> bool {
    if server {
        old.allow_reserved && !new.allow_reserved
    } else {
        !old.allow_reserved && new.allow_reserved
    }
}

fn place(member: Option<Span>, parameter: Span) -> Span {
    member.unwrap_or(parameter)
}
