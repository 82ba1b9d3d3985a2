//! Whether a value written with one field type is read correctly with another, on the wire and
//! in ProtoJSON. Message and enum types are compared by structure, through the types they
//! reference, so a type replaced by an identical one under another name is not a change.

use std::collections::HashSet;

use prost_reflect::{EnumDescriptor, Kind, MessageDescriptor};

use super::diff::TypeMap;

/// How compatible two field types are, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compat {
    /// Every value reads back as written, in both encodings.
    Same,
    /// Same wire and JSON representation, but values outside the narrower type are truncated or
    /// reinterpreted (int32 and int64; fixed32 and sfixed32), or one side has fields or enum
    /// values the other does not know.
    Narrowing,
    /// Compatible on the wire only: the ProtoJSON representation differs (int32 is a number,
    /// int64 a string; string is text, bytes base64; enum values by name).
    WireOnly,
    /// Different wire types: the reader skips the value or misreads it.
    Incompatible,
}

/// Compares a field's old type with its new one.
pub fn compare(old: &Kind, new: &Kind, types: &TypeMap) -> Compat {
    let mut seen = HashSet::new();
    kind(old, new, types, &mut seen)
}

fn kind(old: &Kind, new: &Kind, types: &TypeMap, seen: &mut HashSet<(String, String)>) -> Compat {
    match (old, new) {
        (Kind::Message(a), Kind::Message(b)) => messages(a, b, types, seen),
        (Kind::Enum(a), Kind::Enum(b)) => enums(a, b, types),
        (Kind::Enum(_), other) | (other, Kind::Enum(_)) => {
            if group(other) == Some(Group::Varint) {
                Compat::WireOnly
            } else {
                Compat::Incompatible
            }
        }
        (a, b) if a == b => Compat::Same,
        (a, b) => match (group(a), group(b)) {
            (Some(x), Some(y)) if x == y => {
                if json_interchangeable(a, b) {
                    Compat::Narrowing
                } else {
                    Compat::WireOnly
                }
            }
            _ => Compat::Incompatible,
        },
    }
}

/// Scalar types that share a wire encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Varint,
    ZigZag,
    Fixed32,
    Fixed64,
    LengthDelimited,
}

fn group(kind: &Kind) -> Option<Group> {
    Some(match kind {
        Kind::Int32 | Kind::Int64 | Kind::Uint32 | Kind::Uint64 | Kind::Bool => Group::Varint,
        Kind::Sint32 | Kind::Sint64 => Group::ZigZag,
        Kind::Fixed32 | Kind::Sfixed32 => Group::Fixed32,
        Kind::Fixed64 | Kind::Sfixed64 => Group::Fixed64,
        Kind::String | Kind::Bytes => Group::LengthDelimited,
        _ => return None,
    })
}

/// Pairs whose ProtoJSON forms are the same kind of token (both numbers, or both strings).
fn json_interchangeable(a: &Kind, b: &Kind) -> bool {
    let pair = |x: &Kind, y: &Kind| {
        matches!(
            (x, y),
            (Kind::Int32, Kind::Uint32)
                | (Kind::Int64, Kind::Uint64)
                | (Kind::Fixed32, Kind::Sfixed32)
                | (Kind::Fixed64, Kind::Sfixed64)
        )
    };
    pair(a, b) || pair(b, a)
}

fn messages(
    old: &MessageDescriptor,
    new: &MessageDescriptor,
    types: &TypeMap,
    seen: &mut HashSet<(String, String)>,
) -> Compat {
    // A map entry has no identity of its own: its key and value types are the map's type, so
    // they are compared even when the diff paired the entries by name.
    if old.is_map_entry() && new.is_map_entry() {
        let key = kind(
            &old.map_entry_key_field().kind(),
            &new.map_entry_key_field().kind(),
            types,
            seen,
        );
        let value = kind(
            &old.map_entry_value_field().kind(),
            &new.map_entry_value_field().kind(),
            types,
            seen,
        );
        return key.max(value);
    }
    if types.same(old.full_name(), new.full_name()) {
        return Compat::Same;
    }
    if !seen.insert((old.full_name().to_owned(), new.full_name().to_owned())) {
        return Compat::Same;
    }
    let mut worst = Compat::Same;
    for field in old.fields() {
        let Some(other) = new.get_field(field.number()) else {
            worst = worst.max(Compat::Narrowing);
            continue;
        };
        let mut compat = if field.is_list() != other.is_list() || field.is_map() != other.is_map() {
            Compat::Incompatible
        } else {
            kind(&field.kind(), &other.kind(), types, seen)
        };
        if field.name() != other.name() || field.json_name() != other.json_name() {
            compat = compat.max(Compat::WireOnly);
        }
        worst = worst.max(compat);
    }
    if new.fields().any(|f| old.get_field(f.number()).is_none()) {
        worst = worst.max(Compat::Narrowing);
    }
    worst
}

fn enums(old: &EnumDescriptor, new: &EnumDescriptor, types: &TypeMap) -> Compat {
    if types.same(old.full_name(), new.full_name()) {
        return Compat::Same;
    }
    let mut worst = Compat::Same;
    for value in old.values() {
        match new.get_value(value.number()) {
            None => worst = worst.max(Compat::Narrowing),
            Some(other) if other.name() != value.name() => worst = worst.max(Compat::WireOnly),
            Some(_) => {}
        }
    }
    if new.values().any(|v| old.get_value(v.number()).is_none()) {
        worst = worst.max(Compat::Narrowing);
    }
    worst
}

