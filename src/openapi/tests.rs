//! The loader's refusals and the analyzer end to end, on documents held in memory.

use super::context::Cx;
use super::load::Version;
use super::model::Api;
use super::sunset::Day;
use super::{compare, pair_apis};
use crate::core::Side;
use crate::engine::testing::report_of;
use crate::schema::resolve::MemorySource;

fn load(side: Side, files: &[(&str, &str)]) -> (Version, MemorySource) {
    let mut source = MemorySource::new(side);
    for (path, text) in files {
        source.insert(path, *text);
    }
    let mut version = Version::new(side);
    version.load_root(&mut source, files[0].0);
    (version, source)
}

/// What [`compare`] (or `check`) makes of two loaded versions, which must have loaded cleanly.
fn with_pairs<T>(
    old: &mut Version,
    new: &mut Version,
    check: impl FnOnce(&Cx<'_>, &[(Api, Api)]) -> T,
) -> T {
    assert!(old.take_errors().is_empty() && new.take_errors().is_empty());
    let pairs = pair_apis(std::mem::take(&mut old.apis), std::mem::take(&mut new.apis));
    let cx = Cx {
        old,
        new,
        honor_sunset: true,
        today: Day::today(),
    };
    check(&cx, &pairs)
}

fn messages(version: &mut Version) -> Vec<String> {
    version
        .take_errors()
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn swagger_two_is_read_as_the_openapi_document_it_describes() {
    let text = "swagger: '2.0'\ninfo: {title: a, version: '1'}\nconsumes: [application/json]\n\
                parameters:\n  page: {name: page, in: query, type: integer, minimum: 1}\n\
                paths:\n  /a:\n    post:\n      operationId: makeA\n      parameters:\n\
                \x20       - {name: body, in: body, required: true, schema: {$ref: '#/definitions/A'}}\n\
                \x20       - $ref: '#/parameters/page'\n      responses:\n\
                \x20       '200': {description: ok, schema: {$ref: '#/definitions/A'}}\n\
                definitions:\n  A: {type: object, properties: {x: {type: string}}}\n";
    let (mut version, source) = load(Side::New, &[("api.yaml", text)]);
    assert!(version.take_errors().is_empty());
    let api = &version.apis["api.yaml"];
    let operation = api.operations.values().next().expect("one operation");
    assert_eq!(operation.id.as_deref(), Some("makeA"));
    let body = operation
        .body
        .as_ref()
        .expect("the body parameter is the request body");
    assert!(body.required);
    assert!(body.content.get("application/json").is_some());
    let (_, page) = operation
        .parameters
        .iter()
        .next()
        .expect("the shared parameter");
    assert_eq!(
        (page.name.as_str(), page.location.as_str()),
        ("page", "query")
    );
    let response = operation.responses.get("200").expect("200");
    assert!(response.content.get("application/json").is_some());
    // Frames are in the 2.0 file as written.
    let file = source.sources.get(operation.span.file);
    assert_eq!(&file.text()[operation.span.range()], "post");
}

#[test]
fn unparseable_documents_and_bad_references_are_input_errors() {
    let (mut version, _) = load(Side::New, &[("api.yaml", "openapi: 3.1.0\npaths: [\n")]);
    assert!(messages(&mut version)[0].starts_with("cannot parse api.yaml"));

    let text = r##"{"openapi": "3.1.0", "paths": {"/a": {"$ref": "https://example.com/a.json"},
        "/b": {"$ref": "#/x-loop/one"}, "/c": {"get": {"parameters": [{"$ref": "missing.yaml#/P"}],
        "responses": {}}}}, "x-loop": {"one": {"$ref": "#/x-loop/two"}, "two": {"$ref": "#/x-loop/one"}}}"##;
    let (mut version, _) = load(Side::New, &[("api.json", text)]);
    let errors = messages(&mut version);
    assert!(
        errors.iter().any(|e| e.contains("never fetched")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("circular")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("not in the repository")),
        "{errors:?}"
    );
    // What could be read is still there.
    assert_eq!(version.apis["api.json"].operations.len(), 1);
}

