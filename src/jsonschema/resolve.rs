//! From documents to a resolved [`Graph`]: reads each subschema once, in the dialect of its
//! document, and resolves `$ref` to local pointers, `$defs`/`definitions`, `$anchor`, `$id` and
//! relative files of the same tree.
//!
//! Nothing is ever fetched: a reference to an `http(s)` URI that no loaded document declares as
//! its `$id` is an input error with a code frame, and so is one that climbs out of the repository.
//! Cyclic references terminate because every location is built once and referred to by id.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::cycles::CycleCheck;
use super::doc::{self, Member, Node, NodeValue, Syntax, escape_segment, pointer_segments};
use super::model::{
    Body, Conditional, Draft, Graph, Keywords, Kw, Property, Schema, SchemaId, Types,
};
use super::uri::{self, UriError};
use crate::core::{FileId, InputError, Span};

/// Where the documents of one version come from.
pub trait DocSource {
    /// The text of a file of this version, indexed in the report's sources; `None` when it cannot
    /// be read (the source records why).
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)>;
    fn exists(&self, path: &str) -> bool;
}

/// A parsed document.
#[derive(Debug)]
pub struct Document {
    pub path: String,
    pub file: FileId,
    pub text: Arc<str>,
    pub root: Node,
    pub draft: Draft,
}

/// A location in a loaded document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Location {
    doc: usize,
    pointer: Vec<String>,
}

/// A schema resource (a document root or an embedded `$id`).
#[derive(Debug, Clone)]
struct Resource {
    at: Location,
    draft: Draft,
}

/// A subschema waiting to be built.
struct Pending {
    id: SchemaId,
    at: Location,
    /// The base URI in force where the subschema sits (its own `$id` not yet applied).
    base: String,
    draft: Draft,
}

/// Builds the schema graph of one version. Documents are loaded on demand, through the
/// [`DocSource`], as references reach them.
pub struct Builder {
    pub graph: Graph,
    docs: Vec<Arc<Document>>,
    by_path: HashMap<String, usize>,
    unreadable: HashSet<String>,
    resources: HashMap<String, Resource>,
    anchors: HashMap<(String, String), Location>,
    built: HashMap<Location, SchemaId>,
    queue: Vec<Pending>,
    default_draft: Draft,
    cycles: CycleCheck,
    /// Unparseable documents, unresolvable references and reference cycles.
    pub errors: Vec<InputError>,
}

