//! A reserved number range or name removed from a message or an enum, and not taken by a new
//! element (that is `proto/reserved-reused`).

use std::ops::RangeInclusive;

use prost_reflect::{EnumDescriptor, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, Side};
use crate::proto::diff::Pair;

pub const ID: &str = "proto/reserved-removed";

pub fn check_message(cx: &Cx<'_>, pair: &Pair<MessageDescriptor>, out: &mut Vec<Finding>) {
    let to_i64 = |r: std::ops::Range<u32>| i64::from(r.start)..=i64::from(r.end) - 1;
    let new_ranges: Vec<RangeInclusive<i64>> = pair.new.reserved_ranges().map(to_i64).collect();
    let used: Vec<i64> = pair.new.fields().map(|f| i64::from(f.number())).collect();
    let mut lost: Vec<String> = pair
        .old
        .reserved_ranges()
        .map(to_i64)
        .filter(|r| !covered(r, &new_ranges, &used))
        .map(|r| show(&r))
        .collect();
    lost.extend(
        pair.old
            .reserved_names()
            .filter(|n| {
                !pair.new.reserved_names().any(|m| m == *n)
                    && pair.new.get_field_by_name(n).is_none()
            })
            .map(|n| format!("\"{n}\"")),
    );
    report(
        cx,
        &lost,
        &pair.new,
        &pair.old,
        pair.new.full_name(),
        cx.message_encodings(pair),
        "message",
        out,
    );
}

pub fn check_enum(cx: &Cx<'_>, pair: &Pair<EnumDescriptor>, out: &mut Vec<Finding>) {
    let to_i64 = |r: RangeInclusive<i32>| i64::from(*r.start())..=i64::from(*r.end());
    let new_ranges: Vec<RangeInclusive<i64>> = pair.new.reserved_ranges().map(to_i64).collect();
    let used: Vec<i64> = pair.new.values().map(|v| i64::from(v.number())).collect();
    let mut lost: Vec<String> = pair
        .old
        .reserved_ranges()
        .map(to_i64)
        .filter(|r| !covered(r, &new_ranges, &used))
        .map(|r| show(&r))
        .collect();
    lost.extend(
        pair.old
            .reserved_names()
            .filter(|n| {
                !pair.new.reserved_names().any(|m| m == *n)
                    && pair.new.get_value_by_name(n).is_none()
            })
            .map(|n| format!("\"{n}\"")),
    );
    report(
        cx,
        &lost,
        &pair.new,
        &pair.old,
        pair.new.full_name(),
        cx.enum_encodings(pair),
        "enum",
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn report(
    cx: &Cx<'_>,
    lost: &[String],
    new: &impl super::Element,
    old: &impl super::Element,
    new_name: &str,
    encodings: crate::proto::model::Encodings,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if lost.is_empty() {
        return;
    }
    let short = new_name.rsplit('.').next().unwrap_or(new_name);
    let finding = Finding::new(
        ID,
        format!(
            "{what} `{short}` no longer reserves {}: a later release can reuse what old messages still carry",
            lost.join(", ")
        ),
    );
    let finding = cx.at_new(finding, cx.name_span(Side::New, new), "reservation removed");
    let finding = cx.at_old(
        finding,
        cx.name_span(Side::Old, old),
        "the old message or enum reserved it",
    );
    out.push(cx.notes(finding, new_name, encodings));
}

/// Whether every number of `range` is reserved again or used by a new element (a reuse, which
/// its own rule reports).
fn covered(range: &RangeInclusive<i64>, ranges: &[RangeInclusive<i64>], used: &[i64]) -> bool {
    let mut next = *range.start();
    while next <= *range.end() {
        if let Some(r) = ranges.iter().find(|r| r.contains(&next)) {
            next = r.end() + 1;
        } else if used.contains(&next) {
            next += 1;
        } else {
            return false;
        }
    }
    true
}

fn show(range: &RangeInclusive<i64>) -> String {
    if range.start() == range.end() {
        range.start().to_string()
    } else {
        format!("{} to {}", range.start(), range.end())
    }
}