#[test]
fn a_changed_shared_schema_is_one_finding_naming_every_operation() {
    let api = r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'schemas.yaml#/Item'}}}}
  /b/{id}:
    get:
      operationId: getB
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: 'schemas.yaml#/Item'}}}}}
"##;
    let schemas = |extra: &str| {
        format!(
            "Item:\n  type: object\n  properties:\n    status: {{type: string, enum: [a, b{extra}]}}\n    next: {{$ref: '#/Item'}}\n"
        )
    };
    let (mut old, _) = load(
        Side::Old,
        &[("api.yaml", api), ("schemas.yaml", &schemas(""))],
    );
    let (mut new, _) = load(
        Side::New,
        &[("api.yaml", api), ("schemas.yaml", &schemas(", c"))],
    );
    let findings = with_pairs(&mut old, &mut new, compare).findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].rule,
        super::rules::response_enum_value_added::ID
    );
    assert!(findings[0].message.contains("`getA`"));
    assert!(findings[0].notes.iter().any(|n| n.contains("`getB`")));
}

/// Enough operations for the comparison to split over two threads, reaching shared components
/// from both halves, with removals, additions and changes in each.
#[test]
fn a_split_comparison_finds_what_one_pass_finds() {
    let api = |changed: bool| {
        let mut paths = Vec::new();
        for i in 0..300 {
            if changed && i % 50 == 7 {
                continue;
            }
            let schema = ["Item", "Order", "Page"][i % 3];
            let param = if changed && i % 40 == 3 {
                "true"
            } else {
                "false"
            };
            paths.push(format!(
                r##""/r{i}/{{id}}": {{"get": {{"operationId": "get{i}", "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}, {{"name": "q", "in": "query", "required": {param}, "schema": {{"type": "string"}}}}], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{schema}"}}}}}}}}}}}}}}"##
            ));
        }
        if changed {
            paths.push(r#""/extra": {"post": {"operationId": "extra", "responses": {"204": {"description": "none"}}}}"#.into());
        }
        let status = if changed {
            r#"["a", "b", "c"]"#
        } else {
            r#"["a", "b"]"#
        };
        let total = if changed { "string" } else { "integer" };
        format!(
            r##"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}},
            "components": {{"schemas": {{
                "Item": {{"type": "object", "properties": {{"status": {{"enum": {status}}}, "next": {{"$ref": "#/components/schemas/Item"}}}}}},
                "Order": {{"type": "object", "required": ["item"], "properties": {{"item": {{"$ref": "#/components/schemas/Item"}}, "total": {{"type": "{total}"}}}}}},
                "Page": {{"type": "array", "items": {{"$ref": "#/components/schemas/Order"}}}}}}}}}}"##,
            paths.join(",\n")
        )
    };
    let (old_text, new_text) = (api(false), api(true));
    let (mut old, _) = load(Side::Old, &[("api.json", &old_text)]);
    let (mut new, _) = load(Side::New, &[("api.json", &new_text)]);
    let (one_pass, split) = with_pairs(&mut old, &mut new, |cx, pairs| {
        let tasks = super::tasks(pairs);
        assert!(tasks.len() >= super::PARALLEL_FROM);
        let ix = super::Indexes::default();
        (
            super::run(cx, &ix, &tasks).finish().findings,
            compare(cx, pairs).findings,
        )
    });
    assert!(one_pass.len() >= 5, "{one_pass:#?}");
    assert_eq!(format!("{split:#?}"), format!("{one_pass:#?}"));
}

const TWO_OPERATIONS: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters: [{$ref: 'parameters.yaml#/Limit'}]
      responses: {'200': {description: ok}}
  /b:
    get:
      responses: {'200': {description: ok}}
";

const LIMIT: &str = "Limit: {name: limit, in: query, schema: {type: integer}}\n";

