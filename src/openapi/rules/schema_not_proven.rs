//! A schema change the containment check can neither prove safe nor name.

pub const ID: &str = "openapi/schema-not-proven";
