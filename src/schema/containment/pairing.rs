//! Which reader branch a writer's value became, when several of a reader's `anyOf`/`oneOf`
//! branches take its type and none contains it: the one to compare it with, so that what changed
//! is reported inside the branch, at the keyword that changed, rather than as a union that
//! cannot be proven.
//!
//! A branch is recognised as another version of the writer by, in order: being the same
//! schema; not being another branch of the writer's union, unchanged; its place in a union of
//! as many branches, when it shares something with the writer's; and then a tag (a property
//! whose values both list, as a discriminator's `const`) and the properties both declare. A tag
//! that differs rules a branch out; with no evidence either way there is no pairing and the
//! union stays unproven.

use std::collections::BTreeSet;

use serde_json::Value;

use super::facts::{Facts, finite_values, flatten};
use super::{Checker, View};
use crate::schema::model::{Graph, SchemaId};
use crate::schema::resolve::json_eq;

/// What a schema says about its object values, for telling branches apart.
struct Shape {
    names: BTreeSet<String>,
    required: BTreeSet<String>,
    /// Properties whose values are listed (`const`, `enum`), with those values.
    tags: Vec<(String, Vec<Value>)>,
}

impl Shape {
    fn of(graph: &Graph, conj: &[SchemaId], required: impl Iterator<Item = String>) -> Shape {
        let mut names = BTreeSet::new();
        let mut tags = Vec::new();
        for k in conj.iter().filter_map(|&id| graph.get(id).keywords()) {
            for property in &k.objects().properties {
                names.insert(property.name.to_string());
                let values = finite_values(graph, &View::of(vec![property.schema], property.span));
                if let Some(values) = values.filter(|v| !v.is_empty() && v.len() <= 8) {
                    tags.push((property.name.to_string(), values));
                }
            }
        }
        Shape {
            names,
            required: required.collect(),
            tags,
        }
    }

    /// How much evidence says `self` and `other` are versions of one branch; `None` when a tag
    /// says they are not.
    fn score(&self, other: &Shape) -> Option<usize> {
        let mut score = 0;
        for (name, values) in &self.tags {
            if let Some((_, others)) = other.tags.iter().find(|(n, _)| n == name) {
                let shared = values.iter().any(|v| others.iter().any(|o| json_eq(v, o)));
                if !shared {
                    return None;
                }
                score += 100;
            }
        }
        score += 2 * self.required.intersection(&other.required).count();
        score += self.names.intersection(&other.names).count();
        Some(score)
    }
}

impl Checker<'_> {
    /// The candidate the writer is best compared with; `None` when the evidence does not single
    /// one out.
    pub(super) fn paired(
        &mut self,
        w: &View,
        facts: &Facts,
        candidates: &[SchemaId],
    ) -> Option<SchemaId> {
        if let [only] = candidates {
            return Some(*only);
        }
        if let Some(&same) = candidates.iter().find(|&&c| self.same_as_writer(facts, c)) {
            return Some(same);
        }
        // A reader branch that is another branch of the writer's union, unchanged, is that
        // branch's: of `anyOf: [A, B]` where only B changed, B is compared with B, never with A.
        let unions = self.writer_unions(w);
        let unclaimed: Vec<SchemaId> = candidates
            .iter()
            .copied()
            .filter(|&c| !unions.iter().any(|list| self.is_writer_sibling(w, list, c)))
            .collect();
        let writer = Shape::of(
            self.w,
            &facts.conj,
            facts.required.iter().map(|r| (*r).to_owned()),
        );
        // A union of as many branches on both sides: the branch at the writer's place, when it
        // shares something with the writer's (`anyOf: [card, client]` where both changed stays
        // card with card, though client now declares more of card's names); a branch at that
        // place with nothing in common (a reordered `oneOf`) gives way to what the others share.
        let aligned = unions.iter().find_map(|list| {
            (list.len() == candidates.len())
                .then(|| list.iter().position(|b| w.ids.contains(b)))
                .flatten()
                .map(|i| candidates[i])
        });
        let pool = if unclaimed.is_empty() {
            candidates
        } else {
            unclaimed.as_slice()
        };
        let scored: Vec<(SchemaId, usize)> = pool
            .iter()
            .filter_map(|&c| self.score(&writer, c, 0).map(|score| (c, score)))
            .collect();
        let top = scored.iter().map(|&(_, score)| score).max()?;
        if let Some(aligned) = aligned
            && scored
                .iter()
                .any(|&(c, score)| c == aligned && (score > 0 || score == top))
        {
            return Some(aligned);
        }
        let mut best = scored.iter().filter(|&&(_, score)| score == top);
        match (best.next(), best.next()) {
            (Some(&(candidate, score)), None) if score > 0 || pool.len() == 1 => Some(candidate),
            _ => None,
        }
    }

    /// How well a reader candidate matches the writer's shape; a candidate that is only a union
    /// (`Item: {oneOf: [message, file_search_call, ...]}`) matches as well as its best branch.
    fn score(&self, writer: &Shape, candidate: SchemaId, level: usize) -> Option<usize> {
        const LEVELS: usize = 3;
        let conj = flatten(self.r, &[candidate])?;
        let keywords = || conj.iter().filter_map(|&id| self.r.get(id).keywords());
        let required = keywords()
            .flat_map(|k| k.objects().required.iter().map(|r| r.value.clone()))
            .collect::<Vec<_>>();
        let reader = Shape::of(self.r, &conj, required.into_iter());
        if reader.names.is_empty() && level < LEVELS {
            let branches: Vec<SchemaId> = keywords()
                .flat_map(|k| {
                    let a = k.applicators();
                    [&a.any_of, &a.one_of]
                        .into_iter()
                        .flatten()
                        .flat_map(|b| b.value.iter().copied())
                        .collect::<Vec<_>>()
                })
                .collect();
            if !branches.is_empty() {
                return branches
                    .into_iter()
                    .filter_map(|b| self.score(writer, b, level + 1))
                    .max();
            }
        }
        writer.score(&reader)
    }
}
