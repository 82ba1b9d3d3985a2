//! Each rule through the front door: two trees of migrations compared as `compat diff` does.

use crate::engine::testing::{findings_of, findings_with};

const INIT: &str = "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text,\n  email text\n);\n\
                    CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n\
                    CREATE TYPE order_status AS ENUM ('open', 'paid');\n";

/// Set first in release scripts, so that `sql/lock-without-timeout` stays out of tests about
/// other rules.
const TIMEOUT: &str = "SET lock_timeout = '5s';\n";

fn sorted(findings: &[crate::core::Finding]) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// Rule ids fired by adding `release` (after `SET lock_timeout`) as a second migration.
fn fired(release: &str) -> Vec<&'static str> {
    fired_raw(&format!("{TIMEOUT}{release}"))
}

/// Rule ids fired by adding `release` as it is.
fn fired_raw(release: &str) -> Vec<&'static str> {
    let old = [("db/migrations/0001_init.sql", INIT)];
    let new = [
        ("db/migrations/0001_init.sql", INIT),
        ("db/migrations/0002_release.sql", release),
    ];
    sorted(&findings_of(&old, &new))
}

#[test]
fn drops_of_existing_objects_fire() {
    assert_eq!(fired("DROP TABLE orders;"), ["sql/drop-table"]);
    assert_eq!(
        fired("ALTER TABLE users DROP COLUMN email, DROP COLUMN name;"),
        ["sql/drop-column", "sql/drop-column"]
    );
    assert_eq!(fired("DROP TYPE order_status;"), ["sql/drop-object"]);
    assert_eq!(fired("DROP FUNCTION gone(int);"), ["sql/drop-object"]);
}

#[test]
fn objects_created_in_the_release_are_quiet() {
    let release = "CREATE TABLE scratch (a int, b int);\n\
                   CREATE INDEX ON scratch (a);\n\
                   ALTER TABLE scratch ADD COLUMN c int NOT NULL;\n\
                   ALTER TABLE scratch ALTER COLUMN a SET NOT NULL;\n\
                   ALTER TABLE scratch ALTER COLUMN a TYPE bigint;\n\
                   ALTER TABLE scratch ADD CONSTRAINT k CHECK (a > 0);\n\
                   ALTER TABLE scratch RENAME COLUMN b TO bb;\n\
                   ALTER TABLE scratch DROP COLUMN c;\n\
                   ALTER TABLE scratch RENAME TO scratch2;\n\
                   TRUNCATE scratch2;\n\
                   DROP TABLE scratch2;\n\
                   CREATE VIEW v AS SELECT 1;\nDROP VIEW v;\n\
                   CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nDROP FUNCTION f();\n\
                   ALTER TABLE users ADD COLUMN nick text;\n\
                   ALTER TABLE users ALTER COLUMN nick TYPE varchar(3);\n\
                   ALTER TABLE users DROP COLUMN nick;";
    assert_eq!(fired(release), ["sql/add-nullable-column"]);
}

#[test]
fn renames_fire_with_the_old_definition() {
    let old = [("db/migrations/0001_init.sql", INIT)];
    let release = format!("{TIMEOUT}ALTER TABLE users RENAME COLUMN email TO mail;");
    let new = [
        ("db/migrations/0001_init.sql", INIT),
        ("db/migrations/0002_rename.sql", release.as_str()),
    ];
    let findings = findings_of(&old, &new);
    assert_eq!(sorted(&findings), ["sql/rename-column"]);
    let old_label = findings[0].old.as_ref().expect("old frame");
    assert_eq!(&INIT[old_label.span.range()], "email text");
    assert_eq!(
        fired("ALTER TABLE users RENAME TO people;"),
        ["sql/rename-table"]
    );
    assert_eq!(
        fired("ALTER SEQUENCE users_id_seq RENAME TO people_id_seq;"),
        ["sql/rename-object"]
    );
    assert_eq!(
        fired("ALTER TABLE orders SET SCHEMA archive;"),
        ["sql/set-schema"]
    );
}

