//! Rules through the front door: two trees of `.proto` files compared as `compat diff` does.

use crate::engine::testing::{findings_with, report_of};

const OLD: &str = r#"syntax = "proto3";
package acme.orders.v1;

message Order {
  string id = 1;
  string email = 2;
  int32 quantity = 3;
  Status status = 4;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
}
"#;

const PATH: &str = "proto/acme/orders/v1/orders.proto";

fn fired(new: &str, config: &str) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings_with(config, &[(PATH, OLD)], &[(PATH, new)])
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn a_rename_is_classified_by_the_encodings_that_cross() {
    let new = OLD.replace("string email = 2;", "string mail = 2;");
    assert_eq!(fired(&new, ""), ["proto/field-renamed"]);
    assert_eq!(
        fired(&new, "[[proto]]\nencoding = \"binary\"\n"),
        ["proto/field-renamed-binary-only"]
    );
}

#[test]
fn a_renumbered_field_is_reported_as_such() {
    let new = OLD.replace("string email = 2;", "string email = 5;");
    assert_eq!(fired(&new, ""), ["proto/field-renumbered"]);
    assert_eq!(
        fired(&new, "[[proto]]\nencoding = \"json\"\n"),
        ["proto/field-renumbered-json-only"]
    );
}

#[test]
fn type_changes_follow_the_wire_groups() {
    let new = OLD.replace("int32 quantity = 3;", "int64 quantity = 3;");
    assert_eq!(fired(&new, ""), ["proto/field-type-changed-json"]);
    assert_eq!(
        fired(&new, "[[proto]]\nencoding = \"binary\"\n"),
        ["proto/field-type-changed-compatible"]
    );
    let new = OLD.replace("int32 quantity = 3;", "string quantity = 3;");
    assert_eq!(fired(&new, ""), ["proto/field-type-changed"]);
}

#[test]
fn deletions_need_reservations() {
    let new = OLD.replace("  string email = 2;\n", "");
    assert_eq!(fired(&new, ""), ["proto/field-removed-unreserved"]);
    let new = OLD.replace(
        "  string email = 2;\n",
        "  reserved 2;\n  reserved \"email\";\n",
    );
    assert_eq!(fired(&new, ""), ["proto/field-removed"]);
}

#[test]
fn a_moved_message_is_recognised_by_its_structure() {
    let new = OLD.replace("message Order {", "message PurchaseOrder {");
    let findings = findings_with("", &[(PATH, OLD)], &[(PATH, &new)]);
    let ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, ["proto/message-renamed"]);
    let label = findings[0].new.as_ref().expect("new frame");
    assert_eq!(&new[label.span.range()], "PurchaseOrder");
}

#[test]
fn identical_trees_report_nothing() {
    assert!(fired(OLD, "").is_empty());
}

#[test]
fn files_that_do_not_compile_are_input_errors_with_a_frame() {
    let broken = "syntax = \"proto3\";\npackage acme.orders.v1;\nmessage Order { strin id = 1; }\n";
    let edition = "edition = \"2077\";\npackage acme.orders.v1;\n";
    let new = [(PATH, broken), ("proto/acme/orders/v1/e.proto", edition)];
    let report = report_of("", &[(PATH, OLD)], &new);
    let framed: Vec<(&str, &str)> = report
        .errors
        .iter()
        .filter_map(|e| {
            let span = e.span?;
            Some((
                e.message.as_str(),
                &report.sources.get(span.file).text()[span.range()],
            ))
        })
        .collect();
    // The new side does not compile: nothing of the old side is reported as removed.
    assert!(
        report.findings.is_empty(),
        "{:?}",
        report
            .findings
            .iter()
            .map(|f| f.finding.rule.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(framed.len(), 2, "{framed:?}");
    assert!(
        framed
            .iter()
            .any(|(m, at)| m.contains("edition `2077`") && *at == "\"2077\"")
    );
    assert!(
        framed
            .iter()
            .any(|(m, at)| m.contains("does not compile") && *at == "strin")
    );
}
