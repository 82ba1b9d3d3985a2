//! One version's OpenAPI documents: which files are API roots, in which dialect, and their
//! operations. Schemas go into one graph per dialect: OpenAPI 3.0's Schema Object (draft 4 plus
//! `nullable`, boolean `exclusiveMinimum`) and 3.1's JSON Schema 2020-12.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::model::Api;
use super::read::Reader;
use crate::core::{FileId, InputError, Side, Span};
use crate::jsonschema::doc::{self, Member, Node, NodeValue, Syntax};
use crate::jsonschema::model::{Draft, Graph};
use crate::jsonschema::resolve::{Builder, DocSource};
use crate::jsonschema::uri;

/// The dialects, by graph index.
pub const DIALECTS: [Draft; 2] = [Draft::OpenApi30, Draft::Draft202012];

/// The key that marks an open enum: values may be added, readers must accept unknown ones.
pub const EXTENSIBLE_ENUM: &str = "x-extensible-enum";

pub struct Version {
    pub side: Side,
    /// One schema builder per dialect, indexed as [`DIALECTS`].
    pub builders: [Builder; 2],
    /// The API of each root document, by path.
    pub apis: BTreeMap<String, Api>,
    pub errors: Vec<InputError>,
}

impl Version {
    pub fn new(side: Side) -> Self {
        Version {
            side,
            builders: DIALECTS.map(Builder::new),
            apis: BTreeMap::new(),
            errors: Vec::new(),
        }
    }

    pub fn graph(&self, index: usize) -> &Graph {
        &self.builders[index].graph
    }

    /// Reads a file of the set. Files that are not API documents (fragments reached by `$ref`)
    /// are left alone; Swagger 2.0 and unknown OpenAPI versions are input errors.
    pub fn load_root(&mut self, source: &mut dyn DocSource, path: &str) {
        let Some((file, text)) = source.read(path) else {
            return;
        };
        let root = match doc::parse(&text, Syntax::of_path(path)) {
            Ok(root) => root,
            Err(error) => {
                self.errors.push(
                    InputError::new(
                        Some(path.to_owned()),
                        format!("cannot parse {path}: {}", error.message),
                    )
                    .at(Span::new(file, error.span)),
                );
                return;
            }
        };
        let graph = match dialect(&root) {
            Ok(Some(graph)) => graph,
            Ok(None) => return,
            Err((span, message, help)) => {
                self.errors.push(
                    InputError::new(Some(path.to_owned()), message)
                        .at(Span::new(file, span))
                        .with_help(help),
                );
                return;
            }
        };
        let root = if text.contains(EXTENSIBLE_ENUM) {
            with_extensible_enums(root)
        } else {
            root
        };
        let builder = &mut self.builders[graph];
        let index = match builder.documents().iter().position(|d| d.path == path) {
            Some(index) => index,
            None => builder.add_document(path, file, Arc::clone(&text), root),
        };
        if super::has_external_refs(&text) {
            preload_references(builder, source, index);
        }
        let mut reader = Reader {
            builder,
            source,
            graph,
            errors: Vec::new(),
        };
        let api = reader.api(index);
        self.errors.append(&mut reader.errors);
        self.apis.insert(path.to_owned(), api);
    }

    /// Frees the schema builders' indexes once every document is loaded: the comparison reads
    /// only the graphs and the documents.
    pub fn finish_loading(&mut self) {
        for builder in &mut self.builders {
            builder.finish_building();
        }
    }

    /// Every document loaded, with its file: roots and the files their references reached.
    pub fn documents(&self) -> impl Iterator<Item = &crate::jsonschema::resolve::Document> {
        self.builders
            .iter()
            .flat_map(|b| b.documents().iter().map(|d| &**d))
    }

    /// The loaded document of a file.
    pub fn document(&self, file: FileId) -> Option<&crate::jsonschema::resolve::Document> {
        self.documents().find(|d| d.file == file)
    }

    /// Schema errors met while building the graphs.
    pub fn take_errors(&mut self) -> Vec<InputError> {
        let mut errors = std::mem::take(&mut self.errors);
        for builder in &mut self.builders {
            errors.append(&mut builder.errors);
        }
        errors
    }
}

