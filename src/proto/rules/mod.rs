//! One function per rule. Each receives a pair from `diff` (a field, an enum value, a message, an
//! enum, a service or a method) and words what it finds. The rule's class, windows and effect are
//! on its page in `rules/proto/`; where the verdict depends on the encodings that cross the
//! version boundary, there is one rule per verdict and each fires only under its condition.

use prost_reflect::{
    EnumDescriptor, EnumValueDescriptor, ExtensionDescriptor, FieldDescriptor, FileDescriptor,
    MessageDescriptor, MethodDescriptor, ServiceDescriptor,
};

use super::diff::{Diff, ExtensionChange, FieldChange, Pair, ValueChange};
use super::editions::features;
use super::model::{Encodings, Referrer, Schema};
use super::types::{self, Compat};
use crate::core::{Capped, Change, Finding, Side, Sources, Span, capped};
use crate::input::config::Encoding;

pub mod buf_policy_not_applied;
pub mod enum_openness_changed;
pub mod enum_removed;
pub mod enum_renamed;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod enum_value_removed_unreserved;
pub mod enum_value_renamed;
pub mod enum_value_renamed_binary_only;
pub mod enum_value_renumbered;
pub mod enum_value_renumbered_json_only;
pub mod extension_removed;
pub mod extension_renamed;
pub mod extension_renamed_binary_only;
pub mod extension_renumbered;
pub mod extension_type_changed;
pub mod extension_type_changed_compatible;
pub mod field_added;
pub mod field_added_json;
pub mod field_cardinality_changed;
pub mod field_default_changed;
pub mod field_lone_oneof_changed;
pub mod field_oneof_changed;
pub mod field_presence_changed;
pub mod field_removed;
pub mod field_removed_unreserved;
pub mod field_renamed;
pub mod field_renamed_binary_only;
pub mod field_renumbered;
pub mod field_renumbered_json_only;
pub mod field_type_changed;
pub mod field_type_changed_compatible;
pub mod field_type_changed_json;
pub mod field_type_renamed;
pub mod field_utf8_validation_changed;
pub mod json_format_changed;
pub mod json_name_changed;
pub mod message_removed;
pub mod message_renamed;
pub mod message_set_wire_format_changed;
pub mod package_changed;
pub mod required_changed;
pub mod reserved_removed;
pub mod reserved_reused;
pub mod rpc_added;
pub mod rpc_idempotency_changed;
pub mod rpc_removed;
pub mod rpc_streaming_changed;
pub mod rpc_type_changed;
pub mod service_added;
pub mod service_removed;

// Each rule declares the id of its page.
include!(concat!(env!("OUT_DIR"), "/rules_proto.rs"));
mod field_type;

/// What every rule sees: both sides, the pairing and the configured encoding.
pub struct Cx<'a> {
    pub old: &'a Schema,
    pub new: &'a Schema,
    pub diff: &'a Diff,
    pub sources: &'a Sources,
    /// From compat.toml; `None` decides per type (see [`Schema::encodings`]).
    pub encoding: Option<Encoding>,
}

/// A descriptor element with a place in a file.
pub trait Element {
    /// The descriptor field of the element's options (`option ...;` statements, `[...]` lists).
    const OPTIONS: i32;
    fn file(&self) -> FileDescriptor;
    fn location(&self) -> &[i32];
}

macro_rules! element {
    ($($ty:ty => $options:expr),+) => {$(
        impl Element for $ty {
            const OPTIONS: i32 = $options;
            fn file(&self) -> FileDescriptor {
                self.parent_file()
            }
            fn location(&self) -> &[i32] {
                self.path()
            }
        }
    )+};
}

element!(
    MessageDescriptor => 7,
    FieldDescriptor => 8,
    EnumDescriptor => 3,
    EnumValueDescriptor => 3,
    ServiceDescriptor => 3,
    MethodDescriptor => 4,
    ExtensionDescriptor => 8
);

