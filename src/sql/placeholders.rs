//! Placeholders a migration tool replaces before it runs a script: Flyway's `${name}` (and its
//! built-in `${flyway:...}`), and literal markers such as a Go template's
//! `{{ index .Options "Namespace" }}`. compat replaces them as the tool would, with the values
//! `placeholders` sets in compat.toml, before it parses the script; what it reports is moved back
//! onto the original text ([`crate::analyzer::Output::record_rewrite`]).
//!
//! A marker in code that has no value stands for a name of its own (`${schema}` for `schema`,
//! `{{ .Namespace }}` for `Namespace`), so that its statement still parses and its objects are
//! still modelled; the file then gets one finding that names the setting. Markers inside string
//! literals and comments are replaced only when configured: there they are text.

use std::collections::BTreeMap;
use std::ops::Range;

use super::parse::chunk::prose_ranges;
use crate::core::{Edit, Rewrite};
use crate::input::config::Dialect;

/// The values of one SQL set's placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    /// Flyway placeholders, `${name}`, by name.
    named: BTreeMap<String, String>,
    /// Literal markers and their text, longest first (a marker that contains another wins).
    literal: Vec<(String, String)>,
}

/// A script with its placeholders replaced.
#[derive(Debug)]
pub struct Replaced {
    pub rewrite: Rewrite,
    /// Markers in code that had no value.
    pub unresolved: Vec<Unresolved>,
}

/// A marker in code that had no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Where it is in the original text.
    pub range: Range<usize>,
    /// As written.
    pub marker: String,
    /// The name it was read as.
    pub read_as: String,
}

impl Placeholders {
    /// From compat.toml's `placeholders`: a key that is a placeholder name (letters, digits,
    /// `_`, `.`, `:`, `-`) is Flyway's `${key}`; any other key is a literal marker.
    pub fn new(configured: &BTreeMap<String, String>) -> Placeholders {
        let mut placeholders = Placeholders::default();
        for (key, value) in configured {
            if is_name(key) {
                placeholders.named.insert(key.clone(), value.clone());
            } else if !key.is_empty() {
                placeholders.literal.push((key.clone(), value.clone()));
            }
        }
        placeholders
            .literal
            .sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        placeholders
    }

