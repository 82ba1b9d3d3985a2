//! The binary end to end: exit codes, formats and error paths.

use crate::support::{assert_exit, compat, root, stderr, stdout, write_files};

fn fixture(path: &str) -> String {
    root().join("fixtures").join(path).display().to_string()
}

#[test]
fn help_and_version_exit_zero() {
    let dir = root();
    assert_exit(&compat(&dir, &["--help"]), 0);
    let version = compat(&dir, &["--version"]);
    assert_exit(&version, 0);
    let printed = stdout(&version);
    assert!(printed.starts_with("compat "), "{printed}");
    // The version, then the commit it was built from.
    assert!(
        printed.contains(env!("CARGO_PKG_VERSION")) && printed.contains(" ("),
        "{printed}"
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = root();
    assert_exit(&compat(&dir, &["frobnicate"]), 2);
    assert_exit(&compat(&dir, &["diff", "only-one"]), 2);
    assert_exit(&compat(&dir, &["check", "--format", "yaml"]), 2);
}

#[test]
fn explain_prints_the_page_and_suggests_close_ids() {
    let dir = root();
    let out = compat(&dir, &["explain", "core/unused-suppression"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("class: tolerant"));
    assert!(stdout(&out).contains("## Ship it safely"));

    let out = compat(&dir, &["explain", "core/unused-supression"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("unknown rule `core/unused-supression`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("`core/unused-suppression`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_lists_the_catalog_in_every_format() {
    let dir = root();
    let table = compat(&dir, &["rules"]);
    assert_exit(&table, 0);
    assert!(stdout(&table).contains("core/unused-suppression"));

    let json = compat(&dir, &["rules", "--format", "json"]);
    assert_exit(&json, 0);
    let parsed: serde_json::Value =
        serde_json::from_str(&stdout(&json)).expect("rules json parses");
    let ids: Vec<&str> = parsed
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"core/suppression-without-reason"));

    let markdown = compat(&dir, &["rules", "--format", "markdown"]);
    assert_exit(&markdown, 0);
    assert!(stdout(&markdown).contains("| `core/unused-suppression` | tolerant |"));
}

#[test]
fn identical_trees_report_nothing_and_exit_zero() {
    let case = fixture("core/unused-suppression/fires/old");
    let out = compat(&root(), &["diff", &case, &case]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("no findings"), "{}", stdout(&out));
}

#[test]
fn fail_on_decides_the_exit_code() {
    // One tolerant finding: below the default threshold, at `--fail-on tolerant`.
    let old = fixture("core/unused-suppression/fires/old");
    let new = fixture("core/unused-suppression/fires/new");
    assert_exit(&compat(&root(), &["diff", &old, &new]), 0);
    assert_exit(
        &compat(&root(), &["diff", &old, &new, "--fail-on", "tolerant"]),
        1,
    );
    assert_exit(
        &compat(&root(), &["diff", &old, &new, "--fail-on", "never"]),
        0,
    );
}

#[test]
fn every_format_renders_the_same_findings() {
    let old = fixture("core/unused-suppression/fires/old");
    let new = fixture("core/unused-suppression/fires/new");
    let run = |format: &str| {
        let out = compat(
            &root(),
            &[
                "diff",
                &old,
                &new,
                "--format",
                format,
                "--fail-on",
                "tolerant",
            ],
        );
        assert_exit(&out, 1);
        stdout(&out)
    };

    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("json parses");
    assert_eq!(json["version"], 1);
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "core/unused-suppression");
    assert_eq!(finding["class"], "tolerant");
    assert_eq!(
        finding["new"]["file"],
        "db/migrations/0002_create_courses.up.sql"
    );
    assert_eq!(finding["new"]["start"]["line"], 2);
    assert_eq!(finding["new"]["start"]["column"], 1);
    assert_eq!(json["summary"]["tolerant"], 1);

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("sarif parses");
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "core/unused-suppression");
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );

    let github = run("github");
    assert!(
        github.starts_with("::warning file=db/migrations/0002_create_courses.up.sql,line=2,col=1,"),
        "{github}"
    );

    let junit = run("junit");
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(junit.contains("<failure"), "{junit}");

    let markdown = run("markdown");
    assert!(markdown.contains("core/unused-suppression"), "{markdown}");

    let human = run("human");
    assert!(human.contains("core/unused-suppression"), "{human}");
    assert!(human.contains("0002_create_courses.up.sql:2:1"), "{human}");
}

#[test]
fn missing_inputs_exit_two() {
    let out = compat(&root(), &["diff", "no/such/old", "no/such/new"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("no/such/old"), "{}", stderr(&out));
}

#[test]
fn a_file_and_a_directory_cannot_be_compared() {
    let out = compat(&root(), &["diff", "Cargo.toml", "src"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("one is a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn two_files_are_each_parsed_in_their_own_syntax() {
    let dir = tempfile::tempdir().expect("temp dir");
    let get = "{\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}}";
    write_files(
        dir.path(),
        &[
            (
                "old.yaml",
                "openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n",
            ),
            (
                "new.json",
                &format!(
                    "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"a\", \"version\": \"1\"}}, \"paths\": {{\"/b\": {get}}}}}"
                ),
            ),
        ],
    );
    let out = compat(dir.path(), &["diff", "old.yaml", "new.json"]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("openapi/operation-removed"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_document_of_another_kind_than_kind_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[
            ("schema.json", "{\"type\": \"object\"}"),
            (
                "api.yaml",
                "openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n",
            ),
        ],
    );
    let out = compat(
        dir.path(),
        &["diff", "schema.json", "schema.json", "--kind", "openapi"],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("is not an OpenAPI document"),
        "{}",
        stderr(&out)
    );
    let out = compat(
        dir.path(),
        &["diff", "api.yaml", "api.yaml", "--kind", "jsonschema"],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("is an OpenAPI document, not a JSON Schema"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_config_is_an_error_with_a_code_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[
            (
                "compat.toml",
                "[[sql]]\npath = \"db\"\ndialekt = \"mysql\"\n",
            ),
            ("a/x.sql", ""),
            ("b/x.sql", ""),
        ],
    );
    let out = compat(dir.path(), &["diff", "a", "b"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("unknown field `dialekt`"), "{err}");
    assert!(err.contains("compat.toml:3:1"), "{err}");
    assert!(err.contains("dialekt = \"mysql\""), "{err}");
}

#[test]
fn sql_files_compat_cannot_place_are_named_not_passed_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = "CREATE TABLE t (a int);\n";
    write_files(
        dir.path(),
        &[
            ("old/schema/setup/tables.sql", script),
            ("new/schema/setup/tables.sql", script),
            (
                "new/schema/setup/more.sql",
                "ALTER TABLE t DROP COLUMN a;\n",
            ),
        ],
    );
    let out = compat(dir.path(), &["diff", "old", "new", "--kind", "sql"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "nothing compared: compat could not place the .sql files in `schema/setup`"
        ) && text.contains("[[sql]] path = \"schema/setup\""),
        "{text}"
    );
    assert!(!text.contains("no findings"), "{text}");
    let out = compat(dir.path(), &["diff", "old", "new", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json parses");
    assert_eq!(json["unplaced"], serde_json::json!(["schema/setup"]));
}

/// A Swagger 2.0 document of one operation.
const SWAGGER: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n\
                       \x20     responses:\n        '200':\n          description: ok\n\
                       \x20         schema: {type: object, properties: {a: {type: string}}}\n";

#[test]
fn a_first_run_says_what_it_checked_and_what_it_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = "CREATE TABLE t (a int);\n";
    let vendored = "syntax = \"proto3\";\npackage v;\nmessage M { int32 a = 1; }\n";
    write_files(
        dir.path(),
        &[
            ("old/db/postgres/migrations/0001_init.sql", init),
            ("new/db/postgres/migrations/0001_init.sql", init),
            (
                "new/db/postgres/migrations/0002_b.sql",
                "ALTER TABLE t ADD COLUMN b int;\n",
            ),
            ("old/db/h2/migrations/0001_init.sql", init),
            ("new/db/h2/migrations/0001_init.sql", init),
            (
                "new/db/h2/migrations/0002_b.sql",
                "ALTER TABLE t DROP COLUMN a;\n",
            ),
            ("old/vendor/acme/v.proto", vendored),
            (
                "new/vendor/acme/v.proto",
                "syntax = \"proto3\";\npackage v;\n",
            ),
            ("old/testdata/migrations/0001_x.sql", init),
            ("old/api/swagger.yaml", SWAGGER),
            (
                "new/api/swagger.yaml",
                &SWAGGER.replace(
                    "{a: {type: string}}",
                    "{a: {type: string}, b: {type: string}}",
                ),
            ),
        ],
    );
    let out = compat(dir.path(), &["diff", "old", "new"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    // Only the PostgreSQL folder is a set: not the H2 one, the vendored protos or the test data.
    assert!(
        text.contains(
            "checked: db/postgres/migrations (sql: plain, postgres, 2 files), \
             api (openapi: Swagger 2.0, 1 file)"
        ),
        "{text}"
    );
    assert!(text.contains("openapi/response-property-added"), "{text}");
    assert!(text.contains("left out: `db/h2/migrations`"), "{text}");
    assert!(
        !text.contains("drop-column") && !text.contains("message-removed"),
        "{text}"
    );
    let out = compat(dir.path(), &["diff", "old", "new", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json parses");
    assert_eq!(
        json["artifacts"].as_array().map(Vec::len),
        Some(2),
        "{json}"
    );
    assert_eq!(json["artifacts"][0]["read_as"], "plain, postgres");
    assert_eq!(json["artifacts"][1]["read_as"], "Swagger 2.0");
    assert_eq!(json["left_out"], serde_json::json!(["db/h2/migrations"]));
}

/// An OpenAPI 3.1 document with a 3.0-style boolean bound and an invalid `type` elsewhere.
const PARTLY_INVALID: &str = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: n
          in: query
          schema: {type: integer, minimum: 0, exclusiveMinimum: true}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: {type: string}
                  name: {type: string}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: strng}
"#;

#[test]
fn an_invalid_keyword_is_one_error_and_the_rest_is_compared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let narrowed = PARTLY_INVALID
        .replace("required: [id, name]", "required: [id]")
        .replace("                  name: {type: string}\n", "");
    write_files(
        dir.path(),
        &[
            ("old/api.yaml", PARTLY_INVALID),
            ("new/api.yaml", &narrowed),
        ],
    );
    let out = compat(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_exit(&out, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json parses");
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"openapi/exclusive-bound-read-as-flag"),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"openapi/response-property-removed"),
        "{rules:?}"
    );
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    // In the new version, a line above it was removed.
    assert_eq!(errors[0]["line"], 29);
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("unknown type")),
        "{errors:?}"
    );
}

#[test]
fn an_unreadable_artifact_is_reported_and_exits_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[("old/db/migrations/0001_a.sql", "SELECT 1;\n")],
    );
    std::fs::create_dir_all(dir.path().join("new/db/migrations")).expect("mkdir");
    std::fs::write(
        dir.path().join("new/db/migrations/0001_a.sql"),
        b"SELECT \xff;\n",
    )
    .expect("write");
    let out = compat(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_exit(&out, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json parses");
    let message = json["errors"][0]["message"]
        .as_str()
        .expect("an error message");
    assert!(message.contains("not valid UTF-8"), "{message}");
}

#[test]
fn init_prints_the_detected_setup() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[
            (
                "db/migrations/0001_init.up.sql",
                "CREATE TABLE t (id int);\n",
            ),
            (
                "api/openapi.yaml",
                "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
            ),
            (
                "proto/a/v1/a.proto",
                "syntax = \"proto3\";\npackage a.v1;\n",
            ),
        ],
    );
    let out = compat(dir.path(), &["init", "--stdout"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("[[sql]]\npath = \"db/migrations\""), "{text}");
    assert!(text.contains("[[openapi]]"), "{text}");
    assert!(text.contains("[[proto]]"), "{text}");

    assert_exit(&compat(dir.path(), &["init"]), 0);
    assert!(dir.path().join("compat.toml").is_file());
    let again = compat(dir.path(), &["init"]);
    assert_exit(&again, 2);
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn the_demo_release_fails_the_check() {
    let old = fixture("demo/checkout/old");
    let new = fixture("demo/checkout/new");
    let out = compat(&root(), &["diff", &old, &new]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("sql/create-index-blocking"), "{text}");
    // The counts of fixtures/demo/README.md's table of intended changes.
    let json = compat(&root(), &["diff", &old, &new, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(
        json["summary"],
        serde_json::json!({"breaking": 7, "tolerant": 11, "additive": 1})
    );
}

#[test]
fn two_files_are_compared_as_one_artifact_even_with_a_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(
        dir.path(),
        &[
            ("compat.toml", "[[sql]]\npath = \"db/migrations\"\n"),
            ("a.sql", "CREATE TABLE t (id int, x int);\n"),
            ("b.sql", "CREATE TABLE t (id int, x int);\n"),
        ],
    );
    let out = compat(dir.path(), &["diff", "a.sql", "b.sql"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("no findings in"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("db/migrations"), "{}", stdout(&out));
}

#[test]
fn a_lone_json_file_is_openapi_only_with_a_top_level_openapi_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = |required: &str| {
        format!(
            r#"{{"description": "mirrors the openapi request body", "type": "object",
                "properties": {{"id": {{"type": "string"}}}}, "required": [{required}]}}"#
        )
    };
    write_files(
        dir.path(),
        &[("a.json", &schema("")), ("b.json", &schema(r#""id""#))],
    );
    let out = compat(
        dir.path(),
        &["diff", "a.json", "b.json", "--format", "json"],
    );
    assert_exit(&out, 1);
    let report = stdout(&out);
    assert!(report.contains(r#""kind": "jsonschema""#), "{report}");
    assert!(
        report.contains("jsonschema/required-property-added"),
        "{report}"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _compat"),
        ("zsh", "#compdef compat"),
        ("fish", "complete -c compat"),
    ] {
        let out = compat(&root(), &["completions", shell]);
        assert_exit(&out, 0);
        assert!(stdout(&out).contains(marker), "{shell}: {}", stdout(&out));
    }
}

#[test]
fn the_action_the_release_workflow_and_the_pre_commit_hook_are_valid_yaml() {
    use saphyr::{LoadableYamlNode, Yaml};
    for (file, keys) in [
        ("action.yml", &["name", "inputs", "runs"][..]),
        (".pre-commit-hooks.yaml", &[][..]),
        (".github/workflows/release.yml", &["name", "on", "jobs"][..]),
    ] {
        let text = std::fs::read_to_string(root().join(file)).expect("readable");
        let docs = Yaml::load_from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(docs.len(), 1, "{file}");
        for key in keys {
            assert!(!docs[0][*key].is_badvalue(), "{file} has no `{key}`");
        }
    }
}

/// One property removed from a component three operations return: one finding that lists the
/// three, the one its message names first.
#[test]
fn json_lists_what_a_shared_change_reaches() {
    let old = fixture("openapi/response-property-removed/fires/old");
    let new = fixture("openapi/response-property-removed/fires/new");
    let out = compat(&root(), &["diff", &old, &new, "--format", "json"]);
    assert_exit(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json parses");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1);
    let response = "200 response (application/json)";
    assert_eq!(
        findings[0]["reaches"],
        serde_json::json!([
            {"operation": "GET /orders", "operation_id": "listOrders", "message": response},
            {"operation": "GET /orders/{orderId}", "operation_id": "getOrder", "message": response},
            {"operation": "POST /orders/{orderId}/cancel", "operation_id": "cancelOrder", "message": response},
        ])
    );
}
