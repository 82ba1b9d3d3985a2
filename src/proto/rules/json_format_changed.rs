//! A message or enum leaves a proto3 file for a proto2 one, where ProtoJSON crosses: its JSON
//! format goes from supported to best effort.

use prost_reflect::{EnumDescriptor, FileDescriptor, MessageDescriptor, Syntax};

use super::{Cx, Element};
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;
use crate::proto::editions::features;
use crate::proto::model::Encodings;

pub const ID: RuleId = RuleId::ProtoJsonFormatChanged;

pub fn check_message(cx: &Cx<'_>, pair: &Pair<MessageDescriptor>, out: &mut Vec<Finding>) {
    let encodings = cx.message_encodings(pair);
    let json = |side: Side, m: &MessageDescriptor| {
        if cx.schema(side).in_edition(&m.parent_file()) {
            features::json_allowed_for_message(m)
        } else {
            supports_json(&m.parent_file())
        }
    };
    report(
        cx,
        "message",
        (json(Side::Old, &pair.old), json(Side::New, &pair.new)),
        pair.old.name(),
        &pair.old,
        &pair.new,
        pair.new.full_name(),
        encodings,
        out,
    );
}

pub fn check_enum(cx: &Cx<'_>, pair: &Pair<EnumDescriptor>, out: &mut Vec<Finding>) {
    let encodings = cx.enum_encodings(pair);
    let json = |side: Side, e: &EnumDescriptor| {
        if cx.schema(side).in_edition(&e.parent_file()) {
            features::json_allowed_for_enum(e)
        } else {
            supports_json(&e.parent_file())
        }
    };
    report(
        cx,
        "enum",
        (json(Side::Old, &pair.old), json(Side::New, &pair.new)),
        pair.old.name(),
        &pair.old,
        &pair.new,
        pair.new.full_name(),
        encodings,
        out,
    );
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call per element kind, both above"
)]
fn report(
    cx: &Cx<'_>,
    what: &str,
    (old_json, new_json): (bool, bool),
    name: &str,
    old: &impl Element,
    new: &impl Element,
    new_type: &str,
    encodings: Encodings,
    out: &mut Vec<Finding>,
) {
    if !encodings.json || !old_json || new_json {
        return;
    }
    let editions = cx.schema(Side::Old).in_edition(&old.file())
        || cx.schema(Side::New).in_edition(&new.file());
    let how = if editions {
        "changes its ProtoJSON format from `json_format = ALLOW` (or proto3) to best effort (`LEGACY_BEST_EFFORT` or proto2)"
    } else {
        "moves from a proto3 file to a proto2 one: its ProtoJSON format becomes best effort"
    };
    let finding = Finding::new(
        ID,
        format!("{what} `{name}` {how}, and the compiler stops rejecting JSON names that collide"),
    );
    let label = if editions {
        "now best effort"
    } else {
        "now in a proto2 file"
    };
    let finding = cx.at_new(
        finding,
        cx.feature_span(Side::New, new, "json_format"),
        label,
    );
    let finding = cx.at_old(
        finding,
        cx.feature_span(Side::Old, old, "json_format"),
        "before",
    );
    out.push(cx.notes(finding, new_type, encodings));
}

/// proto3 defines the JSON format of its types; proto2 predates it.
fn supports_json(file: &FileDescriptor) -> bool {
    file.syntax() == Syntax::Proto3
}