/// Whether two types are the same structure all the way down: field numbers, labels, names, JSON
/// names and types, and enum values, following every referenced type whatever its name (where
/// [`compare`] takes types the diff paired as the same).
pub fn identical(old: &Kind, new: &Kind) -> bool {
    identical_kinds(old, new, &mut HashSet::new())
}

fn identical_kinds(old: &Kind, new: &Kind, seen: &mut HashSet<(String, String)>) -> bool {
    match (old, new) {
        (Kind::Message(a), Kind::Message(b)) => {
            if !seen.insert((a.full_name().to_owned(), b.full_name().to_owned())) {
                return true;
            }
            a.fields().count() == b.fields().count()
                && a.fields().all(|f| {
                    b.get_field(f.number()).is_some_and(|g| {
                        f.name() == g.name()
                            && f.json_name() == g.json_name()
                            && f.cardinality() == g.cardinality()
                            && f.is_map() == g.is_map()
                            && identical_kinds(&f.kind(), &g.kind(), seen)
                    })
                })
        }
        (Kind::Enum(a), Kind::Enum(b)) => {
            let values = |e: &EnumDescriptor| -> Vec<(i32, String)> {
                let mut values: Vec<(i32, String)> = e
                    .values()
                    .map(|v| (v.number(), v.name().to_owned()))
                    .collect();
                values.sort();
                values
            };
            values(a) == values(b)
        }
        (a, b) => a == b,
    }
}

/// The first way two message types differ, for a message that names both: a field only one
/// has, or a field whose type or name differs. `None` when they have the same structure.
pub fn first_difference(
    old: &MessageDescriptor,
    new: &MessageDescriptor,
    types: &TypeMap,
) -> Option<String> {
    for field in old.fields() {
        let Some(other) = new.get_field(field.number()) else {
            return Some(format!(
                "field {} `{}` is only in the old type",
                field.number(),
                field.name()
            ));
        };
        let same_shape = field.is_list() == other.is_list() && field.is_map() == other.is_map();
        if !same_shape || compare(&field.kind(), &other.kind(), types) != Compat::Same {
            let (mut old_type, mut new_type) = (describe(&field.kind()), describe(&other.kind()));
            if old_type == new_type {
                (old_type, new_type) = (full_name(&field.kind()), full_name(&other.kind()));
            }
            return Some(format!(
                "field {} is `{old_type} {}` in the old type and `{new_type} {}` in the new one",
                field.number(),
                field.name(),
                other.name()
            ));
        }
        if field.name() != other.name() || field.json_name() != other.json_name() {
            return Some(format!(
                "field {} is named `{}` in the old type and `{}` in the new one",
                field.number(),
                field.name(),
                other.name()
            ));
        }
    }
    new.fields()
        .find(|f| old.get_field(f.number()).is_none())
        .map(|f| {
            format!(
                "field {} `{}` is only in the new type",
                f.number(),
                f.name()
            )
        })
}

/// A field's type as declared: `map<string, Money>` for a map, else as [`describe`] says.
pub fn describe_field(field: &prost_reflect::FieldDescriptor) -> String {
    match field.kind() {
        Kind::Message(entry) if field.is_map() => {
            let key = entry.map_entry_key_field().kind();
            let value = entry.map_entry_value_field().kind();
            format!("map<{}, {}>", describe(&key), describe(&value))
        }
        kind => describe(&kind),
    }
}

/// A type's full name, for messages where short names would read alike.
fn full_name(kind: &Kind) -> String {
    match kind {
        Kind::Message(m) => m.full_name().to_owned(),
        Kind::Enum(e) => format!("enum {}", e.full_name()),
        other => describe(other),
    }
}

/// A short name for a type in messages: `int32`, `Discount`, `enum PaymentMethod`.
pub fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Message(m) => m.name().to_owned(),
        Kind::Enum(e) => format!("enum {}", e.name()),
        Kind::Double => "double".into(),
        Kind::Float => "float".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Uint32 => "uint32".into(),
        Kind::Uint64 => "uint64".into(),
        Kind::Sint32 => "sint32".into(),
        Kind::Sint64 => "sint64".into(),
        Kind::Fixed32 => "fixed32".into(),
        Kind::Fixed64 => "fixed64".into(),
        Kind::Sfixed32 => "sfixed32".into(),
        Kind::Sfixed64 => "sfixed64".into(),
        Kind::Bool => "bool".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "bytes".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_groups_follow_the_wire_and_json_encodings() {
        let types = TypeMap::default();
        assert_eq!(
            compare(&Kind::Int32, &Kind::Uint32, &types),
            Compat::Narrowing
        );
        assert_eq!(
            compare(&Kind::Int32, &Kind::Int64, &types),
            Compat::WireOnly
        );
        assert_eq!(
            compare(&Kind::Sint32, &Kind::Sint64, &types),
            Compat::WireOnly
        );
        assert_eq!(
            compare(&Kind::Sint32, &Kind::Int32, &types),
            Compat::Incompatible
        );
        assert_eq!(
            compare(&Kind::Fixed64, &Kind::Sfixed64, &types),
            Compat::Narrowing
        );
        assert_eq!(
            compare(&Kind::String, &Kind::Bytes, &types),
            Compat::WireOnly
        );
        assert_eq!(
            compare(&Kind::Float, &Kind::Double, &types),
            Compat::Incompatible
        );
        assert_eq!(compare(&Kind::Bool, &Kind::Bool, &types), Compat::Same);
    }
}
