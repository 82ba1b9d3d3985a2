//! What makes two spellings the same to the database: type aliases and modifiers, casts and
//! `NULL` in defaults, and the names PostgreSQL gives constraints and indexes that were not named.
//! The model keeps text as written (for messages); comparisons go through these forms.

/// A type reduced to a base name, its numeric parameters and whether it is an array:
/// `character varying(20)` and `VARCHAR(20)` are (`varchar`, [20]); `serial` is `int`, since a
/// serial column is an integer column with a sequence default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlType {
    pub base: String,
    pub params: Vec<u32>,
    pub array: bool,
}

impl SqlType {
    pub fn parse(text: &str) -> SqlType {
        let mut lower = text.trim().to_lowercase();
        let mut array = false;
        while let Some(element) = lower.strip_suffix("[]") {
            lower = element.trim_end().to_owned();
            array = true;
        }
        if let Some(element) = lower.strip_suffix(" array") {
            lower = element.to_owned();
            array = true;
        }
        // Parameters may sit inside the name: `timestamp(3) with time zone`.
        let (name, params) = match (lower.find('('), lower.find(')')) {
            (Some(open), Some(close)) if open < close => (
                format!("{} {}", &lower[..open], &lower[close + 1..]),
                lower[open + 1..close]
                    .split(',')
                    .filter_map(|p| p.trim().parse().ok())
                    .collect(),
            ),
            _ => (lower.clone(), Vec::new()),
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = name.strip_prefix("public.").unwrap_or(&name);
        let name = name.strip_prefix("pg_catalog.").unwrap_or(name);
        let base = match name {
            "character varying" | "varchar" => "varchar",
            "character" | "char" | "bpchar" => "char",
            "int" | "integer" | "int4" | "serial" | "serial4" => "int",
            "bigint" | "int8" | "bigserial" | "serial8" => "bigint",
            "smallint" | "int2" | "smallserial" | "serial2" => "smallint",
            "decimal" | "numeric" => "numeric",
            "real" | "float4" => "real",
            "double precision" | "float8" | "double" | "float" => "double",
            "bool" | "boolean" => "boolean",
            "timestamp" | "timestamp without time zone" => "timestamp",
            "timestamptz" | "timestamp with time zone" => "timestamptz",
            "time" | "time without time zone" => "time",
            "timetz" | "time with time zone" => "timetz",
            other => other,
        }
        .to_owned();
        SqlType {
            base,
            params,
            array,
        }
    }
}

/// Whether two spellings name the same type.
pub fn same_type(a: &str, b: &str) -> bool {
    SqlType::parse(a) == SqlType::parse(b)
}

/// A default as the database compares it: case and layout dropped, casts of literals dropped
/// (`'x'::character varying` is `'x'`), `NULL` the same as no default, and any sequence's
/// `nextval(...)` one value.
pub fn default_key(default: Option<&str>) -> Option<String> {
    let compact = expression_key(default?);
    match compact.as_str() {
        "null" => None,
        _ if compact.starts_with("null::") => None,
        _ if compact.starts_with("nextval(") => Some("nextval(...)".to_owned()),
        _ => Some(compact),
    }
}

/// An expression as compared: lower case outside string literals, no whitespace, casts after
/// literals and closing parentheses dropped, and outer parentheses that wrap it all dropped.
pub fn expression_key(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push(c);
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == '\'' {
                        if chars.peek() == Some(&'\'') {
                            out.extend(chars.next());
                        } else {
                            break;
                        }
                    }
                }
                skip_cast(&mut chars);
            }
            ')' => {
                out.push(c);
                skip_cast(&mut chars);
            }
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    strip_outer_parentheses(&out).to_owned()
}

/// Skips `::type` (with its modifiers and array brackets) after a literal or a parenthesis.
fn skip_cast(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    loop {
        let mut ahead = chars.clone();
        skip_spaces(&mut ahead);
        if ahead.next() != Some(':') || ahead.next() != Some(':') {
            return;
        }
        skip_spaces(&mut ahead);
        // The type: a name (words only where the type's name has several: `character varying`),
        // then its modifiers `(n)` and array brackets.
        let first = take_word(&mut ahead);
        for second in MULTI_WORD_TYPES
            .iter()
            .filter(|(word, _)| first.eq_ignore_ascii_case(word))
            .map(|(_, rest)| rest)
        {
            let mut probe = ahead.clone();
            let matched = second.split(' ').all(|word| {
                skip_spaces(&mut probe);
                take_word(&mut probe).eq_ignore_ascii_case(word)
            });
            if matched {
                ahead = probe;
                break;
            }
        }
        loop {
            let mut probe = ahead.clone();
            skip_spaces(&mut probe);
            match probe.peek() {
                Some('(') => {
                    let mut depth = 0usize;
                    for c in probe.by_ref() {
                        match c {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    ahead = probe;
                }
                Some('[') => {
                    probe.next();
                    while probe.next_if(|c| *c != ']').is_some() {}
                    probe.next();
                    ahead = probe;
                }
                _ => break,
            }
        }
        *chars = ahead;
    }
}

/// Types whose names are several words: the first word, and the rest.
const MULTI_WORD_TYPES: [(&str, &str); 7] = [
    ("character", "varying"),
    ("double", "precision"),
    ("bit", "varying"),
    ("timestamp", "with time zone"),
    ("timestamp", "without time zone"),
    ("time", "with time zone"),
    ("time", "without time zone"),
];

fn skip_spaces(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
}

/// A name, possibly qualified or quoted (`pg_catalog.text`, `"Mood"`).
fn take_word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut word = String::new();
    while let Some(c) = chars.next_if(|c| c.is_alphanumeric() || "_.\"".contains(*c)) {
        word.push(c);
    }
    word
}

fn strip_outer_parentheses(text: &str) -> &str {
    let mut text = text;
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        // `(a) OR (b)` starts and ends with parentheses that are not one pair.
        let mut depth = 0i32;
        let wraps = inner.chars().all(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth >= 0
        });
        if !wraps {
            break;
        }
        text = inner;
    }
    text
}

