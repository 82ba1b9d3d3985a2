//! Helpers for the kind's unit tests: a graph from schema text.

use super::containment::{Constraint, Outcome};
use super::model::{Draft, Graph, SchemaId};
use super::resolve::{Builder, MemorySource};
use crate::core::Side;

pub fn graph_of(text: &str) -> (Graph, SchemaId) {
    graph_in(text, Draft::Draft202012)
}

pub fn graph_in(text: &str, draft: Draft) -> (Graph, SchemaId) {
    let mut source = MemorySource::new(Side::New);
    source.insert("s.json", text);
    let mut builder = Builder::new(draft);
    let doc = builder.load(&mut source, "s.json").expect("parses");
    let root = builder.schema(&mut source, doc, "").expect("root");
    assert!(builder.errors.is_empty(), "{:?}", builder.errors);
    (builder.graph, root)
}

/// The kinds of an outcome's incompatibilities, sorted.
pub fn kinds(outcome: &Outcome) -> Vec<Constraint> {
    let mut kinds: Vec<Constraint> = outcome
        .incompatibilities
        .iter()
        .map(|i| i.constraint())
        .collect();
    kinds.sort();
    kinds
}
