//! A payload schema is removed while jobs of its type may still be queued.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::JsonschemaSchemaRemoved;

/// The schema at `path`, whose root is at `span` in the old version, is gone from the new one.
pub fn finding(path: &str, span: Span) -> Finding {
    Finding::new(
        ID,
        format!("the payload schema {path} is removed while jobs of this type may still be queued"),
    )
    .at_old(span, "removed schema")
}
