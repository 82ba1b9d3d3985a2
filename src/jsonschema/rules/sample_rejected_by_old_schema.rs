//! A payload sample of the release is rejected by the old schema.

use crate::core::{Finding, RuleId, Side};
use crate::jsonschema::rejection::Rejection;

pub const ID: RuleId = RuleId::JsonschemaSampleRejectedByOldSchema;

/// A payload sample of the release that the old schema, and so old consumers, reject.
pub fn check(rejection: &Rejection) -> Option<Finding> {
    (rejection.side == Side::New).then(|| rejection.finding(ID, "sent by the new version", "old"))
}