#[test]
fn required_columns_need_a_default() {
    assert_eq!(
        fired("ALTER TABLE users ADD COLUMN team_id bigint NOT NULL;"),
        ["sql/add-not-null-column"]
    );
    assert_eq!(
        fired("ALTER TABLE users ADD COLUMN team_id bigint NOT NULL DEFAULT 0;"),
        ["sql/add-nullable-column"]
    );
    assert_eq!(
        fired("ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;"),
        ["sql/add-identity-column", "sql/add-nullable-column"]
    );
}

#[test]
fn set_not_null_needs_a_validated_check_from_postgresql_12() {
    assert_eq!(
        fired("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        ["sql/set-not-null", "sql/set-not-null-scans-table"]
    );
    // The check is validated in an earlier file of the same release.
    let checked = [
        ("db/migrations/0001_init.sql", INIT),
        (
            "db/migrations/0002_check.sql",
            "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;",
        ),
        (
            "db/migrations/0003_validate.sql",
            "ALTER TABLE users VALIDATE CONSTRAINT email_nn;",
        ),
        (
            "db/migrations/0004_set.sql",
            "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        ),
    ];
    let old = [("db/migrations/0001_init.sql", INIT)];
    let ids = |config: &str| sorted(&findings_with(config, &old, &checked));
    assert_eq!(
        ids(""),
        [
            "sql/add-constraint",
            "sql/lock-without-timeout",
            "sql/set-not-null"
        ]
    );
    let pg11 = "[[sql]]\npath = \"db/migrations\"\nversion = \"11.9\"\n";
    assert!(ids(pg11).contains(&"sql/set-not-null-scans-table"));
}

#[test]
fn column_types_widen_change_and_rewrite() {
    let init = "CREATE TABLE t (s varchar(10), n numeric(10, 2), i int, x text);";
    let run = |release: &str| {
        let old = [("m/0001_init.sql", init)];
        let release = format!("{TIMEOUT}{release}");
        let new = [
            ("m/0001_init.sql", init),
            ("m/0002_r.sql", release.as_str()),
        ];
        sorted(&findings_of(&old, &new))
    };
    assert_eq!(
        run("ALTER TABLE t ALTER COLUMN s TYPE text;"),
        ["sql/widen-column-type"]
    );
    assert_eq!(
        run("ALTER TABLE t ALTER COLUMN n TYPE numeric(14, 2);"),
        ["sql/widen-column-type"]
    );
    assert_eq!(
        run("ALTER TABLE t ALTER COLUMN i TYPE bigint;"),
        ["sql/column-type-rewrite", "sql/widen-column-type"]
    );
    assert_eq!(
        run("ALTER TABLE t ALTER COLUMN x TYPE int USING x::int;"),
        ["sql/change-column-type", "sql/column-type-rewrite"]
    );
    assert_eq!(
        run("ALTER TABLE t ALTER COLUMN s TYPE VARCHAR(10);"),
        Vec::<&str>::new()
    );
}

#[test]
fn index_builds_and_drops_must_be_concurrent_on_existing_tables() {
    assert_eq!(
        fired("CREATE INDEX orders_user_idx ON orders (user_id);"),
        ["sql/create-index-blocking"]
    );
    assert_eq!(
        fired_raw("CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);"),
        Vec::<&str>::new()
    );
    // The lock is on `orders`, which has traffic, however new the index.
    assert_eq!(
        fired("CREATE INDEX i ON orders (user_id);\nDROP INDEX i;"),
        ["sql/create-index-blocking", "sql/drop-index-blocking"]
    );
    assert_eq!(
        fired("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nDROP INDEX i;"),
        Vec::<&str>::new()
    );
    assert_eq!(fired("DROP INDEX old_idx;"), ["sql/drop-index-blocking"]);
    assert_eq!(fired("REINDEX TABLE orders;"), ["sql/reindex-blocking"]);
}

#[test]
fn constraints_restrict_writers_and_should_start_not_valid() {
    assert_eq!(
        fired("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        [
            "sql/add-constraint",
            "sql/add-foreign-key-without-not-valid"
        ]
    );
    assert_eq!(
        fired("ALTER TABLE orders ADD CONSTRAINT c CHECK (user_id > 0);"),
        ["sql/add-check-without-not-valid", "sql/add-constraint"]
    );
    assert_eq!(
        fired("ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);"),
        ["sql/add-constraint", "sql/add-unique-without-index"]
    );
    // Added NOT VALID and validated in the same file, which a tool wrapping files in a
    // transaction runs as one.
    let same_transaction = "BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n\
                            ALTER TABLE orders VALIDATE CONSTRAINT fk;\nCOMMIT;";
    assert_eq!(
        fired(same_transaction),
        ["sql/add-constraint", "sql/validate-in-same-transaction"]
    );
    assert_eq!(
        fired(
            "ALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id, user_id);"
        ),
        ["sql/add-unique-without-index", "sql/primary-key-changed"]
    );
}

#[test]
fn enum_values_added_renamed_and_removed() {
    assert_eq!(
        fired_raw("ALTER TYPE order_status ADD VALUE 'refunded';"),
        ["sql/enum-value-added"]
    );
    assert_eq!(
        fired_raw("CREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'great';"),
        Vec::<&str>::new()
    );
    assert_eq!(
        fired_raw("ALTER TYPE order_status RENAME VALUE 'paid' TO 'settled';"),
        ["sql/enum-value-renamed"]
    );
    assert_eq!(
        fired_raw("DROP TYPE order_status;\nCREATE TYPE order_status AS ENUM ('open');"),
        ["sql/drop-object", "sql/enum-value-removed"]
    );
}

#[test]
fn statements_that_cannot_be_parsed_are_reported() {
    let release = "DO LANGUAGE plv8 $$ plv8.elog(NOTICE, 'hi'); $$;\n\
                   DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;";
    assert_eq!(fired_raw(release), ["sql/unparsed-statement"]);
}

#[test]
fn the_sql_of_a_do_block_is_checked_and_its_dynamic_sql_reported() {
    let release = "DO $$\nDECLARE n int := 0;\nBEGIN\n\
                   IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'x') THEN\n\
                   ALTER TABLE users DROP COLUMN email;\n\
                   ELSE RAISE NOTICE 'done';\nEND IF;\n\
                   EXECUTE 'DROP TABLE ' || quote_ident('users');\nEND $$;";
    assert_eq!(
        fired_raw(release),
        [
            "sql/drop-column",
            "sql/dynamic-sql",
            "sql/lock-without-timeout",
            // The block is one transaction: the EXECUTE runs under the DROP's lock.
            "sql/statements-after-exclusive-lock"
        ]
    );
    // A plain literal is the statement it holds.
    assert_eq!(
        fired_raw(
            "SET lock_timeout = '5s';\nDO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN name'; END $$;"
        ),
        ["sql/drop-column"]
    );
}

#[test]
fn locks_without_timeout_are_reported_once_per_file() {
    assert_eq!(
        fired_raw("ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;"),
        [
            "sql/add-nullable-column",
            "sql/add-nullable-column",
            "sql/lock-without-timeout"
        ]
    );
    // Locks on tables the release created wait for nobody.
    assert_eq!(
        fired_raw("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;"),
        Vec::<&str>::new()
    );
    // SET LOCAL lasts until the end of its transaction; a timeout of 0 is none.
    let add = "ALTER TABLE users ADD COLUMN a text;";
    assert_eq!(
        fired_raw(&format!(
            "BEGIN;\nSET LOCAL lock_timeout = '5s';\n{add}\nCOMMIT;"
        )),
        ["sql/add-nullable-column"]
    );
    assert_eq!(
        fired_raw(&format!(
            "BEGIN;\nSET LOCAL lock_timeout = '5s';\nCOMMIT;\n{add}"
        )),
        ["sql/add-nullable-column", "sql/lock-without-timeout"]
    );
    assert_eq!(
        fired_raw(&format!("SET lock_timeout = '0ms';\n{add}")),
        ["sql/add-nullable-column", "sql/lock-without-timeout"]
    );
    // The tool or the migration role may set it for every session.
    let tool = |timeout: &str| {
        let config = format!("[[sql]]\npath = \"db/migrations\"\nlock_timeout = \"{timeout}\"\n");
        sorted(&findings_with(
            &config,
            &[("db/migrations/0001_init.sql", INIT)],
            &[
                ("db/migrations/0001_init.sql", INIT),
                ("db/migrations/0002_release.sql", add),
            ],
        ))
    };
    assert_eq!(tool("5s"), ["sql/add-nullable-column"]);
    assert_eq!(
        tool("0"),
        ["sql/add-nullable-column", "sql/lock-without-timeout"]
    );
}

#[test]
fn transactions_follow_the_tool() {
    let init_up = ("db/0001_init.up.sql", INIT);
    let init_down = ("db/0001_init.down.sql", "DROP TABLE users;");
    let old = [init_up, init_down];
    let run = |config: &str, up: &str| {
        let new = [
            init_up,
            init_down,
            ("db/0002_index.up.sql", up),
            (
                "db/0002_index.down.sql",
                "DROP INDEX CONCURRENTLY orders_user_idx;",
            ),
        ];
        sorted(&findings_with(config, &old, &new))
    };
    let index = "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);";
    // golang-migrate sends a file as one batch: one statement runs outside a transaction...
    assert_eq!(run("", index), Vec::<&str>::new());
    // ...several run inside an implicit one.
    let two = format!("{TIMEOUT}{index}");
    assert_eq!(run("", &two), ["sql/concurrently-in-transaction"]);
    // Wrapped, the up and the down both fail.
    let wrapped = "[[sql]]\npath = \"db\"\ntransaction_per_file = true\n";
    assert_eq!(
        run(wrapped, index),
        [
            "sql/concurrently-in-transaction",
            "sql/concurrently-in-transaction"
        ]
    );
    let unwrapped = "[[sql]]\npath = \"db\"\ntransaction_per_file = false\n";
    assert_eq!(run(unwrapped, &two), Vec::<&str>::new());

    // sqlx wraps each file unless it starts with `-- no-transaction`.
    let sqlx = "[[sql]]\npath = \"db\"\nlayout = \"sqlx\"\n";
    let sqlx_run = |up: &str| {
        sorted(&findings_with(
            sqlx,
            &[("db/1_init.sql", INIT)],
            &[("db/1_init.sql", INIT), ("db/2_index.sql", up)],
        ))
    };
    assert_eq!(sqlx_run(index), ["sql/concurrently-in-transaction"]);
    assert_eq!(
        sqlx_run(&format!("-- no-transaction\n{index}")),
        Vec::<&str>::new()
    );

    // dbmate wraps each section unless its own marker says `transaction:false`.
    let dbmate = |up_marker: &str, down_marker: &str| {
        let init = "-- migrate:up\nCREATE TABLE orders (id int, user_id int);\n-- migrate:down\nDROP TABLE orders;\n";
        let up = format!(
            "-- migrate:up{up_marker}\n{index}\n-- migrate:down{down_marker}\nDROP INDEX CONCURRENTLY orders_user_idx;\n"
        );
        sorted(&findings_of(
            &[("db/migrations/1_init.sql", init)],
            &[
                ("db/migrations/1_init.sql", init),
                ("db/migrations/2_index.sql", up.as_str()),
            ],
        ))
    };
    assert_eq!(
        dbmate("", ""),
        [
            "sql/concurrently-in-transaction",
            "sql/concurrently-in-transaction"
        ]
    );
    assert_eq!(
        dbmate(" transaction:false", ""),
        ["sql/concurrently-in-transaction"]
    );
    assert_eq!(
        dbmate(" transaction:false", " transaction:false"),
        Vec::<&str>::new()
    );
}

#[test]
fn statements_after_an_exclusive_lock_are_reported_once_per_transaction() {
    let release = "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN a text;\n\
                   UPDATE users SET a = '';\nUPDATE users SET a = 'x';\nCOMMIT;\n\
                   UPDATE users SET a = 'y';";
    assert_eq!(
        fired_raw(release),
        [
            "sql/add-nullable-column",
            "sql/statements-after-exclusive-lock"
        ]
    );
}

#[test]
fn golang_migrate_migrations_need_a_down() {
    let init_up = ("db/0001_init.up.sql", INIT);
    let init_down = ("db/0001_init.down.sql", "DROP TABLE users;");
    let add = (
        "db/0002_add.up.sql",
        "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN x int;",
    );
    let findings = findings_of(&[init_up, init_down], &[init_up, init_down, add]);
    assert_eq!(
        sorted(&findings),
        ["sql/add-nullable-column", "sql/missing-down-migration"]
    );
    let keep = ("db/0002_add.down.sql", "-- x stays: old code ignores it.");
    let findings = findings_of(&[init_up, init_down], &[init_up, init_down, add, keep]);
    assert_eq!(sorted(&findings), ["sql/add-nullable-column"]);
}

#[test]
fn down_migrations_must_restore_the_schema_without_losing_data() {
    let init_up = ("db/0001_init.up.sql", INIT);
    let init_down = ("db/0001_init.down.sql", "DROP TABLE users;");
    let up = (
        "db/0002_x.up.sql",
        "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN x int;\nALTER TABLE users DROP COLUMN name;\n\
         CREATE TABLE notes (id int);",
    );
    let run = |down: &str| {
        let new = [init_up, init_down, up, ("db/0002_x.down.sql", down)];
        findings_of(&[init_up, init_down], &new)
    };
    // Dropping the release's column loses data; the dropped column is not restored.
    let findings = run("ALTER TABLE users DROP COLUMN x;\nDROP TABLE notes;");
    let rollback: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule.as_str().contains("/down-"))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        rollback,
        [
            "this down migration drops column `users.x`, which the release added: a rollback \
             that runs it deletes everything the new version wrote there",
            "after the down migration of `0002_x`, column `users.name` is missing",
        ]
    );
    // Restoring the column (without its data) and keeping the harmless leftovers is complete.
    let findings = run("ALTER TABLE users ADD COLUMN name text;");
    assert!(
        findings.iter().all(|f| !f.rule.as_str().contains("/down-")),
        "{findings:?}"
    );
}

