//! A location in a loaded document, as the reader passes it down: each child shares its
//! parent's path and remembers the position it was found at, so that neither copying the path
//! nor looking keys up again from the root grows with the depth of the document.

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use crate::core::Span;
use crate::schema::doc::{Member, Node};
use crate::schema::resolve::Document;

/// One step below the parent location: the JSON pointer segment, and the member or item
/// position it names (`None` where the parent has no such child).
struct Step {
    parent: Option<Rc<Step>>,
    segment: String,
    position: Option<usize>,
}

#[derive(Clone)]
pub(super) struct At {
    pub doc: Arc<Document>,
    pub index: usize,
    last: Option<Rc<Step>>,
}

impl At {
    /// The root of a document.
    pub fn root(doc: Arc<Document>, index: usize) -> At {
        At {
            doc,
            index,
            last: None,
        }
    }

    /// The location a JSON pointer (split into unescaped segments) names.
    pub fn pointer(doc: Arc<Document>, index: usize, segments: &[String]) -> At {
        segments
            .iter()
            .fold(At::root(doc, index), |at, segment| at.child(segment))
    }

    pub fn node(&self) -> Option<&Node> {
        node_at(&self.doc.root, self.last.as_deref())
    }

    pub fn child(&self, segment: &str) -> At {
        let position = self.node().and_then(|n| n.position_of(segment));
        At {
            doc: Arc::clone(&self.doc),
            index: self.index,
            last: Some(Rc::new(Step {
                parent: self.last.clone(),
                segment: segment.to_owned(),
                position,
            })),
        }
    }

    /// The last segment of the pointer: the key or index this location sits under.
    pub fn last_segment(&self) -> Option<&str> {
        self.last.as_deref().map(|s| s.segment.as_str())
    }

    /// The object this location is a member or item of.
    pub fn parent_node(&self) -> Option<&Node> {
        node_at(&self.doc.root, self.last.as_deref()?.parent.as_deref())
    }

    /// The pointer's segments, root first.
    pub fn segments(&self) -> Vec<&str> {
        let mut segments = Vec::new();
        let mut step = self.last.as_deref();
        while let Some(s) = step {
            segments.push(s.segment.as_str());
            step = s.parent.as_deref();
        }
        segments.reverse();
        segments
    }

    pub fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.doc.file, range.clone())
    }

    /// The span of a member of this object, key and value.
    pub fn member_span(&self, key: &str) -> Option<Span> {
        self.node()?.member(key).map(|m| self.span(&m.span()))
    }

    pub fn key_span(&self, member: &Member) -> Span {
        self.span(&member.key_span())
    }
}

fn node_at<'a>(root: &'a Node, step: Option<&Step>) -> Option<&'a Node> {
    match step {
        None => Some(root),
        Some(step) => node_at(root, step.parent.as_deref())?.child(step.position?),
    }
}