impl Cx<'_> {
    pub fn schema(&self, side: Side) -> &Schema {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// Whether a singular field tells unset from a zero value, by its features in an edition.
    pub fn has_presence(&self, side: Side, field: &FieldDescriptor) -> bool {
        if self.schema(side).in_edition(&field.parent_file()) {
            features::explicit_presence(field)
        } else {
            field.supports_presence()
        }
    }

    /// Whether a field's strings are checked for valid UTF-8 when parsed: proto3, or
    /// `utf8_validation = VERIFY` in an edition; proto2 checks nothing.
    pub fn utf8_verified(&self, side: Side, field: &FieldDescriptor) -> bool {
        let file = field.parent_file();
        if self.schema(side).in_edition(&file) {
            features::utf8_verified(field)
        } else {
            file.syntax() == prost_reflect::Syntax::Proto3
        }
    }

    /// Whether an enum is closed: a proto2 enum, or `enum_type = CLOSED` in an edition.
    pub fn enum_closed(&self, side: Side, e: &EnumDescriptor) -> bool {
        let file = e.parent_file();
        if self.schema(side).in_edition(&file) {
            features::enum_closed(e)
        } else {
            file.syntax() == prost_reflect::Syntax::Proto2
        }
    }

    /// Whether a field is encoded delimited: a proto2 group, or `DELIMITED` in an edition.
    pub fn delimited(&self, side: Side, field: &FieldDescriptor) -> bool {
        if self.schema(side).in_edition(&field.parent_file()) {
            features::delimited(field)
        } else {
            field.is_group()
        }
    }

    /// The span of a part of an element (`suffix` appended to its path), else of the element.
    pub fn span(&self, side: Side, element: &impl Element, suffix: &[i32]) -> Option<Span> {
        let schema = self.schema(side);
        let file = element.file();
        let mut path = element.location().to_vec();
        path.extend_from_slice(suffix);
        schema
            .span(self.sources, &file, &path)
            .or_else(|| schema.span(self.sources, &file, element.location()))
    }

    /// The span of the name of an element: where a finding about a deletion inside it points.
    pub fn name_span(&self, side: Side, element: &impl Element) -> Option<Span> {
        self.span(side, element, &[super::spans::tag::NAME])
    }

    /// Where an element sets a feature itself (`option features.<name> = ...;` or
    /// `[features.<name> = ...]`), else its name: the frame of a change of that feature.
    pub fn feature_span<E: Element>(&self, side: Side, element: &E, name: &str) -> Option<Span> {
        let mut options = element.location().to_vec();
        options.push(E::OPTIONS);
        let schema = self.schema(side);
        let feature = format!("features.{name}");
        schema
            .spans_within(self.sources, &element.file(), &options)
            .find(|span| {
                let text = self.sources.get(span.file).text();
                text.get(span.range()).is_some_and(|t| t.contains(&feature))
            })
            .or_else(|| self.name_span(side, element))
    }

    /// The encodings that reach a type on either side.
    pub fn encodings(&self, old_type: &str, new_type: &str) -> Encodings {
        match self.encoding {
            Some(encoding) => Encodings::configured(encoding),
            None => self
                .old
                .encodings(old_type)
                .union(self.new.encodings(new_type)),
        }
    }

    pub fn message_encodings(&self, pair: &Pair<MessageDescriptor>) -> Encodings {
        self.encodings(pair.old.full_name(), pair.new.full_name())
    }

    pub fn enum_encodings(&self, pair: &Pair<EnumDescriptor>) -> Encodings {
        self.encodings(pair.old.full_name(), pair.new.full_name())
    }

    /// Notes naming the encodings a verdict assumed and the methods and payloads a change in a
    /// type reaches.
    pub fn notes(&self, finding: Finding, new_type: &str, encodings: Encodings) -> Finding {
        let assumed = match self.encoding {
            Some(_) => format!("compared for {} (set in compat.toml)", encodings.describe()),
            None if encodings.json => format!(
                "compared for {}: ProtoJSON is assumed to cross unless compat.toml sets `encoding`",
                encodings.describe()
            ),
            None => format!(
                "compared for {}: only gRPC methods without HTTP annotations reach this type; set `encoding = \"both\"` in compat.toml if ProtoJSON crosses",
                encodings.describe()
            ),
        };
        let finding = finding.with_note(assumed);
        match users_note(self.new, new_type) {
            Some(note) => finding.with_note(note),
            None => finding,
        }
    }

    /// Adds the new-side label when the span is known.
    pub fn at_new(&self, finding: Finding, span: Option<Span>, label: &str) -> Finding {
        match span {
            Some(span) => finding.at_new(span, label),
            None => finding,
        }
    }

    pub fn at_old(&self, finding: Finding, span: Option<Span>, label: &str) -> Finding {
        match span {
            Some(span) => finding.at_old(span, label),
            None => finding,
        }
    }

    /// Frames the number of an element that kept its name: the new number, then the old one.
    /// `number_tag` is the descriptor field of the number (a field's or an enum value's).
    pub fn at_numbers(
        &self,
        finding: Finding,
        old: &impl Element,
        new: &impl Element,
        number_tag: i32,
    ) -> Finding {
        let finding = self.at_new(
            finding,
            self.span(Side::New, new, &[number_tag]),
            "new number",
        );
        self.at_old(
            finding,
            self.span(Side::Old, old, &[number_tag]),
            "old number",
        )
    }

    /// Where a removed type's file is on the new side: its package statement.
    pub fn new_file_span(&self, old_file: &FileDescriptor) -> Option<Span> {
        let file = self.new.pool.get_file_by_name(old_file.name())?;
        self.new
            .span(self.sources, &file, &[super::spans::tag::FILE_PACKAGE])
    }

    /// How a kept field's type changed; `None` when the cardinality changed (its own rule).
    /// Whether a full name changed for another reason than its file's package changing (that is
    /// `proto/package-changed`): `(full name, package)` on each side.
    pub fn renamed(&self, old: (&str, &str), new: (&str, &str)) -> bool {
        let local = |(full, package): (&str, &str)| -> String {
            full.strip_prefix(package)
                .map_or(full, |rest| rest.trim_start_matches('.'))
                .to_owned()
        };
        if local(old) != local(new) {
            return true;
        }
        old.1 != new.1
            && !self
                .diff
                .files
                .iter()
                .any(|(o, n)| o.package_name() == old.1 && n.package_name() == new.1)
    }

    pub fn type_change(&self, old: &FieldDescriptor, new: &FieldDescriptor) -> Option<Compat> {
        if old.is_list() != new.is_list() || old.is_map() != new.is_map() {
            return None;
        }
        if self.delimited(Side::Old, old) != self.delimited(Side::New, new) {
            return Some(Compat::Incompatible);
        }
        Some(types::compare(&old.kind(), &new.kind(), &self.diff.types))
    }

    /// The change of a field's element type, whatever its cardinality did: a field that turns
    /// `repeated` and changes its type changes twice, and each is reported by its own rule.
    pub fn element_type_change(&self, old: &FieldDescriptor, new: &FieldDescriptor) -> Compat {
        if self.delimited(Side::Old, old) != self.delimited(Side::New, new) {
            return Compat::Incompatible;
        }
        types::compare(&old.kind(), &new.kind(), &self.diff.types)
    }
}

