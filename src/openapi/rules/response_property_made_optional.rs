//! A response property old clients require that the new server declares but may omit.

pub const ID: &str = "openapi/response-property-made-optional";
