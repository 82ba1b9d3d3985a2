//! A response value whose type old clients reject.

pub const ID: &str = "openapi/response-type-changed";
