use super::opaque::Touch;
use super::split::{CHUNKED_BYTES, PARALLEL_STATEMENTS, tokenize_piece};
use super::*;
use sqlparser::tokenizer::Token;

impl Statement {
    fn kind_recognized(&self) -> Option<&Recognized> {
        match &self.kind {
            StatementKind::Recognized(r) => Some(r),
            _ => None,
        }
    }
}

fn parse(text: &str) -> Vec<Statement> {
    statements(text, None, &PostgreSqlDialect {}, Wrap::None).expect("tokenizes")
}

fn texts<'a>(text: &'a str, found: &[Statement]) -> Vec<&'a str> {
    found.iter().map(|s| &text[s.span.clone()]).collect()
}

#[test]
fn splits_on_semicolons_outside_strings_comments_and_bodies() {
    let text = "-- a; comment\nCREATE TABLE t (a text DEFAULT ';');\n\
                CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                /* ; */ DROP TABLE t";
    let found = parse(text);
    assert_eq!(
        texts(text, &found),
        [
            "CREATE TABLE t (a text DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
            "DROP TABLE t",
        ]
    );
    assert!(
        found
            .iter()
            .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
    );
}

#[test]
fn spans_are_bytes_after_tabs_and_multibyte_text() {
    let text = "-- café ☕\n\t\tDROP TABLE \"naïve\";\n\tALTER TABLE t DROP COLUMN c;";
    let found = parse(text);
    assert_eq!(
        texts(text, &found),
        ["DROP TABLE \"naïve\"", "ALTER TABLE t DROP COLUMN c"]
    );
}

#[test]
fn clauses_stop_at_commas_at_their_level() {
    let text = "CREATE TABLE t (\n  é numeric(10, 2) NOT NULL,\n  b text\n);";
    let found = parse(text);
    let StatementKind::Parsed(statement) = &found[0].kind else {
        panic!("parsed");
    };
    let ast::Statement::CreateTable(table) = statement.as_ref() else {
        panic!("create table");
    };
    let first = found[0]
        .clause_at(table.columns[0].name.span.start)
        .expect("clause");
    assert_eq!(&text[first], "é numeric(10, 2) NOT NULL");
    let second = found[0]
        .clause_at(table.columns[1].name.span.start)
        .expect("clause");
    assert_eq!(&text[second], "b text");
}

#[test]
fn a_do_block_becomes_the_sql_of_its_body_with_file_spans() {
    let text = "DO $body$\nDECLARE\n  n int;\nBEGIN\n  <<outer>>\n  \
                IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 't') THEN\n    \
                CREATE TYPE t AS ENUM ('a');\n  END IF;\n  \
                FOR n IN 1..2 LOOP PERFORM 1; END LOOP;\n  n := 3;\n  \
                EXECUTE format('DROP TABLE %I', 'x');\n\
                EXCEPTION WHEN others THEN RAISE NOTICE 'no';\nEND\n$body$ LANGUAGE plpgsql;\n\
                COMMENT ON FUNCTION f(int) IS 'doc';";
    let found = parse(text);
    assert_eq!(
        texts(text, &found),
        [
            "CREATE TYPE t AS ENUM ('a')",
            "EXECUTE format('DROP TABLE %I', 'x')",
            "COMMENT ON FUNCTION f(int) IS 'doc'",
        ]
    );
    assert!(matches!(found[0].kind, StatementKind::Parsed(_)));
    assert!(found[0].in_transaction(), "a DO block runs atomically");
    assert!(matches!(found[1].kind, StatementKind::Dynamic));
    assert!(matches!(
        found[2].kind,
        StatementKind::Recognized(Recognized::Comment)
    ));
    assert!(!found[2].in_transaction());
}

#[test]
fn plpgsql_into_targets_are_not_tables() {
    let text = "DO $$ DECLARE v int; r record; BEGIN\n\
                SELECT INTO r * FROM t WHERE id = 1;\n\
                SELECT count(*) INTO STRICT v FROM t;\n\
                INSERT INTO t (a) VALUES (1) RETURNING id, a INTO v, r.a;\n\
                END $$;";
    let found = parse(text);
    assert_eq!(found.len(), 3);
    assert_eq!(
        &text[found[2].span.clone()],
        "INSERT INTO t (a) VALUES (1) RETURNING id, a"
    );
    for statement in &found[..2] {
        let StatementKind::Parsed(parsed) = &statement.kind else {
            panic!("{:?} parses", &text[statement.span.clone()]);
        };
        if let ast::Statement::Query(query) = parsed.as_ref() {
            let ast::SetExpr::Select(select) = query.body.as_ref() else {
                panic!("a select");
            };
            assert!(select.into.is_none(), "no table is created");
        }
    }
}

