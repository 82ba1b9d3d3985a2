//! A 3.1 schema writes `exclusiveMinimum`/`exclusiveMaximum` as 3.0's boolean: compat reads it as
//! 3.0 meant, and says so at the keyword.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::OpenapiExclusiveBoundReadAsFlag;

/// `at` is the keyword with its boolean value, in the new version.
pub fn finding(at: Span) -> Finding {
    Finding::new(
        ID,
        "this OpenAPI 3.1 schema writes an exclusive bound as 3.0's boolean; compat read it as 3.0 \
         meant, a flag on `minimum` or `maximum`",
    )
    .at_new(at, "3.0's form in a 3.1 document")
}
