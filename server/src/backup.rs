//! `akuntabel backup` / `restore`: one gzip'd tar holding a consistent snapshot of every table
//! (read in one snapshot transaction) and every stored file. The format is backend-neutral, so a
//! SQLite backup restores into PostgreSQL and back. Sessions are left out on purpose: a restore
//! logs everyone out.

use akuntabel_app::infra::AppState;
use akuntabel_app::infra::db::{Backend, DbConn, DbError};
use akuntabel_app::infra::schema;
use akuntabel_app::with_conn;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

/// Bumped whenever a backed-up table gains a column (2: user email, notification mail state;
/// 3: whether a user must change the password; 4: a PK's pihak kedua; 5: the budget spent with a
/// realisation). Restore reads the earlier formats too, filling what they lack.
pub const FORMAT: &str = "akuntabel-backup/5";
const FORMAT_2: &str = "akuntabel-backup/2";
const FORMAT_3: &str = "akuntabel-backup/3";
const FORMAT_4: &str = "akuntabel-backup/4";

/// The largest table (its JSON) a restore reads into memory.
pub const MAX_TABLE_BYTES: u64 = 1024 * 1024 * 1024;
/// The largest stored file a restore accepts (streamed to disk, never held in memory).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// The largest manifest a restore reads.
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("archive: {0}")]
    Io(#[from] std::io::Error),
    #[error("archive content: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the archive is not an Akuntabel backup ({0})")]
    NotABackup(String),
    #[error("{0}")]
    Files(String),
    #[error("the archive names an unknown table: {0}")]
    UnknownTable(String),
    #[error("the target database already holds data ({0} users); restore only into an empty database")]
    NotEmpty(i64),
    #[error("stored file {0} is missing from the data directory")]
    MissingFile(String),
    #[error("archive entry {0} is {1} bytes, over the limit of {2}")]
    TooLarge(String, u64, u64),
    #[error("the archive's audit trail is broken at entry {0} ({1}); nothing was restored")]
    BrokenChain(i64, String),
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: i64,
    pub source_backend: String,
    pub rows: BTreeMap<String, usize>,
    pub files: usize,
}

/// Each table with its columns and their Rust types, in an order that satisfies foreign keys
/// (the head of a PD is set through a deferred constraint).
macro_rules! backup_tables {
    ($( $t:ident { $($col:ident : $ty:ty),+ $(,)? } )+) => {
        pub const TABLES: &[&str] = &[$(stringify!($t)),+];

        /// Each backed-up table with the columns it carries, in order.
        pub const COLUMNS: &[(&str, &[&str])] = &[$((stringify!($t), &[$(stringify!($col)),+])),+];

        fn dump_all(conn: &mut DbConn) -> Result<BTreeMap<String, Value>, BackupError> {
            let mut out = BTreeMap::new();
            $(
                let rows: Vec<($($ty,)+)> = with_conn!(conn, |c| schema::$t::table
                    .select(($(schema::$t::$col,)+))
                    .order(schema::$t::all_columns.0)
                    .load(c))?;
                out.insert(stringify!($t).to_owned(), serde_json::to_value(&rows)?);
            )+
            Ok(out)
        }

        fn restore_table(conn: &mut DbConn, table: &str, value: Value) -> Result<usize, BackupError> {
            match table {
                $(stringify!($t) => {
                    let rows: Vec<($($ty,)+)> = serde_json::from_value(value)?;
                    let count = rows.len();
                    for ($($col,)+) in rows {
                        with_conn!(conn, |c| diesel::insert_into(schema::$t::table)
                            .values(($(schema::$t::$col.eq($col),)+))
                            .execute(c))?;
                    }
                    Ok(count)
                })+
                other => Err(BackupError::UnknownTable(other.to_owned())),
            }
        }
    };
}

