//! Compares one operation kept by both versions: its structure (parameters, body, media types,
//! statuses, headers, security) by who writes each part, then every schema pair through
//! [`schemas::compare`].
//!
//! Under `paths` clients write requests and the server writes responses. A webhook or callback
//! swaps the roles: the server writes the request and subscribers' receivers read it, and
//! subscribers write the response the server reads. The structural rules are picked per role;
//! the schema rules follow the writer of each message (see [`schemas`]).

use super::diff;
use super::model::{Api, Operation, Parameter, Response, Role};
use super::rules::{self, Cx, Out};
use super::schemas::{self, Message, Place, State};
use crate::core::{Change, Span};
use crate::schema::model::SchemaId;

/// The two versions of an operation, and the APIs that declare them.
pub struct Pair<'p> {
    pub old: &'p Operation,
    pub new: &'p Operation,
    pub old_api: &'p Api,
    pub new_api: &'p Api,
}

impl Pair<'_> {
    fn server(&self) -> bool {
        self.new.role() == Role::Server
    }

    /// A schema pair of this operation for [`schemas::compare`].
    fn place(
        &self,
        what: String,
        message: Message,
        (old, new): (Option<SchemaId>, Option<SchemaId>),
        (old_span, new_span): (Span, Span),
    ) -> Place<'_> {
        Place {
            op: self.new,
            what,
            message,
            old,
            new,
            old_graph: self.old.graph,
            new_graph: self.new.graph,
            old_span,
            new_span,
        }
    }
}

pub fn compare<'a>(cx: &Cx<'a>, state: &mut State<'a>, pair: &Pair<'_>, out: &mut Out) {
    parameters(cx, state, pair, out);
    body(cx, state, pair, out);
    let (old, new) = (pair.old, pair.new);
    for change in diff::responses(&old.responses, &new.responses) {
        match change {
            Change::Removed { old: r } if pair.server() => {
                rules::success_status_removed::check(new, new.span, r, out);
            }
            Change::Removed { old: r } => {
                let place = responses_place(new);
                rules::webhook_response_rejected::status_removed(new, r, place, out);
            }
            Change::Kept { old: or, new: nr } => response(cx, state, pair, (or, nr), out),
            Change::Added { .. } => {}
        }
    }
    if pair.server() {
        rules::security_requirement_added::check(old, new, out);
        rules::security_scope_added::check(old, new, out);
    } else {
        rules::webhook_security_changed::check(old, new, out);
    }
    rules::security_scheme_changed::check(pair, out);
}

fn parameters<'a>(cx: &Cx<'a>, state: &mut State<'a>, pair: &Pair<'_>, out: &mut Out) {
    let (old, new) = (pair.old, pair.new);
    for (_, change) in diff::by_key(&old.parameters, &new.parameters) {
        match change {
            Change::Added { new: p } if pair.server() => {
                rules::required_parameter_added::check(new, p, out);
                rules::optional_parameter_added::check(new, p, out);
            }
            Change::Removed { old: p } if pair.server() => {
                rules::parameter_removed::check(new, new.span, p, out);
            }
            Change::Removed { old: p } => {
                rules::webhook_parameter_no_longer_sent::check(new, p, None, new.span, out);
            }
            Change::Kept { old: o, new: n } => {
                rules::parameter_serialization_changed::check(new, o, n, out);
                if pair.server() {
                    rules::parameter_made_required::check(new, o, n, out);
                    made_optional(new, o, n, out);
                } else {
                    rules::webhook_parameter_no_longer_sent::check(new, o, Some(n), new.span, out);
                }
                let place = pair.place(
                    n.describe(),
                    Message::Request,
                    (o.schema, n.schema),
                    (o.span, n.span),
                );
                schemas::compare(cx, state, &place, out);
            }
            Change::Added { .. } => {}
        }
    }
}

/// A request parameter that old servers require and new clients may leave out.
fn made_optional(op: &Operation, old: &Parameter, new: &Parameter, out: &mut Out) {
    if old.required && !new.required {
        rules::request_widened::made_optional(
            op,
            &new.describe(),
            new.required_or_name(),
            old.required_or_name(),
            out,
        );
    }
}

