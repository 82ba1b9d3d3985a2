//! A request property the new server requires and old clients may omit.

pub const ID: &str = "openapi/request-property-made-required";