#[test]
fn unparseable_statements_are_kept_with_their_span() {
    let text = "DROP INDEX CONCURRENTLY IF EXISTS a, s.b;\nREINDEX INDEX a;\nFROB t;\nSELECT 1 2;";
    let found = parse(text);
    assert_eq!(found.len(), 4);
    assert!(matches!(
        &found[0].kind,
        StatementKind::Recognized(Recognized::DropIndexConcurrently { names }) if names == &["a", "s.b"]
    ));
    assert!(matches!(
        found[1].kind,
        StatementKind::Recognized(Recognized::Reindex {
            concurrently: false
        })
    ));
    assert!(
        matches!(&found[2].kind, StatementKind::Unparsed { reason, touches: None } if reason.contains("FROB"))
    );
    assert_eq!(&text[found[2].span.clone()], "FROB t");
    assert!(matches!(&found[3].kind, StatementKind::Unparsed { .. }));
}

#[test]
fn long_scripts_parse_in_parallel_in_order() {
    let text: String = (0..PARALLEL_STATEMENTS + 10)
        .map(|i| format!("CREATE TABLE t{i} (a int);\n"))
        .collect();
    let found = parse(&text);
    assert_eq!(found.len(), PARALLEL_STATEMENTS + 10);
    assert_eq!(&text[found[515].span.clone()], "CREATE TABLE t515 (a int)");
    assert!(
        found
            .iter()
            .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
    );
}

#[test]
fn long_scripts_are_tokenized_in_pieces_with_file_offsets() {
    let block = |i: usize| {
        [
            format!(
                "-- step {i}; still a comment\nCREATE TABLE t{i} (\n  é{i} text DEFAULT ';'\n)"
            ),
            format!("CREATE FUNCTION f{i}() RETURNS int AS $b$ SELECT {i}; $b$ LANGUAGE sql"),
            format!("INSERT INTO t{i} VALUES (E'\\';', \"q;{i}\")"),
        ]
    };
    let count = CHUNKED_BYTES / 150 + 50;
    let expected: Vec<String> = (0..count).flat_map(block).collect();
    let text: String = expected.iter().map(|s| format!("{s};\n")).collect();
    assert!(text.len() > CHUNKED_BYTES);
    // The pieces tokenize on their own, so the parallel path is the one taken.
    let pieces = super::chunk::pieces(&text, Dialect::Postgres, CHUNKED_BYTES / 8);
    assert!(pieces.len() > 2);
    for range in &pieces[..pieces.len() - 1] {
        let (tokens, _) = tokenize_piece(&text[range.clone()], range.start, &PostgreSqlDialect {})
            .expect("tokenizes");
        assert_eq!(tokens.last().map(|t| &t.token), Some(&Token::SemiColon));
    }
    let found = parse(&text);
    assert_eq!(found.len(), expected.len());
    for (statement, source) in found.iter().zip(&expected) {
        let source = source.trim_start_matches(|c| c != 'C' && c != 'I');
        assert_eq!(&text[statement.span.clone()], source);
        let data = source.starts_with("INSERT");
        assert!(
            match statement.kind {
                StatementKind::Parsed(_) => !data,
                StatementKind::NotParsed => data,
                _ => false,
            },
            "{source}"
        );
    }
    // Locations inside a statement of a later piece still find their bytes.
    let last_table = &found[found.len() - 3];
    let StatementKind::Parsed(statement) = &last_table.kind else {
        panic!("parsed");
    };
    let ast::Statement::CreateTable(table) = statement.as_ref() else {
        panic!("create table");
    };
    let clause = last_table
        .clause_at(table.columns[0].name.span.start)
        .expect("clause");
    assert_eq!(&text[clause], format!("é{} text DEFAULT ';'", count - 1));
}

#[test]
fn replaying_skips_what_cannot_change_the_schema() {
    let text = "INSERT INTO t VALUES (1);\nCREATE TABLE u (a int);\nBEGIN;\nSELECT 1;\nCOMMIT;";
    let found =
        statements_to_replay(text, None, &PostgreSqlDialect {}, Wrap::None).expect("tokenizes");
    let kinds: Vec<bool> = found
        .iter()
        .map(|s| matches!(s.kind, StatementKind::NotParsed))
        .collect();
    assert_eq!(kinds, [true, false, false, true, false]);
    assert!(found[3].in_transaction());
}

