//! Reading a version's documents through the analyzer's input: a [`DocSource`] over the two
//! trees, and whether a document that did not change must still be compared.

use std::sync::Arc;

use super::resolve::DocSource;
use crate::analyzer::{Input, Output};
use crate::core::{FileId, Side};

/// Unchanged files are compared only when they reference other files, which may have changed.
pub fn needs_comparison(input: &Input<'_>, path: &str) -> bool {
    input.changed(path)
        || input
            .new
            .read_text(path)
            .map_or(true, |text| has_external_refs(&text))
}

/// Whether a document (a schema, an API) may reference another file: a `$ref` whose value does
/// not start with `#`.
pub fn has_external_refs(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), "$ref").any(|at| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
        !rest.starts_with('#')
    })
}

/// Reads a version's files through the report's sources (for OpenAPI documents too).
pub struct TreeSource<'i, 'o, 'x> {
    pub input: &'i Input<'i>,
    pub out: &'o mut Output<'x>,
    pub side: Side,
}

impl DocSource for TreeSource<'_, '_, '_> {
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)> {
        self.out.load(self.input, self.side, path)
    }

    fn exists(&self, path: &str) -> bool {
        self.input.tree(self.side).contains(path)
    }

    fn nearby(&self, path: &str) -> Vec<String> {
        let top = path.split_once('/').map_or("", |(top, _)| top);
        self.input
            .tree(self.side)
            .paths()
            .iter()
            .filter(|p| top.is_empty() || p.starts_with(top) && p[top.len()..].starts_with('/'))
            .filter(|p| {
                [".json", ".yaml", ".yml"]
                    .iter()
                    .any(|ext| p.ends_with(ext))
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_references_are_spotted_in_json_and_yaml() {
        assert!(!has_external_refs(r##"{"$ref": "#/$defs/a"}"##));
        assert!(has_external_refs(r#"{"$ref": "common.json"}"#));
        assert!(has_external_refs("items:\n  $ref: ./item.yaml\n"));
        assert!(!has_external_refs("items:\n  $ref: '#/$defs/item'\n"));
        assert!(has_external_refs(
            r##"{"a": {"$ref": "#/A"}, "b": {"$ref" : "b.json#/B"}}"##
        ));
        assert!(!has_external_refs("no references at all"));
    }
}