    /// `text` with its placeholders replaced, or `None` when it has none. `file_name` is what
    /// `${flyway:filename}` stands for.
    pub fn replace(&self, text: &str, file_name: &str, dialect: Dialect) -> Option<Replaced> {
        if !text.contains("${") && !text.contains("{{") && self.literal.is_empty() {
            return None;
        }
        // Literal markers first, the longest at a place winning; then the `${...}` and `{{...}}`
        // markers they leave.
        let mut literal: Vec<(Range<usize>, &str)> = Vec::new();
        for (marker, value) in &self.literal {
            literal.extend(
                text.match_indices(marker.as_str())
                    .map(|(at, _)| (at..at + marker.len(), value.as_str())),
            );
        }
        literal.sort_by(|(a, _), (b, _)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut taken: Vec<Range<usize>> = Vec::with_capacity(literal.len());
        let mut edits: Vec<Edit> = Vec::new();
        for (range, value) in literal {
            if taken.last().is_none_or(|last| last.end <= range.start) {
                taken.push(range.clone());
                edits.push(edit(range, value));
            }
        }
        let prose = prose_ranges(text, dialect);
        let in_prose = |at: usize| {
            let i = prose.partition_point(|r| r.end <= at);
            prose.get(i).is_some_and(|r| r.start <= at)
        };
        let mut unresolved = Vec::new();
        for (range, marker) in markers(text) {
            if overlaps(&taken, &range) {
                continue;
            }
            let value = match &marker {
                Marker::Named(name) => self
                    .named
                    .get(*name)
                    .cloned()
                    .or_else(|| flyway_builtin(name, file_name)),
                Marker::Template(_) => None,
            };
            match value {
                Some(value) => edits.push(edit(range, &value)),
                None if !in_prose(range.start) => {
                    let read_as = marker.stand_in();
                    edits.push(edit(range.clone(), &read_as));
                    unresolved.push(Unresolved {
                        marker: text[range.clone()].to_owned(),
                        range,
                        read_as,
                    });
                }
                None => {}
            }
        }
        if edits.is_empty() {
            return None;
        }
        Some(Replaced {
            rewrite: Rewrite::apply(text, edits),
            unresolved,
        })
    }
}

/// A marker found in a script.
enum Marker<'a> {
    /// `${name}`
    Named(&'a str),
    /// `{{ ... }}`, its inside.
    Template(&'a str),
}

impl Marker<'_> {
    /// The name an unresolved marker is read as: the placeholder's name, or a template's last
    /// word (`{{ index .Options "Namespace" }}` is `Namespace`).
    fn stand_in(&self) -> String {
        let text = match self {
            Marker::Named(name) => name,
            Marker::Template(inside) => inside,
        };
        let word = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .rfind(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or("placeholder");
        word.to_owned()
    }
}

/// Every `${name}` and `{{ ... }}` of a text, in order.
fn markers(text: &str) -> Vec<(Range<usize>, Marker<'_>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find(['$', '{']) {
        let at = from + offset;
        let rest = &text[at..];
        // Each search stops where its marker cannot go on: at a character no name holds, at
        // the end of the line.
        let marker = if let Some(inner) = rest.strip_prefix("${") {
            let end = inner
                .find(|c: char| !is_name_char(c))
                .unwrap_or(inner.len());
            (inner[end..].starts_with('}') && end > 0)
                .then(|| (end + 3, Marker::Named(&inner[..end])))
        } else if let Some(inner) = rest.strip_prefix("{{") {
            // Templates are short; a longer search would make a line of `{{` quadratic.
            let window = inner
                .char_indices()
                .nth(TEMPLATE_CHARS)
                .map_or(inner.len(), |(i, _)| i);
            let line = inner[..window].split('\n').next().unwrap_or_default();
            line.find("}}")
                .map(|end| (end + 4, Marker::Template(inner[..end].trim())))
        } else {
            None
        };
        match marker {
            Some((len, marker)) => {
                found.push((at..at + len, marker));
                from = at + len;
            }
            None => from = at + 1,
        }
    }
    found
}

/// How far a `{{` looks for its `}}`.
const TEMPLATE_CHARS: usize = 256;

/// What Flyway puts in its built-in placeholders, as far as a static reading can tell: the
/// default schema is PostgreSQL's, the rest are names that parse where they are used.
fn flyway_builtin(name: &str, file_name: &str) -> Option<String> {
    let value = match name.strip_prefix("flyway:")? {
        "defaultSchema" => "public",
        "user" | "database" => "flyway",
        "timestamp" => "2000-01-01 00:00:00",
        "filename" => file_name,
        "workingDirectory" => ".",
        "table" => "flyway_schema_history",
        "environment" => "default",
        _ => return None,
    };
    Some(value.to_owned())
}

fn is_name(key: &str) -> bool {
    !key.is_empty() && key.chars().all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')
}

/// Whether `range` overlaps one of `taken`, which are sorted and do not overlap each other.
fn overlaps(taken: &[Range<usize>], range: &Range<usize>) -> bool {
    let at = taken.partition_point(|t| t.end <= range.start);
    taken.get(at).is_some_and(|t| t.start < range.end)
}

fn edit(range: Range<usize>, value: &str) -> Edit {
    Edit {
        at: range.start,
        removed: range.len(),
        inserted: value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured(pairs: &[(&str, &str)]) -> Placeholders {
        Placeholders::new(
            &pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn flyway_names_and_literal_markers_take_their_values() {
        let placeholders = configured(&[
            ("schema", "auth"),
            ("{{ index .Options \"Namespace\" }}", "auth"),
        ]);
        let text = "create table ${schema}.users (id int);\n\
                    alter table {{ index .Options \"Namespace\" }}.users add column x int;";
        let replaced = placeholders
            .replace(text, "V1__init.sql", Dialect::Postgres)
            .expect("replaced");
        assert_eq!(
            replaced.rewrite.text,
            "create table auth.users (id int);\nalter table auth.users add column x int;"
        );
        assert!(replaced.unresolved.is_empty());
    }

    #[test]
    fn a_marker_without_a_value_stands_for_its_name_in_code_only() {
        let text = "create table ${schema}.t (note text default '${not_code}');\n\
                    -- {{ .Comment }}\n\
                    grant select on {{ index .Options \"Namespace\" }}.t to ${flyway:user};";
        let replaced = Placeholders::default()
            .replace(text, "V2__t.sql", Dialect::Postgres)
            .expect("replaced");
        assert_eq!(
            replaced.rewrite.text,
            "create table schema.t (note text default '${not_code}');\n\
             -- {{ .Comment }}\n\
             grant select on Namespace.t to flyway;"
        );
        let names: Vec<&str> = replaced
            .unresolved
            .iter()
            .map(|u| u.read_as.as_str())
            .collect();
        assert_eq!(names, ["schema", "Namespace"]);
        let template = &replaced.unresolved[1];
        assert_eq!(template.marker, "{{ index .Options \"Namespace\" }}");
        assert_eq!(&text[template.range.clone()], template.marker);
    }

    #[test]
    fn a_quote_in_a_dollar_quoted_text_hides_no_code() {
        let text = "COMMENT ON TABLE ${schema}.orders IS $$it's the orders$$;\n\
                    ALTER TABLE ${schema}.orders DROP COLUMN status;";
        let replaced = Placeholders::default()
            .replace(text, "V3__drop.sql", Dialect::Postgres)
            .expect("replaced");
        assert_eq!(replaced.unresolved.len(), 2);
        assert!(
            replaced
                .rewrite
                .text
                .contains("ALTER TABLE schema.orders DROP")
        );
    }

    #[test]
    fn overlapping_literal_markers_keep_the_first_and_longest() {
        let placeholders = configured(&[("{{ .A }}", "a"), ("{{ .A }}.{{ .B }}", "ab")]);
        let replaced = placeholders
            .replace(
                "select * from {{ .A }}.{{ .B }}, {{ .A }};",
                "q.sql",
                Dialect::Postgres,
            )
            .expect("replaced");
        assert_eq!(replaced.rewrite.text, "select * from ab, a;");
    }

    #[test]
    fn text_without_markers_is_left_alone() {
        let text = "create function f() returns int as $$ select 1 $$ language sql;";
        assert!(
            Placeholders::default()
                .replace(text, "f.sql", Dialect::Postgres)
                .is_none()
        );
    }
}
