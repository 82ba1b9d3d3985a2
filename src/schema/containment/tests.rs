use super::*;
use crate::schema::testing::{graph_of, kinds};

fn verdict(writer: &str, reader: &str) -> Vec<Constraint> {
    verdict_with(writer, reader, &Options::default())
}

fn verdict_with(writer: &str, reader: &str, options: &Options) -> Vec<Constraint> {
    let (w, w_root) = graph_of(writer);
    let (r, r_root) = graph_of(reader);
    kinds(&check(&w, w_root, &r, r_root, options))
}

#[test]
fn identical_schemas_are_contained_even_when_not_understood() {
    let schema = r#"{"type": "string", "pattern": "^a+$", "oneOf": [{"minLength": 2}, {"maxLength": 0}], "unevaluatedProperties": false}"#;
    assert_eq!(verdict(schema, schema), []);
}

#[test]
fn integer_is_within_number_but_not_back() {
    assert_eq!(
        verdict(r#"{"type": "integer"}"#, r#"{"type": "number"}"#),
        []
    );
    assert_eq!(
        verdict(r#"{"type": "number"}"#, r#"{"type": "integer"}"#),
        [Constraint::Type]
    );
    assert_eq!(
        verdict(r#"{"type": ["string", "null"]}"#, r#"{"type": "string"}"#),
        [Constraint::Type]
    );
}

#[test]
fn enum_values_are_checked_one_by_one() {
    assert_eq!(
        verdict(r#"{"enum": ["a", "b"]}"#, r#"{"enum": ["b", "a", "c"]}"#),
        []
    );
    assert_eq!(
        verdict(r#"{"enum": ["a", "b", "c"]}"#, r#"{"enum": ["a", "b"]}"#),
        [Constraint::Value]
    );
    assert_eq!(
        verdict(r#"{"type": "string"}"#, r#"{"enum": ["a"]}"#),
        [Constraint::Value]
    );
    assert_eq!(
        verdict(r#"{"const": 3}"#, r#"{"type": "integer", "minimum": 1}"#),
        []
    );
    assert_eq!(
        verdict(r#"{"type": "boolean"}"#, r#"{"enum": [true, false]}"#),
        []
    );
}

#[test]
fn numeric_bounds_compare_inclusive_and_exclusive_forms() {
    let r = r#"{"type": "number", "minimum": 0, "exclusiveMaximum": 100}"#;
    assert_eq!(
        verdict(
            r#"{"type": "number", "exclusiveMinimum": 0, "maximum": 50}"#,
            r
        ),
        []
    );
    assert_eq!(
        verdict(r#"{"type": "number", "minimum": -1, "maximum": 100}"#, r),
        [Constraint::Bound, Constraint::Bound]
    );
    // Integers strictly below 100 are at most 99.
    assert_eq!(
        verdict(
            r#"{"type": "integer", "exclusiveMaximum": 100, "minimum": 0}"#,
            r#"{"type": "integer", "maximum": 99, "minimum": 0}"#
        ),
        []
    );
    assert_eq!(
        verdict(
            r#"{"type": "integer", "multipleOf": 4}"#,
            r#"{"type": "integer", "multipleOf": 2}"#
        ),
        []
    );
    assert_eq!(
        verdict(
            r#"{"type": "integer"}"#,
            r#"{"type": "number", "multipleOf": 2}"#
        ),
        [Constraint::Bound]
    );
}

#[test]
fn draft4_boolean_exclusive_bounds_are_read() {
    let w = r#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 0, "exclusiveMinimum": true}"#;
    let r = r#"{"type": "number", "exclusiveMinimum": 0}"#;
    assert_eq!(verdict(w, r), []);
    assert_eq!(
        verdict(r#"{"type": "number", "minimum": 0}"#, r),
        [Constraint::Bound]
    );
}

#[test]
fn different_patterns_are_not_proven() {
    assert_eq!(
        verdict(
            r#"{"type": "string", "pattern": "^[a-z]+$"}"#,
            r#"{"type": "string", "pattern": "^[a-z]*$"}"#
        ),
        [Constraint::Pattern]
    );
    assert_eq!(
        verdict(
            r#"{"enum": ["abc"]}"#,
            r#"{"type": "string", "pattern": "^[a-z]+$"}"#
        ),
        []
    );
}

#[test]
fn required_and_closed_objects() {
    let old = r#"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#;
    let required_b = r#"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a", "b"]}"#;
    assert_eq!(verdict(old, required_b), [Constraint::Required]);
    assert_eq!(verdict(required_b, old), []);
    let closed = r#"{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}"#;
    let with_b = r#"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "additionalProperties": false}"#;
    assert_eq!(verdict(with_b, closed), [Constraint::PropertyRejected]);
    assert_eq!(verdict(closed, with_b), []);
}

#[test]
fn optional_properties_of_open_objects_rest_on_an_assumption() {
    let old = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
    let new =
        r#"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}"#;
    let (w, w_root) = graph_of(old);
    let (r, r_root) = graph_of(new);
    let outcome = check(&w, w_root, &r, r_root, &Options::default());
    assert!(outcome.contained());
    assert_eq!(outcome.assumptions.len(), 1);
    assert_eq!(outcome.assumptions[0].property.as_deref(), Some("b"));
    let strict = Options {
        undeclared: Undeclared::Any,
        ..Options::default()
    };
    assert_eq!(
        verdict_with(old, new, &strict),
        [Constraint::UndeclaredProperty]
    );
}

#[test]
fn references_and_moves_behind_ref_are_transparent() {
    let inline =
        r#"{"type": "object", "properties": {"c": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"#;
    let behind_ref = r##"{"type": "object", "properties": {"c": {"$ref": "#/$defs/c"}}, "$defs": {"c": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"##;
    assert_eq!(verdict(inline, behind_ref), []);
    assert_eq!(verdict(behind_ref, inline), []);
}

#[test]
fn recursive_schemas_terminate() {
    let tree = r##"{"$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}, "name": {"type": "string"}}}}, "$ref": "#/$defs/node"}"##;
    let narrower = r##"{"$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}, "name": {"type": "string", "maxLength": 3}}}}, "$ref": "#/$defs/node"}"##;
    assert_eq!(verdict(tree, tree), []);
    assert_eq!(verdict(narrower, tree), []);
    assert_eq!(verdict(tree, narrower), [Constraint::Bound]);
}

#[test]
fn any_of_is_split_by_type() {
    let nullable = r#"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#;
    assert_eq!(verdict(r#"{"type": ["string", "null"]}"#, nullable), []);
    assert_eq!(
        verdict(r#"{"type": ["string", "integer"]}"#, nullable),
        [Constraint::Type]
    );
    assert_eq!(
        verdict(
            r#"{"type": "string"}"#,
            r#"{"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]}"#
        ),
        [Constraint::Bound]
    );
}

#[test]
fn one_of_needs_exclusive_branches() {
    let union = r#"{"oneOf": [
        {"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]},
        {"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]}
    ]}"#;
    let a = r#"{"type": "object", "properties": {"kind": {"const": "a"}, "x": {"type": "string"}}, "required": ["kind"]}"#;
    assert_eq!(verdict(a, union), []);
    let overlapping = r#"{"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}"#;
    assert_eq!(
        verdict(r#"{"type": "string"}"#, overlapping),
        [Constraint::Unproven]
    );
}

#[test]
fn unknown_reader_keywords_are_unproven() {
    assert_eq!(
        verdict(
            r#"{"type": "object"}"#,
            r##"{"type": "object", "$dynamicRef": "#node"}"##
        ),
        [Constraint::Unproven]
    );
}

#[test]
fn arrays_compare_items_and_counts() {
    assert_eq!(
        verdict(
            r#"{"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 4}"#,
            r#"{"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": 5}"#
        ),
        []
    );
    assert_eq!(
        verdict(
            r#"{"type": "array", "items": {"type": "number"}}"#,
            r#"{"type": "array", "items": {"type": "integer"}, "uniqueItems": true}"#
        ),
        [Constraint::Type, Constraint::Bound]
    );
    let draft7_tuple = r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": [{"type": "string"}], "additionalItems": false}"#;
    let prefix = r#"{"type": "array", "prefixItems": [{"type": "string"}], "maxItems": 1}"#;
    assert_eq!(verdict(draft7_tuple, prefix), []);
}

#[test]
fn openapi_nullable_and_direction_filters() {
    use crate::schema::model::Draft;
    use crate::schema::testing::graph_in;
    let (w, w_root) = graph_in(r#"{"type": "string", "nullable": true}"#, Draft::OpenApi30);
    let (r, r_root) = graph_in(r#"{"type": "string"}"#, Draft::OpenApi30);
    assert_eq!(
        kinds(&check(&w, w_root, &r, r_root, &Options::default())),
        [Constraint::Type]
    );

    let old = r#"{"type": "object", "properties": {"id": {"type": "string"}}}"#;
    let new = r#"{"type": "object", "properties": {"id": {"type": "string", "readOnly": true}}, "required": ["id"]}"#;
    let request = Options {
        filter: PropertyFilter::Request,
        ..Options::default()
    };
    assert_eq!(verdict_with(old, new, &request), []);
    assert_eq!(verdict(old, new), [Constraint::Required]);
}

/// `depth` definitions, each an object whose `next` refers to the following one; the last is
/// `last`.
fn reference_chain(depth: usize, last: &str) -> String {
    let defs: Vec<String> = (0..depth)
        .map(|i| {
            format!(
                r##""d{i}": {{"type": "object", "properties": {{"next": {{"$ref": "#/$defs/d{}"}}}}}}"##,
                i + 1
            )
        })
        .collect();
    format!(
        r##"{{"$ref": "#/$defs/d0", "$defs": {{{}, "d{depth}": {last}}}}}"##,
        defs.join(", ")
    )
}

#[test]
fn chains_deeper_than_the_bound_are_reported_not_overflowed() {
    let (w, w_root) = graph_of(&reference_chain(MAX_DEPTH + 10, r#"{"type": "string"}"#));
    let (r, r_root) = graph_of(&reference_chain(MAX_DEPTH + 10, r#"{"type": "integer"}"#));
    let outcome = check(&w, w_root, &r, r_root, &Options::default());
    assert_eq!(kinds(&outcome), [Constraint::Unproven]);
    let i = &outcome.incompatibilities[0];
    assert_eq!(i.fact, Fact::TooDeep { limit: MAX_DEPTH });
    assert_eq!(i.path, format!("{}/...", "/next".repeat(8)));

    // Within the bound, the change at the bottom is found.
    let (w, w_root) = graph_of(&reference_chain(MAX_DEPTH - 10, r#"{"type": "string"}"#));
    let (r, r_root) = graph_of(&reference_chain(MAX_DEPTH - 10, r#"{"type": "integer"}"#));
    assert_eq!(
        kinds(&check(&w, w_root, &r, r_root, &Options::default())),
        [Constraint::Type]
    );
}

#[test]
fn writer_types_are_narrowed_by_its_branches() {
    let (w, w_root) = graph_of(
        r##"{"oneOf": [{"type": "null"}, {"$ref": "#/$defs/d"}], "$defs": {"d": {"type": "object"}}}"##,
    );
    let (r, r_root) = graph_of(r#"{"type": "number"}"#);
    // Each branch is compared on its own, and framed at its own `type`.
    let found = check(&w, w_root, &r, r_root, &Options::default());
    assert_eq!(kinds(&found), [Constraint::Type, Constraint::Type]);
    let extra: Vec<Types> = found
        .incompatibilities
        .iter()
        .filter_map(|i| match &i.fact {
            Fact::TypeRejected { extra, .. } => Some(*extra),
            _ => None,
        })
        .collect();
    assert_eq!(extra, [Types::OBJECT]);
    assert!(found.incompatibilities.iter().any(|i| matches!(
        &i.fact,
        Fact::ValueRejected { values, by_type: true, .. } if values[0].is_null()
    )));
    // A branch without `type` admits every type; with none of the branches narrowing, nothing is.
    assert_eq!(
        verdict(
            r#"{"anyOf": [{"type": "integer"}, {"minimum": 1}]}"#,
            r#"{"type": "integer"}"#
        ),
        [Constraint::Type]
    );
    assert_eq!(
        verdict(
            r#"{"anyOf": [{"type": "integer"}, {"type": "integer", "minimum": 1}]}"#,
            r#"{"type": "integer"}"#
        ),
        []
    );
}

#[test]
fn a_change_inside_an_object_branch_is_found_in_both_directions() {
    let old = r#"{"properties": {"x": {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"i": {"enum": ["a", "b"]}}}]}}}"#;
    let new = r#"{"properties": {"x": {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"i": {"enum": ["a"]}}}]}}}"#;
    assert_eq!(verdict(old, new), [Constraint::Value]);
    assert_eq!(verdict(new, old), []);
    let (w, w_root) = graph_of(old);
    let (r, r_root) = graph_of(new);
    let found = check(&w, w_root, &r, r_root, &Options::default());
    assert_eq!(found.incompatibilities[0].path, "/x/i");
}

#[test]
fn the_nullable_wrapper_is_compared_as_a_nullable_schema() {
    let schema = |t: &str| {
        format!(
            r##"{{"anyOf": [{{"$ref": "#/$defs/X"}}, {{"type": "null"}}], "$defs": {{"X": {{"type": "object", "properties": {{"a": {{"type": "{t}"}}}}}}}}}}"##
        )
    };
    assert_eq!(
        verdict(&schema("string"), &schema("integer")),
        [Constraint::Type]
    );
    assert_eq!(
        verdict(&schema("integer"), &schema("string")),
        [Constraint::Type]
    );
    assert_eq!(verdict(&schema("string"), &schema("string")), []);
}

#[test]
fn union_branches_are_paired_by_tag_then_by_shape() {
    let union = |cat_lives: &str| {
        format!(
            r#"{{"oneOf": [
                {{"type": "object", "required": ["kind"], "properties": {{"kind": {{"const": "dog"}}, "name": {{"type": "string"}}}}}},
                {{"type": "object", "required": ["kind"], "properties": {{"kind": {{"const": "cat"}}, "lives": {{"type": "integer", "maximum": {cat_lives}}}}}}}
            ]}}"#
        )
    };
    let (w, w_root) = graph_of(&union("9"));
    let (r, r_root) = graph_of(&union("7"));
    let found = check(&w, w_root, &r, r_root, &Options::default());
    assert_eq!(kinds(&found), [Constraint::Bound]);
    assert_eq!(found.incompatibilities[0].path, "/lives");
    // Without a tag, the properties both declare pair the branches.
    let untagged = |limit: &str| {
        format!(
            r#"{{"anyOf": [
                {{"type": "object", "required": ["id", "email"], "properties": {{"id": {{}}, "email": {{"type": "string", "maxLength": {limit}}}}}}},
                {{"type": "object", "required": ["id", "login"], "properties": {{"id": {{}}, "login": {{"type": "string"}}}}}}
            ]}}"#
        )
    };
    assert_eq!(
        verdict(&untagged("100"), &untagged("50")),
        [Constraint::Bound]
    );
    // Each branch is paired with the one declaring its properties.
    let reader = r#"{"anyOf": [{"type": "object", "properties": {"p": {"type": "string"}}, "required": ["p"]}, {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}]}"#;
    assert_eq!(
        verdict(
            r#"{"anyOf": [{"type": "object", "properties": {"p": {}}}, {"type": "object", "properties": {"q": {}}}]}"#,
            reader
        ),
        [
            Constraint::Type,
            Constraint::Type,
            Constraint::Required,
            Constraint::Required
        ]
    );
    // A variant no reader branch resembles stays unproven.
    assert_eq!(
        verdict(r#"{"type": "object", "properties": {"z": {}}}"#, reader),
        [Constraint::Unproven]
    );
}

#[test]
fn dependent_schemas_are_compared_under_their_key() {
    let deps = |t: &str| {
        format!(
            r#"{{"properties": {{"a": {{}}, "b": {{}}}}, "dependentSchemas": {{"a": {{"properties": {{"b": {{"type": "{t}"}}}}}}}}}}"#
        )
    };
    assert_eq!(verdict(&deps("string"), &deps("string")), []);
    assert_eq!(
        verdict(&deps("string"), &deps("integer")),
        [Constraint::Type]
    );
    // The draft 7 form, in a schema with no `$schema`.
    assert_eq!(
        verdict(
            r#"{"properties": {"a": {}}}"#,
            r#"{"properties": {"a": {}}, "dependencies": {"a": {"required": ["b"]}}}"#
        ),
        [Constraint::Required]
    );
    // A key the writer forbids never brings its dependent schema into play.
    assert_eq!(
        verdict(
            r#"{"properties": {"a": false}}"#,
            r#"{"dependentSchemas": {"a": {"required": ["b"]}}}"#
        ),
        []
    );
}

#[test]
fn a_not_within_the_writers_not_is_contained() {
    assert_eq!(
        verdict(
            r#"{"not": {"type": "number"}}"#,
            r#"{"not": {"type": "integer"}}"#
        ),
        []
    );
    assert_eq!(
        verdict(
            r#"{"not": {"type": "integer"}}"#,
            r#"{"not": {"type": "number"}}"#
        ),
        [Constraint::Unproven]
    );
}

#[test]
fn unevaluated_keywords_close_what_the_schema_does_not_declare() {
    let closed = |extra: &str| {
        format!(
            r#"{{"properties": {{"foo": {{"type": "string"}}{extra}}}, "unevaluatedProperties": false}}"#
        )
    };
    assert_eq!(
        verdict(&closed(""), &closed(r#", "bar": {"type": "number"}"#)),
        []
    );
    assert_eq!(
        verdict(&closed(r#", "bar": {"type": "number"}"#), &closed("")),
        [Constraint::PropertyRejected]
    );
    // Names a subschema evaluates are not unevaluated.
    assert_eq!(
        verdict(
            r#"{"properties": {"foo": {}, "bar": {}}}"#,
            r#"{"allOf": [{"properties": {"bar": {}}}], "properties": {"foo": {}}, "unevaluatedProperties": false}"#
        ),
        []
    );
    let tuple = |prefix: &str| {
        format!(
            r#"{{"type": "array", "prefixItems": [{{"type": "string"}}{prefix}], "unevaluatedItems": {{"type": "string"}}}}"#
        )
    };
    assert_eq!(verdict(&tuple(""), &tuple(r#", {"type": "string"}"#)), []);
    assert_eq!(
        verdict(&tuple(r#", {"type": "number"}"#), &tuple("")),
        [Constraint::Type]
    );
}

#[test]
fn a_property_declared_false_is_never_sent() {
    assert_eq!(
        verdict(
            r#"{"additionalProperties": false, "properties": {"foo": false}}"#,
            r#"{"additionalProperties": false}"#
        ),
        []
    );
}

#[test]
fn a_declared_map_closed_or_narrowed_rejects_what_its_writers_sent() {
    assert_eq!(
        verdict(
            r#"{"additionalProperties": true}"#,
            r#"{"additionalProperties": false}"#
        ),
        [Constraint::PropertyRejected]
    );
    assert_eq!(
        verdict(
            r#"{"additionalProperties": true}"#,
            r#"{"additionalProperties": {"type": "number"}}"#
        ),
        [Constraint::PropertyRejected]
    );
    // An object merely left open is taken to send what it declares.
    assert_eq!(
        verdict(
            r#"{"properties": {"a": {}}}"#,
            r#"{"properties": {"a": {}}, "additionalProperties": false}"#
        ),
        []
    );
}

#[test]
fn anchored_pattern_properties_with_other_prefixes_do_not_meet() {
    let schema = |extra: &str| {
        format!(
            r#"{{"additionalProperties": false, "patternProperties": {{"^S_": {{"type": "string"}}, "^I_": {{"type": "integer"}}}}, "properties": {{"foo": {{}}{extra}}}}}"#
        )
    };
    assert_eq!(
        verdict(&schema(""), &schema(r#", "I_1": {"type": "number"}"#)),
        []
    );
}

#[test]
fn content_keywords_are_compared() {
    let encoded =
        |encoding: &str| format!(r#"{{"type": "string", "contentEncoding": "{encoding}"}}"#);
    assert_eq!(verdict(&encoded("base64"), &encoded("base64")), []);
    assert_eq!(
        verdict(&encoded("base64"), &encoded("base32")),
        [Constraint::Type]
    );
    assert_eq!(
        verdict(r#"{"type": "string"}"#, &encoded("base64")),
        [Constraint::Type]
    );
    let content = |t: &str| {
        format!(
            r#"{{"type": "string", "contentMediaType": "application/json", "contentSchema": {{"type": "{t}"}}}}"#
        )
    };
    assert_eq!(verdict(&content("integer"), &content("number")), []);
    assert_eq!(
        verdict(&content("number"), &content("integer")),
        [Constraint::Type]
    );
}

#[test]
fn additional_items_beside_no_items_array_is_named_when_it_changes() {
    assert_eq!(
        verdict(
            r#"{"additionalItems": false}"#,
            r#"{"additionalItems": false}"#
        ),
        []
    );
    assert_eq!(
        verdict(
            r#"{"additionalItems": true}"#,
            r#"{"additionalItems": false}"#
        ),
        [Constraint::Unproven]
    );
}

#[test]
fn assumptions_inside_a_fitting_union_branch_are_written_down() {
    let union = |extra: &str| {
        format!(
            r#"{{"anyOf": [{{"type": "object", "properties": {{"a": {{}}{extra}}}}}, {{"enum": [""]}}]}}"#
        )
    };
    let (w, w_root) = graph_of(&union(""));
    let (r, r_root) = graph_of(&union(r#", "b": {"type": "string"}"#));
    let outcome = check(&w, w_root, &r, r_root, &Options::default());
    assert!(outcome.contained());
    let named: Vec<Option<&str>> = outcome
        .assumptions
        .iter()
        .map(|a| a.property.as_deref())
        .collect();
    assert_eq!(named, [Some("b")]);
}

#[test]
fn a_variant_is_compared_with_its_own_branch_before_a_looser_one() {
    // `deleted` variants share the tag of the live one; the writer's `live` fits the reader's
    // `gone` only by assuming `end` was never sent, and fits its own branch outright.
    let live = r#"{"type": "object", "required": ["object"], "properties": {"object": {"enum": ["discount"]}, "end": {"type": "integer"}}}"#;
    let gone = r#"{"type": "object", "required": ["object", "deleted"], "properties": {"object": {"enum": ["discount"]}, "deleted": {"enum": [true]}}}"#;
    let schema = format!(r#"{{"anyOf": [{gone}, {live}]}}"#);
    let (w, w_root) = graph_of(&schema);
    let (r, r_root) = graph_of(&schema);
    let outcome = check(&w, w_root, &r, r_root, &Options::default());
    assert!(
        outcome.contained() && outcome.assumptions.is_empty(),
        "{outcome:?}"
    );
}

#[test]
fn nested_any_of_unions_are_paired_variant_by_variant() {
    let variant = |tag: &str, limit: u32| {
        format!(
            r#"{{"type": "object", "required": ["object"], "properties": {{"object": {{"enum": ["{tag}"]}}, "name": {{"type": "string", "maxLength": {limit}}}}}}}"#
        )
    };
    let schema = |limit: u32| {
        format!(
            r#"{{"anyOf": [{{"anyOf": [{}, {}]}}, {{"anyOf": [{}, {}]}}]}}"#,
            variant("card", limit),
            variant("bank", 10),
            variant("deleted_card", 10),
            variant("deleted_bank", 10)
        )
    };
    assert_eq!(verdict(&schema(10), &schema(10)), []);
    assert_eq!(verdict(&schema(20), &schema(10)), [Constraint::Bound]);
}

#[test]
fn the_values_one_keyword_rejects_are_one_incompatibility() {
    let (w, w_root) = graph_of(r#"{"enum": ["a", "b", "c", "d"]}"#);
    let (r, r_root) = graph_of(r#"{"enum": ["a"]}"#);
    let found = check(&w, w_root, &r, r_root, &Options::default());
    assert_eq!(kinds(&found), [Constraint::Value]);
    let words = found.incompatibilities[0]
        .fact
        .describe("the writer", "the reader");
    assert_eq!(
        words,
        r#"the writer may send "b", "c" and "d", which the reader rejects: it is not in `enum`"#
    );
}

#[test]
fn one_of_branches_apart_by_a_key_the_other_closes_out() {
    let union = |limit: u32| {
        format!(
            r#"{{"oneOf": [
                {{"type": "object", "required": ["runs-on"], "properties": {{"runs-on": {{"type": "string"}}, "name": {{"type": "string", "maxLength": {limit}}}}}}},
                {{"type": "object", "required": ["uses"], "additionalProperties": false, "properties": {{"uses": {{"type": "string"}}, "name": {{"type": "string", "maxLength": {limit}}}}}}}
            ]}}"#
        )
    };
    // Only the change is reported: each branch is the only one its values match.
    assert_eq!(
        verdict(&union(20), &union(10)),
        [Constraint::Bound, Constraint::Bound]
    );
    assert_eq!(verdict(&union(10), &union(20)), []);
}

#[test]
fn union_branches_of_as_many_are_paired_by_place() {
    // Both variants change; the second is compared with the second, not with the first that
    // declares more of its properties.
    let union = |extra_a: &str, extra_b: &str| {
        format!(
            r#"{{"anyOf": [
                {{"type": "object", "properties": {{"setup": {{"type": "string"}}, "capture": {{"type": "string"}}, "network": {{"type": "string"}}{extra_a}}}}},
                {{"type": "object", "properties": {{"setup": {{"type": "string"}}{extra_b}}}}}
            ]}}"#
        )
    };
    let (w, w_root) = graph_of(&union(r#", "x": {}"#, r#", "capture": {"type": "string"}"#));
    let (r, r_root) = graph_of(&union("", ""));
    let outcome = check(&w, w_root, &r, r_root, &Options::default());
    assert!(outcome.contained(), "{outcome:?}");
    let assumed: Vec<Option<&str>> = outcome
        .assumptions
        .iter()
        .map(|a| a.property.as_deref())
        .collect();
    assert!(assumed.is_empty(), "{assumed:?}");
}

#[test]
fn a_one_of_branch_of_other_types_behind_a_union_is_apart() {
    // `format: oneOf [array, anyOf [enum of strings, string]]`: an array matches one branch only.
    let reader = r#"{"oneOf": [{"type": "array", "items": {"type": "string"}}, {"anyOf": [{"enum": ["a", "b"]}, {"type": "string", "minLength": 3}]}]}"#;
    assert_eq!(
        verdict(r#"{"type": "array", "items": {"type": "string"}}"#, reader),
        []
    );
}

#[test]
fn a_branch_at_the_same_place_with_nothing_in_common_gives_way() {
    // `oneOf: [{Manylinux: {x, y}}, {Musllinux: {x, y}}]` where both become `{major, minor}` and
    // the new version lists Musllinux first: each is compared with its own.
    let tag = |name: &str, a: &str, b: &str| {
        format!(
            r#"{{"type": "object", "required": ["{name}"], "additionalProperties": false, "properties": {{"{name}": {{"type": "object", "required": ["{a}", "{b}"]}}}}}}"#
        )
    };
    let old = format!(
        r#"{{"oneOf": [{}, {}]}}"#,
        tag("Manylinux", "x", "y"),
        tag("Musllinux", "x", "y")
    );
    let new = format!(
        r#"{{"oneOf": [{}, {}]}}"#,
        tag("Musllinux", "major", "minor"),
        tag("Manylinux", "major", "minor")
    );
    let (w, w_root) = graph_of(&old);
    let (r, r_root) = graph_of(&new);
    let found = check(&w, w_root, &r, r_root, &Options::default());
    let paths: Vec<&str> = found
        .incompatibilities
        .iter()
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(kinds(&found), [Constraint::Required; 4]);
    assert!(
        paths.contains(&"/Manylinux") && paths.contains(&"/Musllinux"),
        "{paths:?}"
    );
}

#[test]
fn long_paths_are_shown_by_their_ends() {
    assert_eq!(super::shown_path("/a/b/c"), "/a/b/c");
    let long = "/card/account/external_accounts/data/*/customer/sources/data/*/payment_method_options/acss_debit";
    assert_eq!(
        super::shown_path(long),
        "/card/…/sources/data/*/payment_method_options/acss_debit"
    );
}
