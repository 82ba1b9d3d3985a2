//! The vocabulary every kind and every renderer shares. No IO happens here, and nothing here
//! depends on another module of the crate.

mod change;
mod class;
mod finding;
mod input_error;
mod listing;
mod rewrite;
mod rule_id;
mod source;

pub use change::Change;
pub use class::{Class, Effect, Window};
pub use finding::{Finding, Label, Reach, Span};
pub use input_error::{InputError, RuleSetting};
pub use listing::{Capped, and_list, capped};
pub use rewrite::{Edit, Rewrite};
pub use rule_id::RuleId;
pub use source::{FileId, Position, Side, SourceFile, Sources};
