//! What a writer guarantees: the conjunction of the schemas a value must satisfy (references and
//! `allOf` followed), summarised keyword by keyword. Leaving a writer keyword out only makes the
//! writer look more permissive, so every summary here errs on the side of "may send more".

use std::collections::HashSet;

use foldhash::fast::FixedState;

use serde_json::Value;

use super::View;
use crate::core::Span;
use crate::schema::model::{Body, Graph, Keywords, SchemaId, Types};
use crate::schema::resolve::json_eq;

/// A numeric bound of the writer.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
    /// The keyword it comes from.
    pub span: Span,
}

#[derive(Debug)]
pub struct Facts<'g> {
    /// The schemas with keywords the value satisfies, in the writer graph.
    pub conj: Vec<SchemaId>,
    /// The writer admits nothing (a `false`, or no type left).
    pub unsat: bool,
    pub types: Types,
    /// Where to point when talking about the writer.
    pub span: Span,
    pub type_span: Option<Span>,
    /// A finite set of values (`enum`, `const`, or the values of `null`/`boolean`).
    pub values: Option<Vec<Value>>,
    pub values_span: Option<Span>,
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub multiples: Vec<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub patterns: Vec<&'g str>,
    /// The first `pattern` or `format` keyword, to point at.
    pub string_span: Option<Span>,
    pub formats: Vec<&'g str>,
    pub required: HashSet<&'g str, FixedState>,
    pub dependent: HashSet<(&'g str, &'g str), FixedState>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub min_items: Option<u64>,
    /// From `maxItems`, or a prefix followed by `items: false`.
    pub max_items: Option<u64>,
    pub unique: bool,
    /// `contains` schemas with their `minContains`.
    pub contains: Vec<(SchemaId, u64)>,
    /// The branches of the first `anyOf`/`oneOf` the view has not taken a branch of yet: the
    /// writer sends one of them.
    pub branches: Option<Vec<SchemaId>>,
    /// Whether a schema of the conjunction has a keyword of [`crate::schema::model::Extra`].
    pub has_extra: bool,
}

fn max_opt(a: Option<u64>, b: u64) -> Option<u64> {
    Some(a.map_or(b, |a| a.max(b)))
}

fn min_opt(a: Option<u64>, b: u64) -> Option<u64> {
    Some(a.map_or(b, |a| a.min(b)))
}

/// The schemas with keywords a view's value satisfies; `None` when one of them is `false`.
pub fn flatten(graph: &Graph, ids: &[SchemaId]) -> Option<Vec<SchemaId>> {
    let mut out = Vec::new();
    let mut seen: HashSet<SchemaId, FixedState> = HashSet::default();
    let mut stack: Vec<SchemaId> = ids.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &graph.get(id).body {
            Body::Bool(true) => {}
            Body::Bool(false) => return None,
            Body::Keywords(k) => {
                out.push(id);
                stack.extend(k.applicators().all_of.iter().rev());
                stack.extend(k.refs.iter().rev().map(|r| r.value));
            }
        }
    }
    Some(out)
}

pub fn facts<'g>(graph: &'g Graph, view: &View) -> Facts<'g> {
    let mut f = Facts {
        conj: Vec::new(),
        unsat: false,
        types: view.only,
        span: view.at,
        type_span: None,
        values: None,
        values_span: None,
        lower: None,
        upper: None,
        multiples: Vec::new(),
        min_length: None,
        max_length: None,
        patterns: Vec::new(),
        string_span: None,
        formats: Vec::new(),
        required: HashSet::default(),
        dependent: HashSet::default(),
        min_properties: None,
        max_properties: None,
        min_items: None,
        max_items: None,
        unique: false,
        contains: Vec::new(),
        branches: None,
        has_extra: false,
    };
    let Some(conj) = flatten(graph, &view.ids) else {
        f.unsat = true;
        return f;
    };
    if let Some(first) = conj.first() {
        f.span = graph.get(*first).head;
    }
    for &id in &conj {
        if let Some(k) = graph.get(id).keywords() {
            add(&mut f, k);
        }
    }
    for &id in &conj {
        if let Some(k) = graph.get(id).keywords() {
            let applicators = k.applicators();
            for branches in [&applicators.any_of, &applicators.one_of]
                .into_iter()
                .flatten()
            {
                f.types = f.types.and(branch_types(graph, &branches.value));
                let taken = branches.value.iter().any(|b| view.ids.contains(b));
                if f.branches.is_none() && !taken && !branches.value.is_empty() {
                    f.branches = Some(branches.value.clone());
                }
            }
        }
    }
    f.conj = conj;
    if let Some(values) = f.values.as_mut() {
        let types = f.types;
        values.retain(|v| types.contains(Types::of(v)));
    } else if Types::NULL.or(Types::BOOLEAN).contains(f.types) {
        // Null and boolean have so few values that the writer's are known.
        let mut values = Vec::new();
        if f.types.contains(Types::NULL) {
            values.push(Value::Null);
        }
        if f.types.contains(Types::BOOLEAN) {
            values.extend([Value::Bool(false), Value::Bool(true)]);
        }
        f.values = Some(values);
    }
    if f.values.as_ref().is_some_and(Vec::is_empty) || f.types.is_empty() {
        f.unsat = true;
    }
    f
}

