//! PostgreSQL statements sqlparser rejects, read with squawk-syntax (PostgreSQL's grammar as a
//! lossless tree). A statement squawk reads becomes one of three things:
//!
//! - an operation compat keeps itself ([`Recognized`]): `DROP INDEX CONCURRENTLY`, `REINDEX`,
//!   `CLUSTER`, statistics, comments, a function defined with options sqlparser lacks, an
//!   object moved to another schema or renamed, a constraint's deferrability changed;
//! - a lowering: the statement minus the elements sqlparser has no syntax for, which sqlparser
//!   then parses, plus what those elements do, restated in sqlparser's terms (PostgreSQL 18's
//!   `CONSTRAINT name NOT NULL column` is the column's `NOT NULL`);
//! - nothing compat can use, when squawk rejects it too or compat has no reading for it: the
//!   statement stays unparsed, and a finding says so.

use std::ops::Range;

use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SourceFile, SyntaxKind, SyntaxNode};

use super::Recognized;
use super::opaque::{Object, Touch};

/// What squawk made of a statement.
pub(super) enum Reading {
    Recognized(Recognized),
    Lowered(Lowering),
    Unread,
}

/// How to turn a statement into one sqlparser reads. Ranges are byte offsets in the statement's
/// text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Lowering {
    /// Elements dropped, each with one comma that separates it from its neighbour.
    pub cut: Vec<Range<usize>>,
    /// `ADD CONSTRAINT name NOT NULL column` actions (PostgreSQL 18) and their column: read as
    /// `ALTER COLUMN column SET NOT NULL`, which is what they do.
    pub set_not_null: Vec<(Range<usize>, Range<usize>)>,
    /// Columns, as written, that a `CONSTRAINT name NOT NULL column` element of a `CREATE TABLE`
    /// makes `NOT NULL`.
    pub not_null: Vec<String>,
}

impl Lowering {
    fn is_empty(&self) -> bool {
        self.cut.is_empty() && self.set_not_null.is_empty()
    }
}

/// Reads one statement (its text, without the `;`).
pub(super) fn read(statement: &str) -> Reading {
    let parse = SourceFile::parse(statement);
    if !parse.errors().is_empty() {
        return Reading::Unread;
    }
    let mut stmts = parse.tree().stmts();
    let (Some(stmt), None) = (stmts.next(), stmts.next()) else {
        return Reading::Unread;
    };
    let recognized = match stmt {
        ast::Stmt::CreateTable(create) => return lower_create_table(&create),
        ast::Stmt::AlterTable(alter) => return lower_alter_table(&alter),
        ast::Stmt::DropIndex(drop) if drop.concurrently_token().is_some() => {
            Recognized::DropIndexConcurrently {
                names: drop.index_refs().map(|r| words(r.syntax())).collect(),
            }
        }
        ast::Stmt::Reindex(reindex) => Recognized::Reindex {
            concurrently: has_token(reindex.syntax(), SyntaxKind::CONCURRENTLY_KW),
        },
        ast::Stmt::Cluster(cluster) => Recognized::Cluster {
            table: cluster
                .table_name_ref()
                .map(|t| words(t.syntax()))
                .or_else(|| {
                    // `CLUSTER index ON table`, the form before PostgreSQL 8.3.
                    let legacy = cluster.cluster_legacy()?;
                    path_words(&legacy.syntax().children().last()?)
                }),
        },
        ast::Stmt::CommentOn(_) => Recognized::Comment,
        ast::Stmt::CreateStatistics(_)
        | ast::Stmt::DropStatistics(_)
        | ast::Stmt::AlterStatistics(_) => Recognized::Statistics,
        ast::Stmt::CreateFunction(function) => {
            defines_function(function.name().map(|n| n.syntax().clone()))
        }
        ast::Stmt::CreateProcedure(procedure) => {
            defines_function(procedure.name().map(|n| n.syntax().clone()))
        }
        ast::Stmt::AlterSequence(sequence) => {
            moved(sequence.syntax()).unwrap_or(Recognized::AlterSequence)
        }
        other => match moved(other.syntax()) {
            Some(moved) => moved,
            None => return Reading::Unread,
        },
    };
    Reading::Recognized(recognized)
}

fn defines_function(name: Option<SyntaxNode>) -> Recognized {
    Recognized::Object(Touch {
        creates: true,
        object: Object::Function,
        names: name.map(|n| words(&n)).into_iter().collect(),
        on: None,
    })
}