impl Builder {
    /// `default_draft` applies to documents without `$schema`.
    pub fn new(default_draft: Draft) -> Self {
        Builder {
            graph: Graph::default(),
            docs: Vec::new(),
            by_path: HashMap::new(),
            unreadable: HashSet::new(),
            resources: HashMap::new(),
            anchors: HashMap::new(),
            built: HashMap::new(),
            queue: Vec::new(),
            default_draft,
            cycles: CycleCheck::default(),
            errors: Vec::new(),
        }
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
        match doc::parse(text, Syntax::of_path(path)) {
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
        self.docs.push(Arc::new(Document {
            path: path.to_owned(),
            file,
            text,
            root,
            draft,
        }));
        self.by_path.insert(path.to_owned(), index);
        let base = uri::file_uri(path);
        self.resources.insert(
            base.clone(),
            Resource {
                at: Location {
                    doc: index,
                    pointer: Vec::new(),
                },
                draft,
            },
        );
        let mut found = Vec::new();
        index_ids(
            &self.docs[index].root,
            &base,
            draft,
            &mut Vec::new(),
            &mut found,
        );
        for (entry, pointer, draft) in found {
            let at = Location {
                doc: index,
                pointer,
            };
            match entry {
                Indexed::Resource(uri) => {
                    self.resources.entry(uri).or_insert(Resource { at, draft });
                }
                Indexed::Anchor(base, name) => {
                    self.anchors.entry((base, name)).or_insert(at);
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
        let pointer = pointer_segments(pointer)?;
        let at = Location { doc, pointer };
        self.docs[doc]
            .root
            .at(at.pointer.iter().map(String::as_str))?;
        let (base, draft) = self.base_at(&at);
        let id = self.reserve(at, base, draft);
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

    /// The base URI and draft in force at a location, its own `$id` not applied.
    fn base_at(&self, at: &Location) -> (String, Draft) {
        let document = &self.docs[at.doc];
        let mut base = uri::file_uri(&document.path);
        let mut draft = document.draft;
        let mut node = &document.root;
        for segment in &at.pointer {
            (base, draft) = scope_of(node, &base, draft);
            let Some(next) = node.at([segment.as_str()]) else {
                break;
            };
            node = next;
        }
        (base, draft)
    }

    fn reserve(&mut self, at: Location, base: String, draft: Draft) -> SchemaId {
        if let Some(&id) = self.built.get(&at) {
            return id;
        }
        let span = self.docs[at.doc]
            .root
            .at(at.pointer.iter().map(String::as_str))
            .map_or(0..0, |n| n.span.clone());
        let id = self.graph.reserve(Span::new(self.docs[at.doc].file, span));
        self.built.insert(at.clone(), id);
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
        let document = Arc::clone(&self.docs[pending.at.doc]);
        let file = document.file;
        let Some(node) = document
            .root
            .at(pending.at.pointer.iter().map(String::as_str))
        else {
            let span = Span::new(file, 0..0);
            return Schema {
                span,
                head: span,
                body: Body::Bool(true),
            };
        };
        let span = Span::new(file, node.span.clone());
        let head = Span::new(file, first_line(&document.text, node.span.clone()));
        if let Some(b) = node.as_bool() {
            return Schema {
                span,
                head,
                body: Body::Bool(b),
            };
        }
        if !node.is_object() {
            self.error(
                pending.at.doc,
                node.span.clone(),
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
            at: &pending.at,
            base: &base,
            draft,
            file,
        };
        let keywords = cx.keywords(node);
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

    /// Resolves a `$ref` value against a base to a location, loading files it names.
    fn locate(
        &mut self,
        source: &mut dyn DocSource,
        base: &str,
        reference: &str,
    ) -> Result<(Location, Draft), RefError> {
        let absolute = uri::resolve(base, reference).map_err(|UriError::LeavesRoot| {
            RefError::new(
                format!("`{reference}` leaves the repository"),
                "references must stay inside the repository; copy the schema in",
            )
        })?;
        let (resource_uri, fragment) = uri::split_fragment(&absolute);
        let resource = match self.resources.get(resource_uri) {
            Some(resource) => resource.clone(),
            None => self.load_resource(source, resource_uri, reference)?,
        };
        if fragment.is_empty() {
            return Ok((resource.at, resource.draft));
        }
        if let Some(segments) = pointer_segments(&fragment) {
            let mut pointer = resource.at.pointer.clone();
            pointer.extend(segments);
            let at = Location {
                doc: resource.at.doc,
                pointer,
            };
            if self.docs[at.doc]
                .root
                .at(at.pointer.iter().map(String::as_str))
                .is_none()
            {
                return Err(RefError::new(
                    format!(
                        "`{reference}` points at nothing: {} has no `#{fragment}`",
                        self.docs[at.doc].path
                    ),
                    "check the JSON pointer after `#`",
                ));
            }
            return Ok((at, resource.draft));
        }
        match self
            .anchors
            .get(&(resource_uri.to_owned(), fragment.clone()))
        {
            Some(at) => Ok((at.clone(), resource.draft)),
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
        let Some(path) = path else {
            return Err(not_found());
        };
        if !source.exists(&path) {
            return Err(not_found());
        }
        let doc = self.load(source, &path).ok_or_else(|| {
            RefError::new(
                format!("`{reference}` names {path}, which cannot be read"),
                "see the error about that file",
            )
        })?;
        let resource = Resource {
            at: Location {
                doc,
                pointer: Vec::new(),
            },
            draft: self.docs[doc].draft,
        };
        self.resources
            .entry(resource_uri.to_owned())
            .or_insert_with(|| resource.clone());
        Ok(resource)
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
    Resource(String),
    Anchor(String, String),
}

/// The base URI and draft inside `node`, after its own `$id` and `$schema`.
fn scope_of(node: &Node, base: &str, draft: Draft) -> (String, Draft) {
    let draft = node
        .get("$schema")
        .and_then(Node::as_str)
        .and_then(Draft::from_uri)
        .unwrap_or(draft);
    let id = node.get(draft.id_keyword()).and_then(Node::as_str);
    let base = match id {
        Some(id) if !id.starts_with('#') => uri::resolve(base, id).map_or_else(
            |_| base.to_owned(),
            |u| uri::split_fragment(&u).0.to_owned(),
        ),
        _ => base.to_owned(),
    };
    (base, draft)
}

/// Keywords whose values are data, not schemas: ids and anchors inside them mean nothing.
const DATA_KEYWORDS: [&str; 4] = ["enum", "const", "examples", "default"];

fn index_ids(
    node: &Node,
    base: &str,
    draft: Draft,
    pointer: &mut Vec<String>,
    found: &mut Vec<(Indexed, Vec<String>, Draft)>,
) {
    match &node.value {
        NodeValue::Object(members) => {
            let (inner, draft) = scope_of(node, base, draft);
            if let Some(id) = node.get(draft.id_keyword()).and_then(Node::as_str) {
                if let Some(name) = id.strip_prefix('#') {
                    found.push((
                        Indexed::Anchor(inner.clone(), name.to_owned()),
                        pointer.clone(),
                        draft,
                    ));
                } else if inner != base || pointer.is_empty() {
                    found.push((Indexed::Resource(inner.clone()), pointer.clone(), draft));
                }
            }
            if let Some(anchor) = node.get("$anchor").and_then(Node::as_str) {
                found.push((
                    Indexed::Anchor(inner.clone(), anchor.to_owned()),
                    pointer.clone(),
                    draft,
                ));
            }
            for member in members {
                if DATA_KEYWORDS.contains(&member.key.as_str()) {
                    continue;
                }
                pointer.push(member.key.clone());
                index_ids(&member.value, &inner, draft, pointer, found);
                pointer.pop();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointer.push(i.to_string());
                index_ids(item, base, draft, pointer, found);
                pointer.pop();
            }
        }
        _ => {}
    }
}

/// Reads one schema object's keywords.
struct Cx<'a> {
    builder: &'a mut Builder,
    source: &'a mut dyn DocSource,
    at: &'a Location,
    base: &'a str,
    draft: Draft,
    file: FileId,
}

impl Cx<'_> {
    fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.clone())
    }

    fn kw<T>(&self, member: &Member, value: T) -> Kw<T> {
        Kw {
            value,
            span: self.span(&member.span()),
        }
    }

    fn invalid(&mut self, member: &Member, expected: &str) {
        let message = format!("invalid `{}`: expected {expected}", member.key);
        self.builder
            .error(self.at.doc, member.value.span.clone(), message);
    }

    /// The subschema at `segments` below this one.
    fn child(&mut self, segments: &[&str]) -> SchemaId {
        let mut pointer = self.at.pointer.clone();
        pointer.extend(segments.iter().map(|s| (*s).to_owned()));
        let at = Location {
            doc: self.at.doc,
            pointer,
        };
        self.builder.reserve(at, self.base.to_owned(), self.draft)
    }

    fn number(&mut self, member: &Member) -> Option<Kw<f64>> {
        match member.value.as_f64() {
            Some(n) => Some(self.kw(member, n)),
            None => {
                self.invalid(member, "a number");
                None
            }
        }
    }

    fn count(&mut self, member: &Member) -> Option<Kw<u64>> {
        match member.value.as_count() {
            Some(n) => Some(self.kw(member, n)),
            None => {
                self.invalid(member, "a non-negative integer");
                None
            }
        }
    }

    fn string(&mut self, member: &Member) -> Option<Kw<String>> {
        match member.value.as_str() {
            Some(s) => Some(self.kw(member, s.to_owned())),
            None => {
                self.invalid(member, "a string");
                None
            }
        }
    }

    fn schema_list(&mut self, member: &Member) -> Vec<SchemaId> {
        let Some(items) = member.value.items() else {
            self.invalid(member, "an array of schemas");
            return Vec::new();
        };
        (0..items.len())
            .map(|i| self.child(&[&member.key, &i.to_string()]))
            .collect()
    }

    fn keywords(&mut self, node: &Node) -> Keywords {
        let mut k = Keywords::default();
        let overriding_ref = self.draft.ref_overrides_siblings() && node.get("$ref").is_some();
        let mut exclusive_min_flag = None;
        let mut exclusive_max_flag = None;
        let mut items_is_array = false;
        for member in node.members() {
            if overriding_ref && member.key != "$ref" {
                continue;
            }
            let key = member.key.as_str();
            match key {
                "$ref" => self.reference(member, &mut k),
                "$dynamicRef"
                | "$recursiveRef"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "dependentSchemas" => {
                    let kw = self.kw(member, key.to_owned());
                    k.unsupported.push(kw);
                }
                "type" => k.types = self.types(member),
                "nullable" if self.draft == Draft::OpenApi30 => {
                    k.nullable = member.value.as_bool() == Some(true);
                }
                "enum" => match member.value.items() {
                    Some(items) => {
                        let mut values: Vec<Value> = items.iter().map(Node::to_json).collect();
                        // A `const` read earlier holds too.
                        if let Some(known) = k.values.take() {
                            values.retain(|v| known.value.iter().any(|w| json_eq(v, w)));
                        }
                        k.values = Some(self.kw(member, values));
                    }
                    None => self.invalid(member, "an array"),
                },
                "const" if self.draft != Draft::Draft4 && self.draft != Draft::OpenApi30 => {
                    let value = member.value.to_json();
                    let values = match k.values.take() {
                        Some(kw) => kw
                            .value
                            .into_iter()
                            .filter(|v| json_eq(v, &value))
                            .collect(),
                        None => vec![value],
                    };
                    k.values = Some(self.kw(member, values));
                }
                "minimum" => k.minimum = self.number(member),
                "maximum" => k.maximum = self.number(member),
                "exclusiveMinimum" | "exclusiveMaximum"
                    if self.draft.boolean_exclusive_bounds() =>
                {
                    let flag = member.value.as_bool().map(|b| (b, self.kw(member, ())));
                    if key == "exclusiveMinimum" {
                        exclusive_min_flag = flag;
                    } else {
                        exclusive_max_flag = flag;
                    }
                }
                "exclusiveMinimum" => k.exclusive_minimum = self.number(member),
                "exclusiveMaximum" => k.exclusive_maximum = self.number(member),
                "multipleOf" => {
                    k.multiple_of = self.number(member).filter(|m| m.value > 0.0);
                }
                "minLength" => k.min_length = self.count(member),
                "maxLength" => k.max_length = self.count(member),
                "pattern" => k.pattern = self.string(member),
                "format" => k.format = self.string(member),
                "properties" => {
                    for property in member.value.members() {
                        let schema = self.child(&["properties", &property.key]);
                        k.property_index
                            .insert(property.key.clone(), k.properties.len());
                        k.properties.push(Property {
                            name: property.key.clone(),
                            span: self.span(&property.key_span),
                            schema,
                        });
                    }
                }
                "patternProperties" => {
                    for property in member.value.members() {
                        let schema = self.child(&["patternProperties", &property.key]);
                        let kw = Kw {
                            value: property.key.clone(),
                            span: self.span(&property.key_span),
                        };
                        k.pattern_properties.push((kw, schema));
                    }
                }
                "additionalProperties" => {
                    let id = self.child(&[key]);
                    k.additional_properties = Some(self.kw(member, id));
                }
                "propertyNames" => {
                    let id = self.child(&[key]);
                    k.property_names = Some(self.kw(member, id));
                }
                "required" => match member.value.items() {
                    Some(items) => {
                        for item in items {
                            if let Some(name) = item.as_str() {
                                k.required.push(Kw {
                                    value: name.to_owned(),
                                    span: self.span(&item.span),
                                });
                            }
                        }
                    }
                    None if member.value.as_bool().is_some() => {}
                    None => self.invalid(member, "an array of property names"),
                },
                "minProperties" => k.min_properties = self.count(member),
                "maxProperties" => k.max_properties = self.count(member),
                "dependentRequired" => self.dependencies(member, &mut k, false),
                "dependencies" if self.draft.ref_overrides_siblings() => {
                    self.dependencies(member, &mut k, true);
                }
                "items" => {
                    if member.value.items().is_some() {
                        items_is_array = true;
                        k.prefix_items = self.schema_list(member);
                    } else {
                        let id = self.child(&[key]);
                        k.items = Some(self.kw(member, id));
                    }
                }
                "prefixItems" => k.prefix_items = self.schema_list(member),
                "contains" => {
                    let id = self.child(&[key]);
                    k.contains = Some(self.kw(member, id));
                }
                "minContains" => k.min_contains = self.count(member),
                "maxContains" => k.max_contains = self.count(member),
                "minItems" => k.min_items = self.count(member),
                "maxItems" => k.max_items = self.count(member),
                "uniqueItems" => {
                    k.unique_items = member.value.as_bool().map(|b| self.kw(member, b));
                }
                "allOf" => k.all_of = self.schema_list(member),
                "anyOf" => {
                    let list = self.schema_list(member);
                    k.any_of = Some(self.kw(member, list));
                }
                "oneOf" => {
                    let list = self.schema_list(member);
                    k.one_of = Some(self.kw(member, list));
                }
                "not" => {
                    let id = self.child(&[key]);
                    k.not = Some(self.kw(member, id));
                }
                "if" if self.draft >= Draft::Draft7 && self.draft != Draft::OpenApi30 => {
                    let condition = self.child(&["if"]);
                    let then = node.get("then").map(|_| self.child(&["then"]));
                    let otherwise = node.get("else").map(|_| self.child(&["else"]));
                    k.conditional = Some(Conditional {
                        condition: self.kw(member, condition),
                        then,
                        otherwise,
                    });
                }
                "readOnly" => k.read_only = member.value.as_bool() == Some(true),
                "writeOnly" => k.write_only = member.value.as_bool() == Some(true),
                _ => {}
            }
        }
        // `additionalItems` only means something next to an array-valued `items`.
        if items_is_array {
            if let Some(member) = node.member("additionalItems") {
                let id = self.child(&["additionalItems"]);
                k.items = Some(self.kw(member, id));
            }
        }
        if let Some((true, span_kw)) = exclusive_min_flag {
            if let Some(min) = k.minimum.take() {
                k.exclusive_minimum = Some(Kw {
                    value: min.value,
                    span: span_kw.span,
                });
            }
        }
        if let Some((true, span_kw)) = exclusive_max_flag {
            if let Some(max) = k.maximum.take() {
                k.exclusive_maximum = Some(Kw {
                    value: max.value,
                    span: span_kw.span,
                });
            }
        }
        if k.nullable {
            if let Some(types) = k.types.as_mut() {
                types.value = types.value.or(Types::NULL);
            }
            if let Some(values) = k.values.as_mut() {
                values.value.push(Value::Null);
            }
        }
        k
    }

    fn types(&mut self, member: &Member) -> Option<Kw<Types>> {
        let names: Vec<&Node> = match &member.value.value {
            NodeValue::String(_) => vec![&member.value],
            NodeValue::Array(items) => items.iter().collect(),
            _ => {
                self.invalid(member, "a type name or an array of type names");
                return None;
            }
        };
        let mut types = Types::NONE;
        for name in names {
            match name.as_str().and_then(Types::from_name) {
                Some(t) => types = types.or(t),
                None => {
                    let message = "unknown type: expected null, boolean, object, array, number, integer or string".to_owned();
                    self.builder.error(self.at.doc, name.span.clone(), message);
                    return None;
                }
            }
        }
        Some(self.kw(member, types))
    }

    fn dependencies(&mut self, member: &Member, k: &mut Keywords, schemas_allowed: bool) {
        for dependency in member.value.members() {
            match dependency.value.items() {
                Some(items) => {
                    let names = items
                        .iter()
                        .filter_map(Node::as_str)
                        .map(str::to_owned)
                        .collect();
                    k.dependent_required.push(Kw {
                        value: (dependency.key.clone(), names),
                        span: self.span(&dependency.span()),
                    });
                }
                None if schemas_allowed => {
                    let kw = Kw {
                        value: "dependencies".to_owned(),
                        span: self.span(&dependency.span()),
                    };
                    k.unsupported.push(kw);
                }
                None => self.invalid(member, "arrays of property names"),
            }
        }
    }

    fn reference(&mut self, member: &Member, k: &mut Keywords) {
        let Some(reference) = member.value.as_str() else {
            self.invalid(member, "a URI reference");
            return;
        };
        match self.builder.locate(self.source, self.base, reference) {
            Ok((at, draft)) => {
                let (base, _) = self.builder.base_at(&at);
                let id = self.builder.reserve(at, base, draft);
                k.refs.push(self.kw(member, id));
            }
            Err(error) => {
                let document = &self.builder.docs[self.at.doc];
                self.builder.errors.push(
                    InputError::new(Some(document.path.clone()), error.message)
                        .at(Span::new(document.file, member.value.span.clone()))
                        .with_help(error.help),
                );
                // What the reference required is unknown: a reader cannot be proven to accept.
                let kw = self.kw(member, "$ref".to_owned());
                k.unsupported.push(kw);
            }
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Side;

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
