//! A response value that may now be `null`, which old clients do not accept.

pub const ID: &str = "openapi/response-property-made-nullable";
