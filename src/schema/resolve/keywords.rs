//! Reading one schema object's keywords into [`Keywords`], its subschemas reserved by place.

use std::sync::Arc;

use serde_json::Value;

use super::places::{Place, Step};
use super::{Builder, DocSource, json_eq};
use crate::core::{FileId, InputError, Span};
use crate::schema::doc::{Member, Node, NodeValue};
use crate::schema::model::{Conditional, Draft, Keywords, Kw, Property, SchemaId, Types};
use crate::schema::uri;

/// Reads one schema object's keywords.
pub(super) struct Cx<'a> {
    pub builder: &'a mut Builder,
    pub source: &'a mut dyn DocSource,
    pub doc: usize,
    /// The schema object and where it is.
    pub place: Place,
    pub node: &'a Node,
    /// The base URI inside the schema (its own `$id` applied).
    pub base: &'a Arc<str>,
    pub draft: Draft,
    pub file: FileId,
    /// The schema's id, for what the graph keeps beside its keywords (`default`).
    pub id: SchemaId,
}

impl Cx<'_> {
    fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.clone())
    }

    fn kw<T>(&self, member: &Member, value: T) -> Kw<T> {
        Kw {
            value,
            span: self.span(&member.span()),
        }
    }

    fn invalid(&mut self, member: &Member, expected: &str) {
        let message = format!("invalid `{}`: expected {expected}", member.key);
        self.builder.error(self.doc, member.value.span(), message);
    }

    /// The subschema at `steps` below this one.
    fn child(&mut self, steps: &[Step<'_>]) -> SchemaId {
        let places = &mut self.builder.places;
        match places.descend(self.place, self.node, steps.iter().copied()) {
            Some((place, node)) => {
                let span = node.span();
                self.builder
                    .reserve(place, span, Arc::clone(self.base), self.draft)
            }
            // A member shadowed by a later one of the same name: what its path names is absent.
            None => self.builder.graph.reserve(Span::new(self.file, 0..0)),
        }
    }

    fn number(&mut self, member: &Member) -> Option<Kw<f64>> {
        match member.value.as_f64() {
            Some(n) => Some(self.kw(member, n)),
            None => {
                self.invalid(member, "a number");
                None
            }
        }
    }

    fn count(&mut self, member: &Member) -> Option<Kw<u64>> {
        match member.value.as_count() {
            Some(n) => Some(self.kw(member, n)),
            None => {
                self.invalid(member, "a non-negative integer");
                None
            }
        }
    }

    fn string(&mut self, member: &Member) -> Option<Kw<String>> {
        match member.value.as_str() {
            Some(s) => Some(self.kw(member, s.to_owned())),
            None => {
                self.invalid(member, "a string");
                None
            }
        }
    }

    fn schema_list(&mut self, member: &Member) -> Vec<SchemaId> {
        let Some(items) = member.value.items() else {
            self.invalid(member, "an array of schemas");
            return Vec::new();
        };
        (0..items.len())
            .map(|i| self.child(&[Step::Key(&member.key), Step::Item(i)]))
            .collect()
    }

    pub fn keywords(&mut self) -> Keywords {
        let node = self.node;
        let mut k = Keywords::default();
        let overriding_ref = self.draft.ref_overrides_siblings() && node.get("$ref").is_some();
        let mut exclusive_min_flag = None;
        let mut exclusive_max_flag = None;
        let mut items_is_array = false;
        for member in node.members() {
            if overriding_ref && &*member.key != "$ref" {
                continue;
            }
            let key = member.key.as_ref();
            let errors_before = self.builder.errors.len();
            match key {
                "$ref" => self.reference(member, &mut k),
                "$dynamicRef" | "$recursiveRef" => {
                    let kw = self.kw(member, key.to_owned());
                    k.unsupported.push(kw);
                }
                "type" => k.types = self.types(member),
                "nullable" if self.draft == Draft::OpenApi30 => {
                    k.nullable = member.value.as_bool() == Some(true);
                }
                "enum" => match member.value.items() {
                    Some(items) => {
                        let mut values: Vec<Value> = items.iter().map(Node::to_json).collect();
                        // A `const` read earlier holds too.
                        if let Some(known) = k.values.take() {
                            values.retain(|v| known.value.iter().any(|w| json_eq(v, w)));
                        }
                        k.values = Some(self.kw(member, values));
                    }
                    None => self.invalid(member, "an array"),
                },
                "const" if self.draft != Draft::Draft4 && self.draft != Draft::OpenApi30 => {
                    let value = member.value.to_json();
                    let values = match k.values.take() {
                        Some(kw) => kw
                            .value
                            .into_iter()
                            .filter(|v| json_eq(v, &value))
                            .collect(),
                        None => vec![value],
                    };
                    k.values = Some(self.kw(member, values));
                }
                "minimum" => k.numbers_mut().minimum = self.number(member),
                "maximum" => k.numbers_mut().maximum = self.number(member),
                "exclusiveMinimum" | "exclusiveMaximum"
                    if self.draft.boolean_exclusive_bounds()
                        || (self.builder.boolean_bounds_as_flags
                            && member.value.as_bool().is_some()) =>
                {
                    if !self.draft.boolean_exclusive_bounds() {
                        let span = self.span(&member.span());
                        self.builder.bounds_read_as_flags.push(span);
                    }
                    let flag = member.value.as_bool().map(|b| (b, self.kw(member, ())));
                    if key == "exclusiveMinimum" {
                        exclusive_min_flag = flag;
                    } else {
                        exclusive_max_flag = flag;
                    }
                }
                "exclusiveMinimum" => k.numbers_mut().exclusive_minimum = self.number(member),
                "exclusiveMaximum" => k.numbers_mut().exclusive_maximum = self.number(member),
                "multipleOf" => {
                    k.numbers_mut().multiple_of = self.number(member).filter(|m| m.value > 0.0);
                }
                "minLength" => k.strings_mut().min_length = self.count(member),
                "maxLength" => k.strings_mut().max_length = self.count(member),
                "pattern" => k.strings_mut().pattern = self.string(member),
                "format" => k.strings_mut().format = self.string(member),
                "default" => {
                    let default = self.kw(member, member.value.to_json());
                    self.builder.graph.set_default(self.id, default);
                }
                "contentEncoding" => k.extra_mut().content_encoding = self.string(member),
                "contentMediaType" => k.extra_mut().content_media_type = self.string(member),
                "contentSchema" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.extra_mut().content_schema = Some(self.kw(member, id));
                }
                "properties" => {
                    for property in member.value.members() {
                        let schema =
                            self.child(&[Step::Key("properties"), Step::Key(&property.key)]);
                        k.objects_mut().properties.push(Property {
                            name: std::sync::Arc::clone(&property.key),
                            span: self.span(&property.key_span()),
                            schema,
                        });
                    }
                }
                "patternProperties" => {
                    for property in member.value.members() {
                        let schema =
                            self.child(&[Step::Key("patternProperties"), Step::Key(&property.key)]);
                        let kw = Kw {
                            value: property.key.to_string(),
                            span: self.span(&property.key_span()),
                        };
                        k.objects_mut().pattern_properties.push((kw, schema));
                    }
                }
                "additionalProperties" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.objects_mut().additional_properties = Some(self.kw(member, id));
                }
                "propertyNames" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.objects_mut().property_names = Some(self.kw(member, id));
                }
                "required" => match member.value.items() {
                    Some(items) => {
                        for item in items {
                            if let Some(name) = item.as_str() {
                                k.objects_mut().required.push(Kw {
                                    value: name.to_owned(),
                                    span: self.span(&item.span()),
                                });
                            }
                        }
                    }
                    None if member.value.as_bool().is_some() => {}
                    None => self.invalid(member, "an array of property names"),
                },
                "minProperties" => k.objects_mut().min_properties = self.count(member),
                "maxProperties" => k.objects_mut().max_properties = self.count(member),
                "dependentRequired" => self.dependencies(member, &mut k, false),
                // Replaced by the two above in 2019-09, and still written (and honoured by
                // validators) without a `$schema`, so read in every draft.
                "dependencies" | "dependentSchemas" => self.dependencies(member, &mut k, true),
                "unevaluatedProperties" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.extra_mut().unevaluated_properties = Some(self.kw(member, id));
                }
                "unevaluatedItems" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.extra_mut().unevaluated_items = Some(self.kw(member, id));
                }
                "items" => {
                    if member.value.items().is_some() {
                        items_is_array = true;
                        k.arrays_mut().prefix_items = self.schema_list(member);
                    } else {
                        let id = self.child(&[Step::Key(key)]);
                        k.arrays_mut().items = Some(self.kw(member, id));
                    }
                }
                "prefixItems" => k.arrays_mut().prefix_items = self.schema_list(member),
                "contains" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.arrays_mut().contains = Some(self.kw(member, id));
                }
                "minContains" => k.arrays_mut().min_contains = self.count(member),
                "maxContains" => k.arrays_mut().max_contains = self.count(member),
                "minItems" => k.arrays_mut().min_items = self.count(member),
                "maxItems" => k.arrays_mut().max_items = self.count(member),
                "uniqueItems" => {
                    k.arrays_mut().unique_items =
                        member.value.as_bool().map(|b| self.kw(member, b));
                }
                "allOf" => k.applicators_mut().all_of = self.schema_list(member),
                "anyOf" => {
                    let list = self.schema_list(member);
                    k.applicators_mut().any_of = Some(self.kw(member, list));
                }
                "oneOf" => {
                    let list = self.schema_list(member);
                    k.applicators_mut().one_of = Some(self.kw(member, list));
                }
                "not" => {
                    let id = self.child(&[Step::Key(key)]);
                    k.applicators_mut().not = Some(self.kw(member, id));
                }
                "if" if self.draft >= Draft::Draft7 && self.draft != Draft::OpenApi30 => {
                    let condition = self.child(&[Step::Key("if")]);
                    let then = node.get("then").map(|_| self.child(&[Step::Key("then")]));
                    let otherwise = node.get("else").map(|_| self.child(&[Step::Key("else")]));
                    k.applicators_mut().conditional = Some(Conditional {
                        condition: self.kw(member, condition),
                        then,
                        otherwise,
                    });
                }
                "readOnly" => k.read_only = member.value.as_bool() == Some(true),
                "writeOnly" => k.write_only = member.value.as_bool() == Some(true),
                _ => {}
            }
            // An invalid keyword was reported: what it asserts is unknown, so a reader with it
            // cannot be proven to accept anything (a `$ref` marks its own failure).
            if key != "$ref" && self.builder.errors.len() > errors_before {
                let kw = self.kw(member, key.to_owned());
                k.unsupported.push(kw);
            }
        }
        k.index_properties();
        // `additionalItems` only means something next to an array-valued `items`.
        if let Some(member) = node.member("additionalItems") {
            let id = self.child(&[Step::Key("additionalItems")]);
            let kw = Some(self.kw(member, id));
            if items_is_array {
                k.arrays_mut().items = kw;
            } else {
                k.extra_mut().stray_additional_items = kw;
            }
        }
        if let Some((true, span_kw)) = exclusive_min_flag
            && let Some(min) = k.numbers_mut().minimum.take()
        {
            k.numbers_mut().exclusive_minimum = Some(Kw {
                value: min.value,
                span: span_kw.span,
            });
        }
        if let Some((true, span_kw)) = exclusive_max_flag
            && let Some(max) = k.numbers_mut().maximum.take()
        {
            k.numbers_mut().exclusive_maximum = Some(Kw {
                value: max.value,
                span: span_kw.span,
            });
        }
        if k.nullable {
            if let Some(types) = k.types.as_mut() {
                types.value = types.value.or(Types::NULL);
            }
            if let Some(values) = k.values.as_mut() {
                values.value.push(Value::Null);
            }
        }
        k.shrink();
        k
    }

    fn types(&mut self, member: &Member) -> Option<Kw<Types>> {
        let names: Vec<&Node> = match &member.value.value {
            NodeValue::String(_) => vec![&member.value],
            NodeValue::Array(items) => items.iter().collect(),
            _ => {
                self.invalid(member, "a type name or an array of type names");
                return None;
            }
        };
        let mut types = Types::NONE;
        for name in names {
            match name.as_str().and_then(Types::from_name) {
                Some(t) => types = types.or(t),
                None => {
                    let message = "unknown type: expected null, boolean, object, array, number, integer or string".to_owned();
                    self.builder.error(self.doc, name.span(), message);
                    return None;
                }
            }
        }
        Some(self.kw(member, types))
    }

    fn dependencies(&mut self, member: &Member, k: &mut Keywords, schemas_allowed: bool) {
        for dependency in member.value.members() {
            match dependency.value.items() {
                Some(items) => {
                    let names = items
                        .iter()
                        .filter_map(Node::as_str)
                        .map(str::to_owned)
                        .collect();
                    k.objects_mut().dependent_required.push(Kw {
                        value: (dependency.key.to_string(), names),
                        span: self.span(&dependency.span()),
                    });
                }
                None if schemas_allowed => {
                    let id = self.child(&[Step::Key(&member.key), Step::Key(&dependency.key)]);
                    let key = Kw {
                        value: dependency.key.to_string(),
                        span: self.span(&dependency.key_span()),
                    };
                    k.extra_mut().dependent_schemas.push((key, id));
                }
                None => self.invalid(member, "arrays of property names"),
            }
        }
    }

    fn reference(&mut self, member: &Member, k: &mut Keywords) {
        let Some(reference) = member.value.as_str() else {
            self.invalid(member, "a URI reference");
            return;
        };
        // "Any JSON Schema": known without fetching it, and nothing compat can compare inside.
        if uri::is_meta_schema(reference) {
            let kw = self.kw(member, "$ref".to_owned());
            k.unsupported.push(kw);
            return;
        }
        match self.builder.locate(self.source, self.base, reference) {
            Ok((at, span, draft)) => {
                let (base, _) = self.builder.base_at(at);
                let id = self.builder.reserve(at, span, base, draft);
                k.refs.push(self.kw(member, id));
            }
            Err(error) => {
                let document = &self.builder.docs[self.doc];
                self.builder.errors.push(
                    InputError::new(Some(document.path.clone()), error.message)
                        .at(Span::new(document.file, member.value.span()))
                        .with_help(error.help),
                );
                // What the reference required is unknown: a reader cannot be proven to accept.
                let kw = self.kw(member, "$ref".to_owned());
                k.unsupported.push(kw);
            }
        }
    }
}
