//! An optional parameter whose `default` changes: a request that leaves it out means one value to
//! the old version and another to the new one.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::{Operation, Parameter, Role};
use crate::schema::resolve::json_eq;

pub const ID: RuleId = RuleId::OpenapiParameterDefaultChanged;

/// A parameter both versions declare as optional, with a different `default` on each side. A
/// default added or removed, or on a required parameter (which every request sends), is not
/// reported: nothing says what a request without it meant before, or it never comes.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let Change::Kept { old, new } = change else {
        return;
    };
    let (Some(old_default), Some(new_default)) = (&old.default, &new.default) else {
        return;
    };
    if old.required || new.required || json_eq(&old_default.value, &new_default.value) {
        return;
    }
    let readers = readers(pair.new);
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "the default of {} of {} changes from {} to {}: a request that leaves it out means {} to {} and {} to {}",
            new.describe(),
            op.label(),
            old_default.value,
            new_default.value,
            new_default.value,
            readers.0,
            old_default.value,
            readers.1,
        ),
    )
    .at_new(new_default.span, "the new default")
    .at_old(old_default.span, "the old default");
    out.push(finding, op);
}

/// Who reads a request that leaves a defaulted value out, new and old: the server, or for a
/// webhook or callback its subscribers.
pub fn readers(op: &Operation) -> (&'static str, &'static str) {
    match op.role() {
        Role::Server => ("the new server", "an old one"),
        Role::Subscriber => ("new subscribers", "old ones"),
    }
}
