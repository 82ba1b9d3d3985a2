//! SARIF 2.1.0, in the subset GitHub code scanning reads. The driver lists the rules that appear in
//! the results (not the whole catalog), so an upload stays small and every rule it names has help.

use std::collections::BTreeMap;

use serde::Serialize;

use super::shared::Location;
use crate::catalog::Rule;
use crate::core::{Class, InputError, Span};
use crate::report::{Report, Reported};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    /// Our columns count characters (`SourceFile::position`), not UTF-16 code units.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<SarifRule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// 1-based; `end_column` is the column just past the region, as SARIF defines it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
}

pub(super) fn render(report: &Report) -> String {
    let rules: BTreeMap<&str, &Rule> = report
        .findings
        .iter()
        .map(|r| (r.rule.id.as_str(), r.rule))
        .collect();
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, &id)| (id, i)).collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "compat",
                    information_uri: information_uri(),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: rules.values().map(|rule| sarif_rule(rule)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: report
                    .errors
                    .iter()
                    .map(|e| notification(report, e))
                    .collect(),
            }],
            column_kind: "unicodeCodePoints",
            results: report
                .findings
                .iter()
                .map(|r| result(report, r, index[r.rule.id.as_str()]))
                .collect(),
        }],
    };
    let mut text = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| unreachable!("plain structs always serialize: {e}"));
    text.push('\n');
    text
}

/// The project's page, when the package declares one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn sarif_rule(rule: &Rule) -> SarifRule<'_> {
    let facts = format!(
        "**Class:** {} · **Windows:** {} · **Effect:** {}",
        rule.class,
        super::shared::windows(rule.windows),
        rule.effect
    );
    SarifRule {
        id: rule.id.as_str(),
        short_description: Text {
            text: rule.summary.to_owned(),
        },
        full_description: Text {
            text: format!("{}. Safe alternative: {}.", rule.summary, rule.help),
        },
        help: Help {
            text: rule.explain(),
            markdown: format!("{facts}\n\n{}\n", rule.body.trim()),
        },
        default_configuration: Configuration {
            level: level(rule.class),
        },
        properties: Properties {
            tags: vec![rule.class.as_str(), rule.effect.as_str()],
        },
    }
}

fn result(report: &Report, reported: &Reported, rule_index: usize) -> SarifResult {
    let finding = &reported.finding;
    let mut text = finding.message.clone();
    for note in &finding.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &finding.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let primary = finding.new.as_ref().or(finding.old.as_ref());
    let related = finding.new.as_ref().and(finding.old.as_ref());
    SarifResult {
        rule_id: reported.rule.id.to_string(),
        rule_index,
        level: level(reported.class),
        message: Text { text },
        locations: primary
            .map(|label| location(report, label.span, None, label.text.clone()))
            .into_iter()
            .collect(),
        related_locations: related
            .map(|label| {
                let text = match &label.text {
                    Some(text) => format!("in the old version: {text}"),
                    None => "in the old version".into(),
                };
                location(report, label.span, Some(1), Some(text))
            })
            .into_iter()
            .collect(),
        suppressions: reported
            .suppressed
            .iter()
            .map(|reason| Suppression {
                kind: "inSource",
                justification: reason.clone(),
            })
            .collect(),
    }
}

fn location(report: &Report, span: Span, id: Option<usize>, text: Option<String>) -> SarifLocation {
    let at = Location::of(report, span);
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(at.path),
            region: Some(Region {
                start_line: at.start.line,
                start_column: at.start.column,
                end_line: at.end.line,
                end_column: at.end.column,
            }),
        },
        message: text.map(|text| Text { text }),
    }
}

fn notification(report: &Report, error: &InputError) -> Notification {
    let locations = match (error.span, super::shared::error_path(report, error)) {
        (Some(span), _) => vec![location(report, span, None, None)],
        (None, Some(path)) => vec![SarifLocation {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(path),
                region: None,
            },
            message: None,
        }],
        (None, None) => Vec::new(),
    };
    let mut text = error.message.clone();
    if let Some(help) = &error.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    Notification {
        level: "error",
        message: Text { text },
        locations,
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri(path),
        uri_base_id: "%SRCROOT%",
    }
}

fn level(class: Class) -> &'static str {
    match class {
        Class::Breaking => "error",
        Class::Tolerant => "warning",
        Class::Additive => "note",
    }
}

/// A relative path as a URI reference: unreserved bytes and `/` as they are, the rest
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::render::shared::sample;

    fn log() -> Value {
        serde_json::from_str(&render(&sample::report())).unwrap()
    }

    fn result_of<'a>(log: &'a Value, class: &str) -> &'a Value {
        let level = match class {
            "breaking" => "error",
            "tolerant" => "warning",
            _ => "note",
        };
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["level"] == level && r.get("suppressions").is_none())
            .unwrap()
    }

    #[test]
    fn is_a_sarif_2_1_0_log_of_compat() {
        let log = log();
        assert_eq!(log["version"], "2.1.0");
        assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "compat");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            ["core/suppression-without-reason", "core/unused-suppression"]
        );
        let rule = &rules[1];
        assert_eq!(
            rule["shortDescription"]["text"],
            "An allow comment or key that suppresses no finding"
        );
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Ship it safely")
        );
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("## What it detects")
        );
        assert_eq!(rule["properties"]["tags"], json!(["tolerant", "contract"]));
        assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    }

    #[test]
    fn levels_follow_classes_and_rule_indexes_point_at_rules() {
        let log = log();
        let rules = &log["runs"][0]["tool"]["driver"]["rules"];
        for result in log["runs"][0]["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        assert_eq!(
            result_of(&log, "breaking")["ruleId"],
            "core/suppression-without-reason"
        );
        assert_eq!(
            result_of(&log, "tolerant")["message"]["text"],
            "`compat:allow` suppresses nothing"
        );
        assert_eq!(
            result_of(&log, "additive")["message"]["text"],
            "Old table noted\nhelp: Nothing to do"
        );
    }

    #[test]
    fn regions_use_the_new_side_with_the_old_as_related() {
        let log = log();
        let breaking = result_of(&log, "breaking");
        let physical = &breaking["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"],
            json!({"uri": "db/0002_add.sql", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            physical["region"],
            json!({"startLine": 3, "startColumn": 21, "endLine": 3, "endColumn": 25})
        );
        let related = &breaking["relatedLocations"][0];
        assert_eq!(
            related["physicalLocation"]["artifactLocation"]["uri"],
            "db/0001_init.sql"
        );
        assert_eq!(related["physicalLocation"]["region"]["startColumn"], 14);
        assert_eq!(
            related["message"]["text"],
            "in the old version: table before"
        );
        // A finding with only an old side is located there.
        let additive = result_of(&log, "additive");
        assert_eq!(
            additive["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "db/0001_init.sql"
        );
        assert!(additive.get("relatedLocations").is_none());
    }

    #[test]
    fn suppressions_and_input_errors_are_reported() {
        let log = log();
        let suppressed = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r.get("suppressions").is_some())
            .unwrap();
        assert_eq!(
            suppressed["suppressions"],
            json!([{"kind": "inSource", "justification": "reviewed, | safe"}])
        );
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notifications.len(), 2);
        assert_eq!(
            notifications[0]["message"]["text"],
            "expected `;`\nhelp: end the statement"
        );
        assert_eq!(
            notifications[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            3
        );
        assert_eq!(
            notifications[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "db/broken.sql"
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(uri("db/my file#1é.sql"), "db/my%20file%231%C3%A9.sql");
    }
}
