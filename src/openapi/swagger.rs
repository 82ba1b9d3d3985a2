//! Swagger 2.0 read as the OpenAPI 3.0 document it describes, so that one operation model and one
//! set of rules compare both. The new tree is built from the 2.0 document's own nodes, so every
//! span still points into the 2.0 file: findings frame what its authors wrote.
//!
//! What moves where (the mapping of the OpenAPI 3.0 specification's "changes from 2.0"):
//! - `definitions`, top-level `parameters`, `responses` and `securityDefinitions` go under
//!   `components`; local `$ref`s follow (`#/definitions/X` is `#/components/schemas/X`);
//! - a parameter's `type`, `format`, `items`, bounds, `enum` and `default` become its `schema`;
//! - a `body` parameter becomes the operation's `requestBody`, one media type per `consumes`;
//!   `formData` parameters become one object schema under the form media type;
//! - a response's `schema` becomes its `content`, one media type per `produces`; its headers'
//!   types become their schemas;
//! - `x-nullable` is `nullable`, `type: file` is a binary string, and a `discriminator` names
//!   its property in `propertyName`;
//! - an array parameter's `collectionFormat` (`csv` when absent) is its `style` and `explode`.
//!
//! Written by hand: no crate converts while keeping the source spans, which the frames need.

use std::ops::Range;
use std::sync::Arc;

use crate::schema::doc::{Member, Node, NodeValue};

/// The 3.0 reading of a Swagger 2.0 root document.
pub fn upgrade(root: &Node) -> Node {
    let whole = root.span();
    let media = Media {
        consumes: strings(root.get("consumes")).unwrap_or_default(),
        produces: strings(root.get("produces")).unwrap_or_default(),
    };
    let top_parameters = root.get("parameters");
    let mut members = Vec::new();
    let version_span = root.member("swagger").map_or(0..0, Member::span);
    members.push(Member::new(
        "openapi",
        version_span.clone(),
        string(version_span, "3.0.3"),
    ));
    let mut components = Vec::new();
    for member in root.members() {
        match &*member.key {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            "paths" => members.push(Member::new(
                "paths",
                member.key_span(),
                paths(&member.value, &media, top_parameters),
            )),
            "definitions" => components.push(Member::new(
                "schemas",
                member.key_span(),
                rewritten(&member.value),
            )),
            "parameters" => components.push(Member::new(
                "parameters",
                member.key_span(),
                map_values(&member.value, |p| {
                    (!is_body_or_form(p)).then(|| parameter(p))
                }),
            )),
            "responses" => components.push(Member::new(
                "responses",
                member.key_span(),
                map_values(&member.value, |r| Some(response(r, &media.produces))),
            )),
            "securityDefinitions" => components.push(Member::new(
                "securitySchemes",
                member.key_span(),
                map_values(&member.value, |s| Some(security_scheme(s))),
            )),
            _ => members.push(Member::new(
                Arc::clone(&member.key),
                member.key_span(),
                rewritten(&member.value),
            )),
        }
    }
    if !components.is_empty() {
        members.push(Member::new(
            "components",
            0..0,
            object(whole.clone(), components),
        ));
    }
    object(whole, members)
}

/// The strings of an array (`consumes`, `produces`); `None` when there is no array.
fn strings(node: Option<&Node>) -> Option<Vec<String>> {
    let items = node.and_then(Node::items)?;
    Some(
        items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
    )
}

