//! A new migration whose version sorts before the newest migration already applied.

use crate::core::{Finding, RuleId, Span};
use crate::input::config::Layout;

pub const ID: RuleId = RuleId::SqlMigrationOutOfOrder;

pub fn finding(id: &str, newest: &str, layout: Layout, new: Span, old: Span) -> Finding {
    Finding::new(
        ID,
        format!(
            "migration `{id}` is new in this release but sorts before `{newest}`, which databases \
             already ran; {}",
            what_the_tool_does(layout)
        ),
    )
    .at_new(new, "new migration ordered here")
    .at_old(old, "newest applied migration")
}

/// What the layout's tool does with a pending migration older than the newest applied one.
fn what_the_tool_does(layout: Layout) -> &'static str {
    match layout {
        Layout::GolangMigrate => {
            "golang-migrate records only the newest version, so it never runs this one on them"
        }
        Layout::Flyway => "Flyway refuses to migrate them unless `outOfOrder` is on",
        Layout::Atlas => "Atlas refuses to migrate them (a non-linear history)",
        Layout::Diesel | Layout::Sqlx | Layout::Dbmate | Layout::Prisma => {
            "the tool runs it there after the newer ones, an order no other environment ran"
        }
        Layout::Plain | Layout::SchemaFile => {
            "depending on the tool, it never runs there, runs after the newer ones, or the tool \
             refuses to migrate"
        }
    }
}
