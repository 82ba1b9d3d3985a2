//! A response property the new version declares and old servers never sent.

pub const ID: &str = "openapi/response-property-added";
