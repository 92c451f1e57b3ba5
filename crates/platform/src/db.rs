//! Database access shared by every service: connecting, write transactions,
//! the migration runner and small helpers for raw statements.
//!
//! One code path serves SQLite (embedded default) and PostgreSQL
//! (production). SQL is written with `$1` placeholders, which both accept,
//! and with types both understand (TEXT, BIGINT, INTEGER, BOOLEAN). Instants
//! are stored as BIGINT milliseconds since the Unix epoch (UTC), which keeps
//! comparisons and arithmetic identical on both backends.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnAcquireErr, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, QueryResult, RuntimeErr, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait, Value,
};

/// A pooled connection to the platform database.
pub type Db = DatabaseConnection;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL names neither SQLite nor PostgreSQL.
    #[error("unsupported database URL (expected sqlite://PATH or postgres://...): {0}")]
    UnsupportedUrl(String),
    /// The folder of the SQLite file could not be created.
    #[error("cannot create the folder for the SQLite database {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The server refused or could not be reached.
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] DbErr),
}

/// Whether the database answers a trivial query (the health check).
pub async fn ping(db: &Db) -> bool {
    one(db, "SELECT 1 AS one", []).await.is_ok()
}

/// The backend's short name as shown by `/health`: `sqlite` or `postgres`.
pub fn backend_name(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

/// Turn a plain file path or a URL into a database URL.
pub fn normalize_url(url: &str) -> Result<String, ConnectError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_owned());
    }
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        if path.is_empty() {
            return Err(ConnectError::UnsupportedUrl(url.to_owned()));
        }
        return Ok(format!("sqlite://{path}"));
    }
    if url.contains("://") {
        return Err(ConnectError::UnsupportedUrl(url.to_owned()));
    }
    Ok(format!("sqlite://{url}"))
}

/// Connect to SQLite (file created with its folder) or PostgreSQL.
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, ConnectError> {
    let url = normalize_url(url)?;
    let mut opts = ConnectOptions::new(url.clone());
    opts.max_connections(max_connections.max(2))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path).to_owned();
        if file != ":memory:"
            && let Some(parent) = Path::new(&file).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| ConnectError::Folder {
                path: parent.display().to_string(),
                source,
            })?;
        }
        opts.map_sqlx_sqlite_opts(|o: SqliteConnectOptions| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(opts).await.map_err(ConnectError::Connect)
}

/// Begin a transaction that will write. On SQLite this is `BEGIN IMMEDIATE`,
/// so that a transaction which reads and then writes waits for the write
/// lock instead of failing with SQLITE_BUSY.
pub async fn begin_write(db: &Db) -> Result<DatabaseTransaction, DbErr> {
    let opts = if db.get_database_backend() == DbBackend::Sqlite {
        TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        }
    } else {
        TransactionOptions::default()
    };
    db.begin_with_options(opts).await
}

/// Build a statement for this connection's backend.
pub fn stmt<I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
) -> Statement {
    Statement::from_sql_and_values(c.get_database_backend(), sql, values)
}

/// Execute a statement and return the number of rows it changed.
pub async fn exec<I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
) -> Result<u64, DbErr> {
    Ok(c.execute_raw(stmt(c, sql, values)).await?.rows_affected())
}

/// Query at most one row.
pub async fn one<I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
) -> Result<Option<QueryResult>, DbErr> {
    c.query_one_raw(stmt(c, sql, values)).await
}

/// Query every row.
pub async fn all<I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
) -> Result<Vec<QueryResult>, DbErr> {
    c.query_all_raw(stmt(c, sql, values)).await
}

/// Query at most one row and map it.
pub async fn one_as<T, I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
    from_row: impl Fn(&QueryResult) -> Result<T, DbErr>,
) -> Result<Option<T>, DbErr> {
    one(c, sql, values).await?.map(|r| from_row(&r)).transpose()
}

/// Query every row and map each.
pub async fn all_as<T, I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
    from_row: impl Fn(&QueryResult) -> Result<T, DbErr>,
) -> Result<Vec<T>, DbErr> {
    all(c, sql, values).await?.iter().map(from_row).collect()
}

