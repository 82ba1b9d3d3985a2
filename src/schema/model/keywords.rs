//! The keywords of one schema object. Most schemas use few of them, so the keywords of each
//! kind of value (numbers, strings, objects, arrays) and the applicators live in groups
//! allocated only when one of their keywords is declared: a graph of a large API holds tens of
//! thousands of schemas.

use serde_json::Value;

use super::{Kw, SchemaId, Types};
use crate::core::Span;

/// A declared property.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// Shared with the document's other keys of the same name.
    pub name: std::sync::Arc<str>,
    /// The property's key in `properties`.
    pub span: Span,
    pub schema: SchemaId,
}

/// `if` / `then` / `else`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditional {
    pub condition: Kw<SchemaId>,
    pub then: Option<SchemaId>,
    pub otherwise: Option<SchemaId>,
}

/// The assertions and applicators of one schema object. Annotations other than the ones the
/// checker uses (`readOnly`, `writeOnly`) are not kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keywords {
    pub types: Option<Kw<Types>>,
    /// `enum`, or `const` as an enum of one.
    pub values: Option<Kw<Vec<Value>>>,
    /// Resolved `$ref`s; in 2019-09 and later they apply alongside the siblings.
    pub refs: Vec<Kw<SchemaId>>,
    /// OpenAPI 3.0 `nullable: true` (already folded into `types`).
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Assertion keywords this model does not understand (`$dynamicRef`, `$recursiveRef`, a
    /// reference to a meta-schema, an invalid keyword). A reader that has one cannot be proven
    /// to accept anything its writer did not identically declare.
    pub unsupported: Vec<Kw<String>>,
    /// Each group is absent rather than empty ([`Keywords::shrink`]), so that equal keywords
    /// compare equal.
    numbers: Option<Box<Numbers>>,
    strings: Option<Box<Strings>>,
    objects: Option<Box<Objects>>,
    arrays: Option<Box<Arrays>>,
    applicators: Option<Box<Applicators>>,
    extra: Option<Box<Extra>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Numbers {
    pub minimum: Option<Kw<f64>>,
    pub maximum: Option<Kw<f64>>,
    pub exclusive_minimum: Option<Kw<f64>>,
    pub exclusive_maximum: Option<Kw<f64>>,
    pub multiple_of: Option<Kw<f64>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings {
    pub min_length: Option<Kw<u64>>,
    pub max_length: Option<Kw<u64>>,
    pub pattern: Option<Kw<String>>,
    pub format: Option<Kw<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Objects {
    pub properties: Vec<Property>,
    /// Positions in `properties` sorted by name, for schemas with many (see
    /// [`Keywords::index_properties`]).
    pub property_order: Option<Box<[u32]>>,
    pub pattern_properties: Vec<(Kw<String>, SchemaId)>,
    pub additional_properties: Option<Kw<SchemaId>>,
    pub property_names: Option<Kw<SchemaId>>,
    /// Each required name with the span of its string.
    pub required: Vec<Kw<String>>,
    pub min_properties: Option<Kw<u64>>,
    pub max_properties: Option<Kw<u64>>,
    /// `dependentRequired` (or the array form of `dependencies`): when the key is present, the
    /// names must be too.
    pub dependent_required: Vec<Kw<(String, Vec<String>)>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arrays {
    pub prefix_items: Vec<SchemaId>,
    /// The schema of every item after `prefix_items`.
    pub items: Option<Kw<SchemaId>>,
    pub contains: Option<Kw<SchemaId>>,
    pub min_contains: Option<Kw<u64>>,
    pub max_contains: Option<Kw<u64>>,
    pub min_items: Option<Kw<u64>>,
    pub max_items: Option<Kw<u64>>,
    pub unique_items: Option<Kw<bool>>,
}

/// Keywords few schemas use, kept apart so that the groups most schemas have stay small.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// `contentEncoding` and `contentMediaType`: how a string is read, compared as text.
    pub content_encoding: Option<Kw<String>>,
    pub content_media_type: Option<Kw<String>>,
    /// `contentSchema`: what the decoded content must satisfy.
    pub content_schema: Option<Kw<SchemaId>>,
    /// `dependentSchemas` (or the schema form of `dependencies`): when the key is present, the
    /// object must also be valid against the schema.
    pub dependent_schemas: Vec<(Kw<String>, SchemaId)>,
    /// `unevaluatedProperties`.
    pub unevaluated_properties: Option<Kw<SchemaId>>,
    /// `unevaluatedItems`: read as `items` where there is none.
    pub unevaluated_items: Option<Kw<SchemaId>>,
    /// `additionalItems` beside no array-valued `items`: the drafts ignore it, but validators
    /// differ (Ajv's strict mode refuses such a schema), so a change to it is named.
    pub stray_additional_items: Option<Kw<SchemaId>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applicators {
    pub all_of: Vec<SchemaId>,
    pub any_of: Option<Kw<Vec<SchemaId>>>,
    pub one_of: Option<Kw<Vec<SchemaId>>>,
    pub not: Option<Kw<SchemaId>>,
    pub conditional: Option<Conditional>,
}

static NO_NUMBERS: Numbers = Numbers {
    minimum: None,
    maximum: None,
    exclusive_minimum: None,
    exclusive_maximum: None,
    multiple_of: None,
};

static NO_STRINGS: Strings = Strings {
    min_length: None,
    max_length: None,
    pattern: None,
    format: None,
};

static NO_OBJECTS: Objects = Objects {
    properties: Vec::new(),
    property_order: None,
    pattern_properties: Vec::new(),
    additional_properties: None,
    property_names: None,
    required: Vec::new(),
    min_properties: None,
    max_properties: None,
    dependent_required: Vec::new(),
};

static NO_ARRAYS: Arrays = Arrays {
    prefix_items: Vec::new(),
    items: None,
    contains: None,
    min_contains: None,
    max_contains: None,
    min_items: None,
    max_items: None,
    unique_items: None,
};

static NO_EXTRA: Extra = Extra {
    content_encoding: None,
    content_media_type: None,
    content_schema: None,
    dependent_schemas: Vec::new(),
    unevaluated_properties: None,
    unevaluated_items: None,
    stray_additional_items: None,
};

static NO_APPLICATORS: Applicators = Applicators {
    all_of: Vec::new(),
    any_of: None,
    one_of: None,
    not: None,
    conditional: None,
};

impl Keywords {
    pub fn numbers(&self) -> &Numbers {
        self.numbers.as_deref().unwrap_or(&NO_NUMBERS)
    }

    pub fn strings(&self) -> &Strings {
        self.strings.as_deref().unwrap_or(&NO_STRINGS)
    }

    pub fn objects(&self) -> &Objects {
        self.objects.as_deref().unwrap_or(&NO_OBJECTS)
    }

    pub fn arrays(&self) -> &Arrays {
        self.arrays.as_deref().unwrap_or(&NO_ARRAYS)
    }

    pub fn applicators(&self) -> &Applicators {
        self.applicators.as_deref().unwrap_or(&NO_APPLICATORS)
    }

    pub fn extra(&self) -> &Extra {
        self.extra.as_deref().unwrap_or(&NO_EXTRA)
    }

    /// Whether a keyword of [`Extra`] is declared (groups are absent when empty).
    pub fn has_extra(&self) -> bool {
        self.extra.is_some()
    }

    /// What names no `properties` or `patternProperties` take must satisfy:
    /// `additionalProperties`, or else `unevaluatedProperties`, read as if only this schema's
    /// names were evaluated (the checker widens that set where a reader's subschemas declare
    /// more; see `containment::objects`).
    pub fn additional(&self) -> Option<&Kw<SchemaId>> {
        self.objects()
            .additional_properties
            .as_ref()
            .or(self.extra().unevaluated_properties.as_ref())
    }

    /// The schema of every item after the prefix: `items`, or else `unevaluatedItems`.
    pub fn rest_items(&self) -> Option<&Kw<SchemaId>> {
        self.arrays()
            .items
            .as_ref()
            .or(self.extra().unevaluated_items.as_ref())
    }

    pub fn numbers_mut(&mut self) -> &mut Numbers {
        self.numbers.get_or_insert_default()
    }

    pub fn strings_mut(&mut self) -> &mut Strings {
        self.strings.get_or_insert_default()
    }

    pub fn objects_mut(&mut self) -> &mut Objects {
        self.objects.get_or_insert_default()
    }

    pub fn arrays_mut(&mut self) -> &mut Arrays {
        self.arrays.get_or_insert_default()
    }

    pub fn applicators_mut(&mut self) -> &mut Applicators {
        self.applicators.get_or_insert_default()
    }

    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_default()
    }

    /// Drops the groups left empty, once the keywords are read.
    pub fn shrink(&mut self) {
        fn drop_empty<T: Default + PartialEq>(group: &mut Option<Box<T>>) {
            if group.as_deref().is_some_and(|g| *g == T::default()) {
                *group = None;
            }
        }
        drop_empty(&mut self.numbers);
        drop_empty(&mut self.strings);
        drop_empty(&mut self.objects);
        drop_empty(&mut self.arrays);
        drop_empty(&mut self.applicators);
        drop_empty(&mut self.extra);
    }

    /// The declared property of that name (the last one for a repeated name).
    pub fn property(&self, name: &str) -> Option<&Property> {
        let objects = self.objects();
        let properties = &objects.properties;
        match &objects.property_order {
            Some(order) => {
                let after = order.partition_point(|&i| &*properties[i as usize].name <= name);
                let last = &properties[*order.get(after.checked_sub(1)?)? as usize];
                (&*last.name == name).then_some(last)
            }
            None => properties.iter().rev().find(|p| &*p.name == name),
        }
    }

    /// Sorts an index of `properties` once they are all read, when there are enough of them for
    /// lookups by name to need one.
    pub fn index_properties(&mut self) {
        const INDEXED: usize = 16;
        let Some(objects) = self.objects.as_deref_mut() else {
            return;
        };
        if objects.properties.len() <= INDEXED {
            objects.property_order = None;
            return;
        }
        let properties = &objects.properties;
        let mut order: Vec<u32> =
            (0..u32::try_from(properties.len()).unwrap_or(u32::MAX)).collect();
        // Stable: among repeated names the last stays last.
        order.sort_by(|&a, &b| {
            properties[a as usize]
                .name
                .cmp(&properties[b as usize].name)
        });
        objects.property_order = Some(order.into_boxed_slice());
    }

    /// The branches of an `anyOf` that is all this schema asserts (besides `$ref`s), as a
    /// union of named variants (`payment_source: {anyOf: [card, bank_account]}`) is written.
    pub fn only_any_of(&self) -> Option<&[SchemaId]> {
        let applicators = self.applicators.as_deref()?;
        let only = self.types.is_none()
            && self.values.is_none()
            && !self.nullable
            && self.unsupported.is_empty()
            && self.numbers.is_none()
            && self.strings.is_none()
            && self.objects.is_none()
            && self.arrays.is_none()
            && self.extra.is_none()
            && applicators.all_of.is_empty()
            && applicators.one_of.is_none()
            && applicators.not.is_none()
            && applicators.conditional.is_none();
        only.then_some(applicators.any_of.as_ref()?.value.as_slice())
    }

    pub(super) fn is_annotation_only(&self) -> bool {
        self.refs.is_empty() && self.asserts_only_refs()
    }

    /// Whether nothing but `$ref`s (and the `readOnly`/`writeOnly` annotations) is declared.
    pub fn asserts_only_refs(&self) -> bool {
        // Destructured in full, so that a keyword added to the model is considered here. Groups
        // are never empty ([`Keywords::shrink`]).
        let Keywords {
            types,
            values,
            refs: _,
            nullable,
            read_only: _,
            write_only: _,
            unsupported,
            numbers,
            strings,
            objects,
            arrays,
            applicators,
            extra,
        } = self;
        types.is_none()
            && values.is_none()
            && !nullable
            && unsupported.is_empty()
            && numbers.as_deref().is_none_or(|g| *g == NO_NUMBERS)
            && strings.as_deref().is_none_or(|g| *g == NO_STRINGS)
            && objects.as_deref().is_none_or(|g| *g == NO_OBJECTS)
            && arrays.as_deref().is_none_or(|g| *g == NO_ARRAYS)
            && applicators.as_deref().is_none_or(|g| *g == NO_APPLICATORS)
            && extra.as_deref().is_none_or(|g| *g == NO_EXTRA)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{FileId, Side, Sources};

    fn file() -> FileId {
        Sources::new().add("s.json", Side::New, "")
    }

    fn kw<T>(value: T) -> Kw<T> {
        Kw {
            value,
            span: Span::new(file(), 0..1),
        }
    }

    #[test]
    fn groups_are_allocated_only_when_used_and_compare_by_content() {
        let mut k = Keywords::default();
        k.numbers_mut().minimum = None;
        k.strings_mut().pattern = Some(kw("^a$".to_owned()));
        k.shrink();
        assert!(k.numbers.is_none());
        assert_eq!(
            k.strings().pattern.as_ref().map(|p| p.value.as_str()),
            Some("^a$")
        );
        assert!(!k.asserts_only_refs());
        let mut bare = Keywords::default();
        bare.numbers_mut();
        bare.refs.push(kw(SchemaId(1)));
        bare.shrink();
        assert!(bare.asserts_only_refs() && !bare.is_annotation_only());
        assert_eq!(bare.numbers(), &Numbers::default());
    }

    #[test]
    fn properties_are_found_by_name_with_or_without_an_index() {
        for count in [3, 40] {
            let mut k = Keywords::default();
            let names = (0..count).map(|i| format!("p{i}")).chain(["p1".to_owned()]);
            for (i, name) in names.enumerate() {
                k.objects_mut().properties.push(Property {
                    name: name.into(),
                    span: Span::new(file(), i..i + 1),
                    schema: SchemaId(u32::try_from(i).expect("small")),
                });
            }
            k.index_properties();
            assert_eq!(k.objects().property_order.is_some(), count > 16);
            assert_eq!(k.property("p1").map(|p| p.schema), Some(SchemaId(count)));
            assert_eq!(k.property("p2").map(|p| p.schema), Some(SchemaId(2)));
            assert!(k.property("q").is_none());
        }
    }
}