#[test]
fn history_edits_deletions_order_and_duplicates() {
    let a = ("db/migrations/0001_a.sql", INIT);
    let b = ("db/migrations/0002_b.sql", "CREATE TABLE b (id int);\n");
    let c = ("db/migrations/0003_c.sql", "CREATE TABLE c (id int);\n");
    let edited = ("db/migrations/0002_b.sql", "CREATE TABLE b (id bigint);\n");
    let findings = findings_of(&[a, b], &[a, edited]);
    assert_eq!(sorted(&findings), ["sql/applied-migration-edited"]);
    assert_eq!(
        sorted(&findings_of(&[a, b], &[a])),
        ["sql/applied-migration-deleted"]
    );
    assert_eq!(
        sorted(&findings_of(&[a, c], &[a, b, c])),
        ["sql/migration-out-of-order"]
    );
    let golang = |name: &str| {
        let up = ("db/0001_a.up.sql", "CREATE TABLE a (id int);");
        let down = ("db/0001_a.down.sql", "DROP TABLE a;");
        let other = (name, "CREATE TABLE z (id int);");
        let other_down = ("db/0001_z.down.sql", "DROP TABLE z;");
        sorted(&findings_of(&[up, down], &[up, down, other, other_down]))
    };
    assert_eq!(
        golang("db/0001_z.up.sql"),
        ["sql/duplicate-migration-version"]
    );
    // Flyway re-runs an edited repeatable migration: its new text is checked as the release.
    let flyway = "[[sql]]\npath = \"sql\"\nlayout = \"flyway\"\n";
    let v1 = ("sql/V1__init.sql", INIT);
    let views = (
        "sql/R__views.sql",
        "CREATE OR REPLACE VIEW v AS SELECT id FROM users;\n",
    );
    let views2 = (
        "sql/R__views.sql",
        "CREATE OR REPLACE VIEW v AS SELECT id, email FROM users;\nDROP TABLE orders;\n",
    );
    assert_eq!(
        sorted(&findings_with(flyway, &[v1, views], &[v1, views2])),
        ["sql/drop-table", "sql/lock-without-timeout"]
    );
}

