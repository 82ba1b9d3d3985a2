//! Reference cycles that never descend into the value: `a` refers to `b`, which refers back to
//! `a`, directly or through `allOf`, `anyOf`, `oneOf`, `not` or `if`/`then`/`else`. Validating
//! against such a schema never ends, so it describes no value and is an input error. A recursive
//! schema that descends (a tree node whose `children` items refer to the node) is fine.

use std::collections::HashSet;

use foldhash::fast::FixedState;

use super::model::{Graph, SchemaId};
use crate::core::Span;

/// Schemas already walked, kept across calls so that every schema is walked once.
#[derive(Debug, Default)]
pub struct CycleCheck {
    /// By schema id.
    done: Vec<bool>,
}

impl CycleCheck {
    /// The span of the reference (or subschema) that closes each cycle reachable from `root`
    /// and not reported before.
    pub fn check(&mut self, graph: &Graph, root: SchemaId) -> Vec<Span> {
        let mut found = Vec::new();
        self.done.resize(graph.len(), false);
        if self.is_done(root) {
            return found;
        }
        // An explicit stack: a chain of references can be longer than the thread's stack allows.
        let mut on_path: HashSet<SchemaId, FixedState> = HashSet::default();
        on_path.insert(root);
        let mut stack = vec![(root, in_place(graph, root), 0)];
        while let Some((id, next, index)) = stack.last_mut() {
            let Some(&(target, span)) = next.get(*index) else {
                let id = *id;
                on_path.remove(&id);
                self.done[id.0 as usize] = true;
                stack.pop();
                continue;
            };
            *index += 1;
            if on_path.contains(&target) {
                found.push(span);
            } else if !self.is_done(target) {
                on_path.insert(target);
                stack.push((target, in_place(graph, target), 0));
            }
        }
        found
    }

    fn is_done(&self, id: SchemaId) -> bool {
        self.done.get(id.0 as usize).copied().unwrap_or(false)
    }
}

/// The schemas a value must also be checked against, in place, to be checked against `id`, each
/// with the span that leads there.
fn in_place(graph: &Graph, id: SchemaId) -> Vec<(SchemaId, Span)> {
    let Some(k) = graph.get(id).keywords() else {
        return Vec::new();
    };
    let at_head = |id: &SchemaId| (*id, graph.get(*id).head);
    let applicators = k.applicators();
    let mut next: Vec<(SchemaId, Span)> = k.refs.iter().map(|r| (r.value, r.span)).collect();
    next.extend(applicators.all_of.iter().map(at_head));
    for list in [&applicators.any_of, &applicators.one_of]
        .into_iter()
        .flatten()
    {
        next.extend(list.value.iter().map(at_head));
    }
    next.extend(applicators.not.iter().map(|not| (not.value, not.span)));
    if let Some(conditional) = &applicators.conditional {
        next.push((conditional.condition.value, conditional.condition.span));
        next.extend(conditional.then.iter().map(at_head));
        next.extend(conditional.otherwise.iter().map(at_head));
    }
    next
}
