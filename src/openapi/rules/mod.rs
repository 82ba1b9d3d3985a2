//! One file per rule, registered below by the element it looks at. Structural rules receive a
//! change from `diff` (an operation, a parameter, a body, a media type, a response, a header, an
//! operation kept by both versions) and guard themselves: by the operation's role (under
//! `paths`, or a webhook or callback), by the kind of change, by what changed. Schema rules
//! name what the containment checker found in a message ([`Found`], [`Assumed`]), by who writes
//! the message and in which pairing. Classes, windows and effects are on the pages in
//! `rules/openapi/`.

use super::context::{Cx, Out};
use super::diff::{Apis, Both, OperationPair};
use super::found::{Assumed, Found, Pairing, SchemaPair, Writer};
use super::model::{Header, Media, Operation, Parameter, RequestBody, Response};
use crate::core::{Change, Finding, RuleId};

pub mod discriminator_changed;
pub mod exclusive_bound_read_as_flag;
pub mod format_changed;
pub mod object_closed;
pub mod operation_added;
pub mod operation_removed;
pub mod operation_removed_after_sunset;
pub mod optional_parameter_added;
pub mod parameter_default_changed;
pub mod parameter_made_required;
pub mod parameter_removed;
pub mod parameter_serialization_changed;
pub mod request_body_made_required;
pub mod request_body_removed;
pub mod request_constraint_tightened;
pub mod request_enum_value_removed;
pub mod request_media_type_removed;
pub mod request_property_added;
pub mod request_property_default_changed;
pub mod request_property_made_required;
pub mod request_property_removed;
pub mod request_type_changed;
pub mod request_widened;
pub mod required_parameter_added;
pub mod response_constraint_loosened;
pub mod response_enum_value_added;
pub mod response_extensible_enum_value_added;
pub mod response_header_made_optional;
pub mod response_header_removed;
pub mod response_media_type_added;
pub mod response_media_type_removed;
pub mod response_narrowed;
pub mod response_optional_header_removed;
pub mod response_optional_property_removed;
pub mod response_pattern_loosened;
pub mod response_property_added;
pub mod response_property_made_nullable;
pub mod response_property_made_optional;
pub mod response_property_removed;
pub mod response_type_changed;
pub mod response_value_replaced;
pub mod schema_not_proven;
pub mod security_requirement_added;
pub mod security_scheme_changed;
pub mod security_scope_added;
pub mod success_status_removed;
pub mod webhook_added;
pub mod webhook_body_no_longer_sent;
pub mod webhook_media_type_added;
pub mod webhook_parameter_no_longer_sent;
pub mod webhook_removed;
pub mod webhook_response_rejected;
pub mod webhook_security_changed;

// Each rule declares the id of its page.
include!(concat!(env!("OUT_DIR"), "/rules_openapi.rs"));