#[test]
fn a_schema_file_is_an_appended_script_or_a_dump() {
    let config = "[[sql]]\npath = \".\"\nlayout = \"schema-file\"\n";
    let old = "CREATE TABLE t (\n  id int NOT NULL,\n  name text\n);\n";
    let appended = format!("{old}\n-- 2.4\n{TIMEOUT}ALTER TABLE t DROP COLUMN name;\n");
    let findings = findings_with(config, &[("schema.sql", old)], &[("schema.sql", &appended)]);
    assert_eq!(sorted(&findings), ["sql/drop-column"]);
    let dump = "CREATE TABLE t (\n  id bigint,\n  label text NOT NULL\n);\n";
    let findings = findings_with(config, &[("schema.sql", old)], &[("schema.sql", dump)]);
    assert_eq!(
        sorted(&findings),
        [
            "sql/add-not-null-column",
            "sql/drop-column",
            "sql/drop-not-null",
            "sql/widen-column-type"
        ]
    );
}

#[test]
fn dialects_and_versions_change_availability_rules() {
    let pg10 = "[[sql]]\npath = \"m\"\nversion = \"10\"\n";
    let init = "CREATE TABLE t (id int);";
    let release = "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN c int DEFAULT 0;";
    let run = |config: &str| {
        sorted(&findings_with(
            config,
            &[("m/0001.sql", init)],
            &[("m/0001.sql", init), ("m/0002.sql", release)],
        ))
    };
    assert_eq!(run(""), ["sql/add-nullable-column"]);
    assert_eq!(
        run(pg10),
        ["sql/add-column-default-rewrite", "sql/add-nullable-column"]
    );
    let mysql = "[[sql]]\npath = \"m\"\ndialect = \"mysql\"\n";
    assert_eq!(run(mysql), ["sql/add-nullable-column"]);
}

