//! One version's OpenAPI documents: which files are API roots, in which dialect, and their
//! operations. Schemas go into one graph per dialect: OpenAPI 3.0's Schema Object (draft 4 plus
//! `nullable`, boolean `exclusiveMinimum`) and 3.1's JSON Schema 2020-12.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::model::Api;
use super::read::Reader;
use crate::core::{FileId, InputError, Side, Span};
use crate::schema::doc::{self, Member, Node, NodeValue, Syntax};
use crate::schema::model::{Draft, Graph};
use crate::schema::resolve::{Builder, DocSource};
use crate::schema::source::has_external_refs;
use crate::schema::uri;

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
    /// The spans in an object that declares `x-extensible-enum`: the object's, its members' and
    /// their values', so that the comparison knows a reader's keyword is in such an object once
    /// the trees are gone.
    pub extensible: HashSet<Span>,
    pub errors: Vec<InputError>,
    /// The versions its root documents are written in (`OpenAPI 3.1`, `Swagger 2.0`), for the
    /// run's list of what it checked.
    pub written_in: std::collections::BTreeSet<&'static str>,
}

impl Version {
    pub fn new(side: Side) -> Self {
        let mut builders = DIALECTS.map(Builder::new);
        for builder in &mut builders {
            builder.boolean_bounds_as_flags = true;
        }
        Version {
            side,
            builders,
            apis: BTreeMap::new(),
            extensible: HashSet::new(),
            errors: Vec::new(),
            written_in: std::collections::BTreeSet::new(),
        }
    }

    pub fn graph(&self, index: usize) -> &Graph {
        &self.builders[index].graph
    }

    /// Reads a file of the set. Files that are not API documents (fragments reached by `$ref`)
    /// are left alone; Swagger 2.0 is read as OpenAPI 3.0 (`swagger`); unknown versions are
    /// input errors.
    pub fn load_root(&mut self, source: &mut dyn DocSource, path: &str) {
        let Some((file, text)) = source.read(path) else {
            return;
        };
        let root = match doc::parse(&text, Syntax::of(path, &text)) {
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
        // Swagger 2.0 is read as the 3.0 document it describes, its spans kept.
        let swagger = root.member("swagger").is_some();
        let root = if swagger {
            super::swagger::upgrade(&root)
        } else {
            root
        };
        let graph = match dialect(&root) {
            Ok(Some(graph)) => {
                self.written_in.insert(match (swagger, graph) {
                    (true, _) => "Swagger 2.0",
                    (false, 0) => "OpenAPI 3.0",
                    _ => "OpenAPI 3.1",
                });
                graph
            }
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
            with_extensible_enums(root, file, &mut self.extensible)
        } else {
            root
        };
        let builder = &mut self.builders[graph];
        let index = match builder.documents().iter().position(|d| d.path == path) {
            Some(index) => index,
            None => builder.add_document(path, file, Arc::clone(&text), root),
        };
        if has_external_refs(&text) {
            preload_references(builder, source, index, &mut self.extensible);
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

    /// Takes the document trees, the largest part of a loaded version: the comparison reads the
    /// graphs, the models, [`Version::extensible`] and the source texts.
    pub fn take_trees(&mut self) -> Vec<Node> {
        self.builders
            .iter_mut()
            .flat_map(Builder::take_trees)
            .collect()
    }

    /// Every document loaded, with its file: roots and the files their references reached.
    pub fn documents(&self) -> impl Iterator<Item = &crate::schema::resolve::Document> {
        self.builders
            .iter()
            .flat_map(|b| b.documents().iter().map(|d| &**d))
    }

    /// Where a 3.1 schema's boolean exclusive bound was read as 3.0 meant, each place once.
    pub fn bounds_read_as_flags(&self) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .builders
            .iter()
            .flat_map(|b| b.bounds_read_as_flags.iter().copied())
            .collect();
        spans.sort();
        spans.dedup();
        spans
    }

    /// Every error, of both kinds (for the fuzz targets and tests, which want them all).
    pub fn take_errors(&mut self) -> Vec<InputError> {
        let mut errors = self.take_document_errors();
        errors.append(&mut self.take_schema_errors());
        errors
    }

    /// Errors that leave the API incomplete: a document that does not parse, a reference to a
    /// path item, parameter or response that leads nowhere. What they hide would read as
    /// removed.
    pub fn take_document_errors(&mut self) -> Vec<InputError> {
        std::mem::take(&mut self.errors)
    }

    /// Errors inside schemas: an invalid keyword, a schema reference that leads nowhere. The
    /// schema that has one is compared as unknown (nothing is proven about it), so the rest of
    /// the API is still compared.
    pub fn take_schema_errors(&mut self) -> Vec<InputError> {
        let mut errors = Vec::new();
        for builder in &mut self.builders {
            errors.append(&mut builder.errors);
        }
        errors
    }
}

type VersionError = (std::ops::Range<usize>, String, &'static str);

/// The graph index of a root document's dialect; `None` for a file that is not an API document.
fn dialect(root: &Node) -> Result<Option<usize>, VersionError> {
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
            format!(
                "OpenAPI `{version}` is not supported: compat compares 3.0.x, 3.1.x and Swagger 2.0"
            ),
            "declare the version as a string, `openapi: 3.1.0`",
        ))
    }
}

