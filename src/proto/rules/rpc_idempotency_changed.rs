//! A method's `idempotency_level` option changes: clients decide on it whether to send HTTP GET
//! requests (Connect) and whether to retry.

use prost_reflect::prost_types::method_options::IdempotencyLevel;
use prost_reflect::{MethodDescriptor, ServiceDescriptor};

use super::Cx;
use crate::core::{Change, Finding, RuleId, Side, Span};

pub const ID: RuleId = RuleId::ProtoRpcIdempotencyChanged;

pub fn check(
    cx: &Cx<'_>,
    service: &ServiceDescriptor,
    change: &Change<MethodDescriptor>,
    out: &mut Vec<Finding>,
) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if level(old) == level(new) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "method `{}.{}` changes its idempotency level from {} to {}: clients that send GET requests or retry by the old level meet servers of the new one, and the reverse",
            service.name(),
            new.name(),
            describe(level(old)),
            describe(level(new))
        ),
    );
    let finding = cx.at_new(
        finding,
        option_span(cx, Side::New, new),
        "idempotency level changed",
    );
    out.push(cx.at_old(finding, option_span(cx, Side::Old, old), "before"));
}

/// The `option idempotency_level` statement, else the method. The parser records every option
/// statement of a method under `options` (4); the first is taken when it is this one.
fn option_span(cx: &Cx<'_>, side: Side, method: &MethodDescriptor) -> Option<Span> {
    let whole = cx.span(side, method, &[]);
    let option = cx.span(side, method, &[METHOD_OPTIONS]).filter(|span| {
        let text = cx.sources.get(span.file).text();
        Some(*span) != whole
            && text
                .get(span.range())
                .is_some_and(|t| t.contains("idempotency_level"))
    });
    option.or(whole)
}

const METHOD_OPTIONS: i32 = 4;

fn level(method: &MethodDescriptor) -> IdempotencyLevel {
    method
        .method_descriptor_proto()
        .options
        .as_ref()
        .map_or(IdempotencyLevel::IdempotencyUnknown, |o| {
            o.idempotency_level()
        })
}

fn describe(level: IdempotencyLevel) -> &'static str {
    match level {
        IdempotencyLevel::IdempotencyUnknown => "unset",
        IdempotencyLevel::NoSideEffects => "NO_SIDE_EFFECTS",
        IdempotencyLevel::Idempotent => "IDEMPOTENT",
    }
}
