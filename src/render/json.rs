//! The machine format, version 1, exactly the shape README documents: other tools parse it. Keys
//! may be added; a key removed or a change of meaning bumps `version`. Key order is the order of
//! the struct fields.

use serde::Serialize;

use super::shared::Location;
use crate::catalog::Equivalents;
use crate::core::{Class, Effect, InputError, Label, Position, Reach, RuleId, Window};
use crate::report::{Report, Reported, Summary};

const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    errors: Vec<JsonError<'a>>,
    /// The artifact sets compared: what detection or compat.toml chose.
    artifacts: Vec<JsonArtifact<'a>>,
    /// Directories of `.sql` files compat could not place as migration directories, when it
    /// compared no SQL set.
    unplaced: &'a [String],
    /// Migration directories of a database compat does not read (an `h2` folder).
    left_out: &'a [String],
}

#[derive(Serialize)]
struct JsonArtifact<'a> {
    name: &'a str,
    kind: &'a str,
    /// How it was read (`golang-migrate, postgres` for a migration directory), when the kind says.
    read_as: Option<&'a str>,
    files: usize,
    /// False when this build has no analyzer for the kind.
    compared: bool,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: RuleId,
    kind: &'a str,
    class: Class,
    windows: &'a [Window],
    effect: Effect,
    message: &'a str,
    help: &'a str,
    /// What the rule assumed, what else the change reaches, what the parser said.
    notes: &'a [String],
    new: Option<Loc<'a>>,
    old: Option<Loc<'a>>,
    suppressed: bool,
    equivalents: Equivalents,
    /// The operations and messages the change reaches, the one the message names first.
    reaches: Vec<JsonReach<'a>>,
}

/// An operation a finding reaches (OpenAPI), or a payload schema (JSON Schema), and where in it.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonReach<'a> {
    Operation {
        operation: &'a str,
        operation_id: Option<&'a str>,
        message: Option<&'a str>,
    },
    Schema {
        schema: &'a str,
        path: &'a str,
    },
}

/// A span: lines and columns 1-based, columns in characters, offsets in bytes; `end` is just past
/// the span.
#[derive(Serialize)]
struct Loc<'a> {
    file: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: Option<&'a str>,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

pub(super) fn render(report: &Report) -> String {
    let document = Document {
        version: VERSION,
        findings: report.findings.iter().map(|r| finding(report, r)).collect(),
        summary: report.summary(),
        errors: report.errors.iter().map(|e| error(report, e)).collect(),
        artifacts: report
            .artifacts
            .iter()
            .map(|a| JsonArtifact {
                name: &a.name,
                kind: &a.kind,
                read_as: a.read_as.as_deref(),
                files: a.files,
                compared: a.analyzed,
            })
            .collect(),
        unplaced: &report.unplaced,
        left_out: &report.left_out,
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| unreachable!("plain structs always serialize: {e}"));
    text.push('\n');
    text
}

fn finding<'a>(report: &'a Report, reported: &'a Reported) -> JsonFinding<'a> {
    let rule = reported.rule;
    let finding = &reported.finding;
    JsonFinding {
        rule: rule.id,
        kind: rule.kind(),
        class: reported.class,
        windows: reported.windows(),
        effect: rule.effect,
        message: &finding.message,
        help: reported.help(),
        notes: &finding.notes,
        new: finding.new.as_ref().map(|label| loc(report, label)),
        old: finding.old.as_ref().map(|label| loc(report, label)),
        suppressed: reported.suppressed.is_some(),
        equivalents: rule.equivalents,
        reaches: finding.reaches.iter().map(reach).collect(),
    }
}

fn reach(reach: &Reach) -> JsonReach<'_> {
    match reach {
        Reach::Operation {
            operation,
            operation_id,
            message,
        } => JsonReach::Operation {
            operation,
            operation_id: operation_id.as_deref(),
            message: message.as_deref(),
        },
        Reach::Schema { schema, path } => JsonReach::Schema { schema, path },
    }
}

fn loc<'a>(report: &'a Report, label: &Label) -> Loc<'a> {
    let at = Location::of(report, label.span);
    Loc {
        file: at.path,
        start: at.start,
        end: at.end,
    }
}

