//! A response property old clients require that the new server no longer declares.

pub const ID: &str = "openapi/response-property-removed";