#[test]
fn down_scripts_answer_to_the_availability_rules_only() {
    let init_up = ("db/0001_init.up.sql", INIT);
    let init_down = (
        "db/0001_init.down.sql",
        "DROP TABLE orders;\nDROP TABLE users;",
    );
    let run = |up: &str, down: &str| {
        findings_of(
            &[init_up, init_down],
            &[
                init_up,
                init_down,
                ("db/0002_x.up.sql", up),
                ("db/0002_x.down.sql", down),
            ],
        )
    };
    // Rolling back rebuilds, with a blocking CREATE INDEX, the index the release dropped.
    let found = run(
        "DROP INDEX CONCURRENTLY orders_user_idx;",
        "CREATE INDEX orders_user_idx ON orders (user_id);",
    );
    assert_eq!(sorted(&found), ["sql/create-index-blocking"]);
    assert!(
        found[0]
            .message
            .starts_with("in the down migration, which a rollback runs: building this index"),
        "{}",
        found[0].message
    );
    // Contract rules judge the up script; what the down does to the schema is judged against
    // the schema it must restore (here it restores it exactly).
    let found = run(
        &format!("{TIMEOUT}ALTER TABLE users ALTER COLUMN name SET NOT NULL;"),
        &format!("{TIMEOUT}ALTER TABLE users ALTER COLUMN name DROP NOT NULL;"),
    );
    assert_eq!(
        sorted(&found),
        ["sql/set-not-null", "sql/set-not-null-scans-table"]
    );
    // A table the release created has no traffic from the old code the rollback brings back.
    let found = run(
        "CREATE TABLE coupons (code text);",
        "CREATE INDEX coupons_code_idx ON coupons (code);\nDROP TABLE coupons;",
    );
    assert_eq!(sorted(&found), Vec::<&str>::new());
    // One lock-without-timeout stands for the migration: the down is reported only when its up
    // takes no lock.
    let found = run(
        "ALTER TABLE orders ADD COLUMN note text;",
        "ALTER TABLE orders DROP COLUMN note;",
    );
    assert_eq!(
        sorted(&found),
        [
            "sql/add-nullable-column",
            "sql/down-drops-release-data",
            "sql/lock-without-timeout"
        ]
    );
    let found = run(
        "DROP INDEX CONCURRENTLY orders_user_idx;",
        "LOCK TABLE orders;\nCREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);",
    );
    assert_eq!(
        sorted(&found),
        [
            "sql/concurrently-in-transaction",
            "sql/lock-without-timeout",
            "sql/statements-after-exclusive-lock"
        ]
    );
}

