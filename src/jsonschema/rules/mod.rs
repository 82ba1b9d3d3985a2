//! The rules of the kind. Detection is the checker's ([`super::compare`]); a rule is the name of
//! one kind of incompatibility in one direction, because the class depends on who reads whom:
//! a constraint the new reader adds breaks old jobs still queued (rollout), one the new writer
//! drops breaks old consumers (rollout and rollback). Classes, windows and effects are on the
//! pages in `rules/jsonschema/`.

pub mod additional_properties_closed;
pub mod bound_loosened;
pub mod bound_tightened;
pub mod containment_not_proven;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod format_changed;
pub mod optional_property_added;
pub mod optional_property_removed;
pub mod pattern_changed;
pub mod property_added_to_closed_object;
pub mod required_property_added;
pub mod required_property_removed;
pub mod sample_rejected_by_new_schema;
pub mod sample_rejected_by_old_schema;
pub mod schema_removed;
pub mod transitive_check_incomplete;
pub mod type_narrowed;
pub mod type_widened;

use super::compare::{Assumption, Incompatibility, Kind};
use crate::core::{Finding, RuleId, Span};

/// Who reads whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The new schema reads what the old one admitted: jobs queued before the release, and old
    /// producers during the rollout.
    Backward,
    /// The old schema reads what the new one admits: old consumers during the rollout and after
    /// a rollback.
    Forward,
}

impl Direction {
    fn reader(self) -> &'static str {
        match self {
            Direction::Backward => "the new consumer",
            Direction::Forward => "the old consumer",
        }
    }

    fn writer(self) -> &'static str {
        match self {
            Direction::Backward => "the old producer",
            Direction::Forward => "the new producer",
        }
    }

    /// (new side, old side) of a writer and a reader span.
    fn sides(self, writer: Span, reader: Span) -> (Span, Span) {
        match self {
            Direction::Backward => (reader, writer),
            Direction::Forward => (writer, reader),
        }
    }
}

pub fn rule_of(kind: Kind, direction: Direction) -> RuleId {
    use Direction::{Backward, Forward};
    match (kind, direction) {
        (Kind::Type, Backward) => type_narrowed::ID,
        (Kind::Type, Forward) => type_widened::ID,
        (Kind::Value, Backward) => enum_value_removed::ID,
        (Kind::Value, Forward) => enum_value_added::ID,
        (Kind::Bound, Backward) => bound_tightened::ID,
        (Kind::Bound, Forward) => bound_loosened::ID,
        (Kind::Pattern, _) => pattern_changed::ID,
        (Kind::Format, _) => format_changed::ID,
        (Kind::Required, Backward) => required_property_added::ID,
        (Kind::Required, Forward) => required_property_removed::ID,
        (Kind::PropertyRejected, Backward) => additional_properties_closed::ID,
        (Kind::PropertyRejected, Forward) => property_added_to_closed_object::ID,
        (Kind::UndeclaredProperty | Kind::Unproven, _) => containment_not_proven::ID,
    }
}

/// Where in a payload: its instance path, or the top level for the root (a bare `/` reads as
/// nothing to someone who does not think in JSON pointers).
pub(super) fn at(path: &str) -> String {
    if path.is_empty() || path == "/" {
        "at the top level".to_owned()
    } else {
        format!("at `{path}`")
    }
}

/// The checker speaks of readers and writers; a payload's are consumers and producers.
fn words(text: &str, direction: Direction) -> String {
    text.replace("the reader", direction.reader())
        .replace("the writer", direction.writer())
}

pub fn incompatibility(incompatibility: &Incompatibility, direction: Direction) -> Finding {
    let rule = rule_of(incompatibility.kind, direction);
    let (new, old) = direction.sides(incompatibility.writer, incompatibility.reader);
    let (new_label, old_label) = match direction {
        Direction::Backward => (
            "the new schema rejects it here",
            "what the old schema admitted",
        ),
        Direction::Forward => (
            "what the new schema admits",
            "the old schema rejects it here",
        ),
    };
    let mut finding = Finding::new(
        rule,
        format!(
            "{}: {}",
            at(&incompatibility.path),
            words(&incompatibility.message, direction)
        ),
    )
    .at_new(new, new_label)
    .at_old(old, old_label);
    if rule == containment_not_proven::ID || rule == pattern_changed::ID {
        finding = finding.with_note(
            "compat reports what it cannot prove safe as breaking; if the change is safe, say why with an `x-compat-allow` entry",
        );
    }
    finding
}

/// Whether a rule reports an assumption the checker made (an optional property added or no
/// longer declared) rather than an incompatibility.
pub fn is_assumption(rule: RuleId) -> bool {
    rule == optional_property_added::ID || rule == optional_property_removed::ID
}

pub fn assumption(assumption: &Assumption, direction: Direction) -> Finding {
    let name = &assumption.property;
    let at = at(&assumption.path);
    match direction {
        Direction::Backward => Finding::new(
            optional_property_added::ID,
            format!("{at}: the optional property `{name}` is added"),
        )
        .at_new(assumption.reader, "added here")
        .at_old(assumption.writer, "this object did not declare it")
        .with_note(format!(
            "assumes old producers never sent an undeclared `{name}`: the old schema allowed any value there"
        )),
        Direction::Forward => Finding::new(
            optional_property_removed::ID,
            format!("{at}: the optional property `{name}` is no longer declared"),
        )
        .at_new(assumption.writer, "this object no longer declares it")
        .at_old(assumption.reader, "declared here")
        .with_note(format!(
            "assumes new producers stop sending `{name}`: the new schema allows any value there"
        )),
    }
}
