//! From a parsed OpenAPI document to an [`Api`]: path items, operations, parameters, bodies,
//! responses, headers and security, with every `$ref` between OpenAPI objects followed (in the
//! same document or in another file of the tree) and every schema handed to the version's
//! schema [`Builder`], which resolves the schemas' own references.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::location::At;
use super::model::{
    Api, DefaultValue, Discriminator, Header, Media, OpKey, Operation, Origin, ParamKey, Parameter,
    RequestBody, Requirement, Response, Scheme, Serialization, Text, normalise_path,
    path_variables,
};
use super::sorted::SortedMap;
use crate::core::{InputError, Span};
use crate::schema::doc::{Member, Node, NodeValue, escape_segment, pointer_segments};
use crate::schema::model::SchemaId;
use crate::schema::resolve::{Builder, DocSource};
use crate::schema::uri;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Header parameters the specification says to ignore: the protocol sets them.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// How many `$ref`s in a row are followed before a chain counts as circular.
const MAX_CHAIN: usize = 32;

/// Reads the documents of one dialect of one version.
pub struct Reader<'a> {
    pub builder: &'a mut Builder,
    pub source: &'a mut dyn DocSource,
    pub graph: usize,
    pub errors: Vec<InputError>,
}

impl Reader<'_> {
    /// The operations of a loaded document.
    pub fn api(&mut self, index: usize) -> Api {
        let doc = Arc::clone(&self.builder.documents()[index]);
        let root = At::root(doc, index);
        let mut api = Api::default();
        let Some(node) = root.node() else {
            return api;
        };
        api.anchor = node
            .member("paths")
            .or_else(|| node.member("openapi"))
            .map(|m| root.key_span(m));
        let security = self.security(&root);
        api.schemes = self.schemes(&root.child("components").child("securitySchemes"));
        api.discriminators = discriminators(&root);
        let paths = root.child("paths");
        for member in node.get("paths").map(Node::members).unwrap_or_default() {
            if member.key.starts_with("x-") {
                continue;
            }
            let normalised = normalise_path(&member.key);
            api.path_keys
                .entry(normalised.clone())
                .or_insert(paths.key_span(member));
            let item = paths.child(&member.key);
            self.path_item(
                &item,
                (&member.key, &normalised),
                &Origin::Path,
                None,
                &security,
                &mut api,
            );
        }
        let webhooks = root.child("webhooks");
        api.webhooks_anchor = node.member("webhooks").map(|m| root.key_span(m));
        for member in node.get("webhooks").map(Node::members).unwrap_or_default() {
            api.webhook_keys
                .entry(member.key.to_string())
                .or_insert(webhooks.key_span(member));
            let item = webhooks.child(&member.key);
            self.path_item(
                &item,
                (&member.key, &member.key),
                &Origin::Webhook,
                None,
                &security,
                &mut api,
            );
        }
        // Inserted one by one, a B-tree leaves its nodes part empty; built at once, they are full.
        api.operations = std::mem::take(&mut api.operations).into_iter().collect();
        api
    }

    /// Reads the operations of a path item. `template` is its key as written, `key_path` the
    /// part of its operations' identity that names it (the template with variable names erased,
    /// or a webhook's name or callback's expression).
    fn path_item(
        &mut self,
        at: &At,
        (template, key_path): (&str, &str),
        origin: &Origin,
        parent_label: Option<&str>,
        security: &Security,
        api: &mut Api,
    ) {
        let Some(item) = self.resolve(at) else {
            return;
        };
        let Some(node) = item.node() else {
            return;
        };
        let shared = self.parameters(&item, template);
        for member in node.members() {
            let method = member.key.to_ascii_lowercase();
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let op_at = item.child(&member.key);
            let span = item.key_span(member);
            let mut op = self.operation(&op_at, span, &method, template, origin, &shared, security);
            op.parent_label = parent_label.map(str::to_owned);
            let key = OpKey {
                origin: origin.clone(),
                path: key_path.to_owned(),
                method,
            };
            if let Some(callbacks) = member.value.get("callbacks") {
                let parent = (&key, op.label());
                self.callbacks(&op_at.child("callbacks"), callbacks, parent, security, api);
            }
            api.operations.entry(key).or_insert(op);
        }
    }

    fn callbacks(
        &mut self,
        at: &At,
        node: &Node,
        (parent, parent_label): (&OpKey, String),
        security: &Security,
        api: &mut Api,
    ) {
        // Callbacks nested inside callbacks are not followed: the label would say where.
        if !matches!(security.depth, 0) {
            return;
        }
        let nested = Security {
            depth: 1,
            ..security.clone()
        };
        for callback in node.members() {
            let Some(resolved) = self.resolve(&at.child(&callback.key)) else {
                continue;
            };
            let Some(expressions) = resolved.node() else {
                continue;
            };
            let origin = Origin::Callback {
                parent: Box::new(parent.clone()),
                name: callback.key.to_string(),
            };
            for expression in expressions.members() {
                let item = resolved.child(&expression.key);
                self.path_item(
                    &item,
                    (&expression.key, &expression.key),
                    &origin,
                    Some(&parent_label),
                    &nested,
                    api,
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        at: &At,
        span: Span,
        method: &str,
        template: &str,
        origin: &Origin,
        shared: &SortedMap<ParamKey, Parameter>,
        security: &Security,
    ) -> Operation {
        let node = at.node();
        let get = |key: &str| node.and_then(|n| n.get(key));
        let mut parameters = shared.clone();
        parameters.extend(self.parameters(at, template));
        let body = get("requestBody").and_then(|_| self.body(&at.child("requestBody")));
        let mut responses = SortedMap::new();
        let responses_at = at.child("responses");
        for member in get("responses").map(Node::members).unwrap_or_default() {
            if member.key.starts_with("x-") {
                continue;
            }
            let span = responses_at.key_span(member);
            if let Some(response) = self.response(&responses_at.child(&member.key), span) {
                responses.insert(member.key.to_ascii_uppercase(), response);
            }
        }
        parameters.shrink_to_fit();
        responses.shrink_to_fit();
        let (requirements, security_span) = match node.and_then(|n| n.member("security")) {
            Some(member) => (
                requirements(&at.child("security"), &member.value),
                Some(at.span(&member.span())),
            ),
            None => (security.requirements.clone(), security.span),
        };
        Operation {
            method: method.to_owned(),
            path: template.to_owned(),
            origin: origin.clone(),
            parent_label: None,
            id: get("operationId").and_then(Node::as_str).map(str::to_owned),
            span,
            deprecated: get("deprecated").and_then(Node::as_bool) == Some(true),
            sunset: node.and_then(|n| n.member("x-sunset")).map(|m| Text {
                value: match &m.value.value {
                    crate::schema::doc::NodeValue::String(s) => s.to_string(),
                    _ => m.value.to_json().to_string(),
                },
                span: at.span(&m.span()),
            }),
            stability: node
                .and_then(|n| n.member("x-stability-level"))
                .and_then(|m| {
                    Some(Text {
                        value: m.value.as_str()?.to_owned(),
                        span: at.span(&m.span()),
                    })
                }),
            parameters,
            body,
            responses,
            responses_span: node
                .and_then(|n| n.member("responses"))
                .map(|m| at.key_span(m)),
            security: requirements,
            security_span,
            graph: self.graph,
        }
    }

    fn parameters(&mut self, owner: &At, template: &str) -> SortedMap<ParamKey, Parameter> {
        let mut out = SortedMap::new();
        let list_at = owner.child("parameters");
        let count = list_at
            .node()
            .and_then(Node::items)
            .map_or(0, <[Node]>::len);
        let variables = path_variables(template);
        for i in 0..count {
            let Some(at) = self.resolve(&list_at.child(&i.to_string())) else {
                continue;
            };
            let Some(node) = at.node() else {
                continue;
            };
            let (Some(name), Some(location)) = (
                node.get("name").and_then(Node::as_str),
                node.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            let location = location.to_ascii_lowercase();
            let key_name = match location.as_str() {
                "header" => {
                    let lower = name.to_ascii_lowercase();
                    if IGNORED_HEADERS.contains(&lower.as_str()) {
                        continue;
                    }
                    lower
                }
                "path" => variables
                    .iter()
                    .position(|v| *v == name)
                    .map_or_else(|| name.to_owned(), |i| format!("{{{i}}}")),
                _ => name.to_owned(),
            };
            let schema = self.parameter_schema(&at, node);
            let serialization = self.serialization(&at, node, &location);
            let default = self.parameter_default(&at, node);
            let span = at
                .member_span("name")
                .unwrap_or_else(|| at.span(&node.span()));
            let required =
                location == "path" || node.get("required").and_then(Node::as_bool) == Some(true);
            out.insert(
                ParamKey {
                    location: location.clone(),
                    name: key_name,
                },
                Parameter {
                    name: name.to_owned(),
                    location,
                    required,
                    required_span: at.member_span("required"),
                    span,
                    schema,
                    serialization,
                    default,
                },
            );
        }
        out
    }

    /// The serialization of a parameter with a `schema`, defaults applied.
    fn serialization(&mut self, at: &At, node: &Node, location: &str) -> Option<Serialization> {
        node.get("schema")?;
        let style = node
            .get("style")
            .and_then(Node::as_str)
            .unwrap_or(Serialization::default_style(location))
            .to_owned();
        let explode = node
            .get("explode")
            .and_then(Node::as_bool)
            .unwrap_or(style == "form");
        Some(Serialization {
            explode,
            allow_reserved: node.get("allowReserved").and_then(Node::as_bool) == Some(true),
            scalar: self.is_scalar(&at.child("schema")),
            style_span: at.member_span("style"),
            explode_span: at.member_span("explode"),
            allow_reserved_span: at.member_span("allowReserved"),
            style,
        })
    }

    /// Whether a schema admits single values only (a `type` of scalars, no combinators); a
    /// schema that does not say may describe arrays or objects. References are followed
    /// quietly: the schema builder reports the ones that lead nowhere.
    fn is_scalar(&mut self, at: &At) -> bool {
        let reported = self.errors.len();
        let resolved = self.resolve(at);
        self.errors.truncate(reported);
        let Some(node) = resolved.as_ref().and_then(At::node) else {
            return false;
        };
        const SCALARS: [&str; 5] = ["string", "number", "integer", "boolean", "null"];
        let combined = ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| node.get(k).is_some());
        let types: Vec<&str> = match node.get("type") {
            Some(t) => match t.items() {
                Some(items) => items.iter().filter_map(Node::as_str).collect(),
                None => t.as_str().into_iter().collect(),
            },
            None => Vec::new(),
        };
        !combined && !types.is_empty() && types.iter().all(|t| SCALARS.contains(t))
    }

    /// The `default` of a parameter's `schema`. References are followed quietly: the schema
    /// builder reports the ones that lead nowhere.
    fn parameter_default(&mut self, at: &At, node: &Node) -> Option<DefaultValue> {
        node.get("schema")?;
        let reported = self.errors.len();
        let resolved = self.resolve(&at.child("schema"));
        self.errors.truncate(reported);
        let resolved = resolved?;
        Some(DefaultValue {
            value: resolved.node()?.get("default")?.to_json(),
            span: resolved.member_span("default")?,
        })
    }

    /// `schema`, or the schema of the single media type of `content`.
    fn parameter_schema(&mut self, at: &At, node: &Node) -> Option<SchemaId> {
        if node.get("schema").is_some() {
            return self.schema(&at.child("schema"));
        }
        let content = node.get("content")?;
        let media = content.members().first()?;
        media.value.get("schema")?;
        self.schema(&at.child("content").child(&media.key).child("schema"))
    }

    fn body(&mut self, at: &At) -> Option<RequestBody> {
        let span = owner_key_span(at).unwrap_or_else(|| at.span(&(0..0)));
        let at = self.resolve(at)?;
        let node = at.node()?;
        Some(RequestBody {
            required: node.get("required").and_then(Node::as_bool) == Some(true),
            required_span: at.member_span("required"),
            span,
            content: self.content(&at),
        })
    }

    fn content(&mut self, at: &At) -> SortedMap<String, Media> {
        let mut out = SortedMap::new();
        let content_at = at.child("content");
        let Some(node) = content_at.node() else {
            return out;
        };
        for member in node.members() {
            let media_at = content_at.child(&member.key);
            let schema = match member.value.get("schema") {
                Some(_) => self.schema(&media_at.child("schema")),
                None => None,
            };
            out.insert(
                normalise_media(&member.key),
                Media {
                    name: member.key.to_string(),
                    span: content_at.key_span(member),
                    schema,
                },
            );
        }
        out.shrink_to_fit();
        out
    }

    fn response(&mut self, at: &At, span: Span) -> Option<Response> {
        let status = at.last_segment().unwrap_or_default().to_owned();
        let at = self.resolve(at)?;
        let node = at.node()?;
        let mut headers = SortedMap::new();
        let headers_at = at.child("headers");
        for member in node.get("headers").map(Node::members).unwrap_or_default() {
            let lower = member.key.to_ascii_lowercase();
            if lower == "content-type" {
                continue;
            }
            let key_span = headers_at.key_span(member);
            let Some(header_at) = self.resolve(&headers_at.child(&member.key)) else {
                continue;
            };
            let Some(header) = header_at.node() else {
                continue;
            };
            let schema = self.parameter_schema(&header_at, header);
            headers.insert(
                lower,
                Header {
                    name: member.key.to_string(),
                    required: header.get("required").and_then(Node::as_bool) == Some(true),
                    required_span: header_at.member_span("required"),
                    span: key_span,
                    schema,
                },
            );
        }
        headers.shrink_to_fit();
        Some(Response {
            status,
            span,
            headers,
            content: self.content(&at),
        })
    }

    fn schemes(&mut self, at: &At) -> BTreeMap<String, Scheme> {
        let mut out = BTreeMap::new();
        let names: Vec<(String, Span)> = at
            .node()
            .map(Node::members)
            .unwrap_or_default()
            .iter()
            .map(|m| (m.key.to_string(), at.key_span(m)))
            .collect();
        for (name, span) in names {
            let Some(resolved) = self.resolve(&at.child(&name)) else {
                continue;
            };
            let Some(node) = resolved.node() else {
                continue;
            };
            let text = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_owned);
            let kind = text("type").unwrap_or_default();
            let mut details = BTreeMap::new();
            match kind.as_str() {
                "apiKey" => {
                    let place = text("in").unwrap_or_default();
                    let name = text("name").unwrap_or_default();
                    let name = if place == "header" {
                        name.to_ascii_lowercase()
                    } else {
                        name
                    };
                    details.insert("in", place);
                    details.insert("name", name);
                }
                "http" => {
                    let scheme = text("scheme").unwrap_or_default().to_ascii_lowercase();
                    details.insert("scheme", scheme);
                }
                "openIdConnect" => {
                    details.insert(
                        "openIdConnectUrl",
                        text("openIdConnectUrl").unwrap_or_default(),
                    );
                }
                _ => {}
            }
            let members = ["type", "in", "name", "scheme", "openIdConnectUrl", "flows"]
                .into_iter()
                .filter_map(|key| Some((key, resolved.member_span(key)?)))
                .collect();
            let flows = node
                .get("flows")
                .map(Node::members)
                .unwrap_or_default()
                .iter()
                .map(|m| m.key.to_string())
                .collect();
            out.insert(
                name,
                Scheme {
                    span,
                    kind,
                    details,
                    flows,
                    members,
                },
            );
        }
        out
    }

    fn security(&mut self, root: &At) -> Security {
        let member = root.node().and_then(|n| n.member("security"));
        Security {
            requirements: member
                .map(|m| requirements(&root.child("security"), &m.value))
                .unwrap_or_default(),
            span: member.map(|m| root.span(&m.span())),
            depth: 0,
        }
    }

    fn schema(&mut self, at: &At) -> Option<SchemaId> {
        self.builder
            .schema_at(self.source, at.index, &at.segments())
    }

    /// Follows `$ref`s from an OpenAPI object to the object it names.
    fn resolve(&mut self, at: &At) -> Option<At> {
        let mut at = at.clone();
        let mut seen = HashSet::new();
        for _ in 0..MAX_CHAIN {
            let node = at.node()?;
            let Some(member) = node.member("$ref") else {
                return Some(at);
            };
            let pointer: Vec<String> = at.segments().into_iter().map(str::to_owned).collect();
            if !seen.insert((at.index, pointer)) {
                break;
            }
            match self.locate(&at, member) {
                Ok(target) => at = target,
                Err((message, help)) => {
                    self.errors.push(
                        InputError::new(Some(at.doc.path.clone()), message)
                            .at(at.span(&member.value.span()))
                            .with_help(help),
                    );
                    return None;
                }
            }
        }
        let span = at
            .node()
            .and_then(|n| n.member("$ref"))
            .map_or(0..0, |m| m.value.span());
        self.errors.push(
            InputError::new(
                Some(at.doc.path.clone()),
                "this `$ref` is part of a circular chain of references that never reaches an object",
            )
            .at(at.span(&span))
            .with_help("point the reference at the object itself"),
        );
        None
    }

    fn locate(&mut self, at: &At, member: &Member) -> Result<At, (String, &'static str)> {
        let Some(reference) = member.value.as_str() else {
            return Err((
                "`$ref` must be a string".into(),
                "write the reference as a URI: `#/components/...` or `file.yaml#/...`",
            ));
        };
        let absolute = uri::resolve(&uri::file_uri(&at.doc.path), reference).map_err(|_| {
            (
                format!("`{reference}` leaves the repository"),
                "references must stay inside the repository",
            )
        })?;
        let (resource, fragment) = uri::split_fragment(&absolute);
        let Some(path) = uri::file_path(resource) else {
            return Err((
                format!(
                    "`{reference}` is a remote reference, and remote documents are never fetched"
                ),
                "vendor the document into the repository and reference it by a relative path",
            ));
        };
        let index = if path == at.doc.path {
            at.index
        } else {
            if !self.source.exists(&path) {
                return Err((
                    format!("`{reference}` names a file that is not in the repository"),
                    "check the path, relative to the referencing file",
                ));
            }
            self.builder.load(self.source, &path).ok_or((
                format!("`{reference}` names {path}, which cannot be read"),
                "see the error about that file",
            ))?
        };
        let pointer = pointer_segments(&fragment).ok_or((
            format!("`{reference}` has a fragment that is not a JSON pointer"),
            "OpenAPI objects are referenced by JSON pointer: `#/components/...`",
        ))?;
        let doc = Arc::clone(&self.builder.documents()[index]);
        let target = At::pointer(doc, index, &pointer);
        if target.node().is_none() {
            return Err((
                format!("`{reference}` points at nothing: {path} has no `#{fragment}`"),
                "check the JSON pointer after `#`",
            ));
        }
        Ok(target)
    }
}

/// The document's security requirements, inherited by operations without their own.
#[derive(Clone)]
struct Security {
    requirements: Vec<Requirement>,
    span: Option<Span>,
    /// How deep in callbacks the reader is.
    depth: u8,
}

fn requirements(at: &At, node: &Node) -> Vec<Requirement> {
    node.items()
        .unwrap_or_default()
        .iter()
        .map(|item| Requirement {
            schemes: item
                .members()
                .iter()
                .map(|m| {
                    let scopes = m
                        .value
                        .items()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(Node::as_str)
                        .map(str::to_owned)
                        .collect();
                    (m.key.to_string(), scopes)
                })
                .collect(),
            span: at.span(&item.span()),
        })
        .collect()
}

/// The discriminators of a document, by JSON pointer: those of `components.schemas`, those
/// nested in their properties, and those of schemas written inline in operations. Examples,
/// defaults, enums and consts are data: a `discriminator` inside them is not one.
fn discriminators(root: &At) -> BTreeMap<String, Discriminator> {
    let mut out = BTreeMap::new();
    if let Some(node) = root.node() {
        collect_discriminators(root, node, &mut Vec::new(), &mut out);
    }
    out
}

const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

/// Objects whose keys are names (of properties, schemas), never keywords.
const NAME_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "schemas",
    "$defs",
    "definitions",
];

