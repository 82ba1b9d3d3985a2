//! Interned locations: a node of a loaded document is a [`Place`], a number reached from the
//! document's root by member and item positions, so that locations cost no strings to build,
//! compare or hash. A place is found from a JSON pointer by names, as [`Node::at`] reads them
//! (a member named twice is its last occurrence), so a `$ref` and a parent schema reaching the
//! same subschema meet at the same place.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::schema::doc::{Node, NodeValue};
use crate::schema::model::SchemaId;

/// A node of a loaded document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place(u32);

#[derive(Debug, Clone, Copy)]
struct Entry {
    doc: u32,
    /// `None` for a document root.
    parent: Option<Place>,
    /// The member or item position in the parent.
    position: u32,
    /// The schema reserved at this place.
    schema: Option<SchemaId>,
}

/// One step of a path, by name (a JSON pointer segment) or by item position.
#[derive(Debug, Clone, Copy)]
pub enum Step<'s> {
    Key(&'s str),
    Item(usize),
}

impl Step<'_> {
    /// The position in `node` this step names.
    fn position(self, node: &Node) -> Option<usize> {
        match (self, &node.value) {
            (Step::Key(key), _) => node.position_of(key),
            (Step::Item(i), NodeValue::Array(items)) => (i < items.len()).then_some(i),
            (Step::Item(i), _) => node.position_of(&i.to_string()),
        }
    }
}

#[derive(Debug, Default)]
pub struct Places {
    entries: Vec<Entry>,
    children: HashMap<(Place, u32), Place, FixedState>,
}

impl Places {
    /// A new document's root.
    pub fn root(&mut self, doc: usize) -> Place {
        self.push(Entry {
            doc: index_u32(doc),
            parent: None,
            position: 0,
            schema: None,
        })
    }

    fn push(&mut self, entry: Entry) -> Place {
        let place = Place(index_u32(self.entries.len()));
        self.entries.push(entry);
        place
    }

    pub fn doc(&self, place: Place) -> usize {
        self.entries[place.0 as usize].doc as usize
    }

    pub fn schema(&self, place: Place) -> Option<SchemaId> {
        self.entries[place.0 as usize].schema
    }

    pub fn set_schema(&mut self, place: Place, id: SchemaId) {
        self.entries[place.0 as usize].schema = Some(id);
    }

    pub fn is_root(&self, place: Place) -> bool {
        self.entries[place.0 as usize].parent.is_none()
    }

    /// The child of `parent` at a member or item position.
    pub fn child(&mut self, parent: Place, position: usize) -> Place {
        let position = index_u32(position);
        if let Some(&place) = self.children.get(&(parent, position)) {
            return place;
        }
        let doc = self.entries[parent.0 as usize].doc;
        let place = self.push(Entry {
            doc,
            parent: Some(parent),
            position,
            schema: None,
        });
        self.children.insert((parent, position), place);
        place
    }

    /// Follows `steps` from `place`, whose node is `node`, to a place and its node.
    pub fn descend<'d, 's>(
        &mut self,
        mut place: Place,
        mut node: &'d Node,
        steps: impl IntoIterator<Item = Step<'s>>,
    ) -> Option<(Place, &'d Node)> {
        for step in steps {
            let position = step.position(node)?;
            node = node.child(position)?;
            place = self.child(place, position);
        }
        Some((place, node))
    }

    /// The positions from the document root down to `place`.
    pub fn positions(&self, mut place: Place) -> Vec<u32> {
        let mut positions = Vec::new();
        while let Some(entry) = self.entries.get(place.0 as usize) {
            let Some(parent) = entry.parent else { break };
            positions.push(entry.position);
            place = parent;
        }
        positions.reverse();
        positions
    }

    /// The node at `place` in its document, whose root is `root`.
    pub fn node<'d>(&self, root: &'d Node, place: Place) -> Option<&'d Node> {
        self.positions(place)
            .into_iter()
            .try_fold(root, |node, position| node.child(position as usize))
    }
}

/// Graphs and documents are indexed by `u32`; past that, inputs are far beyond any size compat
/// reads (files are refused over 64 MiB).
fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::doc::{Syntax, parse};

    #[test]
    fn paths_by_name_and_by_position_meet_at_one_place() {
        let root = parse(
            r#"{"a": {"b": [1, {"c": 2}]}, "a": {"b": [3]}}"#,
            Syntax::Json,
        )
        .expect("parses");
        let mut places = Places::default();
        let top = places.root(0);
        let (by_name, node) = places
            .descend(top, &root, [Step::Key("a"), Step::Key("b"), Step::Key("0")])
            .expect("found");
        assert_eq!(node.as_f64(), Some(3.0), "the last `a` counts");
        let (by_item, _) = places
            .descend(top, &root, [Step::Key("a"), Step::Key("b"), Step::Item(0)])
            .expect("found");
        assert_eq!(by_name, by_item);
        assert_eq!(places.positions(by_name), [1, 0, 0]);
        assert_eq!(
            places.node(&root, by_name).and_then(Node::as_f64),
            Some(3.0)
        );
        assert!(
            places
                .descend(top, &root, [Step::Key("a"), Step::Key("b"), Step::Item(1)])
                .is_none()
        );
        assert!(places.is_root(top) && !places.is_root(by_name));
    }
}
