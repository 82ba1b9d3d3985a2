//! The rules of the kind, one file each. Most name what the containment checker found
//! ([`crate::schema::containment`]): a rule is one kind of constraint in one direction, because
//! the class depends on who reads whom: a constraint the new reader adds breaks old jobs still
//! queued (rollout), one the new writer drops breaks old consumers (rollout and rollback). Each
//! such rule guards itself by constraint and direction; [`CHECKER_RULES`] and
//! [`ASSUMPTION_RULES`] list them. The others are called where their case arises: a removed
//! schema, a rejected sample, an incomplete transitive check. Classes, windows and effects are on
//! the pages in `rules/jsonschema/`.

pub mod additional_properties_closed;
pub mod bound_loosened;
pub mod bound_tightened;
pub mod containment_not_proven;
pub mod default_changed;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod format_changed;
pub mod object_closed;
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

// Each rule declares the id of its page.
include!(concat!(env!("OUT_DIR"), "/rules_jsonschema.rs"));

use super::rejection::Rejection;
use crate::core::{Change, Finding, RuleId, Span};
use crate::schema::containment::{Assumption, Incompatibility, shown_path};

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
    /// The consumer that reads in this direction.
    pub fn reader(self) -> &'static str {
        match self {
            Direction::Backward => "the new consumer",
            Direction::Forward => "the old consumer",
        }
    }

    /// The producer that writes in this direction.
    pub fn writer(self) -> &'static str {
        match self {
            Direction::Backward => "the old producer",
            Direction::Forward => "the new producer",
        }
    }

    /// (new side, old side) of a writer and a reader span.
    pub fn sides(self, writer: Span, reader: Span) -> (Span, Span) {
        match self {
            Direction::Backward => (reader, writer),
            Direction::Forward => (writer, reader),
        }
    }
}

/// Where in a payload: its instance path, or the top level for the root (a bare `/` reads as
/// nothing to someone who does not think in JSON pointers).
pub(super) fn at(path: &str) -> String {
    if path.is_empty() || path == "/" {
        "at the top level".to_owned()
    } else {
        format!("at `{}`", shown_path(path))
    }
}

/// Names an incompatibility found in one direction: the rule that applies, if it is this one.
pub type CheckerRule = fn(&Incompatibility, Direction) -> Option<Finding>;

/// Names an assumption the checker made in one direction.
pub type AssumptionRule = fn(&Assumption, Direction) -> Option<Finding>;

/// The rules that name the checker's incompatibilities: exactly one names each, whatever its
/// constraint and direction.
pub const CHECKER_RULES: &[CheckerRule] = &[
    type_narrowed::check,
    type_widened::check,
    enum_value_removed::check,
    enum_value_added::check,
    bound_tightened::check,
    bound_loosened::check,
    pattern_changed::check,
    format_changed::check,
    required_property_added::check,
    required_property_removed::check,
    additional_properties_closed::check,
    property_added_to_closed_object::check,
    containment_not_proven::check,
];

/// The rules that name the checker's assumptions.
pub const ASSUMPTION_RULES: &[AssumptionRule] = &[
    optional_property_added::check,
    optional_property_removed::check,
    object_closed::check,
];

/// A payload schema file present in one version, or both.
pub struct SchemaFile<'a> {
    pub path: &'a str,
    /// The schema's root.
    pub head: Span,
}

/// Looks at a schema file as a whole: one the release adds, removes or changes.
pub type FileRule = fn(&Change<SchemaFile<'_>>) -> Option<Finding>;

pub const FILE_RULES: &[FileRule] = &[schema_removed::check];

/// Names a sample rejected by the other side's schema.
pub type SampleRule = fn(&Rejection) -> Option<Finding>;

/// The rules about samples: one per side the sample comes from.
pub const SAMPLE_RULES: &[SampleRule] = &[
    sample_rejected_by_new_schema::check,
    sample_rejected_by_old_schema::check,
];

/// The finding of an incompatibility under a rule: the checker's fact worded for the producer
/// and the consumer of the direction, framed at the reader's keyword and the writer's.
pub fn incompatibility(rule: RuleId, found: &Incompatibility, direction: Direction) -> Finding {
    let (new, old) = direction.sides(found.writer, found.reader);
    let (new_label, old_label) = labels(direction, "the old schema");
    let words = found.fact.describe(direction.writer(), direction.reader());
    Finding::new(rule, format!("{}: {words}", at(&found.path)))
        .at_new(new, new_label)
        .at_old(old, old_label)
}

/// The labels of an incompatibility's frames, (new, old), the old version called `old`.
pub fn labels(direction: Direction, old: &str) -> (String, String) {
    match direction {
        Direction::Backward => (
            "the new schema rejects it here".to_owned(),
            format!("what {old} admitted"),
        ),
        Direction::Forward => (
            "what the new schema admits".to_owned(),
            format!("{old} rejects it here"),
        ),
    }
}

/// The note of the rules that report what the checker could not prove.
pub fn not_proven(finding: Finding) -> Finding {
    finding.with_note(
        "compat reports what it cannot prove safe as breaking; if the change is safe, say why with an `x-compat-allow` entry",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{FileId, Side, Sources};
    use crate::schema::containment::{Constraint, Fact};

    /// A fact of each constraint.
    fn fact_of(constraint: Constraint) -> Fact {
        match constraint {
            Constraint::Type => Fact::ReaderAdmitsNothing,
            Constraint::Value => Fact::ValueNotListed {
                types: crate::schema::model::Types::STRING,
                accepted: Vec::new(),
            },
            Constraint::Bound => Fact::UniqueItems,
            Constraint::Pattern => Fact::Pattern {
                reader: "a".into(),
                writer: Vec::new(),
            },
            Constraint::Format => Fact::Format {
                reader: "date".into(),
            },
            Constraint::Required => Fact::Required { name: "a".into() },
            Constraint::PropertyRejected => Fact::AdditionalNotAllowed,
            Constraint::UndeclaredProperty => Fact::UndeclaredProperty { name: "a".into() },
            Constraint::Unproven => Fact::NotUnproven,
        }
    }

    #[test]
    fn exactly_one_rule_names_each_constraint_in_each_direction() {
        let mut sources = Sources::new();
        let file: FileId = sources.add("s.json", Side::New, "{}");
        let span = crate::core::Span::new(file, 0..2);
        for &constraint in Constraint::ALL {
            for direction in [Direction::Backward, Direction::Forward] {
                let found = Incompatibility {
                    fact: fact_of(constraint),
                    path: "/".into(),
                    writer: span,
                    reader: span,
                };
                let named: Vec<RuleId> = CHECKER_RULES
                    .iter()
                    .filter_map(|rule| rule(&found, direction))
                    .map(|f| f.rule)
                    .collect();
                assert_eq!(named.len(), 1, "{constraint:?} {direction:?}: {named:?}");
            }
        }
        for property in [Some("a".to_owned()), None] {
            let assumption = Assumption {
                property,
                path: "/".into(),
                writer: span,
                reader: span,
            };
            for direction in [Direction::Backward, Direction::Forward] {
                let named = ASSUMPTION_RULES
                    .iter()
                    .filter_map(|rule| rule(&assumption, direction))
                    .count();
                assert_eq!(named, 1, "assumption {direction:?}");
            }
        }
    }
}
