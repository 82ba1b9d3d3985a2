//! A new operation, webhook or callback: nothing that exists changes. Reported for changelogs.

use super::Out;
use crate::core::Finding;
use crate::openapi::model::Operation;

pub const ID: &str = "openapi/operation-added";

pub fn check(new: &Operation, out: &mut Out) {
    let finding =
        Finding::new(ID, format!("{} is added", new.label())).at_new(new.span, "new operation");
    out.push(finding, new.label());
}
