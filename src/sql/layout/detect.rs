//! Which tool a migration directory belongs to: from the names of its files where they say
//! (`atlas.sum`, diesel's `up.sql`, Flyway's `V1__x.sql`, `.up.sql`, version directories), else
//! from the markers inside a file, since goose, sql-migrate, dbmate and Liquibase all name files
//! freely.

use super::sections::{Markers, markers_in};
use super::{file_name, is_flyway_name, liquibase, relative_to, versioned};
use crate::input::config::Layout;

/// Detects the layout of a migration directory from the names of its files; `Plain` when they
/// do not tell (then [`layout_in_text`] may).
pub fn detect_layout(root: &str, paths: &[String]) -> Layout {
    let relative: Vec<&str> = paths.iter().map(|p| relative_to(root, p)).collect();
    if relative.contains(&"atlas.sum") {
        Layout::Atlas
    } else if relative
        .iter()
        .any(|p| p.contains('/') && matches!(file_name(p), "up.sql" | "down.sql"))
    {
        Layout::Diesel
    } else if relative
        .iter()
        .any(|p| p.contains('/') && file_name(p) == "migration.sql")
    {
        Layout::Prisma
    } else if relative.iter().any(|p| is_flyway_name(file_name(p))) {
        Layout::Flyway
    } else if relative
        .iter()
        .any(|p| p.ends_with(".up.sql") || p.ends_with(".down.sql"))
    {
        Layout::GolangMigrate
    } else if relative.iter().any(|p| {
        p.split_once('/')
            .is_some_and(|(dir, name)| versioned::is_version_dir(dir) && !name.contains('/'))
    }) {
        Layout::Versioned
    } else {
        Layout::Plain
    }
}

/// The layout a migration file's text declares: goose's, sql-migrate's or dbmate's up marker,
/// or Liquibase's `--liquibase formatted sql` first line. `head` is the start of the file.
pub fn layout_in_text(head: &str) -> Option<Layout> {
    if liquibase::is_formatted(head) {
        return Some(Layout::Liquibase);
    }
    markers_in(head).map(|markers| match markers {
        Markers::Goose => Layout::Goose,
        Markers::SqlMigrate => Layout::SqlMigrate,
        Markers::Dbmate => Layout::Dbmate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_the_text_name_the_layout() {
        assert_eq!(
            layout_in_text("-- +goose Up\nCREATE TABLE t (a int);\n"),
            Some(Layout::Goose)
        );
        assert_eq!(
            layout_in_text("-- +migrate Up\nCREATE TABLE t (a int);\n"),
            Some(Layout::SqlMigrate)
        );
        assert_eq!(
            layout_in_text("-- migrate:up\nCREATE TABLE t (a int);\n"),
            Some(Layout::Dbmate)
        );
        assert_eq!(
            layout_in_text("--liquibase formatted sql\n--changeset a:1\nSELECT 1;\n"),
            Some(Layout::Liquibase)
        );
        assert_eq!(layout_in_text("CREATE TABLE t (a int);\n"), None);
    }
}
