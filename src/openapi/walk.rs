//! Walks an operation both versions declare: pairs its parameters, body, media types,
//! statuses and headers (`diff`), hands every change to the rules registered for its element,
//! and every schema pair to [`schemas::compare`]. The rules guard themselves by the operation's
//! role: under `paths` clients write requests and the server writes responses; a webhook or
//! callback swaps the roles.

use super::context::{Cx, Out};
use super::diff::{self, Both, OperationPair};
use super::found::{Message, SchemaPair};
use super::model::{RequestBody, Response};
use super::rules::{
    BODY_RULES, HEADER_RULES, KEPT_OPERATION_RULES, PARAMETER_RULES, REQUEST_MEDIA_RULES,
    RESPONSE_MEDIA_RULES, RESPONSE_RULES,
};
use super::schemas::{self, Sessions};
use crate::core::{Change, Span};
use crate::schema::model::SchemaId;

/// Compares the schemas of a part both versions of an operation have (`what` in words).
fn compare_schemas<'a>(
    (cx, state, pair): (&Cx<'a>, &mut Sessions<'a>, &OperationPair<'_>),
    what: String,
    message: Message,
    (old, new): (Option<SchemaId>, Option<SchemaId>),
    (old_span, new_span): (Span, Span),
    out: &mut Out,
) {
    let place = SchemaPair {
        op: pair.new,
        what,
        message,
        old,
        new,
        old_graph: pair.old.graph,
        new_graph: pair.new.graph,
        old_span,
        new_span,
    };
    schemas::compare(cx, state, &place, out);
}

pub fn compare<'a>(cx: &Cx<'a>, state: &mut Sessions<'a>, pair: &OperationPair<'_>, out: &mut Out) {
    parameters(cx, state, pair, out);
    body(cx, state, pair, out);
    for change in diff::responses(&pair.old.responses, &pair.new.responses) {
        for rule in RESPONSE_RULES {
            rule(pair, &change, out);
        }
        if let Change::Kept { old, new } = change {
            response(cx, state, pair, &Both { old, new }, out);
        }
    }
    for rule in KEPT_OPERATION_RULES {
        rule(pair, out);
    }
}

fn parameters<'a>(cx: &Cx<'a>, state: &mut Sessions<'a>, pair: &OperationPair<'_>, out: &mut Out) {
    for (_, change) in diff::by_key(&pair.old.parameters, &pair.new.parameters) {
        for rule in PARAMETER_RULES {
            rule(pair, &change, out);
        }
        if let Change::Kept { old: o, new: n } = change {
            let schemas = (o.schema, n.schema);
            let spans = (o.span, n.span);
            compare_schemas(
                (cx, state, pair),
                n.describe(),
                Message::Request,
                schemas,
                spans,
                out,
            );
        }
    }
}

fn body<'a>(cx: &Cx<'a>, state: &mut Sessions<'a>, pair: &OperationPair<'_>, out: &mut Out) {
    let Some(change) = Change::from_sides(pair.old.body.as_ref(), pair.new.body.as_ref()) else {
        return;
    };
    for rule in BODY_RULES {
        rule(pair, &change, out);
    }
    let Change::Kept { old, new } = change else {
        return;
    };
    let body: Both<'_, RequestBody> = Both { old, new };
    for change in diff::media(&old.content, &new.content) {
        for rule in REQUEST_MEDIA_RULES {
            rule(pair, &body, &change, out);
        }
        if let Change::Kept { old: om, new: nm } = change {
            let what = format!("the request body ({})", nm.name);
            let schemas = (om.schema, nm.schema);
            let spans = (om.span, nm.span);
            compare_schemas(
                (cx, state, pair),
                what,
                Message::Request,
                schemas,
                spans,
                out,
            );
        }
    }
}

fn response<'a>(
    cx: &Cx<'a>,
    state: &mut Sessions<'a>,
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    out: &mut Out,
) {
    let (or, nr) = (response.old, response.new);
    for change in diff::media(&or.content, &nr.content) {
        for rule in RESPONSE_MEDIA_RULES {
            rule(pair, response, &change, out);
        }
        if let Change::Kept { old: om, new: nm } = change {
            let what = format!("the {} response ({})", nr.status, nm.name);
            let schemas = (om.schema, nm.schema);
            let spans = (om.span, nm.span);
            compare_schemas(
                (cx, state, pair),
                what,
                Message::Response,
                schemas,
                spans,
                out,
            );
        }
    }
    for (_, change) in diff::by_key(&or.headers, &nr.headers) {
        for rule in HEADER_RULES {
            rule(pair, response, &change, out);
        }
        if let Change::Kept { old: oh, new: nh } = change {
            let what = format!("the header `{}` of the {} response", nh.name, nr.status);
            let schemas = (oh.schema, nh.schema);
            let spans = (oh.span, nh.span);
            compare_schemas(
                (cx, state, pair),
                what,
                Message::Response,
                schemas,
                spans,
                out,
            );
        }
    }
}
