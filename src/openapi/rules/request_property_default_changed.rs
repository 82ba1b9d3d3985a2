//! An optional request property whose `default` changes: a request that leaves it out means one
//! value to the old version and another to the new one.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::found::SchemaPair;
use crate::schema::containment::path_string;
use crate::schema::defaults::{DefaultChange, shown};

pub const ID: RuleId = RuleId::OpenapiRequestPropertyDefaultChanged;

/// Reports one changed default of a request schema (found by [`crate::schema::defaults`]).
pub fn report(place: &SchemaPair<'_>, change: &DefaultChange, out: &mut Out) {
    let readers = if place.op.role() == crate::openapi::model::Role::Server {
        ("the new server", "an old one")
    } else {
        ("new subscribers", "old ones")
    };
    let (old, new) = (shown(&change.old.value), shown(&change.new.value));
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} at `{}`: the default changes from {old} to {new}, so a request that leaves it out means {new} to {} and {old} to {}",
            place.what,
            place.op.label(),
            path_string(&change.path),
            readers.0,
            readers.1,
        ),
    )
    .at_new(change.new.span, "the new default")
    .at_old(change.old.span, "the old default");
    out.push(finding, place.op);
}
