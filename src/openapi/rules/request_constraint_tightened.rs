//! A bound, pattern, closed object or new schema of the new server that old clients' requests may not meet.

pub const ID: &str = "openapi/request-constraint-tightened";
