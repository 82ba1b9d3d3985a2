//! Defaults that change what a message means: a property both versions leave optional, whose
//! `default` differs between them. A message that leaves it out means one value to a reader of
//! the old version and another to a reader of the new one; no validator tells, since `default`
//! is an annotation.
//!
//! Properties are paired by name through `properties`, `$ref`, `allOf`, array `items` and a
//! union's one object branch (the nullable wrapper, or `anyOf: [{type: boolean}, {$ref:
//! Options}]`); every declaration of a name counts, so a property redeclared beside an `allOf`
//! keeps its base's default. Other union branches are not paired here: which branch a message
//! takes is the containment checker's question, and a default inside one is left alone.
//!
//! A run asks about many roots (every request body of an API) that share components, so the
//! pairs of schemas are nodes built once per run ([`Walk`]), and each node learns once which
//! changes lie below it (Tarjan's strongly connected components: references make cycles). A
//! root then costs a breadth-first search of the nodes that lead to a change, which also gives
//! each change its shortest path.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use foldhash::fast::FixedState;
use serde_json::Value;

use super::model::{Graph, Keywords, Kw, SchemaId, Types};
use super::resolve::json_eq;
use crate::core::Span;

/// A property whose `default` differs between the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultChange {
    /// The instance path from the root to the property, an array's items as `*` (as the
    /// containment checker writes it).
    pub path: Vec<String>,
    pub old: Kw<Value>,
    pub new: Kw<Value>,
}

/// A change the caller already knows, as its old and new default.
pub type KnownChange<'g> = (&'g Kw<Value>, &'g Kw<Value>);

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

/// The defaults that change between one pair of roots (see [`Walk`] for many).
pub fn changed(
    old: &Graph,
    old_root: SchemaId,
    new: &Graph,
    new_root: SchemaId,
    skip_read_only: bool,
) -> Vec<DefaultChange> {
    Walk::new(old, new, skip_read_only).changed(old_root, new_root)
}

/// The declarations of one property (or the schema of a root or of items) on each side.
type Key = (Box<[SchemaId]>, Box<[SchemaId]>);

/// A changed default, once however many paths reach it.
struct Change<'g> {
    name: String,
    old: &'g Kw<Value>,
    new: &'g Kw<Value>,
}

/// A pair of schemas: the changes of its own properties, and the pairs below it.
struct Node {
    direct: Vec<u32>,
    children: Vec<(String, Child)>,
    /// Tarjan's bookkeeping, then the changes reachable from here (shared by a component).
    index: Option<u32>,
    low: u32,
    on_stack: bool,
    reach: Option<Rc<[u32]>>,
}

enum Child {
    Key(Key),
    Node(u32),
}

/// The optional properties whose `default` differs, below any pair of roots of two graphs. A
/// default added or removed is not reported: nothing says what a message without the property
/// meant on the other side. A property one version requires is always sent, so its own default
/// never applies (those of its properties still do); one marked `readOnly` where requests are
/// compared (`skip_read_only`) is never sent.
pub struct Walk<'g> {
    old: &'g Graph,
    new: &'g Graph,
    skip_read_only: bool,
    nodes: Vec<Node>,
    index: HashMap<Key, u32, FixedState>,
    changes: Vec<Change<'g>>,
    change_ids: HashMap<(Span, Span), u32, FixedState>,
    next_index: u32,
}

impl<'g> Walk<'g> {
    pub fn new(old: &'g Graph, new: &'g Graph, skip_read_only: bool) -> Self {
        Walk {
            old,
            new,
            skip_read_only,
            nodes: Vec::new(),
            index: HashMap::default(),
            changes: Vec::new(),
            change_ids: HashMap::default(),
            next_index: 0,
        }
    }

    /// Whether any change lies below a pair of roots: cheap once the nodes are built, and free
    /// where a graph declares no default at all (most do not).
    pub fn reaches_any(&mut self, old_root: SchemaId, new_root: SchemaId) -> bool {
        if !self.old.declares_defaults() || !self.new.declares_defaults() {
            return false;
        }
        let root = self.node((Box::new([old_root]), Box::new([new_root])));
        self.settle(root);
        !self.reach(root).is_empty()
    }