/// The media types of the document, which an operation may replace with its own.
struct Media {
    consumes: Vec<String>,
    produces: Vec<String>,
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

fn paths(paths: &Node, media: &Media, top: Option<&Node>) -> Node {
    map_values(paths, |item| {
        let shared: Vec<&Node> = item
            .get("parameters")
            .and_then(Node::items)
            .map(|items| items.iter().collect())
            .unwrap_or_default();
        let members = item
            .members()
            .iter()
            .map(|member| {
                let value = if METHODS.contains(&&*member.key) {
                    operation(&member.value, &shared, media, top)
                } else if &*member.key == "parameters" {
                    let kept: Vec<Node> = shared
                        .iter()
                        .filter(|p| !is_body_or_form(resolved(p, top)))
                        .map(|p| parameter(p))
                        .collect();
                    array(member.value.span(), kept)
                } else {
                    rewritten(&member.value)
                };
                Member::new(Arc::clone(&member.key), member.key_span(), value)
            })
            .collect();
        Some(object(item.span(), members))
    })
}

fn operation(op: &Node, shared: &[&Node], media: &Media, top: Option<&Node>) -> Node {
    let consumes = strings(op.get("consumes")).unwrap_or_else(|| media.consumes.clone());
    let produces = strings(op.get("produces")).unwrap_or_else(|| media.produces.clone());
    // The operation's own parameters replace shared ones of the same name and place.
    let own: Vec<&Node> = op
        .get("parameters")
        .and_then(Node::items)
        .map(|items| items.iter().collect())
        .unwrap_or_default();
    let key = |p: &Node| {
        let p = resolved(p, top);
        (
            p.get("name").and_then(Node::as_str).map(str::to_owned),
            p.get("in").and_then(Node::as_str).map(str::to_owned),
        )
    };
    let mut all: Vec<&Node> = shared
        .iter()
        .copied()
        .filter(|s| !own.iter().any(|o| key(o) == key(s)))
        .collect();
    all.extend(own.iter().copied());
    let mut members = Vec::new();
    let mut parameters = Vec::new();
    let mut form = Vec::new();
    let mut body = None;
    for p in &all {
        let target = resolved(p, top);
        match target.get("in").and_then(Node::as_str) {
            Some("body") => body = Some(target),
            Some("formData") => form.push(target),
            _ => parameters.push(parameter(p)),
        }
    }
    for member in op.members() {
        let value = match &*member.key {
            "consumes" | "produces" => continue,
            "parameters" => array(member.value.span(), std::mem::take(&mut parameters)),
            "responses" => map_values(&member.value, |r| Some(response(r, &produces))),
            _ => rewritten(&member.value),
        };
        members.push(Member::new(
            Arc::clone(&member.key),
            member.key_span(),
            value,
        ));
    }
    if !parameters.is_empty() {
        // Shared parameters only: the operation lists none of its own.
        members.push(Member::new(
            "parameters",
            0..0,
            array(op.span(), parameters),
        ));
    }
    if let Some(body) = body {
        members.push(Member::new(
            "requestBody",
            0..0,
            request_body(body, &consumes),
        ));
    } else if !form.is_empty() {
        members.push(Member::new(
            "requestBody",
            0..0,
            form_body(&form, &consumes),
        ));
    }
    object(op.span(), members)
}

/// A parameter, or the top-level parameter its local `$ref` names.
fn resolved<'a>(p: &'a Node, top: Option<&'a Node>) -> &'a Node {
    let name = p
        .get("$ref")
        .and_then(Node::as_str)
        .and_then(|r| r.strip_prefix("#/parameters/"));
    match (name, top) {
        (Some(name), Some(top)) => top.get(&unescape(name)).unwrap_or(p),
        _ => p,
    }
}

fn is_body_or_form(p: &Node) -> bool {
    matches!(
        p.get("in").and_then(Node::as_str),
        Some("body" | "formData")
    )
}

/// The keys of a 2.0 parameter, header or items object that describe its value: they make its
/// schema in 3.0.
const SCHEMA_KEYS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// A non-body parameter: its value keys moved into `schema`, `collectionFormat` into `style`.
fn parameter(p: &Node) -> Node {
    if p.get("$ref").is_some() {
        return rewritten(p);
    }
    let mut members = Vec::new();
    for member in p.members() {
        match &*member.key {
            key if SCHEMA_KEYS.contains(&key) || key == "collectionFormat" => {}
            _ => members.push(Member::new(
                Arc::clone(&member.key),
                member.key_span(),
                rewritten(&member.value),
            )),
        }
    }
    // An array's serialisation: `collectionFormat`, `csv` when absent, as 3.0's style.
    if p.get("type").and_then(Node::as_str) == Some("array") {
        let written = p.member("collectionFormat");
        let format = written.and_then(|m| m.value.as_str()).unwrap_or("csv");
        let place = p.get("in").and_then(Node::as_str).unwrap_or("query");
        if let Some((style, explode)) = style_of(format, place) {
            let span = written.map_or_else(|| p.span(), Member::span);
            members.push(Member::new(
                "style",
                span.clone(),
                string(span.clone(), style),
            ));
            members.push(Member::new("explode", span.clone(), boolean(span, explode)));
        }
    }
    members.push(Member::new("schema", p.span(), value_schema(p)));
    object(p.span(), members)
}

/// The 3.0 `style` and `explode` of a 2.0 `collectionFormat`, for a parameter in `place`: a
/// comma-separated path or header value is `simple`, a query or form one `form`.
fn style_of(format: &str, place: &str) -> Option<(&'static str, bool)> {
    let simple = matches!(place, "path" | "header");
    match format {
        "csv" if simple => Some(("simple", false)),
        "csv" => Some(("form", false)),
        "ssv" if !simple => Some(("spaceDelimited", false)),
        "pipes" if !simple => Some(("pipeDelimited", false)),
        "multi" if !simple => Some(("form", true)),
        _ => None,
    }
}

/// The schema of a parameter, header or items object: its value keys, `items` recursively.
fn value_schema(node: &Node) -> Node {
    let mut members = Vec::new();
    for member in node.members() {
        let key = &*member.key;
        if !SCHEMA_KEYS.contains(&key) {
            continue;
        }
        match key {
            "items" => members.push(Member::new(
                "items",
                member.key_span(),
                value_schema(&member.value),
            )),
            "type" if member.value.as_str() == Some("file") => {
                let span = member.span();
                members.push(Member::new(
                    "type",
                    span.clone(),
                    string(span.clone(), "string"),
                ));
                members.push(Member::new("format", span.clone(), string(span, "binary")));
            }
            "x-nullable" => members.push(Member::new(
                "nullable",
                member.key_span(),
                member.value.clone(),
            )),
            _ => members.push(Member::new(
                Arc::clone(&member.key),
                member.key_span(),
                member.value.clone(),
            )),
        }
    }
    object(node.span(), members)
}

fn request_body(body: &Node, consumes: &[String]) -> Node {
    let span = body.span();
    let mut members = Vec::new();
    for key in ["description", "required"] {
        if let Some(member) = body.member(key) {
            members.push(Member::new(key, member.key_span(), member.value.clone()));
        }
    }
    if let Some(schema) = body.member("schema") {
        let content = media_types(consumes, &span, || rewritten(&schema.value));
        members.push(Member::new("content", schema.key_span(), content));
    }
    object(span, members)
}

/// `formData` parameters as one object schema under the form's media type.
fn form_body(form: &[&Node], consumes: &[String]) -> Node {
    let span = form.first().map_or(0..0, |p| p.span());
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for p in form {
        let Some(name) = p.member("name") else {
            continue;
        };
        let Some(key) = name.value.as_str() else {
            continue;
        };
        properties.push(Member::new(key, name.span(), value_schema(p)));
        if p.get("required").and_then(Node::as_bool) == Some(true) {
            required.push(string(name.span(), key));
        }
    }
    let mut schema = vec![
        Member::new("type", span.clone(), string(span.clone(), "object")),
        Member::new("properties", span.clone(), object(span.clone(), properties)),
    ];
    if !required.is_empty() {
        schema.push(Member::new(
            "required",
            span.clone(),
            array(span.clone(), required),
        ));
    }
    let schema = object(span.clone(), schema);
    // Each form media type the operation consumes; URL-encoded when it names none.
    let mut forms: Vec<String> = consumes
        .iter()
        .filter(|c| {
            matches!(
                c.as_str(),
                "multipart/form-data" | "application/x-www-form-urlencoded"
            )
        })
        .cloned()
        .collect();
    if forms.is_empty() {
        forms.push("application/x-www-form-urlencoded".to_owned());
    }
    let content = media_types(&forms, &span, || schema.clone());
    object(span.clone(), vec![Member::new("content", span, content)])
}

fn response(r: &Node, produces: &[String]) -> Node {
    if r.get("$ref").is_some() {
        return rewritten(r);
    }
    let mut members = Vec::new();
    for member in r.members() {
        let value = match &*member.key {
            "schema" => {
                let content = media_types(produces, &member.span(), || rewritten(&member.value));
                members.push(Member::new("content", member.key_span(), content));
                continue;
            }
            "headers" => map_values(&member.value, |h| Some(header(h))),
            "examples" => continue,
            _ => rewritten(&member.value),
        };
        members.push(Member::new(
            Arc::clone(&member.key),
            member.key_span(),
            value,
        ));
    }
    object(r.span(), members)
}

fn header(h: &Node) -> Node {
    let mut members: Vec<Member> = h
        .members()
        .iter()
        .filter(|m| !SCHEMA_KEYS.contains(&&*m.key) && &*m.key != "collectionFormat")
        .map(|m| Member::new(Arc::clone(&m.key), m.key_span(), rewritten(&m.value)))
        .collect();
    members.push(Member::new("schema", h.span(), value_schema(h)));
    object(h.span(), members)
}

fn security_scheme(s: &Node) -> Node {
    let span = s.span();
    let kind = s.get("type").and_then(Node::as_str).unwrap_or_default();
    let copy = |keys: &[&str]| -> Vec<Member> {
        keys.iter()
            .filter_map(|k| s.member(k))
            .map(|m| Member::new(Arc::clone(&m.key), m.key_span(), m.value.clone()))
            .collect()
    };
    let members = match kind {
        "basic" => {
            let mut members = copy(&["description"]);
            members.push(Member::new(
                "type",
                span.clone(),
                string(span.clone(), "http"),
            ));
            members.push(Member::new(
                "scheme",
                span.clone(),
                string(span.clone(), "basic"),
            ));
            members
        }
        "oauth2" => {
            let flow = match s.get("flow").and_then(Node::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut members = copy(&["type", "description"]);
            let details = object(
                span.clone(),
                copy(&["authorizationUrl", "tokenUrl", "scopes"]),
            );
            let flows = object(span.clone(), vec![Member::new(flow, span.clone(), details)]);
            members.push(Member::new("flows", span.clone(), flows));
            members
        }
        _ => copy(&["type", "description", "name", "in"]),
    };
    object(span, members)
}

/// One media type entry per name, each holding `schema` (a JSON body when none is declared).
fn media_types(names: &[String], span: &Range<usize>, schema: impl Fn() -> Node) -> Node {
    let names = if names.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        names.to_vec()
    };
    let members = names
        .iter()
        .map(|name| {
            let entry = object(
                span.clone(),
                vec![Member::new("schema", span.clone(), schema())],
            );
            Member::new(name.as_str(), span.clone(), entry)
        })
        .collect();
    object(span.clone(), members)
}

/// The object's values replaced by `f` (left out where it returns `None`).
fn map_values(node: &Node, f: impl Fn(&Node) -> Option<Node>) -> Node {
    let members = node
        .members()
        .iter()
        .filter_map(|m| f(&m.value).map(|v| Member::new(Arc::clone(&m.key), m.key_span(), v)))
        .collect();
    object(node.span(), members)
}

/// A copy with local `$ref`s pointing where 3.0 keeps the target, and `x-nullable` as
/// `nullable`.
fn rewritten(node: &Node) -> Node {
    match &node.value {
        NodeValue::Object(members) => {
            let mut copied = Vec::with_capacity(members.len());
            for m in members {
                let value = match (&*m.key, m.value.as_str()) {
                    ("$ref", Some(target)) => string(m.value.span(), &moved_ref(target)),
                    // 2.0 names the property; 3.0 wraps it in an object.
                    ("discriminator", Some(property)) => {
                        let span = m.value.span();
                        let name = Member::new(
                            "propertyName",
                            span.clone(),
                            string(span.clone(), property),
                        );
                        object(span, vec![name])
                    }
                    // A response that is a file: 3.0's binary string.
                    ("type", Some("file")) => {
                        let span = m.span();
                        copied.push(Member::new("format", span.clone(), string(span, "binary")));
                        string(m.value.span(), "string")
                    }
                    _ => rewritten(&m.value),
                };
                let key: Arc<str> = match &*m.key {
                    "x-nullable" => Arc::from("nullable"),
                    _ => Arc::clone(&m.key),
                };
                copied.push(Member::new(key, m.key_span(), value));
            }
            object(node.span(), copied)
        }
        NodeValue::Array(items) => array(node.span(), items.iter().map(rewritten).collect()),
        _ => node.clone(),
    }
}

/// Where a local reference's target lives in 3.0; other references are left as written.
fn moved_ref(target: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = target.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    target.to_owned()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn object(span: Range<usize>, members: Vec<Member>) -> Node {
    Node::new(span, NodeValue::Object(members.into_boxed_slice()))
}

fn array(span: Range<usize>, items: Vec<Node>) -> Node {
    Node::new(span, NodeValue::Array(items.into_boxed_slice()))
}

fn string(span: Range<usize>, text: &str) -> Node {
    Node::new(span, NodeValue::String(Arc::from(text)))
}

fn boolean(span: Range<usize>, value: bool) -> Node {
    Node::new(span, NodeValue::Bool(value))
}
