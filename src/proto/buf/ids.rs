//! buf's breaking rule ids and the categories each belongs to (buf's v2 rule set; v1 differs
//! only in rules compat has no counterpart for, and in `FIELD_SAME_DEFAULT` joining `WIRE`).
//! A table, since buf publishes it only as Go code.

pub const FILE: u8 = 1;
pub const PACKAGE: u8 = 2;
pub const WIRE_JSON: u8 = 4;
pub const WIRE: u8 = 8;

const CATEGORIES: &[(&str, u8)] = &[
    ("FILE", FILE),
    ("PACKAGE", PACKAGE),
    ("WIRE_JSON", WIRE_JSON),
    ("WIRE", WIRE),
];

const F: u8 = FILE;
const FP: u8 = FILE | PACKAGE;
const FPJ: u8 = FILE | PACKAGE | WIRE_JSON;
const FPJW: u8 = FILE | PACKAGE | WIRE_JSON | WIRE;

/// Every breaking rule of buf, with its categories (`0`: in none, used only by name).
const RULES: &[(&str, u8)] = &[
    ("ENUM_NO_DELETE", F),
    ("EXTENSION_NO_DELETE", F),
    ("FILE_NO_DELETE", F),
    ("MESSAGE_NO_DELETE", F),
    ("SERVICE_NO_DELETE", F),
    ("ENUM_SAME_TYPE", FP),
    ("ENUM_VALUE_NO_DELETE", FP),
    ("EXTENSION_MESSAGE_NO_DELETE", FP),
    ("FIELD_NO_DELETE", FP),
    ("FIELD_SAME_CARDINALITY", FP),
    ("FIELD_SAME_CPP_STRING_TYPE", FP),
    ("FIELD_SAME_JAVA_UTF8_VALIDATION", FP),
    ("FIELD_SAME_JSTYPE", FP),
    ("FIELD_SAME_TYPE", FP),
    ("FIELD_SAME_UTF8_VALIDATION", FP),
    ("FILE_SAME_CC_ENABLE_ARENAS", FP),
    ("FILE_SAME_CC_GENERIC_SERVICES", FP),
    ("FILE_SAME_CSHARP_NAMESPACE", FP),
    ("FILE_SAME_GO_PACKAGE", FP),
    ("FILE_SAME_JAVA_GENERIC_SERVICES", FP),
    ("FILE_SAME_JAVA_MULTIPLE_FILES", FP),
    ("FILE_SAME_JAVA_OUTER_CLASSNAME", FP),
    ("FILE_SAME_JAVA_PACKAGE", FP),
    ("FILE_SAME_OBJC_CLASS_PREFIX", FP),
    ("FILE_SAME_OPTIMIZE_FOR", FP),
    ("FILE_SAME_PHP_CLASS_PREFIX", FP),
    ("FILE_SAME_PHP_METADATA_NAMESPACE", FP),
    ("FILE_SAME_PHP_NAMESPACE", FP),
    ("FILE_SAME_PY_GENERIC_SERVICES", FP),
    ("FILE_SAME_RUBY_PACKAGE", FP),
    ("FILE_SAME_SWIFT_PREFIX", FP),
    ("FILE_SAME_SYNTAX", FP),
    ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", FP),
    ("ONEOF_NO_DELETE", FP),
    ("RPC_NO_DELETE", FP),
    ("ENUM_SAME_JSON_FORMAT", FPJ),
    ("ENUM_VALUE_SAME_NAME", FPJ),
    ("FIELD_SAME_JSON_NAME", FPJ),
    ("FIELD_SAME_NAME", FPJ),
    ("MESSAGE_SAME_JSON_FORMAT", FPJ),
    ("FIELD_SAME_DEFAULT", FPJW),
    ("FIELD_SAME_ONEOF", FPJW),
    ("FILE_SAME_PACKAGE", FPJW),
    ("MESSAGE_SAME_REQUIRED_FIELDS", FPJW),
    ("RESERVED_ENUM_NO_DELETE", FPJW),
    ("RESERVED_MESSAGE_NO_DELETE", FPJW),
    ("RPC_SAME_CLIENT_STREAMING", FPJW),
    ("RPC_SAME_IDEMPOTENCY_LEVEL", FPJW),
    ("RPC_SAME_REQUEST_TYPE", FPJW),
    ("RPC_SAME_RESPONSE_TYPE", FPJW),
    ("RPC_SAME_SERVER_STREAMING", FPJW),
    ("PACKAGE_ENUM_NO_DELETE", PACKAGE),
    ("PACKAGE_EXTENSION_NO_DELETE", PACKAGE),
    ("PACKAGE_MESSAGE_NO_DELETE", PACKAGE),
    ("PACKAGE_NO_DELETE", PACKAGE),
    ("PACKAGE_SERVICE_NO_DELETE", PACKAGE),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", WIRE_JSON),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", WIRE_JSON),
    ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", WIRE_JSON),
    ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", WIRE_JSON),
    (
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        WIRE_JSON | WIRE,
    ),
    ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", WIRE_JSON | WIRE),
    ("FIELD_WIRE_COMPATIBLE_CARDINALITY", WIRE),
    ("FIELD_WIRE_COMPATIBLE_TYPE", WIRE),
    ("MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", 0),
    ("FIELD_SAME_CTYPE", 0),
    ("FIELD_SAME_LABEL", 0),
    ("FILE_SAME_JAVA_STRING_CHECK_UTF8", 0),
    ("FILE_SAME_PHP_GENERIC_SERVICES", 0),
];

/// Deprecated ids buf still reads in v1 and v1beta1 configurations, and the rules it reads them
/// as.
const DEPRECATED: &[(&str, &[&str])] = &[(
    "FIELD_SAME_LABEL",
    &[
        "FIELD_SAME_CARDINALITY",
        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
    ],
)];

/// The rules an id in `use`, `except` or `ignore_only` stands for: a category's members, a
/// rule itself, or nothing for an id buf does not have.
pub fn expand(id: &str) -> Vec<&'static str> {
    if let Some(&(_, category)) = CATEGORIES.iter().find(|(name, _)| *name == id) {
        return members(category);
    }
    if let Some((_, replacements)) = DEPRECATED.iter().find(|(name, _)| *name == id) {
        return replacements.to_vec();
    }
    RULES
        .iter()
        .find(|(name, _)| *name == id)
        .map(|(name, _)| vec![*name])
        .unwrap_or_default()
}

/// The rules of a category.
pub fn members(category: u8) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|(_, categories)| categories & category != 0)
        .map(|(name, _)| *name)
        .collect()
}

/// Whether some category holds the rule: buf checks the others only when a policy names them.
pub fn in_a_category(id: &str) -> bool {
    RULES
        .iter()
        .any(|(name, categories)| *name == id && *categories != 0)
}

pub fn is_category(id: &str) -> bool {
    CATEGORIES.iter().any(|(name, _)| *name == id)
}