fn error<'a>(report: &'a Report, error: &'a InputError) -> JsonError<'a> {
    let start = error.span.map(|span| Location::of(report, span).start);
    JsonError {
        file: super::shared::error_path(report, error),
        message: &error.message,
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::render::shared::sample;

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    fn document() -> Value {
        let text = render(&sample::report());
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap()
    }

    /// Whether `keys` first appear in `text` in this order, from `from` on.
    fn in_order(text: &str, from: usize, keys: &[&str]) -> bool {
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| from + text[from..].find(&format!("\"{k}\":")).unwrap())
            .collect();
        positions.is_sorted()
    }

    #[test]
    fn has_the_documented_keys_in_order() {
        let text = render(&sample::report());
        assert!(in_order(
            &text,
            0,
            &[
                "version",
                "findings",
                "summary",
                "errors",
                "artifacts",
                "unplaced",
                "left_out"
            ]
        ));
        let findings = text.find("\"findings\"").unwrap();
        let documented = [
            "rule",
            "kind",
            "class",
            "windows",
            "effect",
            "message",
            "help",
            "notes",
            "new",
            "old",
            "suppressed",
            "equivalents",
            "reaches",
        ];
        assert!(in_order(&text, findings, &documented));
        let errors = text.find("\"errors\"").unwrap();
        assert!(in_order(
            &text,
            errors,
            &["file", "message", "line", "column"]
        ));

        let doc = document();
        // `Value` sorts keys: this is the exact set of top-level keys.
        assert_eq!(
            keys(&doc),
            [
                "artifacts",
                "errors",
                "findings",
                "left_out",
                "summary",
                "unplaced",
                "version"
            ]
        );
        assert_eq!(doc["version"], 1);
        let mut sorted = documented.to_vec();
        sorted.sort_unstable();
        for finding in doc["findings"].as_array().unwrap() {
            assert_eq!(keys(finding), sorted);
        }
        for error in doc["errors"].as_array().unwrap() {
            assert_eq!(keys(error), ["column", "file", "line", "message"]);
        }
        assert_eq!(
            doc["summary"],
            json!({"breaking": 1, "tolerant": 1, "additive": 1})
        );
    }

    #[test]
    fn findings_carry_their_notes() {
        let doc = document();
        let notes: Vec<&Value> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["notes"].as_array().unwrap())
            .collect();
        assert_eq!(notes, [&json!("assumes readers ignore <unknown> columns")]);
    }

    #[test]
    fn findings_list_what_they_reach() {
        let mut report = sample::report();
        let reach = |operation: &str, id: Option<&str>, message: Option<&str>| Reach::Operation {
            operation: operation.into(),
            operation_id: id.map(Into::into),
            message: message.map(Into::into),
        };
        report.findings[0].finding.reaches = vec![
            reach(
                "POST /pets",
                Some("updatePets"),
                Some("request body (application/json)"),
            ),
            reach("GET /pets", None, None),
        ];
        let doc: Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(
            doc["findings"][0]["reaches"],
            json!([
                {"operation": "POST /pets", "operation_id": "updatePets",
                 "message": "request body (application/json)"},
                {"operation": "GET /pets", "operation_id": null, "message": null},
            ])
        );
        assert_eq!(doc["findings"][1]["reaches"], json!([]));
    }

    #[test]
    fn locations_are_one_based_characters_and_byte_offsets() {
        let doc = document();
        let finding = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["class"] == "breaking")
            .unwrap();
        // `flag` follows a tab and the two-byte `ï` on line 3.
        assert_eq!(
            finding["new"],
            json!({
                "file": "db/0002_add.sql",
                "start": {"line": 3, "column": 21, "offset": 55},
                "end": {"line": 3, "column": 25, "offset": 59},
            })
        );
        assert_eq!(finding["old"]["file"], "db/0001_init.sql");
        assert_eq!(
            finding["old"]["start"],
            json!({"line": 1, "column": 14, "offset": 13})
        );
        assert_eq!(finding["rule"], "core/suppression-without-reason");
        assert_eq!(finding["kind"], "core");
        assert_eq!(finding["windows"], json!(["rollout", "rollback"]));
        assert_eq!(finding["effect"], "contract");
        assert_eq!(
            finding["help"],
            "Write why the change is safe after `reason:`"
        );
        assert_eq!(finding["suppressed"], false);
    }

    #[test]
    fn missing_sides_suppressions_and_errors_are_explicit() {
        let doc = document();
        let findings = doc["findings"].as_array().unwrap();
        let old_only = findings.iter().find(|f| f["class"] == "additive").unwrap();
        assert_eq!(old_only["new"], Value::Null);
        assert_eq!(old_only["help"], "Nothing to do");
        assert!(findings.iter().any(|f| f["suppressed"] == true));
        let errors = doc["errors"].as_array().unwrap();
        assert_eq!(
            errors[0],
            json!({"file": "db/0002_add.sql", "message": "expected `;`", "line": 3, "column": 2})
        );
        assert_eq!(errors[1]["file"], "db/broken.sql");
        assert_eq!(errors[1]["line"], Value::Null);
        assert_eq!(errors[1]["column"], Value::Null);
    }

    #[test]
    fn an_empty_report_is_a_valid_document() {
        let doc: Value = serde_json::from_str(&render(&sample::empty())).unwrap();
        assert_eq!(doc["findings"], json!([]));
        assert_eq!(doc["errors"], json!([]));
    }
}