    /// The changes below a pair of roots, each once, at its shortest path from them.
    pub fn changed(&mut self, old_root: SchemaId, new_root: SchemaId) -> Vec<DefaultChange> {
        self.changed_unless(old_root, new_root, |_, _| false).0
    }

    /// The changes below a pair of roots: those `known` tells apart by their defaults are only
    /// named (old and new), the others found at their shortest path, which costs a search.
    pub fn changed_unless(
        &mut self,
        old_root: SchemaId,
        new_root: SchemaId,
        mut known: impl FnMut(&Kw<Value>, &Kw<Value>) -> bool,
    ) -> (Vec<DefaultChange>, Vec<KnownChange<'g>>) {
        if !self.old.declares_defaults() || !self.new.declares_defaults() {
            return (Vec::new(), Vec::new());
        }
        let root = self.node((Box::new([old_root]), Box::new([new_root])));
        self.settle(root);
        let mut named = Vec::new();
        let mut left: HashSet<u32, FixedState> = HashSet::default();
        for &id in self.reach(root) {
            let change = &self.changes[id as usize];
            if known(change.old, change.new) {
                named.push((change.old, change.new));
            } else {
                left.insert(id);
            }
        }
        if left.is_empty() {
            return (Vec::new(), named);
        }
        // Breadth first through the nodes that lead to a change, so each is met first at its
        // shortest path; a path is rebuilt from parent links only for a change.
        let mut found = Vec::new();
        let mut parent: HashMap<u32, (u32, usize), FixedState> = HashMap::default();
        let mut seen: HashSet<u32, FixedState> = HashSet::from_iter([root]);
        let mut queue = VecDeque::from([root]);
        while let Some(at) = queue.pop_front() {
            for &change in &self.nodes[at as usize].direct {
                if left.remove(&change) {
                    let mut path = self.path_to(at, &parent);
                    let change = &self.changes[change as usize];
                    path.push(change.name.clone());
                    found.push(DefaultChange {
                        path,
                        old: change.old.clone(),
                        new: change.new.clone(),
                    });
                }
            }
            if left.is_empty() {
                break;
            }
            for (step, child) in self.nodes[at as usize].children.iter().enumerate() {
                let Child::Node(child) = child.1 else {
                    continue;
                };
                if !self.reach(child).is_empty() && seen.insert(child) {
                    parent.insert(child, (at, step));
                    queue.push_back(child);
                }
            }
        }
        (found, named)
    }

    fn path_to(&self, mut at: u32, parent: &HashMap<u32, (u32, usize), FixedState>) -> Vec<String> {
        let mut path = Vec::new();
        while let Some(&(up, step)) = parent.get(&at) {
            path.push(self.nodes[up as usize].children[step].0.clone());
            at = up;
        }
        path.reverse();
        path
    }

    fn reach(&self, node: u32) -> &[u32] {
        self.nodes[node as usize]
            .reach
            .as_deref()
            .unwrap_or_default()
    }

    /// The node of a pair, built with its own properties' changes and its children's keys.
    fn node(&mut self, key: Key) -> u32 {
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let (old, new) = (self.old, self.new);
        let old_parts = parts(old, &key.0);
        let new_parts = parts(new, &key.1);
        let required: HashSet<&str, FixedState> =
            required(&old_parts).chain(required(&new_parts)).collect();
        let new_declarations: HashMap<&str, Vec<SchemaId>, FixedState> =
            declarations(&new_parts).into_iter().collect();
        let mut direct = Vec::new();
        let mut children = Vec::new();
        for (name, old_schemas) in declarations(&old_parts) {
            let Some(new_schemas) = new_declarations.get(name) else {
                continue;
            };
            let old_property = parts(old, &old_schemas);
            let new_property = parts(new, new_schemas);
            if self.skip_read_only && (read_only(&old_property) || read_only(&new_property)) {
                continue;
            }
            if !required.contains(name)
                && let (Some(o), Some(n)) =
                    (default(old, &old_property), default(new, &new_property))
                && !json_eq(&o.value, &n.value)
            {
                direct.push(self.change_id(name, o, n));
            }
            let child = (
                old_schemas.into_boxed_slice(),
                new_schemas.clone().into_boxed_slice(),
            );
            children.push((name.to_owned(), Child::Key(child)));
        }
        if let (Some(o), Some(n)) = (items(&old_parts), items(&new_parts)) {
            children.push(("*".to_owned(), Child::Key((Box::new([o]), Box::new([n])))));
        }
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        self.nodes.push(Node {
            direct,
            children,
            index: None,
            low: 0,
            on_stack: false,
            reach: None,
        });
        self.index.insert(key, id);
        id
    }

