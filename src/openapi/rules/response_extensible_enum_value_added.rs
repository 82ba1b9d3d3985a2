//! A response value added to an enum declared extensible (`x-extensible-enum`).

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseExtensibleEnumValueAdded;
