//! One version of an API: its operations with what clients send and receive, every OpenAPI `$ref`
//! followed, schemas resolved into the version's schema graph, and the span of every element.

use std::collections::BTreeMap;

use super::sorted::SortedMap;
use crate::core::Span;
use crate::schema::model::SchemaId;

/// Where an operation is declared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Under `paths`: the API's server receives the request.
    Path,
    /// Under `webhooks` (3.1): the API's server sends the request to subscribers.
    Webhook,
    /// Under an operation's `callbacks`: the server sends the request. Holds the identity of the
    /// operation that declares it and the callback's name.
    Callback { parent: Box<OpKey>, name: String },
}

/// The identity of an operation across versions: its origin, its path template with variable
/// names erased (`/users/{}`), or a webhook's name or a callback's expression, and its method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpKey {
    pub origin: Origin,
    pub path: String,
    pub method: String,
}

/// Who writes the requests of an operation, and so who reads its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Clients send requests to the API's server (paths).
    Server,
    /// The API's server sends requests to subscribers (webhooks and callbacks).
    Subscriber,
}

/// A string value and the span of its key and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: String,
    /// The path template as written, or the webhook name or callback expression.
    pub path: String,
    pub origin: Origin,
    /// For a callback, how findings name the operation that declares it.
    pub parent_label: Option<String>,
    pub id: Option<String>,
    /// The method's key.
    pub span: Span,
    pub deprecated: bool,
    /// `x-sunset`: the date after which the operation may be removed.
    pub sunset: Option<Text>,
    /// `x-stability-level` (`draft`, `alpha`, `beta`, `stable`), as written.
    pub stability: Option<Text>,
    pub parameters: SortedMap<ParamKey, Parameter>,
    pub body: Option<RequestBody>,
    /// By status key as written, upper-cased (`200`, `2XX`, `DEFAULT`).
    pub responses: SortedMap<String, Response>,
    /// The `responses` key.
    pub responses_span: Option<Span>,
    /// The security requirements in force (the operation's own or the document's); empty when
    /// none is declared. Alternatives: one of them must be met.
    pub security: Vec<Requirement>,
    /// The `security` member that declares them, the operation's or the document's.
    pub security_span: Option<Span>,
    /// Which schema graph of the version holds its schemas (one per OpenAPI dialect).
    pub graph: usize,
}

impl Operation {
    /// The stability level when it says the operation may still change in breaking ways:
    /// `draft`, `alpha` or `beta` (any case).
    pub fn unstable_level(&self) -> Option<&str> {
        let level = self.stability.as_ref()?.value.as_str();
        ["draft", "alpha", "beta"]
            .iter()
            .any(|l| level.eq_ignore_ascii_case(l))
            .then_some(level)
    }

    pub fn role(&self) -> Role {
        match self.origin {
            Origin::Path => Role::Server,
            Origin::Webhook | Origin::Callback { .. } => Role::Subscriber,
        }
    }

    /// How a finding names the operation: `` `getOrder` (GET /orders/{orderId}) ``.
    pub fn label(&self) -> String {
        let place = self.place();
        match &self.id {
            Some(id) => format!("`{id}` ({place})"),
            None => place,
        }
    }

    /// The method and where: `GET /orders/{orderId}`, `webhook newPet POST`.
    pub fn place(&self) -> String {
        let method = self.method.to_uppercase();
        match &self.origin {
            Origin::Path => format!("{method} {}", self.path),
            Origin::Webhook => format!("webhook {} {method}", self.path),
            Origin::Callback { name, .. } => format!(
                "callback `{name}` {method} {} of {}",
                self.path,
                self.parent_label.as_deref().unwrap_or("an operation")
            ),
        }
    }
}

/// A parameter's identity: its location and name (header names lower-cased). Path parameters are
/// identified by their position in the template, since `/users/{id}` is `/users/{userId}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamKey {
    pub location: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: String,
    pub required: bool,
    /// The `required` member, when written.
    pub required_span: Option<Span>,
    /// The `name` member (or the object, when it has none).
    pub span: Span,
    pub schema: Option<SchemaId>,
    /// How the value is written in the URL or header; `None` for a parameter described by
    /// `content`, which its media type serializes.
    pub serialization: Option<Serialization>,
    /// The `default` of its schema: the value the server assumes when a request leaves it out.
    pub default: Option<DefaultValue>,
}

/// A `default` keyword: its value and the member that writes it.
#[derive(Debug, Clone)]
pub struct DefaultValue {
    pub value: serde_json::Value,
    pub span: Span,
}

/// The serialization of a parameter described by a schema, defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serialization {
    /// `form`, `simple`, `label`, `matrix`, `spaceDelimited`, `pipeDelimited`, `deepObject`.
    pub style: String,
    pub explode: bool,
    /// Reserved characters may appear unencoded (query parameters).
    pub allow_reserved: bool,
    /// Every value the schema admits is a single value, for which `explode` changes nothing.
    pub scalar: bool,
    /// The member that sets each, when written.
    pub style_span: Option<Span>,
    pub explode_span: Option<Span>,
    pub allow_reserved_span: Option<Span>,
}

impl Serialization {
    /// The style and explode the specification implies for a location when none is written.
    pub fn default_style(location: &str) -> &'static str {
        match location {
            "query" | "cookie" => "form",
            _ => "simple",
        }
    }
}

impl Parameter {
    /// `the query parameter `limit``.
    pub fn describe(&self) -> String {
        format!("the {} parameter `{}`", self.location, self.name)
    }

