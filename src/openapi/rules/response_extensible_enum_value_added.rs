//! A response value added to an enum declared extensible (`x-extensible-enum`).

pub const ID: &str = "openapi/response-extensible-enum-value-added";
