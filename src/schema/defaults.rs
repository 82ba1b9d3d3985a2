//! Defaults that change what a message means: a property both versions leave optional, whose
//! `default` differs between them. A message that leaves it out means one value to a reader of
//! the old version and another to a reader of the new one; no validator tells, since `default`
//! is an annotation.
//!
//! The walk pairs properties by name through `properties`, `$ref`, `allOf`, array `items` and a
//! union's one object branch (the nullable wrapper, or `anyOf: [{type: boolean}, {$ref:
//! Options}]`), breadth first, so a change reached from several places is named at the
//! shallowest. Other union branches are not paired here: which branch a message takes is the
//! containment checker's question, and a default inside one is left alone.

use std::collections::{HashSet, VecDeque};

use foldhash::fast::FixedState;
use serde_json::Value;

use super::model::{Graph, Keywords, Kw, SchemaId, Types};
use super::resolve::json_eq;

/// A property whose `default` differs between the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultChange {
    /// The instance path from the root to the property, an array's items as `*` (as the
    /// containment checker writes it).
    pub path: Vec<String>,
    pub old: Kw<Value>,
    pub new: Kw<Value>,
}

/// A default as a finding shows it: whole when short, else its start (a configuration's default
/// may be an object of many lines).
pub fn shown(value: &Value) -> String {
    const MAX_CHARS: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// The defaults that change between `old_root` and `new_root`. A default added or removed is
/// not reported: nothing says what a message without the property meant on the other side. A
/// property one version requires is always sent, so its own default never applies (those of
/// its properties still do); one marked `readOnly` where requests are compared is never sent.
pub fn changed(
    old: &Graph,
    old_root: SchemaId,
    new: &Graph,
    new_root: SchemaId,
    skip_read_only: bool,
) -> Vec<DefaultChange> {
    let mut found = Vec::new();
    if !old.declares_defaults() || !new.declares_defaults() {
        return found;
    }
    let mut seen: HashSet<(SchemaId, SchemaId), FixedState> = HashSet::default();
    let mut queue = VecDeque::from([(old_root, new_root, Vec::new())]);
    while let Some((old_id, new_id, path)) = queue.pop_front() {
        if !seen.insert((old_id, new_id)) {
            continue;
        }
        let old_parts = parts(old, old_id);
        let new_parts = parts(new, new_id);
        for (name, old_property) in properties(&old_parts) {
            let Some(new_property) = property(&new_parts, name) else {
                continue;
            };
            let old_property_parts = parts(old, old_property);
            let new_property_parts = parts(new, new_property);
            if skip_read_only && (read_only(&old_property_parts) || read_only(&new_property_parts))
            {
                continue;
            }
            let old_default = default(old, &old_property_parts);
            let new_default = default(new, &new_property_parts);
            let mut at = path.clone();
            at.push(name.to_owned());
            let optional = !required(&old_parts, name) && !required(&new_parts, name);
            if optional
                && let (Some(o), Some(n)) = (old_default, new_default)
                && !json_eq(&o.value, &n.value)
            {
                found.push(DefaultChange {
                    path: at.clone(),
                    old: o.clone(),
                    new: n.clone(),
                });
            }
            queue.push_back((old_property, new_property, at));
        }
        if let (Some(o), Some(n)) = (items(&old_parts), items(&new_parts)) {
            let mut at = path.clone();
            at.push("*".to_owned());
            queue.push_back((o, n, at));
        }
    }
    found
}

/// The keywords that apply together at a schema: its own, and those its `$ref`s and `allOf`
/// parts bring, each schema once.
fn parts(graph: &Graph, root: SchemaId) -> Vec<(SchemaId, &Keywords)> {
    let mut seen: HashSet<SchemaId, FixedState> = HashSet::default();
    let mut stack = vec![root];
    let mut found = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(k) = graph.get(id).keywords() else {
            continue;
        };
        stack.extend(k.refs.iter().map(|r| r.value));
        stack.extend(k.applicators().all_of.iter().copied());
        stack.extend(the_object_branch(graph, k));
        found.push((id, k));
    }
    found
}

/// The branch of an `anyOf` or `oneOf` that a message's properties take, where there is one:
/// the only branch that admits more than `null` (the nullable wrapper `anyOf: [{$ref: X},
/// {type: "null"}]` that pydantic, schemars and FastAPI write for an optional model), or else
/// the only branch that declares properties (`anyOf: [{type: boolean}, {$ref: Options}]`).
fn the_object_branch(graph: &Graph, k: &Keywords) -> Option<SchemaId> {
    let applicators = k.applicators();
    let branches = &applicators
        .any_of
        .as_ref()
        .or(applicators.one_of.as_ref())?
        .value;
    let is_null = |&id: &SchemaId| {
        graph
            .get(id)
            .keywords()
            .and_then(|k| k.types.as_ref())
            .is_some_and(|t| t.value == Types::NULL)
    };
    let non_null: Vec<SchemaId> = branches.iter().copied().filter(|id| !is_null(id)).collect();
    if let [one] = non_null.as_slice() {
        return Some(*one);
    }
    let declaring: Vec<SchemaId> = non_null
        .into_iter()
        .filter(|&id| declares_properties(graph, id))
        .collect();
    match declaring.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Whether a schema, or a schema its `$ref`s or `allOf` name directly, declares properties.
fn declares_properties(graph: &Graph, id: SchemaId) -> bool {
    let Some(k) = graph.get(id).keywords() else {
        return false;
    };
    let own = |k: &Keywords| !k.objects().properties.is_empty();
    own(k)
        || k.refs
            .iter()
            .map(|r| r.value)
            .chain(k.applicators().all_of.iter().copied())
            .filter_map(|id| graph.get(id).keywords())
            .any(own)
}

type Parts<'g> = [(SchemaId, &'g Keywords)];

