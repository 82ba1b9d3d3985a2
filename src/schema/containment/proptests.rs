//! Soundness: whenever the checker says W ⊆ R, no generated value that the `jsonschema` crate
//! accepts under W is rejected under R. Values are arbitrary (undeclared properties included), so
//! the checker runs in its strict mode, [`Undeclared::Any`].

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Options, Undeclared, check};
use crate::schema::testing::graph_of;

const KEYS: [&str; 3] = ["a", "b", "c"];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(true)),
        Just(json!(false)),
        Just(json!({})),
        prop::sample::select(vec![
            "null", "boolean", "integer", "number", "string", "object", "array"
        ])
        .prop_map(|t| json!({ "type": t })),
        prop::collection::btree_set(
            prop::sample::select(vec!["null", "integer", "string"]),
            1..3
        )
        .prop_map(|ts| json!({ "type": ts })),
        (-4i64..4, prop::bool::ANY, prop::bool::ANY).prop_map(|(n, exclusive, lower)| {
            let key = match (lower, exclusive) {
                (true, false) => "minimum",
                (true, true) => "exclusiveMinimum",
                (false, false) => "maximum",
                (false, true) => "exclusiveMaximum",
            };
            json!({ "type": "number", key: n })
        }),
        (1i64..4).prop_map(|m| json!({ "multipleOf": m })),
        (0u64..3, 1u64..4)
            .prop_map(|(min, extra)| json!({ "minLength": min, "maxLength": min + extra })),
        prop::sample::select(vec!["^a", "^[ab]+$", "b$"])
            .prop_map(|p| json!({ "type": "string", "pattern": p })),
        prop::collection::vec(small_value(), 1..4).prop_map(|vs| json!({ "enum": vs })),
        small_value().prop_map(|v| json!({ "const": v })),
        (0u64..3).prop_map(|n| json!({ "minItems": n, "maxItems": n + 1 })),
        Just(json!({ "uniqueItems": true })),
        (0u64..3).prop_map(|n| json!({ "maxProperties": n })),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map(
                    prop::sample::select(KEYS.to_vec()),
                    inner.clone(),
                    0..3
                ),
                prop::collection::vec(prop::sample::select(KEYS.to_vec()), 0..2),
                prop_oneof![
                    Just(None),
                    Just(Some(json!(false))),
                    inner.clone().prop_map(Some)
                ],
            )
                .prop_map(|(props, required, additional)| {
                    let mut schema =
                        json!({ "type": "object", "properties": props, "required": required });
                    if let Some(additional) = additional {
                        schema["additionalProperties"] = additional;
                    }
                    schema
                }),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..2)).prop_map(
                |(items, prefix)| {
                    let mut schema = json!({ "type": "array", "items": items });
                    if !prefix.is_empty() {
                        schema["prefixItems"] = Value::Array(prefix);
                    }
                    schema
                }
            ),
            (
                prop::collection::btree_map(
                    prop::sample::select(KEYS.to_vec()),
                    inner.clone(),
                    0..3
                ),
                inner.clone(),
            )
                .prop_map(|(props, rest)| json!({
                    "type": "object", "properties": props, "unevaluatedProperties": rest
                })),
            (prop::collection::vec(inner.clone(), 0..3), inner.clone()).prop_map(
                |(prefix, rest)| json!({
                    "type": "array", "prefixItems": prefix, "unevaluatedItems": rest
                })
            ),
            (prop::sample::select(KEYS.to_vec()), inner.clone())
                .prop_map(|(key, dependent)| json!({ "dependentSchemas": { key: dependent } })),
            (
                prop::sample::select(KEYS.to_vec()),
                prop::sample::select(KEYS.to_vec())
            )
                .prop_map(|(key, name)| json!({ "dependentRequired": { key: [name] } })),
            (prop::sample::select(vec!["^a", "^b", "c$"]), inner.clone())
                .prop_map(|(p, s)| json!({ "type": "object", "patternProperties": { p: s } })),
            inner
                .clone()
                .prop_map(|names| json!({ "propertyNames": names })),
            Just(json!({ "type": "object", "additionalProperties": true })),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|b| json!({ "anyOf": b })),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|b| json!({ "oneOf": b })),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|b| json!({ "allOf": b })),
            inner.clone().prop_map(|n| json!({ "not": n })),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(i, t, e)| json!({ "if": i, "then": t, "else": e })),
        ]
    })
}

fn small_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        prop::bool::ANY.prop_map(Value::Bool),
        (-5i64..6).prop_map(|n| json!(n)),
        (-5i64..6).prop_map(|n| json!(n as f64 + 0.5)),
        prop::sample::select(vec!["", "a", "ab", "b", "ba", "abc", "A"]).prop_map(|s| json!(s)),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    small_value().prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(KEYS.to_vec()), inner, 0..3).prop_map(
                |m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

/// A writer related to the reader, so that containment is often provable: the reader itself, the
/// reader with one more constraint, a single keyword against a single keyword (where the checker
/// compares bounds, types and values), unions whose branches are reordered or one of them
/// narrowed (where branches are paired), or an unrelated schema.
fn pair() -> impl Strategy<Value = (Value, Value)> {
    (schema(), schema(), leaf(), leaf(), 0..6u8).prop_map(|(reader, other, a, b, how)| match how {
        0 => (reader.clone(), reader),
        1 => (json!({ "allOf": [reader.clone(), other] }), reader),
        2 => (a, b),
        3 => (
            json!({ "anyOf": [reader.clone(), other.clone()] }),
            json!({ "anyOf": [other, reader] }),
        ),
        4 => (
            json!({ "oneOf": [{ "allOf": [reader.clone(), a] }, other.clone()] }),
            json!({ "anyOf": [reader, other] }),
        ),
        _ => (other, reader),
    })
}

fn valid(schema: &Value, value: &Value) -> Option<bool> {
    let validator = jsonschema::options().offline().build(schema).ok()?;
    Some(validator.is_valid(value))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn contained_writers_only_send_what_readers_accept(
        (writer, reader) in pair(),
        values in prop::collection::vec(value(), 24),
    ) {
        let (w, w_root) = graph_of(&writer.to_string());
        let (r, r_root) = graph_of(&reader.to_string());
        let strict = Options { undeclared: Undeclared::Any, ..Options::default() };
        let outcome = check(&w, w_root, &r, r_root, &strict);
        if outcome.contained() && valid(&reader, &Value::Null).is_some() {
            for value in &values {
                if valid(&writer, value) == Some(true) {
                    prop_assert_eq!(
                        valid(&reader, value),
                        Some(true),
                        "{} is admitted by the writer {} but not by the reader {}",
                        value, writer, reader
                    );
                }
            }
        }
    }
}
