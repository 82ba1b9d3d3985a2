//! Each rule through the front door: two trees of migrations compared as `compat diff` does.

use crate::sql::findings_of;

const INIT: &str = "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text,\n  email text\n);\n\
                    CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n\
                    CREATE TYPE order_status AS ENUM ('open', 'paid');\n";

/// Rule ids fired by adding `release` as a second migration after [`INIT`].
fn fired(release: &str) -> Vec<&'static str> {
    let old = [("db/migrations/0001_init.sql", INIT)];
    let new = [
        ("db/migrations/0001_init.sql", INIT),
        ("db/migrations/0002_release.sql", release),
    ];
    let mut ids: Vec<&str> = findings_of(&old, &new).iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn drops_of_existing_objects_fire() {
    assert_eq!(fired("DROP TABLE orders;"), ["sql/drop-table"]);
    assert_eq!(
        fired("ALTER TABLE users DROP COLUMN email, DROP COLUMN name;"),
        ["sql/drop-column", "sql/drop-column"]
    );
}

#[test]
fn objects_created_in_the_release_are_quiet() {
    let release = "CREATE TABLE scratch (a int, b int);\n\
                   CREATE INDEX ON scratch (a);\n\
                   ALTER TABLE scratch ADD COLUMN c int NOT NULL;\n\
                   ALTER TABLE scratch ALTER COLUMN a SET NOT NULL;\n\
                   ALTER TABLE scratch RENAME COLUMN b TO bb;\n\
                   ALTER TABLE scratch DROP COLUMN c;\n\
                   ALTER TABLE scratch RENAME TO scratch2;\n\
                   DROP TABLE scratch2;\n\
                   ALTER TABLE users ADD COLUMN nick text;\n\
                   ALTER TABLE users DROP COLUMN nick;";
    assert_eq!(fired(release), Vec::<&str>::new());
}

#[test]
fn renames_fire_with_the_old_definition() {
    let old = [("db/migrations/0001_init.sql", INIT)];
    let new = [
        ("db/migrations/0001_init.sql", INIT),
        (
            "db/migrations/0002_rename.sql",
            "ALTER TABLE users RENAME COLUMN email TO mail;",
        ),
    ];
    let findings = findings_of(&old, &new);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "sql/rename-column");
    let old_label = findings[0].old.as_ref().expect("old frame");
    let start = old_label.span.start;
    assert_eq!(&INIT[start..old_label.span.end], "email text");
    assert_eq!(
        fired("ALTER TABLE users RENAME TO people;"),
        ["sql/rename-table"]
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
        Vec::<&str>::new()
    );
    assert_eq!(
        fired("ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;"),
        Vec::<&str>::new()
    );
}

#[test]
fn set_not_null_fires_on_existing_nullable_columns() {
    assert_eq!(
        fired("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        ["sql/set-not-null"]
    );
}

#[test]
fn index_builds_must_be_concurrent_on_existing_tables() {
    assert_eq!(
        fired("CREATE INDEX orders_user_idx ON orders (user_id);"),
        ["sql/create-index-blocking"]
    );
    assert_eq!(
        fired("CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);"),
        Vec::<&str>::new()
    );
}

#[test]
fn foreign_keys_should_start_not_valid() {
    assert_eq!(
        fired("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        ["sql/add-foreign-key-without-not-valid"]
    );
    assert_eq!(
        fired(
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n\
             ALTER TABLE orders VALIDATE CONSTRAINT fk;"
        ),
        Vec::<&str>::new()
    );
}

#[test]
fn enum_values_added_to_existing_types_fire() {
    assert_eq!(
        fired("ALTER TYPE order_status ADD VALUE 'refunded';"),
        ["sql/enum-value-added"]
    );
    assert_eq!(
        fired("CREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'great';"),
        Vec::<&str>::new()
    );
}

#[test]
fn statements_that_cannot_be_parsed_are_reported() {
    let release =
        "DO $$ BEGIN PERFORM 1; END $$;\nDROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;";
    assert_eq!(fired(release), ["sql/unparsed-statement"]);
}

#[test]
fn golang_migrate_migrations_need_a_down() {
    let init_up = ("db/0001_init.up.sql", INIT);
    let init_down = ("db/0001_init.down.sql", "DROP TABLE users;");
    let add = ("db/0002_add.up.sql", "ALTER TABLE users ADD COLUMN x int;");
    let findings = findings_of(&[init_up, init_down], &[init_up, init_down, add]);
    let ids: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(ids, ["sql/missing-down-migration"]);
    let down = ("db/0002_add.down.sql", "ALTER TABLE users DROP COLUMN x;");
    assert!(findings_of(&[init_up, init_down], &[init_up, init_down, add, down]).is_empty());
}

#[test]
fn dbmate_sections_count_as_up_and_down() {
    let init = "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;\n";
    let release = "-- migrate:up\nALTER TABLE t DROP COLUMN a;\n-- migrate:down\n";
    let findings = findings_of(
        &[("db/migrations/1_init.sql", init)],
        &[
            ("db/migrations/1_init.sql", init),
            ("db/migrations/2_drop.sql", release),
        ],
    );
    let mut ids: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["sql/drop-column", "sql/missing-down-migration"]);
}
