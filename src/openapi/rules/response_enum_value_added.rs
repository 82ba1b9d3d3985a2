//! A response value outside old clients' `enum`.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseEnumValueAdded;