/// Looks at the two APIs as a whole.
pub type ApiRule = fn(&Apis<'_>, &mut Out);
/// Looks at an operation only one version declares.
pub type OperationRule = fn(&Cx<'_>, &Apis<'_>, &Change<&Operation>, &mut Out);
/// Looks at an operation both versions declare, as a whole.
pub type KeptOperationRule = fn(&OperationPair<'_>, &mut Out);
pub type ParameterRule = fn(&OperationPair<'_>, &Change<&Parameter>, &mut Out);
pub type BodyRule = fn(&OperationPair<'_>, &Change<&RequestBody>, &mut Out);
/// A media type of a request body both versions have.
pub type RequestMediaRule =
    fn(&OperationPair<'_>, &Both<'_, RequestBody>, &Change<&Media>, &mut Out);
pub type ResponseRule = fn(&OperationPair<'_>, &Change<&Response>, &mut Out);
/// A media type of a response both versions have.
pub type ResponseMediaRule = fn(&OperationPair<'_>, &Both<'_, Response>, &Change<&Media>, &mut Out);
/// A header of a response both versions have.
pub type HeaderRule = fn(&OperationPair<'_>, &Both<'_, Response>, &Change<&Header>, &mut Out);

/// Looks at a message whose schema one version declares and the other does not.
pub type DeclarationRule = fn(&SchemaPair<'_>, Writer, &mut Out);

/// A rule that names what the containment checker found in a message.
pub struct SchemaRule {
    pub id: RuleId,
    /// Whether the rule names this incompatibility; exactly one rule does.
    pub names: fn(&Found<'_>) -> bool,
    /// The rule's own wording, given the writer and the reader in words; the checker's fact
    /// as the parties' otherwise.
    pub words: Option<fn(&Found<'_>, &str, &str) -> String>,
    /// A note every finding of the rule carries.
    pub note: Option<&'static str>,
}

/// A rule that names an assumption the checker made.
pub struct AssumptionRule {
    pub id: RuleId,
    /// Whether the rule names assumptions of this writer and pairing, about one property or
    /// (`closed`) about an open object's undeclared ones; exactly one rule does.
    pub names: fn(Writer, Pairing, bool) -> bool,
    pub finding: fn(&Assumed<'_>) -> Finding,
}

pub const API_RULES: &[ApiRule] = &[discriminator_changed::check];

pub const OPERATION_RULES: &[OperationRule] = &[
    operation_removed::check,
    webhook_removed::check,
    operation_removed_after_sunset::check,
    operation_added::check,
    webhook_added::check,
];

pub const KEPT_OPERATION_RULES: &[KeptOperationRule] = &[
    security_requirement_added::check,
    security_scope_added::check,
    webhook_security_changed::check,
    security_scheme_changed::check,
];

pub const PARAMETER_RULES: &[ParameterRule] = &[
    required_parameter_added::check,
    optional_parameter_added::check,
    parameter_removed::check,
    parameter_serialization_changed::check,
    parameter_made_required::check,
    parameter_default_changed::check,
    request_widened::check_parameter,
    webhook_parameter_no_longer_sent::check,
];

pub const BODY_RULES: &[BodyRule] = &[
    request_body_made_required::check,
    request_body_removed::check,
    request_widened::check_body,
    webhook_body_no_longer_sent::check,
];

pub const REQUEST_MEDIA_RULES: &[RequestMediaRule] = &[
    request_media_type_removed::check,
    request_widened::check_media_type,
    webhook_media_type_added::check,
];

pub const RESPONSE_RULES: &[ResponseRule] = &[
    success_status_removed::check,
    webhook_response_rejected::check_status,
];

pub const RESPONSE_MEDIA_RULES: &[ResponseMediaRule] = &[
    response_media_type_removed::check,
    webhook_response_rejected::check_media_type,
    response_media_type_added::check,
];

pub const HEADER_RULES: &[HeaderRule] = &[
    response_header_removed::check,
    response_optional_header_removed::check,
    response_header_made_optional::check,
    webhook_response_rejected::check_header,
];

pub const DECLARATION_RULES: &[DeclarationRule] = &[
    request_constraint_tightened::check_declaration,
    response_constraint_loosened::check_declaration,
];

pub const SCHEMA_RULES: &[SchemaRule] = &[
    request_type_changed::RULE,
    request_enum_value_removed::RULE,
    request_constraint_tightened::RULE,
    request_property_made_required::RULE,
    request_widened::RULE,
    response_type_changed::RULE,
    response_property_made_nullable::RULE,
    response_value_replaced::RULE,
    response_enum_value_added::RULE,
    response_extensible_enum_value_added::RULE,
    response_constraint_loosened::RULE,
    response_pattern_loosened::RULE,
    response_property_removed::RULE,
    response_property_made_optional::RULE,
    response_narrowed::RULE,
    format_changed::RULE,
    schema_not_proven::RULE,
];

pub const ASSUMPTION_RULES: &[AssumptionRule] = &[
    object_closed::RULE,
    request_property_added::RULE,
    request_property_removed::RULE,
    response_optional_property_removed::RULE,
    response_property_added::RULE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources, Span};
    use crate::schema::containment::{Constraint, Fact, Incompatibility};

    /// Fixed answers to what naming may ask.
    struct Answers(bool);

    impl super::super::found::Schemas for Answers {
        fn only_null_added(&self, _: &Incompatibility) -> bool {
            self.0
        }
        fn extensible(&self, _: &Incompatibility) -> bool {
            self.0
        }
        fn still_declared(&self, _: &Incompatibility) -> bool {
            self.0
        }
        fn value_replaced(&self, _: &Incompatibility) -> bool {
            self.0
        }
    }

    #[test]
    fn exactly_one_rule_names_each_finding_of_the_checker() {
        let mut sources = Sources::new();
        let span = Span::new(sources.add("a.yaml", Side::New, "x"), 0..1);
        let facts = [
            Fact::ReaderAdmitsNothing,
            Fact::ValueNotListed {
                types: crate::schema::model::Types::STRING,
                accepted: Vec::new(),
            },
            Fact::UniqueItems,
            Fact::Pattern {
                reader: "a".into(),
                writer: Vec::new(),
            },
            Fact::Format {
                reader: "date".into(),
            },
            Fact::Required { name: "a".into() },
            Fact::AdditionalNotAllowed,
            Fact::UndeclaredProperty { name: "a".into() },
            Fact::NotUnproven,
        ];
        let constraints: Vec<Constraint> = facts.iter().map(Fact::constraint).collect();
        assert_eq!(constraints, Constraint::ALL, "a fact of every constraint");
        for fact in facts {
            let incompatibility = Incompatibility {
                fact,
                path: "/".into(),
                writer: span,
                reader: span,
            };
            for writer in [Writer::Client, Writer::Server] {
                for pairing in [Pairing::Breaking, Pairing::Reverse] {
                    for answer in [false, true] {
                        let found = Found {
                            writer,
                            pairing,
                            incompatibility: &incompatibility,
                            schemas: &Answers(answer),
                        };
                        let named: Vec<RuleId> = SCHEMA_RULES
                            .iter()
                            .filter(|rule| (rule.names)(&found))
                            .map(|rule| rule.id)
                            .collect();
                        assert_eq!(
                            named.len(),
                            1,
                            "{incompatibility:?} {writer:?} {pairing:?}: {named:?}"
                        );
                    }
                }
                for pairing in [Pairing::Breaking, Pairing::Reverse] {
                    for closed in [false, true] {
                        let named = ASSUMPTION_RULES
                            .iter()
                            .filter(|rule| (rule.names)(writer, pairing, closed))
                            .count();
                        assert_eq!(named, 1, "assumption {writer:?} {pairing:?} {closed}");
                    }
                }
            }
        }
    }
}