/// `CREATE TABLE` with PostgreSQL 18's table constraints `CONSTRAINT name NOT NULL column`.
fn lower_create_table(create: &ast::CreateTable) -> Reading {
    let mut lowering = Lowering::default();
    for arg in create
        .table_arg_list()
        .into_iter()
        .flat_map(|list| list.args())
    {
        let ast::TableArg::TableConstraint(ast::TableConstraint::NotNullConstraint(not_null)) = arg
        else {
            continue;
        };
        if let Some(column) = not_null.column_name_ref() {
            lowering.cut.push(range(not_null.syntax()));
            lowering.not_null.push(words(column.syntax()));
        }
    }
    lowered(lowering)
}

/// `ALTER TABLE` with actions sqlparser lacks: `ADD CONSTRAINT name NOT NULL column`,
/// `ALTER CONSTRAINT name [NOT] DEFERRABLE ...`, `SET SCHEMA`.
fn lower_alter_table(alter: &ast::AlterTable) -> Reading {
    let actions: Vec<ast::AlterTableAction> = alter.actions().collect();
    let table = alter
        .table_relation_name()
        .and_then(|name| path_words(name.syntax()));
    let mut lowering = Lowering::default();
    let mut constraints_altered = 0;
    for action in &actions {
        match action {
            ast::AlterTableAction::AddConstraint(add) => {
                let Some(ast::Constraint::NotNullConstraint(not_null)) = add.constraint() else {
                    continue;
                };
                // `NOT VALID` leaves existing rows unchecked: not what `SET NOT NULL` does.
                let not_valid = has_node(not_null.syntax(), SyntaxKind::NOT_VALID);
                if let (Some(column), false) = (not_null.column_name_ref(), not_valid) {
                    lowering
                        .set_not_null
                        .push((range(add.syntax()), range(column.syntax())));
                }
            }
            ast::AlterTableAction::AlterConstraint(constraint) => {
                lowering.cut.push(range(constraint.syntax()));
                constraints_altered += 1;
            }
            ast::AlterTableAction::SetSchema(set) if actions.len() == 1 => {
                if let (Some(name), Some(schema)) = (table, set.schema_ref()) {
                    return Reading::Recognized(Recognized::SetSchema {
                        object: "TABLE".to_owned(),
                        name,
                        schema: words(schema.syntax()),
                    });
                }
                return Reading::Unread;
            }
            _ => {}
        }
    }
    if constraints_altered > 0 && constraints_altered == actions.len() {
        // Deferrability and enforcement: nothing the schema model or old code sees.
        return Reading::Recognized(Recognized::AlterConstraint);
    }
    lowered(lowering)
}

fn lowered(lowering: Lowering) -> Reading {
    if lowering.is_empty() {
        Reading::Unread
    } else {
        Reading::Lowered(lowering)
    }
}

/// `ALTER <object> name RENAME TO new` and `ALTER <object> name SET SCHEMA s`, for any object.
fn moved(stmt: &SyntaxNode) -> Option<Recognized> {
    let mut children = stmt.children();
    let named = children.find(|c| c.kind() != SyntaxKind::IF_EXISTS)?;
    let name = words(&named)
        .split('(')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let object = stmt
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| !t.kind().is_trivia())
        .nth(1)?
        .text()
        .to_uppercase();
    for action in stmt.children() {
        if let Some(set) = ast::SetSchema::cast(action.clone()) {
            return Some(Recognized::SetSchema {
                object,
                name,
                schema: words(set.schema_ref()?.syntax()),
            });
        }
        if format!("{:?}", action.kind()).ends_with("RENAME_TO") {
            return Some(Recognized::Rename {
                object,
                name,
                to: words(&action.children().last()?),
            });
        }
    }
    None
}

/// A node's code as written, without comments and with whitespace dropped (`s . t` is `s.t`).
fn words(node: &SyntaxNode) -> String {
    node.descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| !t.kind().is_trivia())
        .map(|t| t.text().to_owned())
        .collect::<Vec<_>>()
        .join("")
}

/// The first qualified name in a node, as [`words`].
fn path_words(node: &SyntaxNode) -> Option<String> {
    node.descendants()
        .find(|n| matches!(n.kind(), SyntaxKind::PATH | SyntaxKind::PATH_REF))
        .map(|path| words(&path))
}

fn range(node: &SyntaxNode) -> Range<usize> {
    let range = node.text_range();
    usize::from(range.start())..usize::from(range.end())
}

fn has_token(node: &SyntaxNode, kind: SyntaxKind) -> bool {
    node.descendants_with_tokens().any(|e| e.kind() == kind)
}

fn has_node(node: &SyntaxNode, kind: SyntaxKind) -> bool {
    node.descendants().any(|n| n.kind() == kind)
}
