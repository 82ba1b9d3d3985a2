//! An optional request property the new server declares: old clients never sent it.

pub const ID: &str = "openapi/request-property-added";