#[test]
fn a_side_that_does_not_load_yields_its_errors_and_no_findings() {
    let good = [
        ("api/openapi.yaml", TWO_OPERATIONS),
        ("api/parameters.yaml", LIMIT),
    ];
    let truncated = [(
        "api/openapi.yaml",
        "openapi: 3.1.0\npaths:\n  /a: {get: {responses: ['\n",
    )];
    let dangling = [("api/openapi.yaml", TWO_OPERATIONS)];
    for (old, new) in [
        (&good[..], &truncated[..]),
        (&truncated[..], &good[..]),
        (&good[..], &dangling[..]),
        (&dangling[..], &good[..]),
    ] {
        let report = report_of("", old, new);
        assert!(!report.errors.is_empty(), "no error for {old:?} -> {new:?}");
        let rules: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.finding.rule.as_str())
            .collect();
        assert!(rules.is_empty(), "{rules:?} for {old:?} -> {new:?}");
    }
    assert!(report_of("", &good, &good).errors.is_empty());
}

/// `fixtures/openapi/response-property-removed/fires`: `Order` loses a property and three
/// operations return it.
#[test]
fn a_changed_component_is_one_finding_that_reaches_each_operation() {
    let fixture = |side: &str| {
        let path = format!(
            "{}/fixtures/openapi/response-property-removed/fires/{side}/api/openapi.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).expect("fixture")
    };
    let (old_text, new_text) = (fixture("old"), fixture("new"));
    let (mut old, _) = load(Side::Old, &[("openapi.yaml", &old_text)]);
    let (mut new, _) = load(Side::New, &[("openapi.yaml", &new_text)]);
    let findings = with_pairs(&mut old, &mut new, compare).findings;
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, super::rules::response_property_removed::ID);
    let reaches: Vec<(&str, Option<&str>, Option<&str>)> = finding
        .reaches
        .iter()
        .filter_map(|r| match r {
            crate::core::Reach::Operation {
                operation,
                operation_id,
                message,
            } => Some((
                operation.as_str(),
                operation_id.as_deref(),
                message.as_deref(),
            )),
            crate::core::Reach::Schema { .. } => None,
        })
        .collect();
    let ok = Some("200 response (application/json)");
    assert_eq!(
        reaches,
        [
            ("GET /orders", Some("listOrders"), ok),
            ("GET /orders/{orderId}", Some("getOrder"), ok),
            ("POST /orders/{orderId}/cancel", Some("cancelOrder"), ok),
        ]
    );
    // The message names the first; the note the others.
    assert!(finding.message.contains("`listOrders`"), "{finding:#?}");
    assert!(
        finding
            .notes
            .iter()
            .any(|n| n.contains("reaches 3 operations"))
    );
}

/// Findings about different rules, or different places, stay apart even when they come from
/// one edit: `Pet` is written by clients in one operation and by the server in two, and two
/// operations declare the same schema inline.
#[test]
fn different_changes_stay_different_findings() {
    let api = |pet: &str, owner: &str| {
        let owner = format!("{{type: object, properties: {{id: {{type: string}}{owner}}}}}");
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: array, items: {{$ref: '#/components/schemas/Pet'}}}}}}}}}}
    post:
      operationId: createPet
      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
      responses:
        '201': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
  /owners/{{id}}:
    get:
      operationId: getOwner
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {owner}}}}}}}
  /owners:
    get:
      operationId: listOwners
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {owner}}}}}}}
components:
  schemas:
    Pet: {{type: object, required: [name], properties: {{name: {{type: string}}{pet}}}}}
"
        )
    };
    let (old_text, new_text) = (
        api(", tag: {type: string}", ", name: {type: string}"),
        api("", ""),
    );
    let (mut old, _) = load(Side::Old, &[("api.yaml", &old_text)]);
    let (mut new, _) = load(Side::New, &[("api.yaml", &new_text)]);
    let findings = with_pairs(&mut old, &mut new, compare).findings;
    let mut found: Vec<(&str, Vec<&str>)> = findings
        .iter()
        .map(|f| {
            let ops = f.reaches.iter().filter_map(|r| match r {
                crate::core::Reach::Operation { operation_id, .. } => operation_id.as_deref(),
                crate::core::Reach::Schema { .. } => None,
            });
            (f.rule.as_str(), ops.collect())
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("openapi/request-property-removed", vec!["createPet"]),
            (
                "openapi/response-optional-property-removed",
                vec!["getOwner"]
            ),
            (
                "openapi/response-optional-property-removed",
                vec!["listOwners"]
            ),
            (
                "openapi/response-optional-property-removed",
                vec!["listPets", "createPet"]
            ),
        ],
        "{findings:#?}"
    );
}
