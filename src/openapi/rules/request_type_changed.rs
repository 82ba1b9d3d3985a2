//! A request value whose type the new server rejects (old clients send it), found by the containment check of request schemas.

pub const ID: &str = "openapi/request-type-changed";