backup_tables! {
    stored_files { sha256: String, size_bytes: i64, mime: String, created_at: i64 }
    pemda {
        id: i64, nama: String, jabatan_kepala_daerah: String, kota_ttd: String, alamat: String, telepon: String,
        email: String, laman: String, logo_sha256: Option<String>, updated_at: i64,
    }
    users {
        id: i64, username: String, nama: String, password_hash: String, active: bool, created_at: i64, updated_at: i64,
        email: Option<String>, must_change_password: bool,
    }
    perangkat_daerah {
        id: i64, kode: String, nama: String, singkatan: String, kepala_id: Option<i64>, active: bool,
        created_at: i64, updated_at: i64,
    }
    officials {
        id: i64, gelar_depan: String, nama: String, gelar_belakang: String, nip: Option<String>, golongan: String,
        jabatan: String, eselon: i64, pd_id: Option<i64>, status: i64, active: bool, created_at: i64, updated_at: i64,
    }
    role_grants { id: i64, user_id: i64, role: i64, pd_id: Option<i64>, created_at: i64 }
    security_events {
        id: i64, at: i64, kind: String, username: String, user_id: Option<i64>, client_ip: String, reason: String,
    }
    periods { id: i64, nama: String, tahun_awal: i64, tahun_akhir: i64, active: bool, created_at: i64, updated_at: i64 }
    fiscal_years { id: i64, period_id: i64, tahun: i64, created_at: i64, tanggal_dpa: Option<String> }
    documents {
        id: i64, doc_type: i64, pd_id: Option<i64>, tahun: Option<i64>, period_id: Option<i64>, official_id: Option<i64>,
        judul: String, state: i64, content: String, revision: i64, line: i64, created_by: i64, created_at: i64,
        updated_at: i64, dispositioned_at: Option<i64>, pihak_kedua_id: Option<i64>,
    }
    document_files {
        id: i64, document_id: i64, sha256: String, file_name: String, size_bytes: i64, mime: String, uploaded_by: i64,
        uploaded_at: i64, removed_at: Option<i64>,
    }
    document_versions {
        id: i64, document_id: i64, number: i64, line: i64, content: String, files: String, sha256: String,
        created_by: i64, created_at: i64,
    }
    workflow_events {
        id: i64, document_id: i64, at: i64, user_id: i64, action: i64, from_state: i64, to_state: i64, note: String,
        version_id: Option<i64>, assignee_id: Option<i64>,
    }
    assignments { id: i64, document_id: i64, reviewer_id: i64, assigned_by: i64, assigned_at: i64, active: bool }
    review_rounds {
        id: i64, document_id: i64, number: i64, version_id: i64, reviewer_id: i64, opened_at: i64,
        closed_at: Option<i64>, outcome: Option<i64>,
    }
    comment_threads {
        id: i64, document_id: i64, round_id: i64, version_id: i64, anchor: String, state: i64,
        fixed_in_version_id: Option<i64>, created_by: i64, created_at: i64, resolved_by: Option<i64>,
        resolved_at: Option<i64>,
    }
    comments { id: i64, thread_id: i64, author_id: i64, body: String, created_at: i64 }
    suggestions {
        id: i64, thread_id: i64, anchor: String, proposed: String, state: i64, reason: String,
        decided_by: Option<i64>, decided_at: Option<i64>,
    }
    deadlines { id: i64, tahun: i64, doc_type: i64, due_date: String, set_by: i64, set_at: i64 }
    notifications {
        id: i64, user_id: i64, document_id: Option<i64>, kind: String, message_id: String, message_en: String,
        created_at: i64, read_at: Option<i64>, emailed_at: Option<i64>, email_attempts: i64, email_next_at: Option<i64>,
        email_error: Option<String>,
    }
    pengaturan_capaian { id: i64, isi: String, updated_by: i64, updated_at: i64 }
    realisasi {
        id: i64, document_id: i64, node: String, periode: i64, nilai: Option<String>, catatan: String,
        created_by: i64, created_at: i64, anggaran: Option<i64>,
    }
    perubahan {
        id: i64, document_id: i64, line: i64, alasan: i64, tanggal: String, keterangan: String,
        official_before: Option<i64>, official_after: Option<i64>, created_by: i64, created_at: i64,
    }
    audit_log {
        id: i64, at: i64, user_id: Option<i64>, entity: String, entity_id: Option<i64>, action: String, detail: String,
        prev_hash: String, hash: String,
    }
}

