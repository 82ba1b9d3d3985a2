//! The vocabulary every kind and every renderer shares. No IO happens here.

mod change;
mod class;
mod finding;
mod report;
mod source;

pub use change::Change;
pub use class::{Class, Effect, Window};
pub use finding::{Finding, Label, Span};
pub use report::{Artifact, InputError, RawFinding, Report, Reported, RuleSetting, Summary};
pub use source::{FileId, Position, Side, SourceFile, Sources};
