//! A reserved number range or name removed from a message or an enum, and not taken by a new
//! element (that is `proto/reserved-reused`). One finding per range or name, framed at it.

use std::ops::RangeInclusive;

use prost_reflect::{EnumDescriptor, MessageDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;
use crate::proto::spans::tag;

pub const ID: RuleId = RuleId::ProtoReservedRemoved;

pub fn check_message(cx: &Cx<'_>, pair: &Pair<MessageDescriptor>, out: &mut Vec<Finding>) {
    let side = |m: &MessageDescriptor| Reservations {
        ranges: m
            .reserved_ranges()
            .map(|r| i64::from(r.start)..=i64::from(r.end) - 1)
            .collect(),
        names: m.reserved_names().map(str::to_owned).collect(),
        numbers_used: m.fields().map(|f| i64::from(f.number())).collect(),
        names_used: m.fields().map(|f| f.name().to_owned()).collect(),
    };
    report(
        cx,
        &side(&pair.old).lost_in(&side(&pair.new), MESSAGE_TAGS),
        &pair.new,
        &pair.old,
        pair.new.full_name(),
        cx.message_encodings(pair),
        "message",
        out,
    );
}

const MESSAGE_TAGS: (i32, i32) = (tag::MESSAGE_RESERVED_RANGE, tag::MESSAGE_RESERVED_NAME);
const ENUM_TAGS: (i32, i32) = (tag::ENUM_RESERVED_RANGE, tag::ENUM_RESERVED_NAME);

pub fn check_enum(cx: &Cx<'_>, pair: &Pair<EnumDescriptor>, out: &mut Vec<Finding>) {
    let side = |e: &EnumDescriptor| Reservations {
        ranges: e
            .reserved_ranges()
            .map(|r| i64::from(*r.start())..=i64::from(*r.end()))
            .collect(),
        names: e.reserved_names().map(str::to_owned).collect(),
        numbers_used: e.values().map(|v| i64::from(v.number())).collect(),
        names_used: e.values().map(|v| v.name().to_owned()).collect(),
    };
    report(
        cx,
        &side(&pair.old).lost_in(&side(&pair.new), ENUM_TAGS),
        &pair.new,
        &pair.old,
        pair.new.full_name(),
        cx.enum_encodings(pair),
        "enum",
        out,
    );
}

/// What a message or an enum reserves, and the numbers and names its elements use.
struct Reservations {
    /// Inclusive, as `i64` so message (`end` exclusive) and enum ranges compare alike.
    ranges: Vec<RangeInclusive<i64>>,
    names: Vec<String>,
    numbers_used: Vec<i64>,
    names_used: Vec<String>,
}

impl Reservations {
    /// The reservations of `self` (the old version) that `new` neither keeps nor uses, each
    /// shown as a range or a quoted name, with its location path in the old element.
    fn lost_in(&self, new: &Reservations, (range_tag, name_tag): (i32, i32)) -> Vec<Lost> {
        let mut lost: Vec<Lost> = self
            .ranges
            .iter()
            .zip(0..)
            .filter(|(r, _)| !covered(r, &new.ranges, &new.numbers_used))
            .map(|(r, index)| Lost {
                shown: show(r),
                location: [range_tag, index],
            })
            .collect();
        lost.extend(
            self.names
                .iter()
                .zip(0..)
                .filter(|(n, _)| !new.names.contains(n) && !new.names_used.contains(n))
                .map(|(n, index)| Lost {
                    shown: format!("\"{n}\""),
                    location: [name_tag, index],
                }),
        );
        lost
    }
}

/// A reservation the new version drops.
struct Lost {
    shown: String,
    /// Where it is inside the old message or enum.
    location: [i32; 2],
}

#[allow(clippy::too_many_arguments)]
fn report(
    cx: &Cx<'_>,
    lost: &[Lost],
    new: &impl super::Element,
    old: &impl super::Element,
    new_name: &str,
    encodings: crate::proto::model::Encodings,
    what: &str,
    out: &mut Vec<Finding>,
) {
    let short = new_name.rsplit('.').next().unwrap_or(new_name);
    for lost in lost {
        let finding = Finding::new(
            ID,
            format!(
                "{what} `{short}` no longer reserves {}: a later release can reuse what old messages still carry",
                lost.shown
            ),
        );
        let finding = cx.at_new(finding, cx.name_span(Side::New, new), "reservation removed");
        let finding = cx.at_old(
            finding,
            cx.span(Side::Old, old, &lost.location)
                .or_else(|| cx.name_span(Side::Old, old)),
            "reserved here",
        );
        out.push(cx.notes(finding, new_name, encodings));
    }
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