/// Tables deliberately left out of a backup.
pub const NOT_BACKED_UP: &[&str] = &["sessions"];

/// Reads every table in one snapshot.
pub fn dump(conn: &mut DbConn) -> Result<BTreeMap<String, Value>, BackupError> {
    conn.snapshot_tx(dump_all)
}

fn append(archive: &mut tar::Builder<impl Write>, name: &str, bytes: &[u8]) -> Result<(), BackupError> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    // A fixed time keeps two backups of the same data byte-identical.
    header.set_mtime(0);
    header.set_cksum();
    archive.append_data(&mut header, name, bytes)?;
    Ok(())
}

/// Writes the archive; returns a one-line summary.
pub fn write(state: &AppState, output: &Path) -> Result<String, BackupError> {
    let mut conn = state.db.get()?;
    let tables = dump(&mut conn)?;
    let shas: Vec<String> = match tables.get("stored_files") {
        Some(Value::Array(rows)) => {
            rows.iter().filter_map(|r| r.get(0).and_then(Value::as_str).map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    };
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: akuntabel_app::infra::db::now(),
        source_backend: format!("{:?}", state.db.backend()),
        rows: tables.iter().map(|(k, v)| (k.clone(), v.as_array().map_or(0, Vec::len))).collect(),
        files: shas.len(),
    };
    let tmp = output.with_extension("partial");
    {
        // Only the owner may read it: it holds every password hash and every document.
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?
        };
        let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        let mut archive = tar::Builder::new(gz);
        append(&mut archive, "manifest.json", &serde_json::to_vec_pretty(&manifest)?)?;
        for (name, rows) in &tables {
            append(&mut archive, &format!("tables/{name}.json"), &serde_json::to_vec(rows)?)?;
        }
        // Files are content-addressed and never change, so reading them after the snapshot
        // still gives exactly the bytes the snapshot names.
        let runtime = tokio::runtime::Handle::current();
        for sha in &shas {
            let bytes = runtime
                .block_on(state.files.get_verified(sha))
                .map_err(|e| BackupError::Files(e.to_string()))?
                .ok_or_else(|| BackupError::MissingFile(sha.clone()))?;
            append(&mut archive, &format!("files/{sha}"), &bytes)?;
        }
        let gz = archive.into_inner()?;
        gz.finish()?.sync_all()?;
    }
    std::fs::rename(&tmp, output)?;
    let rows: usize = manifest.rows.values().sum();
    Ok(format!(
        "Cadangan ditulis / backup written: {} ({rows} baris/rows, {} berkas/files)",
        output.display(),
        shas.len()
    ))
}