    fn change_id(&mut self, name: &str, old: &'g Kw<Value>, new: &'g Kw<Value>) -> u32 {
        let next = u32::try_from(self.changes.len()).unwrap_or(u32::MAX);
        let id = *self.change_ids.entry((old.span, new.span)).or_insert(next);
        if id == next {
            self.changes.push(Change {
                name: name.to_owned(),
                old,
                new,
            });
        }
        id
    }

    /// The child node at `step` of `node`, built on first use.
    fn child(&mut self, node: u32, step: usize) -> u32 {
        let slot = &mut self.nodes[node as usize].children[step].1;
        let key = match slot {
            Child::Node(id) => return *id,
            Child::Key(key) => std::mem::replace(key, (Box::new([]), Box::new([]))),
        };
        let id = self.node(key);
        self.nodes[node as usize].children[step].1 = Child::Node(id);
        id
    }

    /// Gives every node reachable from `root` its set of reachable changes: Tarjan's algorithm,
    /// iterative (schemas nest deeper than a thread's stack allows recursion to follow), each
    /// node visited once per run.
    fn settle(&mut self, root: u32) {
        if self.nodes[root as usize].reach.is_some() {
            return;
        }
        let mut stack: Vec<u32> = Vec::new();
        let mut calls: Vec<(u32, usize)> = Vec::new();
        self.open(root, &mut stack);
        calls.push((root, 0));
        while let Some(&(v, step)) = calls.last() {
            if step < self.nodes[v as usize].children.len() {
                if let Some(call) = calls.last_mut() {
                    call.1 += 1;
                }
                let w = self.child(v, step);
                let child = &self.nodes[w as usize];
                if child.reach.is_some() {
                    continue;
                }
                match child.index {
                    None => {
                        self.open(w, &mut stack);
                        calls.push((w, 0));
                    }
                    Some(index) if child.on_stack => {
                        let node = &mut self.nodes[v as usize];
                        node.low = node.low.min(index);
                    }
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            let low = self.nodes[v as usize].low;
            if let Some(&(u, _)) = calls.last() {
                let parent = &mut self.nodes[u as usize];
                parent.low = parent.low.min(low);
            }
            if Some(low) == self.nodes[v as usize].index {
                self.close(v, &mut stack);
            }
        }
    }

    fn open(&mut self, node: u32, stack: &mut Vec<u32>) {
        let index = self.next_index;
        self.next_index += 1;
        let node_ref = &mut self.nodes[node as usize];
        node_ref.index = Some(index);
        node_ref.low = index;
        node_ref.on_stack = true;
        stack.push(node);
    }

    /// Pops the component whose root is `top` and gives all its members one set: their own
    /// changes and those of every child outside it, which is settled already.
    fn close(&mut self, top: u32, stack: &mut Vec<u32>) {
        let mut members = Vec::new();
        while let Some(member) = stack.pop() {
            self.nodes[member as usize].on_stack = false;
            members.push(member);
            if member == top {
                break;
            }
        }
        let mut reach: Vec<u32> = Vec::new();
        for &member in &members {
            let node = &self.nodes[member as usize];
            reach.extend(&node.direct);
            for (_, child) in &node.children {
                if let Child::Node(child) = child {
                    reach.extend(
                        self.nodes[*child as usize]
                            .reach
                            .as_deref()
                            .unwrap_or_default(),
                    );
                }
            }
        }
        reach.sort_unstable();
        reach.dedup();
        let reach: Rc<[u32]> = reach.into();
        for member in members {
            self.nodes[member as usize].reach = Some(Rc::clone(&reach));
        }
    }
}

/// The keywords that apply together at some schemas: their own, then those their `$ref`s,
/// `allOf` parts and a union's object branch bring, breadth first, each schema once.
fn parts<'g>(graph: &'g Graph, roots: &[SchemaId]) -> Vec<(SchemaId, &'g Keywords)> {
    let mut seen: HashSet<SchemaId, FixedState> = HashSet::default();
    let mut queue: VecDeque<SchemaId> = roots.iter().copied().collect();
    let mut found = Vec::new();
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        let Some(k) = graph.get(id).keywords() else {
            continue;
        };
        queue.extend(k.refs.iter().map(|r| r.value));
        queue.extend(k.applicators().all_of.iter().copied());
        queue.extend(the_object_branch(graph, k));
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

/// Every property name the parts declare, in order, with each of its declarations.
fn declarations<'g>(parts: &Parts<'g>) -> Vec<(&'g str, Vec<SchemaId>)> {
    let mut position: HashMap<&'g str, usize, FixedState> = HashMap::default();
    let mut names: Vec<(&'g str, Vec<SchemaId>)> = Vec::new();
    for (_, k) in parts {
        for property in &k.objects().properties {
            let at = *position.entry(&property.name).or_insert_with(|| {
                names.push((&property.name, Vec::new()));
                names.len() - 1
            });
            names[at].1.push(property.schema);
        }
    }
    names
}

fn required<'p, 'g: 'p>(parts: &'p Parts<'g>) -> impl Iterator<Item = &'g str> + 'p {
    parts
        .iter()
        .flat_map(|(_, k)| &k.objects().required)
        .map(|r| r.value.as_str())
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
    fn a_property_redeclared_beside_all_of_keeps_its_base_default() {
        let schema = |priority: &str| {
            format!(
                r##"{{"$defs": {{"Base": {{"properties": {{"p": {{"default": "{priority}"}}}}}}}},
                    "allOf": [{{"$ref": "#/$defs/Base"}}],
                    "properties": {{"p": {{"description": "how urgent"}}}}}}"##
            )
        };
        assert_eq!(
            changes(&schema("normal"), &schema("low")),
            ["p: \"normal\" -> \"low\""]
        );
    }

    #[test]
    fn one_walk_answers_many_roots_through_cycles_at_their_shortest_paths() {
        // Two roots share `Node`, whose `next` refers back to itself.
        let schema = |n: u32| {
            format!(
                r##"{{"$defs": {{"Node": {{"properties": {{"next": {{"$ref": "#/$defs/Node"}},
                    "weight": {{"default": {n}}}}}}}}},
                    "properties": {{"a": {{"$ref": "#/$defs/Node"}},
                    "b": {{"properties": {{"deep": {{"$ref": "#/$defs/Node"}}}}}}}}}}"##
            )
        };
        let (old, old_root) = graph_of(&schema(1));
        let (new, new_root) = graph_of(&schema(2));
        let mut walk = Walk::new(&old, &new, true);
        let paths = |found: Vec<DefaultChange>| -> Vec<String> {
            found.into_iter().map(|c| c.path.join("/")).collect()
        };
        assert_eq!(paths(walk.changed(old_root, new_root)), ["a/weight"]);
        let b = |graph: &Graph, root: SchemaId| {
            graph
                .get(root)
                .keywords()
                .expect("object")
                .property("b")
                .expect("b")
                .schema
        };
        assert_eq!(
            paths(walk.changed(b(&old, old_root), b(&new, new_root))),
            ["deep/weight"]
        );
    }

    #[test]
    fn numbers_that_are_equal_as_json_are_the_same_default() {
        let old = r#"{"properties": {"n": {"default": 1}}}"#;
        let new = r#"{"properties": {"n": {"default": 1.0}}}"#;
        assert!(changes(old, new).is_empty());
    }
}