/// Loads every file a document references, directly or through other files, before the reader
/// and the schema builder reach them, so that the extensible enums of those files are made
/// visible as in the root (the builder would load them as written). A file that cannot be read
/// or parsed is left to the builder, which reports it if a schema reaches it.
fn preload_references(
    builder: &mut Builder,
    source: &mut dyn DocSource,
    first: usize,
    extensible: &mut HashSet<Span>,
) {
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
            let Ok(root) = doc::parse(&text, Syntax::of(&path, &text)) else {
                continue;
            };
            let root = if text.contains(EXTENSIBLE_ENUM) {
                with_extensible_enums(root, file, extensible)
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
/// accept unknown values; the rules know it from the key, through the spans `found` receives (see
/// [`Version::extensible`]).
fn with_extensible_enums(node: Node, file: FileId, found: &mut HashSet<Span>) -> Node {
    let span = node.span();
    match node.value {
        NodeValue::Object(members) => {
            if members.iter().any(|m| &*m.key == EXTENSIBLE_ENUM) {
                found.insert(Span::new(file, span.clone()));
                for member in &members {
                    found.insert(Span::new(file, member.span()));
                    found.insert(Span::new(file, member.value.span()));
                }
            }
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
                    with_extensible_enums(member.value, file, found),
                ));
            }
            out.extend(injected);
            Node::new(span, NodeValue::Object(out.into()))
        }
        NodeValue::Array(items) => Node::new(
            span,
            NodeValue::Array(
                items
                    .into_iter()
                    .map(|item| with_extensible_enums(item, file, found))
                    .collect(),
            ),
        ),
        other => Node::new(span, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_pick_the_dialect() {
        let parse = |text: &str| doc::parse(text, Syntax::Yaml).expect("parses");
        assert_eq!(dialect(&parse("openapi: 3.0.3\n")), Ok(Some(0)));
        assert_eq!(dialect(&parse("openapi: '3.1.0'\n")), Ok(Some(1)));
        assert_eq!(dialect(&parse("type: object\n")), Ok(None));
        let swagger = super::super::swagger::upgrade(&parse("swagger: '2.0'\n"));
        assert_eq!(dialect(&swagger), Ok(Some(0)));
        assert!(dialect(&parse("openapi: 4.0.0\n")).is_err());
    }

    #[test]
    fn extensible_enums_become_enums_with_the_same_span() {
        let text = "a:\n  type: string\n  x-extensible-enum: [x, y]\nb:\n  enum: [z]\n";
        let file = crate::core::Sources::new().add("a.yaml", Side::Old, text);
        let mut found = HashSet::new();
        let parsed = doc::parse(text, Syntax::Yaml).expect("parses");
        let root = with_extensible_enums(parsed, file, &mut found);
        let a = root.get("a").expect("a");
        let values = a.get("enum").and_then(Node::items).expect("injected");
        assert_eq!(values.len(), 2);
        let member = a.member("enum").expect("member");
        assert_eq!(&text[member.key_span()], "x-extensible-enum");
        assert!(found.contains(&Span::new(file, member.span())));
        let other = root.get("b").and_then(|b| b.member("enum")).expect("b");
        assert!(!found.contains(&Span::new(file, other.span())));
    }
}