/// "reaches ReceiptService.SendReceipt (request), payload Receipt", the first few of them.
fn users_note(schema: &Schema, type_name: &str) -> Option<String> {
    let users = schema.users(type_name);
    if users.is_empty() {
        return None;
    }
    let short = |name: &str| {
        name.rsplit('.').nth(1).map_or(name.to_owned(), |service| {
            format!("{service}.{}", name.rsplit('.').next().unwrap_or(name))
        })
    };
    let Capped {
        shown: mut parts,
        more,
    } = capped(users.iter().map(|user| match user {
        Referrer::Rpc { method, request } => format!(
            "`{}` ({})",
            short(method),
            if *request { "request" } else { "response" }
        ),
        Referrer::Message(name) => format!("payload `{name}`"),
    }));
    if more > 0 {
        parts.push(format!("{more} more"));
    }
    Some(format!("the change reaches {}", parts.join(", ")))
}

/// Whether a removed type is still referred to by a field or method that the new version keeps:
/// that reference changed type, and is reported where it is.
pub fn removed_type_referenced(cx: &Cx<'_>, type_name: &str) -> bool {
    cx.old
        .referrers(type_name)
        .iter()
        .any(|referrer| match referrer {
            Referrer::Message(message) => cx.diff.types.contains_old(message),
            Referrer::Rpc { method, .. } => cx.diff.services.iter().any(|change| match change {
                Change::Kept { old, new } => old.methods().any(|m| {
                    m.full_name() == method && new.methods().any(|n| n.name() == m.name())
                }),
                _ => false,
            }),
        })
}

/// Whether a number is in a message's reserved ranges.
pub fn message_reserves_number(message: &MessageDescriptor, number: u32) -> bool {
    message.reserved_ranges().any(|r| r.contains(&number))
}

pub fn message_reserves_name(message: &MessageDescriptor, name: &str) -> bool {
    message.reserved_names().any(|n| n == name)
}

pub fn enum_reserves_number(e: &EnumDescriptor, number: i32) -> bool {
    e.reserved_ranges().any(|r| r.contains(&number))
}

pub fn enum_reserves_name(e: &EnumDescriptor, name: &str) -> bool {
    e.reserved_names().any(|n| n == name)
}

/// Whether an added field takes a number or name the old message reserved.
pub fn reuses_reserved_field(pair: &Pair<MessageDescriptor>, field: &FieldDescriptor) -> bool {
    message_reserves_number(&pair.old, field.number())
        || message_reserves_name(&pair.old, field.name())
}

pub fn reuses_reserved_value(pair: &Pair<EnumDescriptor>, value: &EnumValueDescriptor) -> bool {
    enum_reserves_number(&pair.old, value.number()) || enum_reserves_name(&pair.old, value.name())
}

