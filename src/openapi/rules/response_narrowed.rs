//! A response that old servers may send and new clients reject: what the partial rollout and a rollback expose.

pub const ID: &str = "openapi/response-narrowed";
