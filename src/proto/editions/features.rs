//! The features an element resolves to: the defaults of its file's syntax or edition, then the
//! `features` options of the file, the enclosing messages and the element itself, the innermost
//! winning. Files in proto2 and proto3 have no `features` options; their defaults are what the
//! descriptors already say, so only files in an edition are resolved here.
//!
//! Read from the interpreted options (`FileOptions.features`, `MessageOptions.features`, ...):
//! the descriptor pool interprets them when it links the lowered file.

use prost_reflect::{
    DynamicMessage, EnumDescriptor, ExtensionDescriptor, FieldDescriptor, FileDescriptor, Kind,
    MessageDescriptor, ReflectMessage, Value,
};

/// Whether a singular field of a file in an edition tells unset from a zero value: message
/// fields and oneof members always do; other fields unless `field_presence` resolves to
/// `IMPLICIT`.
pub fn explicit_presence(field: &FieldDescriptor) -> bool {
    if field.is_list() || field.is_map() {
        return false;
    }
    if matches!(field.kind(), Kind::Message(_)) || field.containing_oneof().is_some() {
        return true;
    }
    resolved_for_field(field, "field_presence").as_deref() != Some("IMPLICIT")
}

/// Whether a message field of a file in an edition is encoded delimited (as a group); map fields
/// and their entries never are.
pub fn delimited(field: &FieldDescriptor) -> bool {
    // Maps stay length-prefixed whatever the feature says.
    !field.is_map()
        && !field.parent_message().is_map_entry()
        && matches!(field.kind(), Kind::Message(_))
        && resolved_for_field(field, "message_encoding").as_deref() == Some("DELIMITED")
}

/// Whether a message extension of a file in an edition is encoded delimited.
pub fn extension_delimited(extension: &ExtensionDescriptor) -> bool {
    let scope = extension.parent_message();
    let resolved = resolved_in_scope(
        &extension.options(),
        scope.as_ref(),
        &extension.parent_file(),
        "message_encoding",
    );
    matches!(extension.kind(), Kind::Message(_)) && resolved.as_deref() == Some("DELIMITED")
}

/// Whether a string field of a file in an edition is checked for valid UTF-8 when parsed
/// (`utf8_validation = VERIFY`, the editions default).
pub fn utf8_verified(field: &FieldDescriptor) -> bool {
    resolved_for_field(field, "utf8_validation").as_deref() != Some("NONE")
}

/// Whether an enum of a file in an edition is closed (`enum_type = CLOSED`; editions default to
/// open).
pub fn enum_closed(e: &EnumDescriptor) -> bool {
    let scope = e.parent_message();
    resolved_in_scope(&e.options(), scope.as_ref(), &e.parent_file(), "enum_type").as_deref()
        == Some("CLOSED")
}

/// Whether ProtoJSON is fully supported for a message of a file in an edition (`ALLOW`, the
/// editions default) rather than best effort.
pub fn json_allowed_for_message(message: &MessageDescriptor) -> bool {
    resolved_for_message(message, "json_format").is_none_or(|v| v == "ALLOW")
}

/// The same for an enum.
pub fn json_allowed_for_enum(e: &EnumDescriptor) -> bool {
    let scope = e.parent_message();
    resolved_in_scope(
        &e.options(),
        scope.as_ref(),
        &e.parent_file(),
        "json_format",
    )
    .is_none_or(|v| v == "ALLOW")
}

/// A feature of an element declared in `scope` (a message) or at the top of `file`.
fn resolved_in_scope(
    own: &DynamicMessage,
    scope: Option<&MessageDescriptor>,
    file: &FileDescriptor,
    name: &str,
) -> Option<String> {
    feature(own, name).or_else(|| match scope {
        Some(message) => resolved_for_message(message, name),
        None => feature(&file.options(), name),
    })
}

fn resolved_for_field(field: &FieldDescriptor, name: &str) -> Option<String> {
    feature(&field.options(), name).or_else(|| resolved_for_message(field.parent_message(), name))
}

fn resolved_for_message(message: &MessageDescriptor, name: &str) -> Option<String> {
    feature(&message.options(), name)
        .or_else(|| {
            message
                .parent_message()
                .and_then(|parent| resolved_for_message(&parent, name))
        })
        .or_else(|| feature(&message.parent_file().options(), name))
}

/// One feature set explicitly in an element's options, by the name of its value: the numbers
/// of some values differ between versions of descriptor.proto.
fn feature(options: &DynamicMessage, name: &str) -> Option<String> {
    if !options.has_field_by_name("features") {
        return None;
    }
    let features = options.get_field_by_name("features")?;
    let Value::Message(features) = features.as_ref() else {
        return None;
    };
    if !features.has_field_by_name(name) {
        return None;
    }
    let field = features.descriptor().get_field_by_name(name)?;
    let Kind::Enum(values) = field.kind() else {
        return None;
    };
    match features.get_field_by_name(name)?.as_ref() {
        Value::EnumNumber(number) => values.get_value(*number).map(|v| v.name().to_owned()),
        _ => None,
    }
}
