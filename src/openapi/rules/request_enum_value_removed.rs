//! A request value outside the new server's `enum` that old clients may send: a value removed, or an `enum` added.

pub const ID: &str = "openapi/request-enum-value-removed";