/// The types a value valid against one of `branches` can have: for each branch, the
/// intersection of the `type` keywords it and its `$ref`s and `allOf`s carry, and of the types
/// of the values an `enum`/`const` lists. An upper bound (nested `anyOf`s are not looked into),
/// so narrowing the writer's types by it stays sound.
pub(super) fn branch_types(graph: &Graph, branches: &[SchemaId]) -> Types {
    let mut union = Types::NONE;
    for &branch in branches {
        let Some(conj) = flatten(graph, &[branch]) else {
            continue;
        };
        let mut types = Types::ALL;
        for k in conj.iter().filter_map(|&id| graph.get(id).keywords()) {
            if let Some(t) = &k.types {
                types = types.and(t.value);
            }
            if let Some(values) = &k.values {
                let listed = values
                    .value
                    .iter()
                    .fold(Types::NONE, |all, v| all.or(value_types(v)));
                types = types.and(listed);
            }
        }
        union = union.or(types);
    }
    union
}

/// The types a value has in [`Types`]: an integer is a number too.
fn value_types(value: &Value) -> Types {
    match Types::of(value) {
        Types::INTEGER => Types::NUMBER,
        t => t,
    }
}

fn add<'g>(f: &mut Facts<'g>, k: &'g Keywords) {
    if let Some(t) = &k.types {
        f.types = f.types.and(t.value);
        f.type_span.get_or_insert(t.span);
    }
    if let Some(values) = &k.values {
        f.values = Some(match f.values.take() {
            Some(known) => known
                .into_iter()
                .filter(|v| values.value.iter().any(|w| json_eq(v, w)))
                .collect(),
            None => values.value.clone(),
        });
        f.values_span.get_or_insert(values.span);
    }
    let tighter_lower = |current: Option<Bound>, new: Bound| match current {
        Some(b) if b.value > new.value || (b.value == new.value && b.exclusive) => Some(b),
        _ => Some(new),
    };
    let tighter_upper = |current: Option<Bound>, new: Bound| match current {
        Some(b) if b.value < new.value || (b.value == new.value && b.exclusive) => Some(b),
        _ => Some(new),
    };
    let bound = |kw: &crate::schema::model::Kw<f64>, exclusive| Bound {
        value: kw.value,
        exclusive,
        span: kw.span,
    };
    if let Some(m) = &k.numbers().minimum {
        f.lower = tighter_lower(f.lower, bound(m, false));
    }
    if let Some(m) = &k.numbers().exclusive_minimum {
        f.lower = tighter_lower(f.lower, bound(m, true));
    }
    if let Some(m) = &k.numbers().maximum {
        f.upper = tighter_upper(f.upper, bound(m, false));
    }
    if let Some(m) = &k.numbers().exclusive_maximum {
        f.upper = tighter_upper(f.upper, bound(m, true));
    }
    if let Some(m) = &k.numbers().multiple_of {
        f.multiples.push(m.value);
    }
    if let Some(m) = &k.strings().min_length {
        f.min_length = max_opt(f.min_length, m.value);
    }
    if let Some(m) = &k.strings().max_length {
        f.max_length = min_opt(f.max_length, m.value);
    }
    if let Some(p) = &k.strings().pattern {
        f.patterns.push(&p.value);
        f.string_span.get_or_insert(p.span);
    }
    if let Some(p) = &k.strings().format {
        f.formats.push(&p.value);
        f.string_span.get_or_insert(p.span);
    }
    f.required
        .extend(k.objects().required.iter().map(|r| r.value.as_str()));
    for d in &k.objects().dependent_required {
        let (key, names) = &d.value;
        f.dependent
            .extend(names.iter().map(|n| (key.as_str(), n.as_str())));
    }
    if let Some(m) = &k.objects().min_properties {
        f.min_properties = max_opt(f.min_properties, m.value);
    }
    if let Some(m) = &k.objects().max_properties {
        f.max_properties = min_opt(f.max_properties, m.value);
    }
    if let Some(m) = &k.arrays().min_items {
        f.min_items = max_opt(f.min_items, m.value);
    }
    if let Some(m) = &k.arrays().max_items {
        f.max_items = min_opt(f.max_items, m.value);
    }
    if k.arrays().unique_items.as_ref().is_some_and(|u| u.value) {
        f.unique = true;
    }
    f.has_extra |= k.has_extra();
    if let Some(c) = &k.arrays().contains {
        let min = k.arrays().min_contains.as_ref().map_or(1, |m| m.value);
        f.contains.push((c.value, min));
    }
}

/// Whether the writer's numbers are all integers.
pub fn integers_only(types: Types) -> bool {
    !types.intersects(Types::FRACTION)
}

/// The writer's lower bound; for integers, the smallest integer it admits.
pub fn effective_lower(bound: Option<Bound>, types: Types) -> Option<Bound> {
    let b = bound?;
    if !integers_only(types) {
        return Some(b);
    }
    let value = if b.exclusive {
        b.value.floor() + 1.0
    } else {
        b.value.ceil()
    };
    Some(Bound {
        value,
        exclusive: false,
        span: b.span,
    })
}

/// The writer's upper bound; for integers, the largest integer it admits.
pub fn effective_upper(bound: Option<Bound>, types: Types) -> Option<Bound> {
    let b = bound?;
    if !integers_only(types) {
        return Some(b);
    }
    let value = if b.exclusive {
        b.value.ceil() - 1.0
    } else {
        b.value.floor()
    };
    Some(Bound {
        value,
        exclusive: false,
        span: b.span,
    })
}

/// The values a writer view admits when they are finitely many: its `enum`/`const`, or those of
/// each branch of its union (`type: {anyOf: [{enum: [item_reference]}, {type: "null"}]}`).
pub(super) fn finite_values(graph: &Graph, view: &View) -> Option<Vec<Value>> {
    let found = facts(graph, view);
    if found.values.is_some() || found.unsat {
        return found.values.or(Some(Vec::new()));
    }
    let branches = found.branches?;
    let mut values = Vec::new();
    for branch in branches {
        values.extend(finite_values(graph, &view.with(branch))?);
    }
    Some(values)
}
