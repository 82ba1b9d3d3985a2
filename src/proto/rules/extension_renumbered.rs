//! An extension field keeps its name but gets another number, where the binary encoding crosses.

use super::Cx;
use crate::core::{Finding, RuleId};
use crate::proto::diff::ExtensionChange;
use crate::proto::spans::tag::FIELD_NUMBER;

pub const ID: RuleId = RuleId::ProtoExtensionRenumbered;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let ExtensionChange::Renumbered { old, new } = change else {
        return;
    };
    let (old_extends, new_extends) = (old.containing_message(), new.containing_message());
    let encodings = cx.encodings(old_extends.full_name(), new_extends.full_name());
    if !encodings.binary {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "extension `{}` of `{}` is renumbered from {} to {}: binary readers of one version keep the other's value as an unknown field and see the extension unset",
            new.full_name(),
            new_extends.name(),
            old.number(),
            new.number()
        ),
    );
    let finding = cx.at_numbers(finding, old, new, FIELD_NUMBER);
    out.push(cx.notes(finding, new_extends.full_name(), encodings));
}
