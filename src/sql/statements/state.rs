//! What the earlier statements of a script leave in effect for the later ones: settings, the
//! locks the open transaction holds, constraints it added `NOT VALID`.

use sqlparser::ast::{self, AlterTableOperation, TableConstraint};

use super::context::{Context, Existing};
use super::model::{ident_key, object_key};
use crate::core::Span;
use crate::input::config::Dialect;
use crate::sql::parse::{Recognized, StatementKind};

/// An ACCESS EXCLUSIVE lock the open transaction holds.
#[derive(Debug, Clone)]
pub struct HeldLock {
    /// The table as written.
    pub table: String,
    /// The statement that took it, and its 1-based line.
    pub span: Span,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct ScriptState {
    /// A lock_timeout other than 0 is in effect for the session: the tool or the migration role
    /// sets one, or a `SET lock_timeout` ran earlier in the script.
    pub lock_timeout: bool,
    /// What a `SET LOCAL lock_timeout` in the open transaction set, until the transaction ends.
    pub local_lock_timeout: Option<bool>,
    /// A statement already waited for a lock without `lock_timeout` (reported once per script).
    pub waited_without_timeout: bool,
    /// The first ACCESS EXCLUSIVE lock on an existing table in the open transaction.
    pub exclusive_lock: Option<HeldLock>,
    /// A later statement of the open transaction was already reported for running under it.
    pub ran_under_lock: bool,
    /// Constraints added `NOT VALID` in the open transaction: (table key, constraint key).
    pub not_valid: Vec<(String, String)>,
    /// The number of the open transaction (see `Statement::transaction`); 0 when none is.
    transaction: u32,
}

impl ScriptState {
    /// A session in which the tool already set a lock_timeout, or not.
    pub fn new(lock_timeout: bool) -> Self {
        ScriptState {
            lock_timeout,
            ..ScriptState::default()
        }
    }

    /// Called before a statement's rules run: a statement outside the transaction the previous
    /// ones had open (outside any, or in the next one) ends it.
    pub fn before(&mut self, transaction: u32) {
        if transaction == 0 || transaction != self.transaction {
            self.exclusive_lock = None;
            self.ran_under_lock = false;
            self.not_valid.clear();
            self.local_lock_timeout = None;
        }
        self.transaction = transaction;
    }

    /// Whether a lock request now gives up after a while instead of waiting forever.
    pub fn has_lock_timeout(&self) -> bool {
        self.local_lock_timeout.unwrap_or(self.lock_timeout)
    }

