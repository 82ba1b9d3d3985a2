//! From documents to a resolved [`Graph`]: reads each subschema once, in the dialect of its
//! document, and resolves `$ref` to local pointers, `$defs`/`definitions`, `$anchor`, `$id` and
//! relative files of the same tree.
//!
//! Nothing is ever fetched: a reference to an `http(s)` URI that no loaded document declares as
//! its `$id` is an input error with a code frame, and so is one that climbs out of the repository.
//! Cyclic references terminate because every location (a `Place`) is built once and
//! referred to by id.

mod ids;
mod keywords;
mod places;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::cycles::CycleCheck;
use super::doc::{self, Node, NodeValue, Syntax, escape_segment, pointer_steps};
use super::model::{Body, Draft, Graph, Schema, SchemaId};
use super::uri::{self, UriError};
use crate::core::{FileId, InputError, Span};
use keywords::Cx;
use places::{Place, Places, Step};

/// Where the documents of one version come from.
pub trait DocSource {
    /// The text of a file of this version, indexed in the report's sources; `None` when it cannot
    /// be read (the source records why).
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)>;
    fn exists(&self, path: &str) -> bool;
    /// The JSON and YAML files near `path` (its top-level directory) that may declare the
    /// `$id`s its references name (see `ids`).
    fn nearby(&self, _path: &str) -> Vec<String> {
        Vec::new()
    }
}

/// A parsed document.
#[derive(Debug)]
pub struct Document {
    pub path: String,
    pub file: FileId,
    pub text: Arc<str>,
    /// An empty `null` once [`Builder::take_trees`] ran.
    pub root: Node,
    pub draft: Draft,
}

/// What a loaded document's places need besides the document: its root place and the base URIs
/// in force in it.
#[derive(Debug)]
struct Scopes {
    root: Place,
    /// `file:///<path>`: the base at the root, before the root's own `$id`.
    file_base: Arc<str>,
    /// The base and draft everywhere below the root, when no node below it changes them (no
    /// nested `$id`, `id` or `$schema`): most documents, whose places then need no walk.
    below_root: Option<(Arc<str>, Draft)>,
}

/// A schema resource (a document root or an embedded `$id`).
#[derive(Debug, Clone, Copy)]
struct Resource {
    at: Place,
    draft: Draft,
}

/// A subschema waiting to be built.
struct Pending {
    id: SchemaId,
    at: Place,
    /// The base URI in force where the subschema sits (its own `$id` not yet applied).
    base: Arc<str>,
    draft: Draft,
}

/// Builds the schema graph of one version. Documents are loaded on demand, through the
/// [`DocSource`], as references reach them.
pub struct Builder {
    pub graph: Graph,
    docs: Vec<Arc<Document>>,
    scopes: Vec<Scopes>,
    by_path: HashMap<String, usize>,
    unreadable: HashSet<String>,
    resources: HashMap<String, Resource>,
    anchors: HashMap<(String, String), Place>,
    /// Relative root `$id`s, and the registry of the files that declare them.
    ids: ids::IdSpace,
    places: Places,
    queue: Vec<Pending>,
    default_draft: Draft,
    cycles: CycleCheck,
    /// Unparseable documents, unresolvable references and reference cycles.
    pub errors: Vec<InputError>,
    /// Read a boolean `exclusiveMinimum`/`exclusiveMaximum` as OpenAPI 3.0 meant it (a flag on
    /// `minimum`/`maximum`) where the draft wants a number: OpenAPI 3.1 documents often keep
    /// 3.0's form. Off for JSON Schemas, where it is an error.
    pub boolean_bounds_as_flags: bool,
    /// Where a keyword was read that way.
    pub bounds_read_as_flags: Vec<Span>,
}

impl Builder {
    /// `default_draft` applies to documents without `$schema`.
    pub fn new(default_draft: Draft) -> Self {
        Builder {
            graph: Graph::default(),
            docs: Vec::new(),
            scopes: Vec::new(),
            by_path: HashMap::new(),
            unreadable: HashSet::new(),
            resources: HashMap::new(),
            anchors: HashMap::new(),
            ids: ids::IdSpace::default(),
            places: Places::default(),
            queue: Vec::new(),
            default_draft,
            boolean_bounds_as_flags: false,
            bounds_read_as_flags: Vec::new(),
            cycles: CycleCheck::default(),
            errors: Vec::new(),
        }
    }