fn properties<'g>(parts: &Parts<'g>) -> impl Iterator<Item = (&'g str, SchemaId)> {
    let mut seen: HashSet<&str, FixedState> = HashSet::default();
    parts
        .iter()
        .flat_map(|(_, k)| &k.objects().properties)
        .filter(move |p| seen.insert(&p.name))
        .map(|p| (&*p.name, p.schema))
}

fn property(parts: &Parts<'_>, name: &str) -> Option<SchemaId> {
    parts
        .iter()
        .find_map(|(_, k)| k.property(name))
        .map(|p| p.schema)
}

fn required(parts: &Parts<'_>, name: &str) -> bool {
    parts
        .iter()
        .any(|(_, k)| k.objects().required.iter().any(|r| r.value == name))
}

fn read_only(parts: &Parts<'_>) -> bool {
    parts.iter().any(|(_, k)| k.read_only)
}

fn default<'g>(graph: &'g Graph, parts: &Parts<'_>) -> Option<&'g Kw<Value>> {
    parts.iter().find_map(|&(id, _)| graph.default_of(id))
}

fn items(parts: &Parts<'_>) -> Option<SchemaId> {
    parts
        .iter()
        .find_map(|(_, k)| k.arrays().items.as_ref())
        .map(|i| i.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::testing::graph_of;

    /// The changed defaults of two schema texts, as `path: old -> new`.
    fn changes(old: &str, new: &str) -> Vec<String> {
        let (old_graph, old_root) = graph_of(old);
        let (new_graph, new_root) = graph_of(new);
        changed(&old_graph, old_root, &new_graph, new_root, true)
            .into_iter()
            .map(|c| format!("{}: {} -> {}", c.path.join("/"), c.old.value, c.new.value))
            .collect()
    }

    #[test]
    fn a_changed_default_is_found_through_refs_all_of_and_items() {
        let schema = |a: u32, b: &str| {
            format!(
                r##"{{"$defs": {{"Line": {{"properties": {{"qty": {{"default": {a}}}}}}}}},
                    "allOf": [{{"properties": {{"mode": {{"type": "string", "default": "{b}"}}}}}}],
                    "properties": {{"lines": {{"items": {{"$ref": "#/$defs/Line"}}}}}}}}"##
            )
        };
        assert_eq!(
            changes(&schema(1, "fast"), &schema(2, "safe")),
            ["mode: \"fast\" -> \"safe\"", "lines/*/qty: 1 -> 2"]
        );
        assert!(changes(&schema(1, "fast"), &schema(1, "fast")).is_empty());
    }

    #[test]
    fn required_read_only_added_and_removed_defaults_are_left_alone() {
        let old = r#"{"required": ["a"], "properties": {
            "a": {"default": 1}, "b": {"readOnly": true, "default": 1},
            "c": {"default": 1}, "d": {}}}"#;
        let new = r#"{"properties": {
            "a": {"default": 2}, "b": {"readOnly": true, "default": 2},
            "c": {}, "d": {"default": 1}}}"#;
        assert!(changes(old, new).is_empty());
    }

    #[test]
    fn a_required_object_still_has_its_properties_defaults_compared() {
        let schema = |n: u32| {
            format!(
                r#"{{"required": ["options"], "properties": {{"options": {{"default": {{}},
                    "properties": {{"retries": {{"default": {n}}}}}}}}}}}"#
            )
        };
        assert_eq!(changes(&schema(3), &schema(0)), ["options/retries: 3 -> 0"]);
    }

    #[test]
    fn the_nullable_wrapper_is_walked_through() {
        let schema = |level: &str| {
            format!(
                r##"{{"$defs": {{"Rules": {{"properties": {{"unused": {{"default": "{level}"}}}}}}}},
                    "properties": {{"rules": {{"anyOf": [{{"$ref": "#/$defs/Rules"}}, {{"type": "null"}}]}}}}}}"##
            )
        };
        assert_eq!(
            changes(&schema("warn"), &schema("ignore")),
            ["rules/unused: \"warn\" -> \"ignore\""]
        );
    }

    #[test]
    fn the_one_object_branch_of_a_union_is_walked_through() {
        let schema = |level: &str| {
            format!(
                r##"{{"$defs": {{"Rule": {{"properties": {{"level": {{"default": "{level}"}}}}}}}},
                    "properties": {{"braces": {{"anyOf": [{{"enum": ["enable", "disable"]}},
                        {{"type": "boolean"}}, {{"$ref": "#/$defs/Rule"}}]}}}}}}"##
            )
        };
        assert_eq!(
            changes(&schema("warning"), &schema("error")),
            ["braces/level: \"warning\" -> \"error\""]
        );
    }

    #[test]
    fn a_long_default_is_shown_by_its_start() {
        assert_eq!(shown(&serde_json::json!("es5")), "\"es5\"");
        let long =
            serde_json::json!({"allow": ["^dart-sass-embedded$", "^go$", "^npx$", "^postcss$"]});
        assert_eq!(
            shown(&long),
            "{\"allow\":[\"^dart-sass-embedded$\",\"^go$\",\"^npx$\",\"^postcss$\"]…"
        );
    }

    #[test]
    fn numbers_that_are_equal_as_json_are_the_same_default() {
        let old = r#"{"properties": {"n": {"default": 1}}}"#;
        let new = r#"{"properties": {"n": {"default": 1.0}}}"#;
        assert!(changes(old, new).is_empty());
    }
}
