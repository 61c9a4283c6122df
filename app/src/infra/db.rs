//! The database: SQLite by default, PostgreSQL when the URL says `postgres://`.
//!
//! Queries are written once and compiled for both backends through [`with_conn!`]: the body is
//! expanded for each concrete connection type, so every diesel feature of each backend stays
//! available (RETURNING, identities) without a lowest-common-denominator backend type. The backend
//! is chosen from the URL prefix, so a wrong URL reports the real connection error.

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

/// The statement that takes PostgreSQL's one write lock (a transaction-scoped advisory lock, let
/// go at commit or rollback). Write transactions take it first; the audit chain's end is guarded by
/// it too, for appends made outside [`DbConn::write_tx`].
macro_rules! lock_writes_sql {
    () => {
        "SELECT pg_advisory_xact_lock(73110)"
    };
}
pub const LOCK_WRITES_PG: &str = lock_writes_sql!();

/// How a write transaction begins on PostgreSQL: the lock is taken before anything is read.
const WRITE_TX_PG: &str = concat!("BEGIN; ", lock_writes_sql!());

pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Runs `$body` with `$c` bound to the concrete connection inside a [`DbConn`].
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::infra::db::DbConn::Sqlite($c) => $body,
            $crate::infra::db::DbConn::Pg($c) => $body,
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL not understood: {0} (expected postgres://… or sqlite://path or a file path)")]
    UnsupportedUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("background task failed: {0}")]
    Task(String),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") || !url.contains("://") {
            Ok(Backend::Sqlite)
        } else {
            Err(DbError::UnsupportedUrl(url.split("://").next().unwrap_or_default().to_owned() + "://…"))
        }
    }
}

/// The file path of a SQLite URL (`sqlite://data/x.db`, `sqlite:data/x.db` or `data/x.db`).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url)
}

/// Opens one connection, with SQLite's settings for a server: WAL so that readers never wait for
/// the writer, foreign keys enforced, a busy timeout instead of instant "database is locked", and
/// `synchronous=FULL` so that a commit the user was told about survives a power cut.
pub fn establish(url: &str) -> Result<DbConn, DbError> {
    match Backend::from_url(url)? {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
            ))?;
            Ok(DbConn::Sqlite(conn))
        }
        Backend::Postgres => Ok(DbConn::Pg(PgConnection::establish(url)?)),
    }
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Sqlite(_) => Backend::Sqlite,
            DbConn::Pg(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend's tree that have not run yet; returns their names.
    pub fn run_migrations(&mut self) -> Result<Vec<String>, DbError> {
        let applied = match self {
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| names(&v)),
            DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| names(&v)),
        };
        applied.map_err(|e| DbError::Migration(e.to_string()))
    }

    /// Runs `f` in a transaction that takes the database's one write lock before its first read,
    /// so that writers take turns: whatever `f` reads to decide (a document's state, whether a
    /// suggestion is still pending, how many administrators are left) is still true when it
    /// writes, and of two conflicting requests the second sees the first one's result and is
    /// refused by the same rule. SQLite does this with `BEGIN IMMEDIATE`; PostgreSQL with a
    /// transaction-scoped advisory lock ([`LOCK_WRITES_PG`]), since its READ COMMITTED `BEGIN` alone lets
    /// two transactions read the same old state and both commit. Readers never wait for it.
    /// Commits on `Ok`, rolls back on `Err`.
    pub fn write_tx<R, E>(&mut self, f: impl FnOnce(&mut DbConn) -> Result<R, E>) -> Result<R, E>
    where
        E: From<diesel::result::Error>,
    {
        self.transaction_with("BEGIN IMMEDIATE", WRITE_TX_PG, f)
    }

    /// Runs `f` on one consistent snapshot of the database (a backup reads everything through it).
    pub fn snapshot_tx<R, E>(&mut self, f: impl FnOnce(&mut DbConn) -> Result<R, E>) -> Result<R, E>
    where
        E: From<diesel::result::Error>,
    {
        self.transaction_with("BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", f)
    }

    fn transaction_with<R, E>(
        &mut self,
        sqlite_begin: &str,
        pg_begin: &str,
        f: impl FnOnce(&mut DbConn) -> Result<R, E>,
    ) -> Result<R, E>
    where
        E: From<diesel::result::Error>,
    {
        match self {
            DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, sqlite_begin)?,
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, pg_begin)?,
        }
        let result = f(self);
        match &result {
            Ok(_) => with_conn!(self, |c| AnsiTransactionManager::commit_transaction(c))?,
            Err(_) => {
                // The caller's error is what matters; a failed rollback leaves the connection
                // broken, which the pool notices and discards.
                let _ = with_conn!(self, |c| AnsiTransactionManager::rollback_transaction(c));
            }
        }
        result
    }
}

fn names(versions: &[diesel::migration::MigrationVersion<'_>]) -> Vec<String> {
    versions.iter().map(|v| v.to_string()).collect()
}

pub struct Manager {
    url: String,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        with_conn!(conn, |c| c.batch_execute("SELECT 1"))?;
        Ok(())
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        with_conn!(conn, |c| R2D2Connection::is_broken(c))
    }
}

pub type PooledConn = r2d2::PooledConnection<Manager>;

/// The connection pool. Cloning is cheap; all clones share the pool.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
}

impl Db {
    /// Connects, applies pending migrations, and opens the pool.
    pub fn open(url: &str, pool_size: u32) -> Result<Db, DbError> {
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite
            && let Some(dir) = std::path::Path::new(sqlite_path(url)).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Migration(format!("{}: {e}", dir.display())))?;
        }
        let applied = establish(url)?.run_migrations()?;
        for name in applied {
            tracing::info!(migration = %name, "migration applied");
        }
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .connection_timeout(Duration::from_secs(15))
            .build(Manager { url: url.to_owned() })?;
        Ok(Db { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for synchronous callers (the command line).
    pub fn get(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work on tokio's blocking threads, never on the async workers.
    pub async fn run<R, E>(&self, f: impl FnOnce(&mut DbConn) -> Result<R, E> + Send + 'static) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(DbError::Task(e.to_string())))?
    }
}

/// Now, in UTC seconds since 1970 — the unit of every `*_at` column.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}
