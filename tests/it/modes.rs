//! `compat diff --mode`: the compatibility mode of two JSON Schema files.

use crate::support::{assert_exit, compat, root, stderr, stdout, write_files};

/// The two versions of a fixture's one schema file.
fn schema_pair(case: &str) -> (String, String) {
    let dir = root().join("fixtures/jsonschema").join(case);
    let file = "schemas/order.schema.json";
    (
        dir.join("old").join(file).display().to_string(),
        dir.join("new").join(file).display().to_string(),
    )
}

/// The rule ids of a JSON report.
fn rules(out: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).expect("json");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn mode_picks_the_directions_of_two_schema_files() {
    // `note` becomes nullable: new producers may send null, which old consumers reject.
    let (old, new) = schema_pair("type-widened/fires");
    let diff = |mode: &str| {
        compat(
            &root(),
            &[
                "diff",
                &old,
                &new,
                "--kind",
                "jsonschema",
                "--mode",
                mode,
                "--format",
                "json",
            ],
        )
    };
    let full = diff("full");
    assert_exit(&full, 1);
    assert_eq!(rules(&full), ["jsonschema/type-widened"]);
    let forward = diff("forward");
    assert_exit(&forward, 1);
    assert_eq!(rules(&forward), ["jsonschema/type-widened"]);
    let backward = diff("backward");
    assert_exit(&backward, 0);
    assert_eq!(rules(&backward), Vec::<String>::new());
}

#[test]
fn transitive_modes_are_refused_for_two_files() {
    let (old, new) = schema_pair("type-widened/fires");
    for mode in ["full_transitive", "backward-transitive"] {
        let out = compat(&root(), &["diff", &old, &new, "--mode", mode]);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("a diff of two files has none"),
            "{}",
            stderr(&out)
        );
    }
    let out = compat(&root(), &["diff", &old, &new, "--mode", "full_transitive"]);
    assert!(
        stderr(&out).contains("pass --mode full"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mode_is_refused_where_it_means_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[
            ("old.sql", "CREATE TABLE a (id int);\n"),
            ("new.sql", "CREATE TABLE a (id int, b text);\n"),
        ],
    );
    let out = compat(
        dir.path(),
        &["diff", "old.sql", "new.sql", "--mode", "backward"],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("new.sql is compared as sql and has no compatibility modes"),
        "{}",
        stderr(&out)
    );
    let api = "openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n";
    write_files(dir.path(), &[("old.yaml", api), ("new.yaml", api)]);
    let out = compat(
        dir.path(),
        &["diff", "old.yaml", "new.yaml", "--mode", "full"],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("compared as openapi and has no compatibility modes"),
        "{}",
        stderr(&out)
    );
    let dirs = root().join("fixtures/jsonschema/type-widened/fires");
    let out = compat(
        &root(),
        &[
            "diff",
            &dirs.join("old").display().to_string(),
            &dirs.join("new").display().to_string(),
            "--mode",
            "backward",
        ],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("--mode applies to a diff of two files"),
        "{}",
        stderr(&out)
    );
    let (old, new) = schema_pair("type-widened/fires");
    let out = compat(&root(), &["diff", &old, &new, "--mode", "sideways"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("possible values"), "{}", stderr(&out));
}

#[test]
fn a_definition_shared_by_two_schemas_is_one_finding_that_reaches_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let money =
        |t: &str| format!(r#"{{"type": "object", "properties": {{"cents": {{"type": "{t}"}}}}}}"#);
    let job = |name: &str| {
        format!(
            r#"{{"title": "{name}", "type": "object", "properties": {{"total": {{"$ref": "money.json"}}}}}}"#
        )
    };
    let config = "[[jsonschema]]\npaths = [\"schemas/*.json\"]\nmode = \"backward\"\n";
    write_files(dir.path(), &[("compat.toml", config)]);
    for (side, t) in [("old", "integer"), ("new", "string")] {
        write_files(
            &dir.path().join(side),
            &[
                ("schemas/money.json", &money(t)),
                ("schemas/invoice.json", &job("invoice")),
                ("schemas/receipt.json", &job("receipt")),
            ],
        );
    }
    let out = compat(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_exit(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{json:#}");
    let reaches: Vec<(String, String)> = findings[0]["reaches"]
        .as_array()
        .expect("reaches")
        .iter()
        .map(|r| {
            (
                r["schema"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        reaches,
        [
            ("schemas/invoice.json".to_owned(), "/total/cents".to_owned()),
            ("schemas/money.json".to_owned(), "/cents".to_owned()),
            ("schemas/receipt.json".to_owned(), "/total/cents".to_owned()),
        ]
    );
}
