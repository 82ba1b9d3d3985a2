//! Inline suppressions: `compat:allow <rule>[, <rule>...] reason: <why>` next to the change.
//!
//! The comment syntax is the kind's (`--` in SQL, `//` in proto, `#` in YAML); JSON documents use
//! an `x-compat-allow` key, which their loaders turn into [`Suppression`]s. Matching and the
//! findings about suppressions themselves are the same for every kind and live here.

mod matching;
pub mod rules;
mod suppression;

pub use matching::apply;
pub use suppression::{MARKER, Suppression, comment_prefix, scan_comments};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Finding, RuleId, Side, Sources, Span};
    use crate::report::RawFinding;

    fn scan(text: &str) -> (Sources, Vec<Suppression>) {
        let mut sources = Sources::new();
        let id = sources.add("m.sql", Side::New, text);
        let found = scan_comments(sources.get(id), id, "--");
        (sources, found)
    }

    #[test]
    fn a_comment_line_covers_the_next_statement() {
        let text = "-- compat:allow sql/drop-column reason: unused since 2.14\n\n-- other comment\nALTER TABLE t\n  DROP COLUMN c;\n";
        let (_, found) = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["sql/drop-column"]);
        assert_eq!(found[0].reason.as_deref(), Some("unused since 2.14"));
        assert_eq!(
            &text[found[0].covers[0].range()],
            &text[..text.find(";\n").unwrap() - "  DROP COLUMN c".len() - 1]
        );
    }

    #[test]
    fn a_trailing_comment_covers_its_line_only() {
        let text =
            "DROP TABLE a; -- compat:allow sql/drop-table, sql/x reason: gone\nDROP TABLE b;\n";
        let (_, found) = scan(text);
        assert_eq!(found[0].rules, ["sql/drop-table", "sql/x"]);
        assert_eq!(found[0].covers[0].range(), 0..text.find('\n').unwrap());
    }

    #[test]
    fn block_comments_carry_suppressions_too() {
        let (_, found) = scan("/* compat:allow sql/drop-table reason: gone */\nDROP TABLE a;\n");
        assert_eq!(found[0].rules, ["sql/drop-table"]);
        assert_eq!(found[0].reason.as_deref(), Some("gone"));
    }

    #[test]
    fn a_trailing_comment_on_the_last_line_covers_a_long_statement() {
        let text =
            "ALTER TABLE t\n  DROP COLUMN c; -- compat:allow sql/drop-column reason: unused\n";
        let (sources, found) = scan(text);
        let file = sources.find("m.sql", Side::New).unwrap();
        let finding = Finding::new(RuleId::SqlDropColumn, "dropped")
            .at_new(Span::new(file, 0..text.find(';').unwrap()), "here");
        let mut raw = [RawFinding {
            finding,
            artifact: None,
            suppressed: None,
        }];
        let reported = apply(&mut raw, &found, crate::catalog::catalog());
        assert!(reported.is_empty(), "{reported:?}");
        assert_eq!(raw[0].suppressed.as_deref(), Some("unused"));
    }

    #[test]
    fn markers_outside_comments_are_not_suppressions() {
        let (_, found) = scan("SELECT 'compat:allow sql/drop-table reason: no';\n");
        assert!(found.is_empty());
    }

    #[test]
    fn a_missing_reason_is_none() {
        let (_, found) = scan("-- compat:allow sql/drop-table\nDROP TABLE a;\n");
        assert_eq!(found[0].reason, None);
        let (_, found) = scan("-- compat:allow sql/drop-table reason:   \nDROP TABLE a;\n");
        assert_eq!(found[0].reason, None);
    }
}