#[test]
fn transaction_state_follows_begin_and_commit() {
    let text = "CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (x int);\nCOMMIT;\nCREATE TABLE c (x int);";
    let inside: Vec<bool> = parse(text).iter().map(|s| s.in_transaction()).collect();
    assert_eq!(inside, [false, false, true, true, false]);
    let wrapped = statements(
        "CREATE TABLE a (x int);",
        None,
        &PostgreSqlDialect {},
        Wrap::File,
    )
    .expect("tokenizes");
    assert!(wrapped[0].in_transaction());
    let batch = |text| -> Vec<bool> {
        statements(text, None, &PostgreSqlDialect {}, Wrap::Batch)
            .expect("tokenizes")
            .iter()
            .map(|s| s.in_transaction())
            .collect()
    };
    assert_eq!(batch("CREATE INDEX CONCURRENTLY i ON t (a);"), [false]);
    assert_eq!(batch("SELECT 1;\nSELECT 2;"), [true, true]);
    // A DO block is one statement of the batch, even one with no SQL in it.
    assert_eq!(
        batch("DO $$ BEGIN RAISE NOTICE 'hi'; END $$;\nCREATE INDEX CONCURRENTLY i ON t (a);"),
        [true, true]
    );
    assert_eq!(
        batch("DO $$ BEGIN CREATE TABLE a (x int); CREATE TABLE b (x int); END $$;"),
        [true, true]
    );
}

#[test]
fn each_do_block_outside_a_transaction_runs_in_its_own() {
    let text = "DO $$ BEGIN CREATE TABLE a (x int); CREATE TABLE b (x int); END $$;\n\
                DO $$ BEGIN CREATE TABLE c (x int); COMMIT; END $$;\n\
                CREATE TABLE d (x int);\nBEGIN;\n\
                DO $$ BEGIN CREATE TABLE e (x int); END $$;\nCREATE TABLE f (x int);\nCOMMIT;";
    let numbers: Vec<(bool, u32)> = parse(text)
        .iter()
        .map(|s| (s.in_transaction(), s.transaction))
        .collect();
    assert_eq!(
        numbers,
        [
            (true, 1),
            (true, 1),
            (true, 2),
            // A COMMIT inside a block is the block's own business.
            (false, 0),
            (false, 0),
            (true, 3),
            (true, 3),
            (true, 3)
        ]
    );
}

#[test]
fn the_control_flow_of_a_do_body_is_not_sql() {
    let text = "DO $$\n<<outer>>\nDECLARE x int;\nBEGIN\n  \
                CASE x WHEN 1 THEN CREATE TABLE a (x int); WHEN 2 THEN CREATE TABLE b (x int); END CASE;\n  \
                IF CASE WHEN x > 0 THEN true ELSE false END THEN CREATE TABLE c (x int); END IF;\n  \
                BEGIN\n    DECLARE y int;\n  BEGIN\n    y := 2; outer.x := 1; \
                CREATE TABLE d (x int);\n  END;\n  END;\n  \
                EXECUTE $q$CREATE TABLE e (x int)$q$;\nEND $$;";
    let found = parse(text);
    assert_eq!(
        texts(text, &found),
        [
            "CREATE TABLE a (x int)",
            "CREATE TABLE b (x int)",
            "CREATE TABLE c (x int)",
            "CREATE TABLE d (x int)",
            "CREATE TABLE e (x int)",
        ]
    );
    assert!(
        found
            .iter()
            .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
    );
}

#[test]
fn statements_the_parser_lacks_are_recognised() {
    let text = "CLUSTER VERBOSE orders USING orders_pkey;\nALTER TABLE IF EXISTS s.orders SET SCHEMA archive;\n\
                ALTER SEQUENCE order_seq RENAME TO order_id_seq;";
    let found = parse(text);
    assert_eq!(
        found[0].kind_recognized(),
        Some(&Recognized::Cluster {
            table: Some("orders".into())
        })
    );
    assert_eq!(
        found[1].kind_recognized(),
        Some(&Recognized::SetSchema {
            object: "TABLE".into(),
            name: "s.orders".into(),
            schema: "archive".into()
        })
    );
    assert_eq!(
        found[2].kind_recognized(),
        Some(&Recognized::Rename {
            object: "SEQUENCE".into(),
            name: "order_seq".into(),
            to: "order_id_seq".into()
        })
    );
    assert_eq!(
        found[1].fingerprint(text),
        "ALTER TABLE IF EXISTS s . orders SET SCHEMA archive"
    );
    let sequence = parse("ALTER SEQUENCE order_seq OWNED BY orders.id;");
    assert_eq!(
        sequence[0].kind_recognized(),
        Some(&Recognized::AlterSequence)
    );
}

#[test]
fn a_range_limits_the_script_and_keeps_file_offsets() {
    let text = "-- migrate:up\nDROP TABLE a;\n-- migrate:down\nCREATE TABLE a (x int);\n";
    let start = text.find("DROP").expect("drop");
    let end = text.find("-- migrate:down").expect("down");
    let found =
        statements(text, Some(start..end), &PostgreSqlDialect {}, Wrap::None).expect("tokenizes");
    assert_eq!(texts(text, &found), ["DROP TABLE a"]);
}

