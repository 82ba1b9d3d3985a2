//! A captured payload of the base is rejected by the new schema.

use crate::core::{Finding, RuleId, Side};
use crate::jsonschema::rejection::Rejection;

pub const ID: RuleId = RuleId::JsonschemaSampleRejectedByNewSchema;

/// A captured payload of the base (a job that may still be queued) that the new schema rejects.
pub fn check(rejection: &Rejection) -> Option<Finding> {
    (rejection.side == Side::Old).then(|| rejection.finding(ID, "queued before the release", "new"))
}