    /// Records what a statement leaves in effect (see [`effects`]).
    /// `line` is the statement's 1-based line.
    pub fn record(
        &mut self,
        effects: Effects,
        span: Span,
        line: impl FnOnce() -> usize,
        in_transaction: bool,
    ) {
        match effects.lock_timeout {
            Some(LockTimeout { on, local: true }) if in_transaction => {
                self.local_lock_timeout = Some(on);
            }
            // Outside a transaction, SET LOCAL has no effect.
            Some(LockTimeout { local: true, .. }) => {}
            Some(LockTimeout { on, local: false }) => {
                self.lock_timeout = on;
                self.local_lock_timeout = None;
            }
            None => {}
        }
        if effects.locked.is_some() && !self.has_lock_timeout() {
            self.waited_without_timeout = true;
        }
        self.ran_under_lock |= effects.ran_under_lock;
        if let (Some(table), true, None) = (effects.locked, in_transaction, &self.exclusive_lock) {
            self.exclusive_lock = Some(HeldLock {
                table,
                span,
                line: line(),
            });
        }
        self.not_valid.extend(effects.not_valid);
    }
}

/// What one statement changes in its session.
#[derive(Debug, Default)]
pub struct Effects {
    lock_timeout: Option<LockTimeout>,
    locked: Option<String>,
    ran_under_lock: bool,
    not_valid: Vec<(String, String)>,
}

/// Computed while the statement's context (which borrows the session) is alive.
pub fn effects(cx: &Context<'_>) -> Effects {
    let mut not_valid = Vec::new();
    if let Some((key, alter)) = cx.alter_table() {
        for operation in &alter.operations {
            if let AlterTableOperation::AddConstraint {
                constraint,
                not_valid: true,
            } = operation
                && let Some(name) = constraint_name(constraint)
            {
                not_valid.push((key.to_owned(), name));
            }
        }
    }
    Effects {
        lock_timeout: sets_lock_timeout(cx),
        locked: exclusive_lock_target(cx),
        ran_under_lock: runs_under_lock(cx),
        not_valid,
    }
}

/// A `SET [LOCAL] lock_timeout`.
#[derive(Debug, Clone, Copy)]
struct LockTimeout {
    /// Set to something other than 0.
    on: bool,
    /// `SET LOCAL`: only until the transaction ends.
    local: bool,
}

fn sets_lock_timeout(cx: &Context<'_>) -> Option<LockTimeout> {
    let Some(ast::Statement::Set(ast::Set::SingleAssignment {
        scope,
        variable,
        values,
        ..
    })) = cx.parsed()
    else {
        return None;
    };
    if !object_key(variable).ends_with("lock_timeout") {
        return None;
    }
    let value = values
        .first()
        .map(|v| v.to_string().trim_matches('\'').to_owned())
        .unwrap_or_default();
    Some(LockTimeout {
        on: !is_zero(&value),
        local: *scope == Some(ast::ContextModifier::Local),
    })
}

/// Whether a lock_timeout value turns the timeout off: `0` in any unit, or the default (off
/// unless the server configures one, which compat cannot see).
pub fn is_zero(value: &str) -> bool {
    let value = value.trim().trim_matches('\'').trim();
    value.is_empty()
        || value.eq_ignore_ascii_case("default")
        || value
            .trim_end_matches(char::is_alphabetic)
            .trim()
            .parse::<f64>()
            .is_ok_and(|n| n == 0.0)
}

/// Whether this statement runs while an earlier statement of the open transaction holds an
/// ACCESS EXCLUSIVE lock, and is the first such statement (later ones are not reported again).
pub fn runs_under_lock(cx: &Context<'_>) -> bool {
    if cx.state.exclusive_lock.is_none()
        || cx.state.ran_under_lock
        || !cx.statement.in_transaction()
    {
        return false;
    }
    !matches!(
        cx.parsed(),
        Some(
            ast::Statement::Commit { .. }
                | ast::Statement::Rollback { .. }
                | ast::Statement::Set(_)
                | ast::Statement::Comment { .. }
        )
    )
}

/// Whether this statement is the first of its script to queue for an ACCESS EXCLUSIVE lock with
/// no `lock_timeout` set.
pub fn waits_without_timeout(cx: &Context<'_>) -> Option<String> {
    if cx.state.has_lock_timeout() || cx.state.waited_without_timeout {
        return None;
    }
    exclusive_lock_target(cx)
}

/// The table (as written) on which this PostgreSQL statement takes an ACCESS EXCLUSIVE lock,
/// when that table existed before the release. Tables the release created have no traffic.
pub fn exclusive_lock_target(cx: &Context<'_>) -> Option<String> {
    if cx.dialect != Dialect::Postgres {
        return None;
    }
    let existing = |key: &str| !matches!(cx.existing_table(key), Existing::No);
    let candidates: Vec<(String, String)> = match &cx.statement.kind {
        StatementKind::Parsed(statement) => match statement.as_ref() {
            ast::Statement::AlterTable(alter)
                if alter.operations.iter().any(takes_access_exclusive) =>
            {
                vec![(object_key(&alter.name), alter.name.to_string())]
            }
            ast::Statement::Drop {
                object_type: ast::ObjectType::Table,
                names,
                ..
            } => names
                .iter()
                .map(|n| (object_key(n), n.to_string()))
                .collect(),
            ast::Statement::Drop {
                object_type: ast::ObjectType::Index,
                names,
                ..
            } => names
                .iter()
                .filter_map(|n| {
                    let index = cx.schema.indexes.get(&object_key(n))?;
                    let table = cx.schema.tables.get(&index.table)?;
                    Some((index.table.clone(), table.name.clone()))
                })
                .collect(),
            ast::Statement::Truncate(truncate) => truncate
                .table_names
                .iter()
                .map(|t| (object_key(&t.name), t.name.to_string()))
                .collect(),
            ast::Statement::Vacuum(vacuum) if vacuum.full => vacuum
                .table_name
                .iter()
                .map(|n| (object_key(n), n.to_string()))
                .collect(),
            ast::Statement::Lock(lock)
                if matches!(
                    lock.lock_mode,
                    None | Some(ast::LockTableMode::AccessExclusive)
                ) =>
            {
                lock.tables
                    .iter()
                    .map(|t| (object_key(&t.name), t.name.to_string()))
                    .collect()
            }
            _ => Vec::new(),
        },
        StatementKind::Recognized(Recognized::Cluster { table: Some(table) }) => {
            vec![(super::replay::loose_key(table), table.clone())]
        }
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .find(|(key, _)| existing(key))
        .map(|(_, name)| name)
}

/// ALTER TABLE forms that take ACCESS EXCLUSIVE. Adding a foreign key takes SHARE ROW
/// EXCLUSIVE; validating a constraint and detaching a partition concurrently take SHARE UPDATE
/// EXCLUSIVE; MySQL-only forms do not apply.
fn takes_access_exclusive(operation: &AlterTableOperation) -> bool {
    !matches!(
        operation,
        AlterTableOperation::AddConstraint {
            constraint: TableConstraint::ForeignKey(_),
            ..
        } | AlterTableOperation::ValidateConstraint { .. }
            | AlterTableOperation::DetachPartitionOf {
                mode: Some(ast::DetachPartitionMode::Concurrently),
                ..
            }
            | AlterTableOperation::Algorithm { .. }
            | AlterTableOperation::Lock { .. }
            | AlterTableOperation::OwnerTo { .. }
    )
}

fn constraint_name(constraint: &TableConstraint) -> Option<String> {
    let name = match constraint {
        TableConstraint::Check(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        _ => None,
    };
    name.map(ident_key)
}
