//! What the three field-type rules share: pairing the field, deciding the type change once and
//! framing the finding. Each rule keeps its own id, condition and wording.

use prost_reflect::{Kind, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};
use crate::proto::model::Encodings;
use crate::proto::spans::tag::{FIELD_TYPE, FIELD_TYPE_NAME};
use crate::proto::types::{Compat, describe_field, first_difference};

/// Reports `rule` for a kept field whose type changed, when `applies` says the change is this
/// rule's; `consequence` ends the message.
pub(super) fn check_type_change(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    rule: RuleId,
    applies: impl Fn(Compat, Encodings) -> bool,
    consequence: &str,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    let encodings = cx.message_encodings(pair);
    let compat = cx.element_type_change(old, new);
    if compat == Compat::Same {
        return;
    }
    if !applies(compat, encodings) {
        return;
    }
    let (mut old_type, mut new_type) = (describe_field(old), describe_field(new));
    let mut difference = String::new();
    // A type replaced by another of the same short name: both full names, and how they differ.
    if old_type == new_type {
        match (old.kind(), new.kind()) {
            (Kind::Message(a), Kind::Message(b)) => {
                (old_type, new_type) = (a.full_name().to_owned(), b.full_name().to_owned());
                if let Some(first) = first_difference(&a, &b, &cx.diff.types) {
                    difference = format!(" ({first})");
                }
            }
            (Kind::Enum(a), Kind::Enum(b)) => {
                old_type = format!("enum {}", a.full_name());
                new_type = format!("enum {}", b.full_name());
            }
            _ => {}
        }
    }
    let encoding = |delimited: bool| {
        if delimited {
            "delimited"
        } else {
            "length-prefixed"
        }
    };
    let (old_delimited, new_delimited) =
        (cx.delimited(Side::Old, old), cx.delimited(Side::New, new));
    if old_delimited != new_delimited {
        difference = format!(
            " (its message encoding changes from {} to {})",
            encoding(old_delimited),
            encoding(new_delimited)
        );
    }
    let finding = Finding::new(
        rule,
        format!(
            "field {} of `{}` changes from `{old_type} {}` to `{new_type} {}`{difference}: {consequence}",
            new.number(),
            pair.new.name(),
            old.name(),
            new.name(),
        ),
    );
    let span = cx
        .span(Side::New, new, &[FIELD_TYPE_NAME])
        .or_else(|| cx.span(Side::New, new, &[FIELD_TYPE]));
    let finding = cx.at_new(finding, span, "new type");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), encodings));
}
