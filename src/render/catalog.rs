//! `compat rules`: the catalog as an aligned table, a JSON array or a Markdown table, in id order.

use std::fmt::Write as _;

use serde::Serialize;

use super::shared;
use crate::catalog::{Catalog, Equivalents, Rule, Status};
use crate::core::{Class, Effect, RuleId, Window};

const HEADER: [&str; 5] = ["id", "class", "windows", "effect", "summary"];

pub(super) fn table(catalog: &Catalog) -> String {
    let rows: Vec<[String; 5]> = catalog.iter().map(row).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(HEADER.map(String::from)).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(super) fn markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| id | class | windows | effect | summary |\n| --- | --- | --- | --- | --- |\n",
    );
    for rule in catalog.iter() {
        let [id, class, windows, effect, summary] = row(rule);
        let _ = writeln!(
            out,
            "| `{id}` | {class} | {windows} | {effect} | {} |",
            summary.replace('|', "\\|")
        );
    }
    out
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: RuleId,
    kind: &'a str,
    class: Class,
    windows: &'a [Window],
    effect: Effect,
    summary: &'a str,
    help: &'a str,
    equivalents: Equivalents,
    status: &'static str,
}

pub(super) fn json(catalog: &Catalog) -> String {
    let rules: Vec<JsonRule> = catalog
        .iter()
        .map(|rule| JsonRule {
            id: rule.id,
            kind: rule.kind(),
            class: rule.class,
            windows: rule.windows,
            effect: rule.effect,
            summary: rule.summary,
            help: rule.help,
            equivalents: rule.equivalents,
            status: status(rule),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules)
        .unwrap_or_else(|e| unreachable!("plain structs always serialize: {e}"));
    text.push('\n');
    text
}

fn row(rule: &Rule) -> [String; 5] {
    let mut summary = rule.summary.to_owned();
    if rule.status == Status::Removed {
        summary.push_str(" (removed)");
    }
    [
        rule.id.to_string(),
        rule.class.to_string(),
        shared::windows(rule.windows),
        rule.effect.to_string(),
        summary,
    ]
}

fn status(rule: &Rule) -> &'static str {
    match rule.status {
        Status::Active => "active",
        Status::Removed => "removed",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    static RULES: &[Rule] = &[
        Rule {
            id: RuleId::CoreUnusedSuppression,
            class: Class::Additive,
            windows: &[Window::Rollout],
            effect: Effect::Contract,
            summary: "Retired",
            help: "Nothing",
            equivalents: Equivalents(&[]),
            status: Status::Removed,
            body: "body",
            path: "rules/core/unused-suppression.md",
        },
        Rule {
            id: RuleId::SqlDropColumn,
            class: Class::Breaking,
            windows: &[Window::Rollout, Window::Rollback],
            effect: Effect::DataLoss,
            summary: "Dropping a column | old code",
            help: "Stop reading it first",
            equivalents: Equivalents(&[("squawk", &["ban-drop-column"])]),
            status: Status::Active,
            body: "body",
            path: "rules/sql/drop-column.md",
        },
    ];

    fn catalog() -> Catalog {
        Catalog::of(RULES)
    }

    #[test]
    fn table_aligns_columns_in_id_order() {
        let text = table(&catalog());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "id                       class     windows            effect     summary"
        );
        assert_eq!(
            lines[1],
            "core/unused-suppression  additive  rollout            contract   Retired (removed)"
        );
        assert_eq!(
            lines[2],
            "sql/drop-column          breaking  rollout, rollback  data-loss  Dropping a column | old code"
        );
    }

    #[test]
    fn json_lists_every_field() {
        let rules: Value = serde_json::from_str(&json(&catalog())).unwrap();
        let drop = &rules[1];
        assert_eq!(drop["id"], "sql/drop-column");
        assert_eq!(drop["kind"], "sql");
        assert_eq!(drop["class"], "breaking");
        assert_eq!(drop["windows"], serde_json::json!(["rollout", "rollback"]));
        assert_eq!(drop["effect"], "data-loss");
        assert_eq!(drop["help"], "Stop reading it first");
        assert_eq!(drop["equivalents"]["squawk"][0], "ban-drop-column");
        assert_eq!(drop["status"], "active");
        assert_eq!(rules[0]["status"], "removed");
    }

    #[test]
    fn markdown_is_a_table_with_escaped_cells() {
        let text = markdown(&catalog());
        assert!(text.starts_with("| id | class | windows | effect | summary |\n| --- |"));
        assert!(text.contains(
            "| `sql/drop-column` | breaking | rollout, rollback | data-loss | Dropping a column \\| old code |"
        ));
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn the_embedded_catalog_renders_in_every_format() {
        let catalog = crate::catalog::catalog();
        let count = catalog.iter().count();
        assert_eq!(table(catalog).lines().count(), count + 1);
        assert_eq!(markdown(catalog).lines().count(), count + 2);
        let rules: Value = serde_json::from_str(&json(catalog)).unwrap();
        assert_eq!(rules.as_array().unwrap().len(), count);
    }
}
