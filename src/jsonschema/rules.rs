//! The rules of the kind. Detection is the checker's ([`super::compare`]); a rule is the name of
//! one kind of incompatibility in one direction, because the class depends on who reads whom:
//! a constraint the new reader adds breaks old jobs still queued (rollout), one the new writer
//! drops breaks old consumers (rollout and rollback). Classes, windows and effects are on the
//! pages in `rules/jsonschema/`.

use super::compare::{Assumption, Incompatibility, Kind};
use crate::core::{Finding, Span};

pub const TYPE_NARROWED: &str = "jsonschema/type-narrowed";
pub const TYPE_WIDENED: &str = "jsonschema/type-widened";
pub const ENUM_VALUE_REMOVED: &str = "jsonschema/enum-value-removed";
pub const ENUM_VALUE_ADDED: &str = "jsonschema/enum-value-added";
pub const BOUND_TIGHTENED: &str = "jsonschema/bound-tightened";
pub const BOUND_LOOSENED: &str = "jsonschema/bound-loosened";
pub const PATTERN_CHANGED: &str = "jsonschema/pattern-changed";
pub const FORMAT_CHANGED: &str = "jsonschema/format-changed";
pub const REQUIRED_PROPERTY_ADDED: &str = "jsonschema/required-property-added";
pub const REQUIRED_PROPERTY_REMOVED: &str = "jsonschema/required-property-removed";
pub const ADDITIONAL_PROPERTIES_CLOSED: &str = "jsonschema/additional-properties-closed";
pub const PROPERTY_ADDED_TO_CLOSED_OBJECT: &str = "jsonschema/property-added-to-closed-object";
pub const CONTAINMENT_NOT_PROVEN: &str = "jsonschema/containment-not-proven";
pub const OPTIONAL_PROPERTY_ADDED: &str = "jsonschema/optional-property-added";
pub const OPTIONAL_PROPERTY_REMOVED: &str = "jsonschema/optional-property-removed";
pub const SCHEMA_REMOVED: &str = "jsonschema/schema-removed";
pub const SAMPLE_REJECTED_BY_NEW_SCHEMA: &str = "jsonschema/sample-rejected-by-new-schema";
pub const SAMPLE_REJECTED_BY_OLD_SCHEMA: &str = "jsonschema/sample-rejected-by-old-schema";
pub const TRANSITIVE_CHECK_INCOMPLETE: &str = "jsonschema/transitive-check-incomplete";

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

pub fn rule_of(kind: Kind, direction: Direction) -> &'static str {
    use Direction::{Backward, Forward};
    match (kind, direction) {
        (Kind::Type, Backward) => TYPE_NARROWED,
        (Kind::Type, Forward) => TYPE_WIDENED,
        (Kind::Value, Backward) => ENUM_VALUE_REMOVED,
        (Kind::Value, Forward) => ENUM_VALUE_ADDED,
        (Kind::Bound, Backward) => BOUND_TIGHTENED,
        (Kind::Bound, Forward) => BOUND_LOOSENED,
        (Kind::Pattern, _) => PATTERN_CHANGED,
        (Kind::Format, _) => FORMAT_CHANGED,
        (Kind::Required, Backward) => REQUIRED_PROPERTY_ADDED,
        (Kind::Required, Forward) => REQUIRED_PROPERTY_REMOVED,
        (Kind::PropertyRejected, Backward) => ADDITIONAL_PROPERTIES_CLOSED,
        (Kind::PropertyRejected, Forward) => PROPERTY_ADDED_TO_CLOSED_OBJECT,
        (Kind::UndeclaredProperty | Kind::Unproven, _) => CONTAINMENT_NOT_PROVEN,
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
    if rule == CONTAINMENT_NOT_PROVEN || rule == PATTERN_CHANGED {
        finding = finding.with_note(
            "compat reports what it cannot prove safe as breaking; if the change is safe, say why with an `x-compat-allow` entry",
        );
    }
    finding
}

/// Whether a rule reports an assumption the checker made (an optional property added or no
/// longer declared) rather than an incompatibility.
pub fn is_assumption(rule: &str) -> bool {
    rule == OPTIONAL_PROPERTY_ADDED || rule == OPTIONAL_PROPERTY_REMOVED
}

pub fn assumption(assumption: &Assumption, direction: Direction) -> Finding {
    let name = &assumption.property;
    let at = at(&assumption.path);
    match direction {
        Direction::Backward => Finding::new(
            OPTIONAL_PROPERTY_ADDED,
            format!("{at}: the optional property `{name}` is added"),
        )
        .at_new(assumption.reader, "added here")
        .at_old(assumption.writer, "this object did not declare it")
        .with_note(format!(
            "assumes old producers never sent an undeclared `{name}`: the old schema allowed any value there"
        )),
        Direction::Forward => Finding::new(
            OPTIONAL_PROPERTY_REMOVED,
            format!("{at}: the optional property `{name}` is no longer declared"),
        )
        .at_new(assumption.writer, "this object no longer declares it")
        .at_old(assumption.reader, "declared here")
        .with_note(format!(
            "assumes new producers stop sending `{name}`: the new schema allows any value there"
        )),
    }
}