    /// Frees what only building needs (the place index, resources, anchors, the queue) and
    /// keeps the graph and the documents: for a large API that is a tenth of its memory. Once
    /// called, nothing may be built any more (the places the documents' scopes name are gone),
    /// so callers keep the builder behind a shared reference from then on.
    pub fn finish_building(&mut self) {
        self.places = Places::default();
        self.resources = HashMap::new();
        self.anchors = HashMap::new();
        self.queue = Vec::new();
        self.cycles = CycleCheck::default();
        self.graph.shrink_to_fit();
    }

    /// Takes the documents' trees, keeping their paths and texts: for a caller that reads only
    /// the graph once it is built. A tree still shared elsewhere stays.
    pub fn take_trees(&mut self) -> Vec<Node> {
        self.docs
            .iter_mut()
            .filter_map(Arc::get_mut)
            .map(|document| std::mem::replace(&mut document.root, Node::new(0..0, NodeValue::Null)))
            .collect()
    }

    pub fn document(&self, index: usize) -> &Document {
        &self.docs[index]
    }

    /// Every document loaded so far, roots and the files their references reached.
    pub fn documents(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// Loads (once) and indexes a document; `None` when it cannot be read or parsed.
    pub fn load(&mut self, source: &mut dyn DocSource, path: &str) -> Option<usize> {
        if let Some(&index) = self.by_path.get(path) {
            return Some(index);
        }
        if self.unreadable.contains(path) {
            return None;
        }
        let Some((file, text)) = source.read(path) else {
            self.unreadable.insert(path.to_owned());
            return None;
        };
        let index = self.add_text(path, file, &text);
        if index.is_none() {
            self.unreadable.insert(path.to_owned());
        }
        index
    }

    /// Adds a document whose text the caller already has (an OpenAPI file, say).
    pub fn add_text(&mut self, path: &str, file: FileId, text: &str) -> Option<usize> {
        match doc::parse(text, Syntax::of(path, text)) {
            Ok(root) => Some(self.add_document(path, file, Arc::from(text), root)),
            Err(error) => {
                self.errors.push(
                    InputError::new(
                        Some(path.to_owned()),
                        format!("cannot parse {path}: {}", error.message),
                    )
                    .at(Span::new(file, error.span)),
                );
                None
            }
        }
    }

    /// Adds a parsed document and indexes its `$id`s and anchors.
    pub fn add_document(&mut self, path: &str, file: FileId, text: Arc<str>, root: Node) -> usize {
        let draft = root
            .get("$schema")
            .and_then(Node::as_str)
            .and_then(Draft::from_uri)
            .unwrap_or(self.default_draft);
        let index = self.docs.len();
        let document = Arc::new(Document {
            path: path.to_owned(),
            file,
            text,
            root,
            draft,
        });
        self.docs.push(Arc::clone(&document));
        self.by_path.insert(path.to_owned(), index);
        let root = self.places.root(index);
        let file_base: Arc<str> = Arc::from(uri::file_uri(path));
        let below_root = (!scope_changes_below(&document.root))
            .then(|| scope_of(&document.root, &file_base, draft));
        if let Some(id) = document.root.get(draft.id_keyword()).and_then(Node::as_str) {
            let (base, _) = scope_of(&document.root, &file_base, draft);
            self.ids.note(&base, id, path);
        }
        self.scopes.push(Scopes {
            root,
            file_base: Arc::clone(&file_base),
            below_root,
        });
        self.resources
            .insert(file_base.to_string(), Resource { at: root, draft });
        let mut found = Vec::new();
        index_ids(
            &document.root,
            &file_base,
            draft,
            &mut Vec::new(),
            &mut found,
        );
        for (entry, steps, draft) in found {
            // Ids are registered where their path leads by name, as references read it.
            let Some((at, _)) = self.places.descend(root, &document.root, steps) else {
                continue;
            };
            match entry {
                Indexed::Resource(uri) => {
                    self.resources
                        .entry(uri.to_string())
                        .or_insert(Resource { at, draft });
                }
                Indexed::Anchor(base, name) => {
                    self.anchors.entry((base.to_string(), name)).or_insert(at);
                }
            }
        }
        index
    }

    /// The schema at a JSON pointer of a loaded document (`""` for the root), with everything it
    /// references.
    pub fn schema(
        &mut self,
        source: &mut dyn DocSource,
        doc: usize,
        pointer: &str,
    ) -> Option<SchemaId> {
        let steps: Vec<_> = pointer_steps(pointer)?.collect();
        self.schema_at(source, doc, &steps)
    }

    /// [`Builder::schema`] for a pointer already split into unescaped segments.
    pub fn schema_at<S: AsRef<str>>(
        &mut self,
        source: &mut dyn DocSource,
        doc: usize,
        segments: &[S],
    ) -> Option<SchemaId> {
        let document = Arc::clone(&self.docs[doc]);
        let root = self.scopes[doc].root;
        let steps = segments.iter().map(|s| Step::Key(s.as_ref()));
        let (at, node) = self.places.descend(root, &document.root, steps)?;
        let (base, draft) = self.base_at(at);
        let id = self.reserve(at, node.span(), base, draft);
        self.drain(source);
        self.report_cycles(id);
        Some(id)
    }

    /// Reference cycles that never descend into the value, reachable from a schema just built.
    fn report_cycles(&mut self, root: SchemaId) {
        for span in self.cycles.check(&self.graph, root) {
            let path = self
                .docs
                .iter()
                .find(|d| d.file == span.file)
                .map(|d| d.path.clone());
            self.errors.push(
                InputError::new(
                    path,
                    "a cycle of references closes here without describing a value: checking a \
                     value against it would never end",
                )
                .at(span)
                .with_help(
                    "let a schema of the cycle describe the value (`type`, `properties`, ...) \
                     instead of referring on",
                ),
            );
        }
    }

    /// The base URI and draft in force at a place, its own `$id` not applied.
    fn base_at(&self, at: Place) -> (Arc<str>, Draft) {
        let doc = self.places.doc(at);
        let (document, scopes) = (&self.docs[doc], &self.scopes[doc]);
        if self.places.is_root(at) {
            return (Arc::clone(&scopes.file_base), document.draft);
        }
        if let Some((base, draft)) = &scopes.below_root {
            return (Arc::clone(base), *draft);
        }
        let mut base = Arc::clone(&scopes.file_base);
        let mut draft = document.draft;
        let mut node = &document.root;
        for position in self.places.positions(at) {
            (base, draft) = scope_of(node, &base, draft);
            let Some(next) = node.child(position as usize) else {
                break;
            };
            node = next;
        }
        (base, draft)
    }

    /// The schema at a place (whose node spans `span`), reserved and queued on first use.
    fn reserve(
        &mut self,
        at: Place,
        span: std::ops::Range<usize>,
        base: Arc<str>,
        draft: Draft,
    ) -> SchemaId {
        if let Some(id) = self.places.schema(at) {
            return id;
        }
        let file = self.docs[self.places.doc(at)].file;
        let id = self.graph.reserve(Span::new(file, span));
        self.places.set_schema(at, id);
        self.queue.push(Pending {
            id,
            at,
            base,
            draft,
        });
        id
    }

    fn drain(&mut self, source: &mut dyn DocSource) {
        while let Some(pending) = self.queue.pop() {
            let schema = self.build(source, &pending);
            self.graph.set(pending.id, schema);
        }
    }

    fn build(&mut self, source: &mut dyn DocSource, pending: &Pending) -> Schema {
        let doc = self.places.doc(pending.at);
        let document = Arc::clone(&self.docs[doc]);
        let file = document.file;
        let Some(node) = self.places.node(&document.root, pending.at) else {
            let span = Span::new(file, 0..0);
            return Schema {
                span,
                head: span,
                body: Body::Bool(true),
            };
        };
        let span = Span::new(file, node.span());
        let head = Span::new(file, first_line(&document.text, node.span()));
        if let Some(b) = node.as_bool() {
            return Schema {
                span,
                head,
                body: Body::Bool(b),
            };
        }
        if !node.is_object() {
            self.error(
                doc,
                node.span(),
                "a schema must be an object or a boolean".into(),
            );
            return Schema {
                span,
                head,
                body: Body::Bool(true),
            };
        }
        let (base, draft) = scope_of(node, &pending.base, pending.draft);
        let mut cx = Cx {
            builder: self,
            source,
            doc,
            place: pending.at,
            node,
            base: &base,
            draft,
            file,
            id: pending.id,
        };
        let keywords = cx.keywords();
        Schema {
            span,
            head,
            body: Body::Keywords(Box::new(keywords)),
        }
    }

    fn error(&mut self, doc: usize, span: std::ops::Range<usize>, message: String) {
        let document = &self.docs[doc];
        self.errors.push(
            InputError::new(Some(document.path.clone()), message)
                .at(Span::new(document.file, span)),
        );
    }

    /// Resolves a `$ref` value against a base to a place (and its node's span), loading files
    /// it names.
    fn locate(
        &mut self,
        source: &mut dyn DocSource,
        base: &str,
        reference: &str,
    ) -> Result<(Place, std::ops::Range<usize>, Draft), RefError> {
        let absolute = uri::resolve(base, reference).map_err(|UriError::LeavesRoot| {
            RefError::new(
                format!("`{reference}` leaves the repository"),
                "references must stay inside the repository; copy the schema in",
            )
        })?;
        let (resource_uri, fragment) = uri::split_fragment(&absolute);
        let resource = match self.resources.get(resource_uri) {
            Some(resource) => *resource,
            None => match self.load_resource(source, resource_uri, reference) {
                Ok(resource) => resource,
                Err(error) => self
                    .by_written_id(source, base, reference, resource_uri)
                    .ok_or(error)?,
            },
        };
        let document = Arc::clone(&self.docs[self.places.doc(resource.at)]);
        let resource_node = self.places.node(&document.root, resource.at);
        if fragment.is_empty() {
            let span = resource_node.map_or(0..0, |n| n.span());
            return Ok((resource.at, span, resource.draft));
        }
        if let Some(steps) = pointer_steps(&fragment) {
            let steps: Vec<_> = steps.collect();
            let target = resource_node.and_then(|node| {
                let steps = steps.iter().map(|s| Step::Key(s));
                self.places.descend(resource.at, node, steps)
            });
            let Some((at, node)) = target else {
                return Err(RefError::new(
                    format!(
                        "`{reference}` points at nothing: {} has no `#{fragment}`",
                        document.path
                    ),
                    "check the JSON pointer after `#`",
                ));
            };
            return Ok((at, node.span(), resource.draft));
        }
        match self
            .anchors
            .get(&(resource_uri.to_owned(), fragment.clone()))
        {
            Some(&at) => {
                let span = self
                    .places
                    .node(&self.docs[self.places.doc(at)].root, at)
                    .map_or(0..0, |n| n.span());
                Ok((at, span, resource.draft))
            }
            None => Err(RefError::new(
                format!("`{reference}` names the anchor `{fragment}`, which is not defined"),
                "declare it with `$anchor` on the target schema",
            )),
        }
    }

    fn load_resource(
        &mut self,
        source: &mut dyn DocSource,
        resource_uri: &str,
        reference: &str,
    ) -> Result<Resource, RefError> {
        let path = match uri::file_path(resource_uri) {
            Some(path) => Some(path),
            None => self.path_for_remote(resource_uri)?,
        };
        let not_found = || {
            if uri::is_remote(resource_uri) {
                RefError::new(
                    format!(
                        "`{reference}` is a remote reference, and remote schemas are never fetched"
                    ),
                    "vendor the schema into the repository and reference it by a relative path",
                )
            } else {
                RefError::new(
                    format!("`{reference}` names a schema that is not in the repository"),
                    "check the path, relative to the referencing file",
                )
            }
        };
        let Some(mut path) = path else {
            return Err(not_found());
        };
        if !source.exists(&path) {
            // A site that serves `name.json` at `name` too (json.schemastore.org does).
            let with_extension = format!("{path}.json");
            if uri::is_remote(resource_uri) && source.exists(&with_extension) {
                path = with_extension;
            } else {
                return Err(not_found());
            }
        }
        let doc = self.load(source, &path).ok_or_else(|| {
            RefError::new(
                format!("`{reference}` names {path}, which cannot be read"),
                "see the error about that file",
            )
        })?;
        let resource = Resource {
            at: self.scopes[doc].root,
            draft: self.docs[doc].draft,
        };
        self.resources
            .entry(resource_uri.to_owned())
            .or_insert(resource);
        Ok(resource)
    }

    /// The resource a reference names in the id space of a document with a relative root
    /// `$id`, or by the absolute root `$id` of a file near it (see `ids`), loaded and remembered
    /// under `resource_uri`.
    fn by_written_id(
        &mut self,
        source: &mut dyn DocSource,
        base: &str,
        reference: &str,
        resource_uri: &str,
    ) -> Option<Resource> {
        let base = uri::split_fragment(base).0;
        let path = match self.ids.lookup(source, base, reference) {
            Some(path) => path,
            None => self.ids.lookup_absolute(source, base, resource_uri)?,
        };
        let doc = self.load(source, &path)?;
        let resource = Resource {
            at: self.scopes[doc].root,
            draft: self.docs[doc].draft,
        };
        self.resources.insert(resource_uri.to_owned(), resource);
        Some(resource)
    }

    /// A repository path for an `http(s)` URI, through a loaded document whose `$id` shares its
    /// origin (ids usually mirror the layout of the tree).
    fn path_for_remote(&self, target: &str) -> Result<Option<String>, RefError> {
        for document in &self.docs {
            let Some(id) = document
                .root
                .get(document.draft.id_keyword())
                .and_then(Node::as_str)
            else {
                continue;
            };
            match uri::path_via_id(id, &document.path, target) {
                Some(Ok(path)) => return Ok(Some(path)),
                Some(Err(UriError::LeavesRoot)) => {
                    return Err(RefError::new(
                        format!("`{target}` maps to a file outside the repository"),
                        "references must stay inside the repository",
                    ));
                }
                None => {}
            }
        }
        Ok(None)
    }
}

struct RefError {
    message: String,
    help: &'static str,
}

impl RefError {
    fn new(message: String, help: &'static str) -> Self {
        RefError { message, help }
    }
}

enum Indexed {
    Resource(Arc<str>),
    Anchor(Arc<str>, String),
}

/// The base URI and draft inside `node`, after its own `$id` and `$schema`.
fn scope_of(node: &Node, base: &Arc<str>, draft: Draft) -> (Arc<str>, Draft) {
    let draft = node
        .get("$schema")
        .and_then(Node::as_str)
        .and_then(Draft::from_uri)
        .unwrap_or(draft);
    let id = node.get(draft.id_keyword()).and_then(Node::as_str);
    let base = match id {
        Some(id) if !id.starts_with('#') => uri::resolve(base, id).map_or_else(
            |_| Arc::clone(base),
            |u| Arc::from(uri::split_fragment(&u).0),
        ),
        _ => Arc::clone(base),
    };
    (base, draft)
}

/// Whether a node below the root may change the base URI or the draft: a string `$id`, `id` or
/// `$schema` anywhere (data keywords included, as a pointer may lead through them).
fn scope_changes_below(root: &Node) -> bool {
    fn push_children<'n>(node: &'n Node, stack: &mut Vec<&'n Node>) {
        match &node.value {
            NodeValue::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            NodeValue::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    let mut stack = Vec::new();
    push_children(root, &mut stack);
    while let Some(node) = stack.pop() {
        let changes = node.members().iter().any(|m| {
            matches!(m.key.as_ref(), "$id" | "id" | "$schema") && m.value.as_str().is_some()
        });
        if changes {
            return true;
        }
        push_children(node, &mut stack);
    }
    false
}

/// Keywords whose values are data, not schemas: ids and anchors inside them mean nothing.
const DATA_KEYWORDS: [&str; 4] = ["enum", "const", "examples", "default"];

/// Every `$id` and anchor below `node`, with the path to it and its draft.
fn index_ids<'n>(
    node: &'n Node,
    base: &Arc<str>,
    draft: Draft,
    path: &mut Vec<Step<'n>>,
    found: &mut Vec<(Indexed, Vec<Step<'n>>, Draft)>,
) {
    match &node.value {
        NodeValue::Object(members) => {
            // Most objects declare no dialect, id or anchor: one scan of the keys tells.
            let declares = members
                .iter()
                .any(|m| matches!(&*m.key, "$schema" | "$id" | "id" | "$anchor"));
            let (inner, draft) = if declares {
                let (inner, draft) = scope_of(node, base, draft);
                let mut found_here = |indexed| found.push((indexed, path.clone(), draft));
                if let Some(id) = node.get(draft.id_keyword()).and_then(Node::as_str) {
                    if let Some(name) = id.strip_prefix('#') {
                        found_here(Indexed::Anchor(Arc::clone(&inner), name.to_owned()));
                    } else if inner != *base || path.is_empty() {
                        found_here(Indexed::Resource(Arc::clone(&inner)));
                    }
                }
                if let Some(anchor) = node.get("$anchor").and_then(Node::as_str) {
                    found_here(Indexed::Anchor(Arc::clone(&inner), anchor.to_owned()));
                }
                (inner, draft)
            } else {
                (Arc::clone(base), draft)
            };
            for member in members {
                if DATA_KEYWORDS.contains(&member.key.as_ref()) {
                    continue;
                }
                path.push(Step::Key(&member.key));
                index_ids(&member.value, &inner, draft, path, found);
                path.pop();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Item(i));
                index_ids(item, base, draft, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The part of `range` on its first line.
fn first_line(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let slice = text.get(range.clone()).unwrap_or_default();
    match slice.find('\n') {
        Some(newline) => range.start..range.start + slice[..newline].trim_end().len(),
        None => range,
    }
}

/// JSON equality with numbers compared by value (`1 == 1.0`), as JSON Schema compares them.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON pointer from segments, for messages.
pub fn pointer_string(segments: &[String]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

/// Documents held in memory, for callers that have text but no tree (tests, benchmarks, other
/// kinds embedding schemas).
pub struct MemorySource {
    pub sources: crate::core::Sources,
    side: crate::core::Side,
    files: std::collections::BTreeMap<String, Arc<str>>,
}

impl MemorySource {
    pub fn new(side: crate::core::Side) -> Self {
        MemorySource {
            sources: crate::core::Sources::new(),
            side,
            files: std::collections::BTreeMap::new(),
        }
    }

    pub fn insert(&mut self, path: &str, text: impl Into<Arc<str>>) {
        self.files.insert(path.to_owned(), text.into());
    }
}

impl DocSource for MemorySource {
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)> {
        let text = Arc::clone(self.files.get(path)?);
        if let Some(id) = self.sources.find(path, self.side) {
            return Some((id, text));
        }
        Some((self.sources.add(path, self.side, Arc::clone(&text)), text))
    }

    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn nearby(&self, _path: &str) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Side;
    use crate::schema::model::Types;

    fn build(files: &[(&str, &str)]) -> (Builder, Option<SchemaId>) {
        let mut source = MemorySource::new(Side::New);
        for (path, text) in files {
            source.insert(path, *text);
        }
        let mut builder = Builder::new(Draft::Draft202012);
        let root = builder
            .load(&mut source, files[0].0)
            .and_then(|doc| builder.schema(&mut source, doc, ""));
        (builder, root)
    }

    #[test]
    fn relative_files_anchors_and_ids_resolve() {
        let (builder, root) = build(&[
            (
                "schemas/job.json",
                r##"{"$id": "https://h.example/jobs/job.json", "properties": {"a": {"$ref": "common/a.json"}, "b": {"$ref": "#b"}, "c": {"$ref": "../shared.json#/$defs/c"}}, "$defs": {"b": {"$anchor": "b", "type": "integer"}}}"##,
            ),
            ("schemas/common/a.json", r#"{"type": "string"}"#),
            ("shared.json", r#"{"$defs": {"c": {"type": "boolean"}}}"#),
        ]);
        assert!(builder.errors.is_empty(), "{:?}", builder.errors);
        let root = builder.graph.get(root.expect("root"));
        let types: Vec<_> = root
            .keywords()
            .expect("keywords")
            .objects()
            .properties
            .iter()
            .map(|p| {
                let target = builder.graph.get(p.schema).keywords().expect("ref").refs[0].value;
                builder
                    .graph
                    .get(target)
                    .keywords()
                    .and_then(|k| k.types.as_ref())
                    .map(|t| t.value)
            })
            .collect();
        assert_eq!(
            types,
            [
                Some(Types::STRING),
                Some(Types::INTEGER),
                Some(Types::BOOLEAN)
            ]
        );
    }

    #[test]
    fn relative_root_ids_name_schemas_wherever_their_files_are() {
        // As Ajv reads them: `common/user.json` is a name, not the path next to the event.
        let (builder, root) = build(&[
            (
                "payloads/push/created.json",
                r#"{"$id": "push$created", "properties": {"sender": {"$ref": "common/user.json"}}}"#,
            ),
            (
                "payloads/common/user.json",
                r#"{"$id": "common/user.json", "properties": {"login": {"$ref": "login.json"}}}"#,
            ),
            (
                "payloads/common/login.json",
                r#"{"$id": "common/login.json", "type": "string"}"#,
            ),
        ]);
        assert!(builder.errors.is_empty(), "{:?}", builder.errors);
        let follow = |id: SchemaId, name: &str| {
            let keywords = builder.graph.get(id).keywords().expect("keywords");
            let property = keywords
                .objects()
                .properties
                .iter()
                .find(|p| &*p.name == name);
            let reference = builder.graph.get(property.expect(name).schema);
            reference.keywords().expect("a ref").refs[0].value
        };
        let user = follow(root.expect("root"), "sender");
        let login = follow(user, "login");
        let types = builder
            .graph
            .get(login)
            .keywords()
            .and_then(|k| k.types.as_ref());
        assert_eq!(types.map(|t| t.value), Some(Types::STRING));
    }

    #[test]
    fn a_site_id_names_files_with_or_without_their_extension() {
        // json.schemastore.org serves `feed-1.json` at `feed-1` too, and schemas reference both.
        let (builder, root) = build(&[
            (
                "json/blog.json",
                r#"{"$id": "https://json.schemastore.org/blog.json", "properties": {"feed": {"$ref": "feed-1#/definitions/author"}, "any": {"$ref": "http://json-schema.org/draft-07/schema#"}}}"#,
            ),
            (
                "json/feed-1.json",
                r#"{"$id": "https://json.schemastore.org/feed-1.json", "definitions": {"author": {"type": "string"}}}"#,
            ),
        ]);
        assert!(builder.errors.is_empty(), "{:?}", builder.errors);
        assert!(root.is_some());
    }

    #[test]
    fn an_absolute_id_of_a_file_in_the_tree_names_it_on_another_host() {
        // SchemaStore serves files from two hosts; a schema refers to one another by either.
        let (builder, root) = build(&[
            (
                "json/pyproject.json",
                r#"{"$id": "https://json.schemastore.org/pyproject.json", "properties": {"tool": {"$ref": "https://www.schemastore.org/quikrun.json"}}}"#,
            ),
            (
                "json/quikrun.json",
                r#"{"$id": "https://www.schemastore.org/quikrun.json", "type": "object"}"#,
            ),
        ]);
        assert!(builder.errors.is_empty(), "{:?}", builder.errors);
        assert!(root.is_some());
    }

    #[test]
    fn remote_and_escaping_references_are_errors_with_spans() {
        let text = r#"{"properties": {"a": {"$ref": "https://example.com/a.json"}, "b": {"$ref": "../../x.json"}}}"#;
        let (builder, root) = build(&[("job.json", text)]);
        assert!(root.is_some());
        let remote = builder
            .errors
            .iter()
            .find(|e| e.message.contains("never fetched"))
            .expect("remote reference refused");
        assert!(
            builder
                .errors
                .iter()
                .any(|e| e.message.contains("leaves the repository"))
        );
        let span = remote.span.expect("span");
        assert_eq!(&text[span.range()], "\"https://example.com/a.json\"");
    }

    #[test]
    fn cyclic_references_terminate() {
        let text = r##"{"$ref": "#/$defs/x", "$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}}}"##;
        let (builder, root) = build(&[("a.json", text)]);
        assert!(root.is_some());
        // A cycle that never describes a value is reported once, where it closes.
        assert_eq!(builder.errors.len(), 1, "{:?}", builder.errors);
        assert!(builder.errors[0].message.contains("cycle of references"));
        let span = builder.errors[0].span.expect("span");
        assert_eq!(&text[span.range()], r##""$ref": "#/$defs/x""##);
    }

    #[test]
    fn recursion_through_properties_is_not_a_cycle() {
        let (builder, root) = build(&[(
            "a.json",
            r##"{"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}, "allOf": [{"$ref": "#/$defs/named"}]}, "named": {"required": ["name"]}}}"##,
        )]);
        assert!(root.is_some());
        assert!(builder.errors.is_empty(), "{:?}", builder.errors);
    }
}
