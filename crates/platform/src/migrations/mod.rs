//! A small, explicit migration runner.
//!
//! Each crate lists its migrations as plain SQL that runs unchanged on SQLite
//! and PostgreSQL. Migrations are append-only: once one has shipped, it is
//! never edited; a change is a new migration. Applied names are recorded in
//! `schema_migrations`; on PostgreSQL an advisory lock keeps two processes
//! that start together from migrating at once.

mod platform;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};

use crate::db::{self, Db};

pub use platform::MIGRATIONS as PLATFORM;

/// One migration: a unique, sortable name and its statements.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Unique name, prefixed with the owning crate, e.g. `platform_0001_accounts`.
    pub name: &'static str,
    /// Statements run in order inside one transaction.
    pub statements: &'static [&'static str],
}

/// Apply every migration not yet applied, in the order given. Returns the
/// names applied now.
pub async fn run(db: &Db, sets: &[&[Migration]]) -> Result<Vec<&'static str>, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        // SQLite: every migration's `BEGIN IMMEDIATE` already serializes writers.
        return run_locked(db, sets).await;
    }
    // The lock belongs to one connection: hold it in a transaction of its
    // own (released at its end), not on whichever pooled connection answers.
    let lock = sea_orm::TransactionTrait::begin(db).await?;
    lock.execute_unprepared("SELECT pg_advisory_xact_lock(727274)")
        .await?;
    let result = run_locked(db, sets).await;
    lock.commit().await?;
    result
}

async fn run_locked(db: &Db, sets: &[&[Migration]]) -> Result<Vec<&'static str>, DbErr> {
    db.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .await?;
    let done: Vec<String> = db::all(db, "SELECT name FROM schema_migrations", [])
        .await?
        .iter()
        .map(|r| db::col::<String>(r, "name"))
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for m in sets.iter().flat_map(|s| s.iter()) {
        if done.iter().any(|d| d == m.name) {
            continue;
        }
        let txn = db::begin_write(db).await?;
        for sql in m.statements {
            txn.execute_unprepared(sql)
                .await
                .map_err(|e| DbErr::Migration(format!("migration {} failed: {e}", m.name)))?;
        }
        db::exec(
            &txn,
            "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
            [
                Value::from(m.name),
                Value::from(db::millis(jiff::Timestamp::now())),
            ],
        )
        .await?;
        txn.commit().await?;
        applied.push(m.name);
    }
    Ok(applied)
}