type VersionError = (std::ops::Range<usize>, String, &'static str);

/// The graph index of a root document's dialect; `None` for a file that is not an API document.
fn dialect(root: &Node) -> Result<Option<usize>, VersionError> {
    if let Some(swagger) = root.member("swagger") {
        return Err((
            swagger.span(),
            "Swagger 2.0 documents are not supported: compat compares OpenAPI 3.0 and 3.1".into(),
            "convert the document to OpenAPI 3 (swagger2openapi does it), or leave it out of the set",
        ));
    }
    let Some(openapi) = root.member("openapi") else {
        return Ok(None);
    };
    let version = match &openapi.value.value {
        NodeValue::String(s) => s.to_string(),
        NodeValue::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if version.starts_with("3.0") {
        Ok(Some(0))
    } else if version.starts_with("3.1") {
        Ok(Some(1))
    } else {
        Err((
            openapi.span(),
            format!("OpenAPI `{version}` is not supported: compat compares 3.0.x and 3.1.x"),
            "declare the version as a string, `openapi: 3.1.0`",
        ))
    }
}

/// Loads every file a document references, directly or through other files, before the reader
/// and the schema builder reach them, so that the extensible enums of those files are made
/// visible as in the root (the builder would load them as written). A file that cannot be read
/// or parsed is left to the builder, which reports it if a schema reaches it.
fn preload_references(builder: &mut Builder, source: &mut dyn DocSource, first: usize) {
    let mut known: HashSet<String> = builder.documents().iter().map(|d| d.path.clone()).collect();
    let mut queue = vec![first];
    while let Some(index) = queue.pop() {
        let document = Arc::clone(&builder.documents()[index]);
        let base = uri::file_uri(&document.path);
        for reference in file_references(&document.root) {
            let Ok(absolute) = uri::resolve(&base, reference) else {
                continue;
            };
            let Some(path) = uri::file_path(uri::split_fragment(&absolute).0) else {
                continue;
            };
            if known.contains(&path) || !source.exists(&path) {
                continue;
            }
            known.insert(path.clone());
            let Some((file, text)) = source.read(&path) else {
                continue;
            };
            let Ok(root) = doc::parse(&text, Syntax::of_path(&path)) else {
                continue;
            };
            let root = if text.contains(EXTENSIBLE_ENUM) {
                with_extensible_enums(root)
            } else {
                root
            };
            queue.push(builder.add_document(&path, file, text, root));
        }
    }
}

/// The `$ref` values of a document that name another file.
fn file_references(root: &Node) -> Vec<&str> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            NodeValue::Object(members) => {
                for member in members {
                    match member.value.as_str() {
                        Some(reference) if &*member.key == "$ref" => {
                            if !reference.starts_with('#') {
                                found.push(reference);
                            }
                        }
                        _ => stack.push(&member.value),
                    }
                }
            }
            NodeValue::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// Gives every schema with an `x-extensible-enum` list and no `enum` an `enum` of the same
/// values and span, so the checker sees which values readers know about. Readers of such a schema
/// accept unknown values; the rules know it from the key.
fn with_extensible_enums(node: Node) -> Node {
    let span = node.span();
    match node.value {
        NodeValue::Object(members) => {
            let has_enum = members.iter().any(|m| &*m.key == "enum");
            let mut out: Vec<Member> = Vec::with_capacity(members.len() + 1);
            let mut injected = None;
            for member in members {
                if !has_enum && &*member.key == EXTENSIBLE_ENUM && member.value.items().is_some() {
                    injected = Some(Member::new("enum", member.key_span(), member.value.clone()));
                }
                let key_span = member.key_span();
                out.push(Member::new(
                    member.key,
                    key_span,
                    with_extensible_enums(member.value),
                ));
            }
            out.extend(injected);
            Node::new(span, NodeValue::Object(out.into()))
        }
        NodeValue::Array(items) => Node::new(
            span,
            NodeValue::Array(items.into_iter().map(with_extensible_enums).collect()),
        ),
        other => Node::new(span, other),
    }
}

/// The deepest object in `root` whose span holds `range`.
pub fn enclosing_object<'a>(root: &'a Node, range: &std::ops::Range<usize>) -> Option<&'a Node> {
    let mut node = root;
    let mut found = None;
    loop {
        if node.is_object() {
            found = Some(node);
        }
        let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
            NodeValue::Object(members) => Box::new(members.iter().map(|m| &m.value)),
            NodeValue::Array(items) => Box::new(items.iter()),
            _ => return found,
        };
        let next = children
            .into_iter()
            .find(|c| c.span().start <= range.start && range.end <= c.span().end);
        match next {
            Some(child) if child.span() != node.span() => node = child,
            _ => return found,
        }
    }
}

/// The string at exactly `range`, if a string node has that span.
pub fn string_at<'a>(root: &'a Node, range: &std::ops::Range<usize>) -> Option<&'a str> {
    let mut node = root;
    loop {
        if node.span() == *range {
            if let Some(s) = node.as_str() {
                return Some(s);
            }
        }
        let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
            NodeValue::Object(members) => Box::new(members.iter().map(|m| &m.value)),
            NodeValue::Array(items) => Box::new(items.iter()),
            _ => return None,
        };
        node = children.into_iter().find(|c| {
            c.span().start <= range.start && range.end <= c.span().end && c.span() != node.span()
        })?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_pick_the_dialect_and_swagger_is_refused() {
        let parse = |text: &str| doc::parse(text, Syntax::Yaml).expect("parses");
        assert_eq!(dialect(&parse("openapi: 3.0.3\n")), Ok(Some(0)));
        assert_eq!(dialect(&parse("openapi: '3.1.0'\n")), Ok(Some(1)));
        assert_eq!(dialect(&parse("type: object\n")), Ok(None));
        let text = "swagger: '2.0'\n";
        let (span, message, _) = dialect(&parse(text)).expect_err("refused");
        assert_eq!(&text[span], "swagger: '2.0'");
        assert!(message.contains("Swagger 2.0"));
        assert!(dialect(&parse("openapi: 4.0.0\n")).is_err());
    }

    #[test]
    fn extensible_enums_become_enums_with_the_same_span() {
        let text = "a:\n  type: string\n  x-extensible-enum: [x, y]\n";
        let root = with_extensible_enums(doc::parse(text, Syntax::Yaml).expect("parses"));
        let a = root.get("a").expect("a");
        let values = a.get("enum").and_then(Node::items).expect("injected");
        assert_eq!(values.len(), 2);
        let member = a.member("enum").expect("member");
        assert_eq!(&text[member.key_span()], "x-extensible-enum");
        let holder = enclosing_object(&root, &member.span()).expect("holder");
        assert!(holder.get(EXTENSIBLE_ENUM).is_some());
    }

    #[test]
    fn strings_are_found_by_span() {
        let text = r#"{"required": ["id", "name"]}"#;
        let root = doc::parse(text, Syntax::Json).expect("parses");
        let at = text.find("\"name\"").expect("present");
        assert_eq!(string_at(&root, &(at..at + 6)), Some("name"));
    }
}
