//! The operations and messages a finding reaches, held as ids while a pass runs: one change to
//! a shared component is reached from thousands of places, each a few integers until the
//! report is built.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

use super::model::Operation;
use crate::core::Reach;

/// The id of no text: a reach of an operation as a whole has no message.
pub const NO_TEXT: u32 = u32::MAX;

/// An operation a finding reaches and its message, as ids into [`Interned`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReachId {
    pub op: u32,
    pub message: u32,
}

/// An operation as findings name it.
struct Op {
    /// `` `getOrder` (GET /orders/{orderId}) ``, what messages and notes say.
    label: String,
    /// `GET /orders/{orderId}`.
    place: String,
    id: Option<String>,
}

/// Operations by label and texts (messages, the words of findings), each given
/// an id the first time it is seen.
#[derive(Default)]
pub struct Interned {
    ops: Vec<Op>,
    op_ids: HashMap<String, u32, FixedState>,
    texts: Vec<String>,
    text_ids: HashMap<String, u32, FixedState>,
}

impl Interned {
    pub fn op(&mut self, op: &Operation) -> u32 {
        self.op_named(op.label(), || (op.place(), op.id.clone()))
    }

    fn op_named(&mut self, label: String, rest: impl FnOnce() -> (String, Option<String>)) -> u32 {
        if let Some(&id) = self.op_ids.get(&label) {
            return id;
        }
        let id = next_id(self.ops.len());
        let (place, op_id) = rest();
        self.op_ids.insert(label.clone(), id);
        self.ops.push(Op {
            label,
            place,
            id: op_id,
        });
        id
    }

    pub fn label(&self, op: u32) -> &str {
        &self.ops[op as usize].label
    }

    pub fn text(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.text_ids.get(text) {
            return id;
        }
        let id = next_id(self.texts.len());
        self.text_ids.insert(text.to_owned(), id);
        self.texts.push(text.to_owned());
        id
    }

    pub fn text_of(&self, id: u32) -> Option<&str> {
        self.texts.get(id as usize).map(String::as_str)
    }

    /// The ids `later`'s ops and texts have here, interning those not seen yet, by their
    /// ids in `later`.
    pub fn absorb(&mut self, later: Interned) -> Remap {
        let ops = later
            .ops
            .into_iter()
            .map(|op| self.op_named(op.label, || (op.place, op.id)))
            .collect();
        let texts = later.texts.iter().map(|text| self.text(text)).collect();
        Remap { ops, texts }
    }

    /// What a reach says in the report.
    pub fn reach(&self, id: ReachId) -> Reach {
        let op = &self.ops[id.op as usize];
        let message = self.text_of(id.message);
        Reach::Operation {
            operation: op.place.clone(),
            operation_id: op.id.clone(),
            message: message.map(|m| m.strip_prefix("the ").unwrap_or(m).to_owned()),
        }
    }
}

/// The ids of one [`Interned`] in another.
pub struct Remap {
    ops: Vec<u32>,
    texts: Vec<u32>,
}

impl Remap {
    pub fn op(&self, op: u32) -> u32 {
        self.ops[op as usize]
    }

    pub fn text(&self, text: u32) -> u32 {
        if text == NO_TEXT {
            return NO_TEXT;
        }
        self.texts[text as usize]
    }

    pub fn reach(&self, id: ReachId) -> ReachId {
        ReachId {
            op: self.op(id.op),
            message: self.text(id.message),
        }
    }
}

/// Each item once, in the order first seen.
pub fn distinct<T: Copy + Eq + std::hash::Hash>(items: &[T]) -> Vec<T> {
    let mut seen = HashSet::with_capacity_and_hasher(items.len(), FixedState::default());
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
}

fn next_id(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(NO_TEXT - 1)
}
