//! A response that old servers may send and new clients reject: what the partial rollout and a rollback expose.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::{Found, Pairing, Writer};

pub const ID: RuleId = RuleId::OpenapiResponseNarrowed;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.writer == Writer::Server && found.pairing == Pairing::Reverse
}
