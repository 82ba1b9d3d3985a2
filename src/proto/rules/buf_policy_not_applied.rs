//! buf.yaml names buf rules that compat has no counterpart for. Not in a registry: the buf
//! policy (`proto::buf::policy`) finds the ids once per comparison and calls [`finding`].

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::ProtoBufPolicyNotApplied;

/// The one finding for every unmapped id, framed at the first of them.
pub fn finding(first: Span, ids: &[String]) -> Finding {
    let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    Finding::new(
        ID,
        format!(
            "buf.yaml names {} that compat has no counterpart for: compat does not check {}",
            names.join(", "),
            if names.len() == 1 { "it" } else { "them" }
        ),
    )
    .at_new(first, "no counterpart in compat")
}
