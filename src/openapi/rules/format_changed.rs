//! A `format` that one side declares and the other does not guarantee.

pub const ID: &str = "openapi/format-changed";