/// Placeholders of a multi-row `VALUES` list: `rows` groups of `cols`,
/// numbered from `first` (`($1, $2), ($3, $4)`).
pub fn row_placeholders(
    c: &impl ConnectionTrait,
    rows: usize,
    cols: usize,
    first: usize,
) -> String {
    let mut out = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        out.push_str(&list_placeholders(c, cols, first + r * cols));
        out.push(')');
    }
    out
}

/// Placeholders of an `IN` list of `n` values from `first` (`$3, $4, $5`).
///
/// On SQLite they are written `?3, ?4, ?5`: SQLite reads `$3` as a *named*
/// parameter and looks each name up among those before it, so a statement
/// of a few thousand `$N` takes quadratic time to prepare (125 ms for a
/// group of 256 bookings); `?N` is numbered directly.
pub fn list_placeholders(c: &impl ConnectionTrait, n: usize, first: usize) -> String {
    let sign = if c.get_database_backend() == DbBackend::Sqlite {
        '?'
    } else {
        '$'
    };
    (first..first + n)
        .map(|i| format!("{sign}{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read a column of a raw row.
pub fn col<T: sea_orm::TryGetable>(row: &QueryResult, name: &str) -> Result<T, DbErr> {
    row.try_get("", name)
}

/// Milliseconds since the Unix epoch for an instant.
pub fn millis(ts: jiff::Timestamp) -> i64 {
    ts.as_millisecond()
}

/// The instant for milliseconds since the Unix epoch (clamped to jiff's range).
pub fn from_millis(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// Whether an error is a unique-constraint violation (on either backend).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Whether an error means the database is out of reach (down, restarting,
/// the connection cut, the pool exhausted or closed), as opposed to a
/// statement that failed on a live connection. Such errors answer 503
/// `database_unavailable`.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as E;
    match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => {
            true
        }
        // Any failure to open a connection (refused, not accepting, timed out).
        DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                E::Io(_)
                | E::Tls(_)
                | E::Protocol(_)
                | E::PoolTimedOut
                | E::PoolClosed
                | E::WorkerCrashed => true,
                // PostgreSQL: connection exceptions (08…), shutdown or restart
                // (57P01-57P03), too many connections (53300); SQLite: still
                // busy after the busy timeout (5, 517).
                E::Database(d) => d.code().is_some_and(|c| {
                    c.starts_with("08")
                        || matches!(
                            c.as_ref(),
                            "57P01" | "57P02" | "57P03" | "53300" | "5" | "517"
                        )
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// An error that can say whether its cause was a lost connection (so that
/// [`write`] may run the transaction again).
pub trait LostConnection {
    /// Whether the database went out of reach.
    fn connection_lost(&self) -> bool;
}

impl LostConnection for DbErr {
    fn connection_lost(&self) -> bool {
        is_unavailable(self)
    }
}

/// Run `work` in one write transaction ([`begin_write`]) and commit it.
///
/// `work` receives the transaction as an `Arc` (so that its future may
/// borrow the caller's variables and stay `Send`); it must not keep a clone
/// after it ends. When the connection is lost before commit (the database
/// restarted, a failover cut it), nothing of the transaction was kept, so it
/// runs once more on a fresh connection after a short pause. A loss during
/// the commit itself is not retried: whether it committed is unknown, and
/// the caller answers 503 so that the client asks again (idempotently).
pub async fn write<T, E, F, Fut>(db: &Db, work: F) -> Result<T, E>
where
    F: Fn(Arc<DatabaseTransaction>) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: From<DbErr> + LostConnection,
{
    let mut retried = false;
    loop {
        let attempt = async {
            let txn = Arc::new(begin_write(db).await.map_err(E::from)?);
            let value = work(txn.clone()).await?;
            Ok::<_, E>((txn, value))
        }
        .await;
        match attempt {
            Ok((txn, value)) => {
                let txn = Arc::try_unwrap(txn).map_err(|_| {
                    DbErr::Custom("the transaction was kept after its work ended".to_owned())
                })?;
                txn.commit().await?;
                return Ok(value);
            }
            Err(e) if !retried && e.connection_lost() => {
                tracing::warn!(
                    "database connection lost before commit; running the transaction again"
                );
                retried = true;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e),
        }
    }
}
