//! Migration files cut in parts once their text is read: a file with dbmate's, goose's or
//! sql-migrate's sections holds its up and its down script; a Liquibase formatted SQL file
//! holds several migrations, its changesets. Parts keep the file's offsets (`Script::range`),
//! so every span still points into the file as written.

use super::sections::{Markers, is_written, sections};
use super::{Migration, Script, liquibase};
use crate::input::config::{Dialect, Layout};

/// Whether the layout's files hold their migrations in parts ([`split_file`]).
pub fn cuts_files(layout: Layout) -> bool {
    matches!(
        layout,
        Layout::Dbmate | Layout::Goose | Layout::SqlMigrate | Layout::Liquibase
    )
}

/// A migration file as its tool cuts it: sections become the up script and, when it is
/// written, the down script; a Liquibase file becomes its changesets, in file order. A file
/// without the markers stays whole. dbmate's markers are honoured in any layout but goose's
/// and sql-migrate's own.
pub fn split_file(
    migration: Migration,
    text: &str,
    layout: Layout,
    dialect: Dialect,
) -> Vec<Migration> {
    let Some(path) = migration.up.as_ref().map(|up| up.path.clone()) else {
        return vec![migration];
    };
    if layout == Layout::Liquibase {
        return match liquibase::changesets(text, dialect) {
            Some(changesets) => changesets
                .into_iter()
                .map(|changeset| changeset_migration(&path, changeset))
                .collect(),
            None => vec![migration],
        };
    }
    let markers = Markers::of(layout);
    let Some(found) = sections(text, markers) else {
        return vec![migration];
    };
    let down = found
        .down
        .filter(|range| is_written(&text[range.clone()], markers))
        .map(|range| Script::part(&path, range, found.down_transaction));
    vec![Migration {
        up: Some(Script::part(&path, found.up, found.up_transaction)),
        down: down.or(migration.down.clone()),
        ..migration
    }]
}

/// A Liquibase changeset as a migration: its body runs forward, its rollback back, both in the
/// changeset's transaction.
fn changeset_migration(path: &str, changeset: liquibase::Changeset) -> Migration {
    let down = changeset.rollback.map(|pieces| Script {
        only: Some(pieces),
        ..Script::part(path, changeset.body.clone(), changeset.transaction)
    });
    Migration {
        up: Some(Script::part(path, changeset.body, changeset.transaction)),
        down,
        repeatable: changeset.reruns,
        ..Migration::new(changeset.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Migration {
        Migration {
            up: Some(Script::whole(path)),
            ..Migration::new("0001_add".to_owned())
        }
    }

    fn section<'t>(text: &'t str, script: &Option<Script>) -> Option<&'t str> {
        let range = script.as_ref()?.range.clone()?;
        text.get(range)
    }

    #[test]
    fn a_goose_file_holds_its_up_and_its_down() {
        let text = "-- +goose Up\nALTER TABLE t ADD COLUMN b int;\n\n\
                    -- +goose Down\nALTER TABLE t DROP COLUMN b;\n";
        let split = split_file(
            file("m/0001_add.sql"),
            text,
            Layout::Goose,
            Dialect::Postgres,
        );
        assert_eq!(split.len(), 1);
        assert_eq!(
            section(text, &split[0].up),
            Some("ALTER TABLE t ADD COLUMN b int;\n\n")
        );
        assert_eq!(
            section(text, &split[0].down),
            Some("ALTER TABLE t DROP COLUMN b;\n")
        );

        // A Down section with nothing in it is no down migration.
        let empty = "-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose StatementBegin\n\
                     -- +goose StatementEnd\n";
        let split = split_file(
            file("m/0001_add.sql"),
            empty,
            Layout::Goose,
            Dialect::Postgres,
        );
        assert_eq!(split[0].down, None);
        // Without markers the file stays whole.
        let plain = split_file(
            file("m/0001_add.sql"),
            "SELECT 1;",
            Layout::Goose,
            Dialect::Postgres,
        );
        assert_eq!(plain, vec![file("m/0001_add.sql")]);
    }

    #[test]
    fn a_goose_statement_block_with_a_dollar_quoted_body_is_one_statement() {
        let init = "-- +goose Up\nCREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE t;\n";
        let release = "-- +goose Up\n-- +goose StatementBegin\n\
                       CREATE FUNCTION bump() RETURNS trigger AS $$\nBEGIN\n  \
                       NEW.a := NEW.a + 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n\
                       -- +goose StatementEnd\n\n-- +goose Down\n-- +goose StatementBegin\n\
                       DROP FUNCTION bump();\n-- +goose StatementEnd\n";
        let old = [("db/migrations/00001_t.sql", init)];
        let new = [
            ("db/migrations/00001_t.sql", init),
            ("db/migrations/00002_bump.sql", release),
        ];
        let found = crate::engine::testing::findings_of(&old, &new);
        let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        // Parsed whole: no fragment of the body is an unreadable statement, and dropping the
        // function the release created is no drop of an object the old version uses.
        assert_eq!(rules, Vec::<&str>::new());
    }

    #[test]
    fn a_liquibase_file_holds_its_changesets() {
        let text = "--liquibase formatted sql\n--changeset ana:1\nCREATE TABLE t (a int);\n\
                    --rollback DROP TABLE t;\n--changeset ana:2 runInTransaction:false\n\
                    CREATE INDEX CONCURRENTLY i ON t (a);\n";
        let split = split_file(
            file("changelog/001_t.sql"),
            text,
            Layout::Liquibase,
            Dialect::Postgres,
        );
        let ids: Vec<&str> = split.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["ana:1", "ana:2"]);
        let down = split[0].down.as_ref().expect("rollback");
        let shown = down.text(&std::sync::Arc::from(text));
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown.trim(), "DROP TABLE t;");
        assert_eq!(split[1].down, None);
        assert_eq!(
            split[1].up.as_ref().and_then(|s| s.transaction),
            Some(false)
        );
    }
}
