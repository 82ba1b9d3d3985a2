//! An extension field changes its full name where only the binary encoding crosses: the wire
//! carries its number.

use super::Cx;
use super::extension_renamed::{frame, renamed};
use crate::core::{Finding, RuleId};
use crate::proto::diff::ExtensionChange;

pub const ID: RuleId = RuleId::ProtoExtensionRenamedBinaryOnly;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let Some((old, new)) = renamed(change) else {
        return;
    };
    let encodings = cx.encodings(
        old.containing_message().full_name(),
        new.containing_message().full_name(),
    );
    if encodings.json {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "extension {} of `{}` changes its full name from `{}` to `{}`: the binary encoding carries only the number",
            new.number(),
            new.containing_message().name(),
            old.full_name(),
            new.full_name()
        ),
    );
    out.push(cx.notes(
        frame(cx, finding, old, new),
        new.containing_message().full_name(),
        encodings,
    ));
}