fn body<'a>(cx: &Cx<'a>, state: &mut State<'a>, pair: &Pair<'_>, out: &mut Out) {
    let (old, new) = (pair.old, pair.new);
    let server = pair.server();
    match (&old.body, &new.body) {
        (None, Some(n)) if server => rules::request_body_made_required::check(new, None, n, out),
        (Some(o), None) if server => rules::request_body_removed::check(new, new.span, o, out),
        (Some(o), None) => rules::webhook_body_no_longer_sent::check(new, o, None, new.span, out),
        (Some(o), Some(n)) => {
            if server {
                rules::request_body_made_required::check(new, Some(o), n, out);
                if o.required && !n.required {
                    rules::request_widened::made_optional(
                        new,
                        "the request body",
                        n.required_span.unwrap_or(n.span),
                        o.required_span.unwrap_or(o.span),
                        out,
                    );
                }
            } else {
                rules::webhook_body_no_longer_sent::check(new, o, Some(n), new.span, out);
            }
            for change in diff::media(&o.content, &n.content) {
                match change {
                    Change::Removed { old: m } if server => {
                        rules::request_media_type_removed::check(new, n.span, m, out);
                    }
                    Change::Kept { old: om, new: nm } => {
                        let what = format!("the request body ({})", nm.name);
                        let place = pair.place(
                            what,
                            Message::Request,
                            (om.schema, nm.schema),
                            (om.span, nm.span),
                        );
                        schemas::compare(cx, state, &place, out);
                    }
                    _ => {}
                }
            }
            for added in diff::media_added(&o.content, &n.content) {
                if server {
                    rules::request_widened::media_type_added(new, added, out);
                } else {
                    rules::webhook_media_type_added::check(new, added, out);
                }
            }
        }
        _ => {}
    }
}

fn response<'a>(
    cx: &Cx<'a>,
    state: &mut State<'a>,
    pair: &Pair<'_>,
    (or, nr): (&Response, &Response),
    out: &mut Out,
) {
    let new = pair.new;
    let server = pair.server();
    for change in diff::media(&or.content, &nr.content) {
        match change {
            Change::Removed { old: m } if server => {
                rules::response_media_type_removed::check(new, nr, m, out);
            }
            Change::Removed { old: m } => {
                rules::webhook_response_rejected::media_type_removed(new, nr, m, out);
            }
            Change::Kept { old: om, new: nm } => {
                let what = format!("the {} response ({})", nr.status, nm.name);
                let place = pair.place(
                    what,
                    Message::Response,
                    (om.schema, nm.schema),
                    (om.span, nm.span),
                );
                schemas::compare(cx, state, &place, out);
            }
            Change::Added { .. } => {}
        }
    }
    if server {
        for added in diff::media_added(&or.content, &nr.content) {
            rules::response_media_type_added::check(new, nr, added, out);
        }
    }
    for (_, change) in diff::by_key(&or.headers, &nr.headers) {
        match change {
            Change::Removed { old: h } if server => {
                rules::response_header_removed::check(new, &nr.status, nr.span, h, out);
                rules::response_optional_header_removed::check(new, &nr.status, nr.span, h, out);
            }
            Change::Added { new: h } if !server => {
                rules::webhook_response_rejected::header_required(new, nr, None, h, out);
            }
            Change::Kept { old: oh, new: nh } => {
                if server {
                    rules::response_header_made_optional::check(new, &nr.status, oh, nh, out);
                } else {
                    rules::webhook_response_rejected::header_required(new, nr, Some(oh), nh, out);
                }
                let what = format!("the header `{}` of the {} response", nh.name, nr.status);
                let place = pair.place(
                    what,
                    Message::Response,
                    (oh.schema, nh.schema),
                    (oh.span, nh.span),
                );
                schemas::compare(cx, state, &place, out);
            }
            _ => {}
        }
    }
}

/// Where the new version shows an operation's responses.
fn responses_place(op: &Operation) -> Span {
    op.responses_span.unwrap_or(op.span)
}
