//! `$ref`s by `$id` across a repository's schema files, as the validators that publish such trees
//! resolve them: Ajv registers each schema under its `$id` as written, so a relative root `$id`
//! (`common/user.schema.json`, `push$created`) is a name in an id space of its own, whatever the
//! file is called or where it sits. A reference from a document with such an `$id` that names no
//! file is resolved against that name and looked up among the `$id`s of the files near the
//! document (its top-level directory): each directory's registry is built the first time one of
//! its documents needs it, so two trees that both name a `common/user.schema.json` stay apart.

use std::collections::HashMap;

use super::DocSource;
use crate::schema::doc::{self, Node, Syntax};
use crate::schema::uri;

/// A scheme for resolving names in the id space with RFC 3986's rules.
const ID_SCHEME: &str = "id:///";

/// Files read to build the registry, at most: a repository's schemas, not all its JSON.
const MAX_CANDIDATES: usize = 5_000;

#[derive(Default)]
pub(super) struct IdSpace {
    /// The base URI compat gives a document whose root `$id` is relative, and that `$id` as
    /// written with the document's path.
    written: HashMap<String, (String, String)>,
    /// The path of each document with an absolute root `$id`, by that `$id`.
    absolute: HashMap<String, String>,
    /// Per top-level directory: root `$id` (its key) to the path of the file that declares it.
    registries: HashMap<String, HashMap<String, String>>,
}

impl IdSpace {
    /// Records a document's relative root `$id`; `base` is the URI compat resolved it to.
    pub fn note(&mut self, base: &str, id: &str, path: &str) {
        if !id.contains(':') && !id.starts_with('#') {
            self.written
                .insert(base.to_owned(), (id.to_owned(), path.to_owned()));
        } else if id.contains(':') {
            self.absolute.insert(base.to_owned(), path.to_owned());
        }
    }

    /// The path of the file near the referring document (whose base is `base`) that declares
    /// `target`, an absolute URI, as its root `$id`: a tree of schemas published under their
    /// URLs (`https://json.schemastore.org/x.json`) refers to its own files by those URLs.
    pub fn lookup_absolute(
        &mut self,
        source: &mut dyn DocSource,
        base: &str,
        target: &str,
    ) -> Option<String> {
        let path = self.absolute.get(base)?.clone();
        let top = path.split_once('/').map_or("", |(top, _)| top).to_owned();
        let registry = self
            .registries
            .entry(top)
            .or_insert_with(|| registry(source, &path));
        registry.get(target).cloned()
    }

    /// The path of the file whose root `$id` a reference names in the id space of the document
    /// whose base is `base`; `None` when that document has no relative `$id`, or no file
    /// declares the name.
    pub fn lookup(
        &mut self,
        source: &mut dyn DocSource,
        base: &str,
        reference: &str,
    ) -> Option<String> {
        let (id, path) = self.written.get(base)?.clone();
        let (reference, _) = uri::split_fragment(reference);
        let resolved = uri::resolve(&format!("{ID_SCHEME}{id}"), reference).ok()?;
        let name = resolved.strip_prefix(ID_SCHEME)?.to_owned();
        let top = path.split_once('/').map_or("", |(top, _)| top).to_owned();
        let registry = self
            .registries
            .entry(top)
            .or_insert_with(|| registry(source, &path));
        registry.get(&name).cloned()
    }
}

/// Every file near `path` that declares a root `$id`, by that `$id`'s key.
fn registry(source: &mut dyn DocSource, path: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for candidate in source.nearby(path).into_iter().take(MAX_CANDIDATES) {
        let Some((_, text)) = source.read(&candidate) else {
            continue;
        };
        if !text.contains("$id") {
            continue;
        }
        let Ok(root) = doc::parse(&text, Syntax::of(&candidate, &text)) else {
            continue;
        };
        let Some(id) = root.get("$id").and_then(Node::as_str) else {
            continue;
        };
        let Ok(key) = uri::resolve(ID_SCHEME, uri::split_fragment(id).0) else {
            continue;
        };
        // A relative `$id` by its name in the id space, an absolute one as written.
        let key = key.strip_prefix(ID_SCHEME).unwrap_or(&key).to_owned();
        found.entry(key).or_insert(candidate);
    }
    found
}
