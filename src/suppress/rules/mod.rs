//! The rules about suppressions themselves, one file each. `super::apply` decides which
//! suppression each finding belongs to; these word what is wrong with a suppression.

pub mod suppression_without_reason;
pub mod unused_suppression;

// Each rule declares the id of its page.
include!(concat!(env!("OUT_DIR"), "/rules_core.rs"));