    /// Where a finding about its requiredness points.
    pub fn required_or_name(&self) -> Span {
        self.required_span.unwrap_or(self.span)
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub required_span: Option<Span>,
    /// The `requestBody` key (or the component it references).
    pub span: Span,
    /// By media type, lower-cased.
    pub content: SortedMap<String, Media>,
}

#[derive(Debug, Clone)]
pub struct Media {
    pub name: String,
    /// The media type's key.
    pub span: Span,
    /// `None`: any content.
    pub schema: Option<SchemaId>,
}

#[derive(Debug, Clone)]
pub struct Response {
    /// The status key as written.
    pub status: String,
    pub span: Span,
    /// By lower-cased name.
    pub headers: SortedMap<String, Header>,
    pub content: SortedMap<String, Media>,
}

impl Response {
    /// `2XX`-style ranges and exact codes in the 200s.
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub required_span: Option<Span>,
    /// The header's key.
    pub span: Span,
    pub schema: Option<SchemaId>,
}

/// One alternative of a `security` list: every scheme in it must be satisfied, with its scopes.
/// Empty: anonymous access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub schemes: SortedMap<String, Vec<String>>,
    pub span: Span,
}

impl Requirement {
    /// `{bearerAuth}`, `{oauth: orders.read}`, `anonymous access`.
    pub fn describe(&self) -> String {
        if self.schemes.is_empty() {
            return "anonymous access".to_owned();
        }
        let parts: Vec<String> = self
            .schemes
            .iter()
            .map(|(scheme, scopes)| {
                if scopes.is_empty() {
                    scheme.clone()
                } else {
                    format!("{scheme}: {}", scopes.join(", "))
                }
            })
            .collect();
        format!("{{{}}}", parts.join("; "))
    }
}

/// A security scheme of `components.securitySchemes`: how a client presents its credentials.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// The scheme's key.
    pub span: Span,
    /// `type`: `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`.
    pub kind: String,
    /// What else a client must do alike: `in` and `name` of an API key (a header name
    /// lower-cased), the `scheme` of HTTP authentication (lower-cased), the discovery URL of
    /// OpenID Connect.
    pub details: BTreeMap<&'static str, String>,
    /// The OAuth 2 flows offered (`authorizationCode`, `clientCredentials`, ...).
    pub flows: Vec<String>,
    /// The members `type`, the keys of `details`, and `flows`, where written.
    pub members: BTreeMap<&'static str, Span>,
}

impl Scheme {
    /// Where a finding about one of its members points: the member, else the scheme.
    pub fn place(&self, member: &str) -> Span {
        self.members.get(member).copied().unwrap_or(self.span)
    }
}

/// The `discriminator` of a schema in `components.schemas`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// The `discriminator` key.
    pub span: Span,
    pub property: Text,
    /// Value -> the schema it selects, by name (a `#/components/schemas/Cat` reference is `Cat`).
    pub mapping: BTreeMap<String, Text>,
}

/// The operations of one version, from one or more documents.
#[derive(Debug, Default)]
pub struct Api {
    pub operations: BTreeMap<OpKey, Operation>,
    /// The key of each path item, by path with variable names erased.
    pub path_keys: BTreeMap<String, Span>,
    /// The key of each webhook, by name, and the `webhooks` key.
    pub webhook_keys: BTreeMap<String, Span>,
    pub webhooks_anchor: Option<Span>,
    /// The security schemes, by name.
    pub schemes: BTreeMap<String, Scheme>,
    /// The discriminators of the documents' schemas, by JSON pointer.
    pub discriminators: BTreeMap<String, Discriminator>,
    /// Where to point when nothing closer exists: the `paths` key, else the `openapi` key.
    pub anchor: Option<Span>,
}

impl Api {
    /// Adds another document's operations; the first declaration of an operation wins.
    pub fn merge(&mut self, other: Api) {
        for (key, op) in other.operations {
            self.operations.entry(key).or_insert(op);
        }
        for (key, span) in other.path_keys {
            self.path_keys.entry(key).or_insert(span);
        }
        for (key, span) in other.webhook_keys {
            self.webhook_keys.entry(key).or_insert(span);
        }
        self.webhooks_anchor = self.webhooks_anchor.or(other.webhooks_anchor);
        for (key, scheme) in other.schemes {
            self.schemes.entry(key).or_insert(scheme);
        }
        for (key, discriminator) in other.discriminators {
            self.discriminators.entry(key).or_insert(discriminator);
        }
        self.anchor = self.anchor.or(other.anchor);
    }

    /// Where a finding about an operation gone from this version points: the path item or
    /// webhook when it is still there, the operation declaring a callback, else the document.
    pub fn place_of(&self, gone: &Operation) -> Option<Span> {
        let closest = match &gone.origin {
            Origin::Path => self.path_keys.get(&normalise_path(&gone.path)).copied(),
            Origin::Webhook => self
                .webhook_keys
                .get(&gone.path)
                .copied()
                .or(self.webhooks_anchor),
            Origin::Callback { parent, .. } => self.operations.get(parent).map(|op| op.span),
        };
        closest.or(self.anchor)
    }
}

/// `/users/{id}/posts/{postId}` -> `/users/{}/posts/{}`.
pub fn normalise_path(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_variable = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_variable = true;
                out.push_str("{}");
            }
            '}' => in_variable = false,
            _ if in_variable => {}
            c => out.push(c),
        }
    }
    out
}

/// The variable names of a template, in order.
pub fn path_variables(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_whatever_their_variables_are_called() {
        assert_eq!(
            normalise_path("/users/{id}"),
            normalise_path("/users/{userId}")
        );
        assert_eq!(normalise_path("/a/{x}.{ext}"), "/a/{}.{}");
        assert_ne!(
            normalise_path("/users/{id}"),
            normalise_path("/users/{id}/")
        );
        assert_eq!(path_variables("/a/{x}/b/{y}"), ["x", "y"]);
    }
}
