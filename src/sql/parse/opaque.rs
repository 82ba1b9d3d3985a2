//! What a statement the parser could not read creates or drops, read from its first words, so
//! that the schema model still knows the object: a table created by a statement compat could not
//! parse is still a table of the release, not one that old code has used for years.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::name_from;

/// The kinds of object the schema model keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Table,
    Index,
    View,
    Type,
    Sequence,
    Schema,
    Function,
}

/// An object an unparsed statement creates or drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub creates: bool,
    pub object: Object,
    /// As written, possibly qualified.
    pub names: Vec<String>,
    /// The table of an index.
    pub on: Option<String>,
}

impl Touch {
    /// `creates table orders`, for the finding's note.
    pub fn describe(&self) -> String {
        let verb = if self.creates { "creates" } else { "drops" };
        let names: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        format!("{verb} {} {}", object_word(self.object), names.join(", "))
    }
}

/// The object `tokens` (a statement's code tokens) create or drop, if their first words say.
pub fn touches(tokens: &[&Token]) -> Option<Touch> {
    let keyword = |i: usize| match tokens.get(i) {
        Some(Token::Word(word)) if word.quote_style.is_none() => word.keyword,
        _ => Keyword::NoKeyword,
    };
    let creates = match keyword(0) {
        Keyword::CREATE => true,
        Keyword::DROP => false,
        _ => return None,
    };
    let mut at = 1;
    let skip = |words: &[Keyword], at: &mut usize| {
        while words.contains(&keyword(*at)) {
            *at += 1;
        }
    };
    if creates {
        if keyword(at) == Keyword::OR && keyword(at + 1) == Keyword::REPLACE {
            at += 2;
        }
        skip(
            &[
                Keyword::GLOBAL,
                Keyword::LOCAL,
                Keyword::TEMP,
                Keyword::TEMPORARY,
                Keyword::UNLOGGED,
                Keyword::UNIQUE,
                Keyword::MATERIALIZED,
            ],
            &mut at,
        );
    } else {
        skip(&[Keyword::MATERIALIZED], &mut at);
    }
    let object = match keyword(at) {
        Keyword::TABLE => Object::Table,
        Keyword::INDEX => Object::Index,
        Keyword::VIEW => Object::View,
        Keyword::TYPE => Object::Type,
        Keyword::SEQUENCE => Object::Sequence,
        Keyword::SCHEMA => Object::Schema,
        Keyword::FUNCTION | Keyword::PROCEDURE => Object::Function,
        _ => return None,
    };
    at += 1;
    skip(&[Keyword::CONCURRENTLY], &mut at);
    if keyword(at) == Keyword::IF {
        at += if creates { 3 } else { 2 };
    }
    if creates {
        let on = |i: usize| keyword(i) == Keyword::ON;
        // An index may have no name: `CREATE INDEX ON t (...)`.
        let name = if on(at) {
            String::new()
        } else {
            name_from(tokens, at)
        };
        let on_table = (object == Object::Index)
            .then(|| {
                let on_at = (at..tokens.len()).find(|&i| on(i))?;
                let only = usize::from(keyword(on_at + 1) == Keyword::ONLY);
                Some(name_from(tokens, on_at + 1 + only))
            })
            .flatten();
        if name.is_empty() && on_table.is_none() {
            return None;
        }
        return Some(Touch {
            creates,
            object,
            names: vec![name].into_iter().filter(|n| !n.is_empty()).collect(),
            on: on_table,
        });
    }
    let names: Vec<String> = tokens[at.min(tokens.len())..]
        .split(|t| **t == Token::Comma)
        .map(|part| name_from(part, 0))
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then_some(Touch {
        creates,
        object,
        names,
        on: None,
    })
}

fn object_word(object: Object) -> &'static str {
    match object {
        Object::Table => "table",
        Object::Index => "index",
        Object::View => "view",
        Object::Type => "type",
        Object::Sequence => "sequence",
        Object::Schema => "schema",
        Object::Function => "function",
    }
}

#[cfg(test)]
mod tests {
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::tokenizer::Tokenizer;

    use super::*;

    fn read(sql: &str) -> Option<Touch> {
        let tokens = Tokenizer::new(&PostgreSqlDialect {}, sql)
            .tokenize()
            .expect("tokenizes");
        let code: Vec<&Token> = tokens
            .iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .collect();
        touches(&code)
    }

    #[test]
    fn creations_and_drops_are_read_from_the_first_words() {
        let table = read("CREATE UNLOGGED TABLE IF NOT EXISTS s.saved (id int REFERENCES comment ON UPDATE CASCADE)")
            .expect("a table");
        assert!(table.creates);
        assert_eq!(
            (table.object, table.names.as_slice()),
            (Object::Table, &["s.saved".to_owned()][..])
        );
        let index = read("CREATE UNIQUE INDEX CONCURRENTLY ON ONLY orders (x) WITH (fancy)")
            .expect("an index");
        assert_eq!(
            (index.names.len(), index.on.as_deref()),
            (0, Some("orders"))
        );
        let drop = read("DROP statistics IF EXISTS a, b").map(|t| t.object);
        assert_eq!(drop, None, "statistics are no object of the model");
        let drop = read("DROP VIEW IF EXISTS a, s.b CASCADE").expect("a drop");
        assert_eq!(drop.describe(), "drops view `a`, `s.b`");
        assert_eq!(
            read("ALTER TABLE t ALTER CONSTRAINT c NOT DEFERRABLE"),
            None
        );
    }
}