fn collect_discriminators<'n>(
    at: &At,
    node: &'n Node,
    path: &mut Vec<Cow<'n, str>>,
    out: &mut BTreeMap<String, Discriminator>,
) {
    let names = path.last().is_some_and(|key| NAME_MAPS.contains(&&**key));
    if !names && let Some(discriminator) = discriminator(at, node) {
        let pointer: String = path
            .iter()
            .map(|s| format!("/{}", escape_segment(s)))
            .collect();
        out.insert(pointer, discriminator);
    }
    match &node.value {
        NodeValue::Object(members) => {
            for member in members {
                if !names && DATA_KEYS.contains(&&*member.key) {
                    continue;
                }
                path.push(Cow::Borrowed(&member.key));
                collect_discriminators(at, &member.value, path, out);
                path.pop();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                collect_discriminators(at, item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The discriminator object of a schema, with a `propertyName`.
fn discriminator(at: &At, schema: &Node) -> Option<Discriminator> {
    let member = schema.member("discriminator")?;
    let property = member.value.member("propertyName")?;
    let mapping = member
        .value
        .get("mapping")
        .map(Node::members)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            let target = m.value.as_str()?;
            let name = target.rsplit('/').next().unwrap_or(target);
            let text = Text {
                value: name.to_owned(),
                span: at.span(&m.span()),
            };
            Some((m.key.to_string(), text))
        })
        .collect();
    Some(Discriminator {
        span: at.span(&member.key_span()),
        property: Text {
            value: property.value.as_str().unwrap_or_default().to_owned(),
            span: at.span(&property.span()),
        },
        mapping,
    })
}

/// The key under which a location sits in its parent object.
fn owner_key_span(at: &At) -> Option<Span> {
    let last = at.last_segment()?;
    at.parent_node()?.member(last).map(|m| at.key_span(m))
}

/// `Application/JSON; charset=utf-8` -> `application/json; charset=utf-8`.
pub fn normalise_media(name: &str) -> String {
    name.split(';')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ")
        .to_ascii_lowercase()
}
