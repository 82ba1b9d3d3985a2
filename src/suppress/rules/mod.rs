//! The rules about suppressions themselves, one file each. `super::apply` decides which
//! suppression each finding belongs to; these word what is wrong with a suppression.

// Every rule of `rules/core/` is a module of this folder, declared from its page.
include!(concat!(env!("OUT_DIR"), "/rules_core.rs"));