/// Whether a kept field's number now carries a different, wire-incompatible field: its rename is
/// part of that reuse and is not reported on its own.
pub fn number_reused(cx: &Cx<'_>, old: &FieldDescriptor, new: &FieldDescriptor) -> bool {
    match cx.type_change(old, new) {
        Some(Compat::Incompatible) | None => old.name() != new.name(),
        _ => false,
    }
}

/// The reserved statement of a message covering a number, on the new side.
pub fn reserved_range_span(cx: &Cx<'_>, message: &MessageDescriptor, number: u32) -> Option<Span> {
    use super::spans::tag::MESSAGE_RESERVED_RANGE;
    let index = message
        .reserved_ranges()
        .position(|r| r.contains(&number))?;
    cx.span(
        Side::New,
        message,
        &[MESSAGE_RESERVED_RANGE, i32::try_from(index).ok()?],
    )
}

pub fn enum_reserved_range_span(cx: &Cx<'_>, e: &EnumDescriptor, number: i32) -> Option<Span> {
    use super::spans::tag::ENUM_RESERVED_RANGE;
    let index = e.reserved_ranges().position(|r| r.contains(&number))?;
    cx.span(
        Side::New,
        e,
        &[ENUM_RESERVED_RANGE, i32::try_from(index).ok()?],
    )
}

pub type FieldRule = fn(&Cx<'_>, &Pair<MessageDescriptor>, &FieldChange, &mut Vec<Finding>);
pub type ValueRule = fn(&Cx<'_>, &Pair<EnumDescriptor>, &ValueChange, &mut Vec<Finding>);
pub type MessageRule = fn(&Cx<'_>, &Pair<MessageDescriptor>, &mut Vec<Finding>);
pub type EnumRule = fn(&Cx<'_>, &Pair<EnumDescriptor>, &mut Vec<Finding>);
pub type ServiceRule = fn(&Cx<'_>, &Change<ServiceDescriptor>, &mut Vec<Finding>);
pub type MethodRule = fn(&Cx<'_>, &ServiceDescriptor, &Change<MethodDescriptor>, &mut Vec<Finding>);
pub type DiffRule = fn(&Cx<'_>, &mut Vec<Finding>);
pub type ExtensionRule = fn(&Cx<'_>, &ExtensionChange, &mut Vec<Finding>);

pub const FIELD_RULES: &[FieldRule] = &[
    field_removed::check,
    field_removed_unreserved::check,
    field_renamed::check,
    field_renamed_binary_only::check,
    json_name_changed::check,
    field_renumbered::check,
    field_renumbered_json_only::check,
    field_type_changed::check,
    field_type_changed_compatible::check,
    field_type_renamed::check,
    field_utf8_validation_changed::check,
    field_type_changed_json::check,
    field_cardinality_changed::check,
    field_presence_changed::check,
    field_oneof_changed::check,
    field_lone_oneof_changed::check,
    required_changed::check,
    field_default_changed::check,
    field_added::check,
    field_added_json::check,
    reserved_reused::check_field,
];

pub const VALUE_RULES: &[ValueRule] = &[
    enum_value_added::check,
    enum_value_removed::check,
    enum_value_removed_unreserved::check,
    enum_value_renamed::check,
    enum_value_renamed_binary_only::check,
    enum_value_renumbered::check,
    enum_value_renumbered_json_only::check,
    reserved_reused::check_value,
];

pub const MESSAGE_RULES: &[MessageRule] = &[
    reserved_removed::check_message,
    message_renamed::check,
    message_set_wire_format_changed::check,
    json_format_changed::check_message,
];

pub const ENUM_RULES: &[EnumRule] = &[
    reserved_removed::check_enum,
    enum_renamed::check,
    enum_openness_changed::check,
    json_format_changed::check_enum,
];

pub const EXTENSION_RULES: &[ExtensionRule] = &[
    extension_removed::check,
    extension_renamed::check,
    extension_renamed_binary_only::check,
    extension_renumbered::check,
    extension_type_changed::check,
    extension_type_changed_compatible::check,
    field_default_changed::check_extension,
];

pub const SERVICE_RULES: &[ServiceRule] = &[service_removed::check, service_added::check];

pub const METHOD_RULES: &[MethodRule] = &[
    rpc_removed::check,
    rpc_added::check,
    rpc_type_changed::check,
    rpc_streaming_changed::check,
    rpc_idempotency_changed::check,
];

pub const DIFF_RULES: &[DiffRule] = &[
    message_removed::check,
    enum_removed::check,
    package_changed::check,
];

#[cfg(test)]
mod tests;
