//! A request property old servers declare and the new version no longer does: old clients keep sending it.

pub const ID: &str = "openapi/request-property-removed";
