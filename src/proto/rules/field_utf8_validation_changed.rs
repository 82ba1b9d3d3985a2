//! A string field starts or stops being checked for valid UTF-8 when parsed (proto3 or
//! `utf8_validation = VERIFY` against proto2 or `NONE`).

use prost_reflect::{Kind, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{FieldChange, Pair};

pub const ID: RuleId = RuleId::ProtoFieldUtf8ValidationChanged;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<MessageDescriptor>,
    change: &FieldChange,
    out: &mut Vec<Finding>,
) {
    let FieldChange::Kept { old, new } = change else {
        return;
    };
    if !matches!((old.kind(), new.kind()), (Kind::String, Kind::String)) {
        return;
    }
    let (old_verified, new_verified) = (
        cx.utf8_verified(Side::Old, old),
        cx.utf8_verified(Side::New, new),
    );
    if old_verified == new_verified {
        return;
    }
    let what = if new_verified {
        "starts being checked for valid UTF-8: new readers reject a message whose value old writers filled with bytes that are not UTF-8"
    } else {
        "stops being checked for valid UTF-8: new writers may send bytes that are not UTF-8, which old readers reject"
    };
    let finding = Finding::new(
        ID,
        format!("field `{}` of `{}` {what}", new.name(), pair.new.name()),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[]), "validation changed");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[]), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.message_encodings(pair)));
}