/// Whether an expression reads the column `key` (a word of it outside string literals, as
/// unquoted names compare).
pub fn mentions(expression: &str, key: &str) -> bool {
    let mut code = String::with_capacity(expression.len());
    let mut in_literal = false;
    for c in expression.chars() {
        if c == '\'' {
            in_literal = !in_literal;
            code.push(' ');
        } else if !in_literal {
            code.push(c);
        }
    }
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| match word.is_ascii() {
            true => word.eq_ignore_ascii_case(key),
            false => word.to_lowercase() == key,
        })
}

/// The longest name PostgreSQL keeps (`NAMEDATALEN - 1` bytes).
const MAX_NAME: usize = 63;

/// The name PostgreSQL gives an object it names itself (`makeObjectName`): `table`, the columns
/// joined by `_`, and the label (`pkey`, `key`, `fkey`, `check`, `idx`, `not_null`), the longer of
/// the first two parts truncated until the whole fits in 63 bytes.
pub fn implicit_name(table: &str, columns: &[String], label: &str) -> String {
    let table = table.rsplit('.').next().unwrap_or(table);
    let columns = columns.join("_");
    let overhead = label.len() + 1 + usize::from(!columns.is_empty());
    let available = MAX_NAME.saturating_sub(overhead);
    let (mut table_len, mut columns_len) = (table.len(), columns.len());
    while table_len + columns_len > available {
        if table_len > columns_len {
            table_len -= 1;
        } else {
            columns_len -= 1;
        }
    }
    let table = clip(table, table_len);
    let columns = clip(&columns, columns_len);
    if columns.is_empty() {
        format!("{table}_{label}")
    } else {
        format!("{table}_{columns}_{label}")
    }
}

/// `text` cut to at most `len` bytes, on a character boundary.
fn clip(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_spellings_of_one_type_are_the_same() {
        assert!(same_type("VARCHAR(20)", "character varying (20)"));
        assert!(same_type("INT", "integer"));
        assert!(same_type("SERIAL", "int4"));
        assert!(same_type("TIMESTAMPTZ", "timestamp with time zone"));
        assert!(same_type("timestamp(3) with time zone", "TIMESTAMPTZ(3)"));
        assert!(same_type("bool", "BOOLEAN"));
        assert!(same_type("text[]", "TEXT []"));
        assert!(same_type("public.mood", "mood"));
        assert!(!same_type("int", "bigint"));
        assert!(!same_type("varchar(20)", "varchar(30)"));
        assert!(!same_type("text", "text[]"));
    }

    #[test]
    fn defaults_compare_without_casts_layout_or_null() {
        let same = |a: &str, b: &str| default_key(Some(a)) == default_key(Some(b));
        assert!(same("'medium'::character varying", "'medium'"));
        assert!(same("'a''b'::text", "'a''b'"));
        assert!(same("NOW()", "now( )"));
        assert!(same("nextval('t_id_seq'::regclass)", "nextval(...)"));
        assert!(!same("'Medium'", "'medium'"));
        assert_eq!(default_key(Some("NULL")), None);
        assert_eq!(default_key(Some("NULL::character varying")), None);
    }

    #[test]
    fn expressions_compare_without_outer_parentheses_and_casts() {
        assert_eq!(
            expression_key("((kind = 'a'::text) OR (kind = 'b'))"),
            expression_key("(kind = 'a') OR (kind = 'b')")
        );
        assert_ne!(expression_key("(a) OR (b)"), expression_key("a) OR (b"));
        // A cast ends at its type: what follows is still compared.
        assert_ne!(
            expression_key("a = 'x'::text OR b = 'y'::text"),
            expression_key("a = 'x'::text AND c = 'y'::text")
        );
        assert_eq!(
            expression_key("a = 'x'::character varying(20) OR b = 'y'::text[]"),
            expression_key("a = 'x' OR b = 'y'")
        );
    }

    #[test]
    fn implicit_names_follow_postgresql() {
        let columns = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(implicit_name("users", &columns(&[]), "pkey"), "users_pkey");
        assert_eq!(
            implicit_name("public.users", &columns(&["a", "b"]), "key"),
            "users_a_b_key"
        );
        let long = implicit_name(&"t".repeat(40), &columns(&[&"c".repeat(40)]), "fkey");
        assert_eq!(long.len(), 63);
        assert_eq!(long, format!("{}_{}_fkey", "t".repeat(29), "c".repeat(28)));
    }
}