#[test]
fn nesting_past_the_limit_is_marked_where_it_passes_the_limit() {
    let deep = format!(
        "SELECT 1;\nSELECT {}1{};",
        "(".repeat(MAX_NESTING * 4),
        ")".repeat(MAX_NESTING * 4)
    );
    let found = parse(&deep);
    let StatementKind::TooDeep { at } = found[1].kind else {
        panic!("too deep: {:?}", found[1].kind);
    };
    assert_eq!(at, deep.find('(').expect("paren") + MAX_NESTING);
    let shallow = format!("SELECT {}1{};", "(".repeat(10), ")".repeat(10));
    assert!(matches!(parse(&shallow)[0].kind, StatementKind::Parsed(_)));
}

#[test]
fn an_unterminated_string_is_a_script_error_at_its_offset() {
    let text = "SELECT 1;\n\tSELECT 'é";
    let error = statements(text, None, &PostgreSqlDialect {}, Wrap::None).expect_err("error");
    assert!(error.offset <= text.len());
    assert!(text.is_char_boundary(error.offset));
}

#[test]
fn postgres_forms_the_parser_lacks_are_read_with_squawk() {
    let text = "CREATE STATISTICS s1 (dependencies) ON a, b FROM t;\n\
                DROP STATISTICS IF EXISTS s1;\n\
                ALTER TABLE t ALTER CONSTRAINT t_fk DEFERRABLE INITIALLY DEFERRED;\n\
                CREATE FUNCTION util.f() RETURNS int LANGUAGE sql COST 100 AS $$ SELECT 1 $$;\n\
                ALTER TYPE mood SET SCHEMA archive;\n\
                CLUSTER orders_pkey ON orders";
    let found = parse(text);
    let kinds: Vec<Option<&Recognized>> = found.iter().map(Statement::kind_recognized).collect();
    assert_eq!(
        kinds,
        [
            Some(&Recognized::Statistics),
            Some(&Recognized::Statistics),
            Some(&Recognized::AlterConstraint),
            Some(&Recognized::Object(Touch {
                creates: true,
                object: opaque::Object::Function,
                names: vec!["util.f".into()],
                on: None,
            })),
            Some(&Recognized::SetSchema {
                object: "TYPE".into(),
                name: "mood".into(),
                schema: "archive".into()
            }),
            Some(&Recognized::Cluster {
                table: Some("orders".into())
            }),
        ]
    );
}

#[test]
fn not_null_constraints_of_postgres_18_are_the_columns_not_null() {
    let text = "CREATE TABLE t (\n  a int,\n  \"B\" int,\n  CONSTRAINT t_a_not_null NOT NULL a,\n  \
                CONSTRAINT t_b_not_null NOT NULL \"B\" NO INHERIT\n);\n\
                ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c, ADD COLUMN d int;\n\
                ALTER TABLE t ALTER CONSTRAINT t_fk NOT DEFERRABLE, ADD COLUMN e int;\n\
                ALTER TABLE t ADD CONSTRAINT t_f_not_null NOT NULL f NOT VALID";
    let found = parse(text);
    let StatementKind::Parsed(create) = &found[0].kind else {
        panic!("CREATE TABLE lowered: {:?}", found[0].kind);
    };
    let ast::Statement::CreateTable(create) = create.as_ref() else {
        panic!("a CREATE TABLE");
    };
    let not_null: Vec<bool> = create
        .columns
        .iter()
        .map(|c| {
            c.options
                .iter()
                .any(|o| o.option == ast::ColumnOption::NotNull)
        })
        .collect();
    assert_eq!(not_null, [true, true]);
    assert!(create.constraints.is_empty());
    // The columns keep their places in the file.
    let b = found[0].clause_at(create.columns[1].name.span.start);
    assert_eq!(b.map(|r| &text[r]), Some("\"B\" int"));

    let operations = |index: usize| match &found[index].kind {
        StatementKind::Parsed(statement) => match statement.as_ref() {
            ast::Statement::AlterTable(alter) => alter.operations.clone(),
            other => panic!("an ALTER TABLE: {other}"),
        },
        other => panic!("ALTER TABLE lowered: {other:?}"),
    };
    let written = |index: usize| -> Vec<String> {
        operations(index).iter().map(ToString::to_string).collect()
    };
    assert_eq!(
        written(1),
        ["ALTER COLUMN c SET NOT NULL", "ADD COLUMN d INT"]
    );
    // The restated action frames the column where the constraint names it.
    let ast::AlterTableOperation::AlterColumn { column_name, .. } = &operations(1)[0] else {
        panic!("ALTER COLUMN");
    };
    let column = found[1].offset_of(column_name.span.start);
    assert_eq!(column.map(|at| &text[at..at + 1]), Some("c"));
    assert_eq!(written(2), ["ADD COLUMN e INT"]);
    // Not validated, it checks no row yet: not what SET NOT NULL does.
    assert!(matches!(found[3].kind, StatementKind::Unparsed { .. }));
}
