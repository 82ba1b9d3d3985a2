//! `"x-compat-allow": [{"rule": "...", "reason": "..."}]` keys: the inline suppressions of JSON
//! and YAML schemas. Each entry covers the object that holds the key.

use super::doc::{Node, NodeValue};
use crate::core::{FileId, Span};
use crate::suppress::Suppression;

pub const KEY: &str = "x-compat-allow";

/// Every allow entry in a document.
pub fn suppressions(root: &Node, file: FileId) -> Vec<Suppression> {
    let mut found = Vec::new();
    collect(root, file, &mut found);
    found
}

fn collect(node: &Node, file: FileId, found: &mut Vec<Suppression>) {
    match &node.value {
        NodeValue::Object(members) => {
            for member in members {
                if &*member.key == KEY {
                    entries(member, node, file, found);
                } else {
                    collect(&member.value, file, found);
                }
            }
        }
        NodeValue::Array(items) => items.iter().for_each(|i| collect(i, file, found)),
        _ => {}
    }
}

fn entries(member: &super::doc::Member, holder: &Node, file: FileId, found: &mut Vec<Suppression>) {
    let list: Vec<&Node> = match &member.value.value {
        NodeValue::Array(items) => items.iter().collect(),
        _ => vec![&member.value],
    };
    for entry in list {
        let rules = match entry.get("rule").or(entry.get("rules")) {
            Some(node) => match &node.value {
                NodeValue::String(rule) => vec![rule.to_string()],
                NodeValue::Array(items) => items
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let reason = entry
            .get("reason")
            .and_then(Node::as_str)
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        found.push(Suppression {
            rules,
            reason,
            span: Span::new(file, entry.span()),
            covers: vec![Span::new(file, holder.span())],
            report_unused: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources};
    use crate::schema::doc::{Syntax, parse};

    #[test]
    fn entries_cover_the_object_that_holds_them() {
        let text = r#"{"properties": {"a": {"type": "string", "x-compat-allow": [{"rule": "jsonschema/type-narrowed", "reason": "never sent"}, {"rule": "jsonschema/bound-tightened"}]}}}"#;
        let mut sources = Sources::new();
        let file = sources.add("s.json", Side::New, text);
        let root = parse(text, Syntax::Json).expect("parses");
        let found = suppressions(&root, file);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["jsonschema/type-narrowed"]);
        assert_eq!(found[0].reason.as_deref(), Some("never sent"));
        assert_eq!(found[1].reason, None);
        assert!(text[found[0].covers[0].range()].starts_with("{\"type\""));
    }
}
