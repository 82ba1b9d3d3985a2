//! A new migration whose version sorts before the newest migration already applied (or, where
//! the tool runs migrations in the order they are written, that is written before it).

use crate::core::{Finding, RuleId, Span};
use crate::input::config::Layout;

pub const ID: RuleId = RuleId::SqlMigrationOutOfOrder;

pub fn finding(id: &str, newest: &str, layout: Layout, new: Span, old: Span) -> Finding {
    let placed = match layout {
        Layout::Liquibase => "comes before",
        Layout::Versioned => "is in a version no later than that of",
        _ => "sorts before",
    };
    let finding = Finding::new(
        ID,
        format!(
            "migration `{id}` is new in this release but {placed} `{newest}`, which databases \
             already ran; {}",
            consequence(layout)
        ),
    )
    .at_new(new, "new migration ordered here")
    .at_old(old, "newest applied migration");
    match help(layout) {
        Some(help) => finding.with_help(help),
        None => finding,
    }
}

/// What the layout's tool does with such a migration on a database that ran `newest`.
fn consequence(layout: Layout) -> &'static str {
    match layout {
        Layout::GolangMigrate => {
            "golang-migrate records only the newest version, so it never runs this one there"
        }
        Layout::Flyway => "Flyway refuses to migrate them unless `outOfOrder` is on",
        Layout::Atlas => "Atlas refuses to migrate them (a non-linear history)",
        Layout::Goose => {
            "goose refuses to migrate (\"found 1 missing migrations\"), and with `--allow-missing` \
             runs it after the migrations it was written to precede"
        }
        Layout::Diesel
        | Layout::Sqlx
        | Layout::Prisma
        | Layout::SqlMigrate
        | Layout::Dbmate
        | Layout::Liquibase => {
            "the migration tool runs it after the migrations it was written to precede, while a \
             new database runs it before them"
        }
        Layout::Versioned => {
            "the schema tool records only the version a database reached and never runs it there"
        }
        Layout::Plain | Layout::SchemaFile => {
            "depending on the tool, it never runs there, runs after the newer ones, or the tool \
             refuses to migrate"
        }
    }
}

/// The fix where renaming the file is not it.
fn help(layout: Layout) -> Option<&'static str> {
    match layout {
        Layout::Liquibase => Some("Move the changeset after the last one databases already ran"),
        Layout::Versioned => Some(
            "Put the file in a new version directory, above every version databases reached, \
             and list it in that directory's manifest.json",
        ),
        _ => None,
    }
}