#[test]
fn tool_settings_beside_a_migration_decide_its_transaction() {
    let index = "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);";
    let diesel = |metadata: Option<&str>| {
        let init = ("m/2024-01-01-000000_init/up.sql", INIT);
        let init_down = ("m/2024-01-01-000000_init/down.sql", "DROP TABLE orders;");
        let mut new = vec![
            init,
            init_down,
            ("m/2024-02-01-000000_index/up.sql", index),
            (
                "m/2024-02-01-000000_index/down.sql",
                "DROP INDEX CONCURRENTLY orders_user_idx;",
            ),
        ];
        if let Some(metadata) = metadata {
            new.push(("m/2024-02-01-000000_index/metadata.toml", metadata));
        }
        sorted(&findings_of(&[init, init_down], &new))
    };
    assert_eq!(
        diesel(None),
        [
            "sql/concurrently-in-transaction",
            "sql/concurrently-in-transaction"
        ]
    );
    assert_eq!(
        diesel(Some("run_in_transaction = false\n")),
        Vec::<&str>::new()
    );

    let flyway = |extra: &[(&'static str, &'static str)]| {
        let init = ("sql/V1__init.sql", INIT);
        let mut new = vec![init, ("sql/V2__index.sql", index)];
        new.extend_from_slice(extra);
        sorted(&findings_of(&[init], &new))
    };
    assert_eq!(flyway(&[]), ["sql/concurrently-in-transaction"]);
    assert_eq!(
        flyway(&[("sql/V2__index.sql.conf", "executeInTransaction=false\n")]),
        Vec::<&str>::new()
    );
    // A wrapped tool configured, the migration's own setting still wins.
    let wrapped = "[[sql]]\npath = \"sql\"\ntransaction_per_file = true\n";
    let init = ("sql/V1__init.sql", INIT);
    let header =
        "-- flyway:executeInTransaction=false\nCREATE INDEX CONCURRENTLY i ON orders (id);";
    assert_eq!(
        sorted(&findings_with(
            wrapped,
            &[init],
            &[init, ("sql/V2__index.sql", header)]
        )),
        Vec::<&str>::new()
    );
}
