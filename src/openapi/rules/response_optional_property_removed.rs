//! An optional response property old clients declare that the new server no longer declares.

pub const ID: &str = "openapi/response-optional-property-removed";
