//! An enum value renamed (same number) where ProtoJSON crosses: JSON writes values by name.

use prost_reflect::{EnumDescriptor, EnumValueDescriptor};

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::{Pair, ValueChange};
use crate::proto::spans::tag::NAME;

pub const ID: RuleId = RuleId::ProtoEnumValueRenamed;

pub fn check(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    out: &mut Vec<Finding>,
) {
    let consequence = "ProtoJSON readers of one version reject the name the other writes";
    report_renamings(cx, pair, change, ID, |json| json, consequence, out);
}

/// Reports `rule` once per renaming of a kept value's number, when `applies` says the
/// encodings (whether ProtoJSON crosses) make the renaming this rule's; `consequence` ends the
/// message.
pub fn report_renamings(
    cx: &Cx<'_>,
    pair: &Pair<EnumDescriptor>,
    change: &ValueChange,
    rule: RuleId,
    applies: impl Fn(bool) -> bool,
    consequence: &str,
    out: &mut Vec<Finding>,
) {
    let ValueChange::Kept { old, new } = change else {
        return;
    };
    let encodings = cx.enum_encodings(pair);
    if !applies(encodings.json) {
        return;
    }
    for renaming in renamings(pair, old, new) {
        let finding = Finding::new(
            rule,
            format!(
                "value {} of enum `{}` {}: {consequence}",
                new.number(),
                pair.new.name(),
                renaming.what
            ),
        );
        let finding = cx.at_new(
            finding,
            cx.span(Side::New, &renaming.new, &[NAME]),
            "renamed here",
        );
        let finding = cx.at_old(
            finding,
            cx.span(Side::Old, &renaming.old, &[NAME]),
            "old name",
        );
        out.push(cx.notes(finding, pair.new.full_name(), encodings));
    }
}

/// One name of a number that changed, with the values to frame on each side.
pub struct Renaming {
    pub old: EnumValueDescriptor,
    pub new: EnumValueDescriptor,
    /// `is renamed from `A` to `B``, or which alias is lost or gained.
    pub what: String,
}

/// The names of a number that changed between the versions (`old` and `new` are the values
/// `diff` paired for it): one renaming when each version has a single name, else one per alias
/// lost and one per alias gained, each framed at its own value.
pub fn renamings(
    pair: &Pair<EnumDescriptor>,
    old: &EnumValueDescriptor,
    new: &EnumValueDescriptor,
) -> Vec<Renaming> {
    let number = old.number();
    // In declaration order (the last step of a value's path is its index): the first value of
    // a number is the name ProtoJSON writes.
    let values = |e: &EnumDescriptor| -> Vec<EnumValueDescriptor> {
        let mut values: Vec<EnumValueDescriptor> =
            e.values().filter(|v| v.number() == number).collect();
        values.sort_by_key(|v| v.path().last().copied());
        values
    };
    let (old_values, new_values) = (values(&pair.old), values(&pair.new));
    let names = |vs: &[EnumValueDescriptor]| -> Vec<String> {
        vs.iter().map(|v| v.name().to_owned()).collect()
    };
    let (old_names, new_names) = (names(&old_values), names(&new_values));
    if old_names.iter().all(|n| new_names.contains(n)) {
        return Vec::new();
    }
    if let ([only_old], [only_new]) = (old_values.as_slice(), new_values.as_slice()) {
        return vec![Renaming {
            old: only_old.clone(),
            new: only_new.clone(),
            what: format!("is renamed from `{}` to `{}`", old.name(), new.name()),
        }];
    }
    let listed = |names: &[String]| -> String {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (Some(old_first), Some(new_first)) = (old_values.first(), new_values.first()) else {
        return Vec::new();
    };
    let mut renamings: Vec<Renaming> = old_values
        .iter()
        .filter(|v| !new_names.contains(&v.name().to_owned()))
        .map(|lost| Renaming {
            old: lost.clone(),
            new: new_first.clone(),
            what: format!(
                "loses its name `{}` (its names become {})",
                lost.name(),
                listed(&new_names)
            ),
        })
        .collect();
    renamings.extend(
        new_values
            .iter()
            .filter(|v| !old_names.contains(&v.name().to_owned()))
            .map(|gained| Renaming {
                old: old_first.clone(),
                new: gained.clone(),
                what: format!(
                    "gains the name `{}` (its names were {})",
                    gained.name(),
                    listed(&old_names)
                ),
            }),
    );
    renamings
}
