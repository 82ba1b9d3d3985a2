//! A response value outside old clients' `enum`.

pub const ID: &str = "openapi/response-enum-value-added";