/// Restores an archive into an empty database (one transaction: all or nothing). Entries are
/// read one at a time with a size limit each: stored files stream through a temporary file
/// (checked against their hash) into the store, and only the tables' JSON is held in memory. The
/// audit chain of what was restored must verify, or nothing is committed.
pub fn restore(state: &AppState, input: &Path) -> Result<String, BackupError> {
    let mut conn = state.db.get()?;
    let users: i64 = with_conn!(&mut *conn, |c| schema::users::table.count().get_result(c))?;
    if users > 0 {
        return Err(BackupError::NotEmpty(users));
    }
    let runtime = tokio::runtime::Handle::current();
    let tmp_dir = state.config.data_dir.join("tmp");
    std::fs::create_dir_all(&tmp_dir)?;
    let mut manifest: Option<Manifest> = None;
    let mut tables: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(input)?));
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        let size = entry.header().size()?;
        if name == "manifest.json" {
            let found: Manifest = serde_json::from_slice(&read_limited(&mut entry, &name, size, MAX_MANIFEST_BYTES)?)?;
            if ![FORMAT, FORMAT_4, FORMAT_3, FORMAT_2].contains(&found.format.as_str()) {
                return Err(BackupError::NotABackup(found.format));
            }
            manifest = Some(found);
        } else if manifest.is_none() {
            return Err(BackupError::NotABackup("manifest.json is not the first entry".into()));
        } else if let Some(table) = name.strip_prefix("tables/").and_then(|n| n.strip_suffix(".json")) {
            tables.insert(table.to_owned(), read_limited(&mut entry, &name, size, MAX_TABLE_BYTES)?);
        } else if let Some(sha) = name.strip_prefix("files/") {
            // Content-addressed: a file stored by a restore that fails later is harmless.
            let limit = MAX_FILE_BYTES;
            if size > limit {
                return Err(BackupError::TooLarge(name, size, limit));
            }
            let mut tmp = tempfile::Builder::new().prefix("pulih-").suffix(".part").tempfile_in(&tmp_dir)?;
            let mut hashing = HashingWriter { inner: tmp.as_file_mut(), hasher: <sha2::Sha256 as sha2::Digest>::new() };
            std::io::copy(&mut (&mut entry).take(limit + 1), &mut hashing)?;
            if hex::encode(sha2::Digest::finalize(hashing.hasher)) != sha {
                return Err(BackupError::NotABackup(format!("{name} does not match its hash")));
            }
            runtime
                .block_on(state.files.put_file(sha, tmp.path()))
                .map_err(|e| BackupError::Files(format!("{name}: {e}")))?;
        }
    }
    let manifest = manifest.ok_or_else(|| BackupError::NotABackup("no manifest.json".into()))?;
    let backend = state.db.backend();
    let mut restored = 0;
    conn.write_tx(|conn| {
        match backend {
            Backend::Sqlite => with_conn!(conn, |c| c.batch_execute("PRAGMA defer_foreign_keys = ON"))?,
            Backend::Postgres => with_conn!(conn, |c| c.batch_execute("SET CONSTRAINTS ALL DEFERRED"))?,
        }
        for table in TABLES {
            let mut value = match tables.remove(*table) {
                Some(bytes) => serde_json::from_slice(&bytes)?,
                None => Value::Array(Vec::new()),
            };
            // What an earlier format lacks, added at the end of each row: format 2 predates
            // `must_change_password` (nobody had to), formats 2 and 3 the PK's pihak kedua (which
            // they lost; the PK keeps its official and its rows), formats before 5 the budget spent
            // with a realisation (not reported).
            let missing = match (manifest.format.as_str(), *table) {
                (FORMAT_2, "users") => Some(Value::Bool(false)),
                (FORMAT_2 | FORMAT_3, "documents") => Some(Value::Null),
                (FORMAT_2 | FORMAT_3 | FORMAT_4, "realisasi") => Some(Value::Null),
                _ => None,
            };
            if let Some(missing) = missing {
                for row in value.as_array_mut().into_iter().flatten() {
                    if let Some(fields) = row.as_array_mut() {
                        fields.push(missing.clone());
                    }
                }
            }
            restored += restore_table(conn, table, value)?;
        }
        if backend == Backend::Postgres {
            // Identities continue after the restored ids.
            for table in TABLES.iter().filter(|t| !matches!(**t, "stored_files" | "pemda")) {
                with_conn!(conn, |c| c.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )))?;
            }
        }
        let chain = akuntabel_app::infra::audit::verify(conn)?;
        if let Some((id, reason)) = chain.first_broken {
            return Err(BackupError::BrokenChain(id, reason));
        }
        Ok::<_, BackupError>(())
    })?;
    Ok(format!("Dipulihkan / restored: {restored} baris/rows, {} berkas/files", manifest.files))
}

/// Reads a whole archive entry that must stay below `limit` bytes.
fn read_limited(entry: &mut impl Read, name: &str, size: u64, limit: u64) -> Result<Vec<u8>, BackupError> {
    if size > limit {
        return Err(BackupError::TooLarge(name.to_owned(), size, limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    entry.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(BackupError::TooLarge(name.to_owned(), bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Hashes what passes through on its way to a file.
struct HashingWriter<'a> {
    inner: &'a mut std::fs::File,
    hasher: sha2::Sha256,
}

impl Write for HashingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
