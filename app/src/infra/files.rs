//! Stored files, by SHA-256. A path on disk is built from the hash alone, never from a user's
//! file name, and the same bytes are stored once.

use super::config::Config;
use super::db::{DbConn, DbError, now};
use super::schema::stored_files;
use crate::with_conn;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn path_for(config: &Config, sha256: &str) -> Option<PathBuf> {
    let valid = sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
    valid.then(|| config.files_dir().join(&sha256[..2]).join(sha256))
}

/// The image types accepted for a logo, recognised by their first bytes.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Writes the bytes under their hash (atomically: temp file, fsync, rename); returns the hash.
pub fn write_blob(config: &Config, bytes: &[u8]) -> Result<String, DbError> {
    let sha = sha256_hex(bytes);
    let io = |e: std::io::Error| DbError::Task(format!("file store: {e}"));
    let path = path_for(config, &sha).ok_or_else(|| DbError::Task("bad hash".into()))?;
    if !path.exists() {
        let dir = path.parent().ok_or_else(|| DbError::Task("bad path".into()))?;
        std::fs::create_dir_all(dir).map_err(io)?;
        let tmp = dir.join(format!(".{sha}.tmp"));
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&tmp).map_err(io)?;
            file.write_all(bytes).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, &path).map_err(io)?;
    }
    Ok(sha)
}

/// Stores the bytes and records them in `stored_files`; returns the hash.
pub fn store(conn: &mut DbConn, config: &Config, bytes: &[u8], mime: &str) -> Result<String, DbError> {
    let sha = write_blob(config, bytes)?;
    let known: i64 =
        with_conn!(conn, |c| stored_files::table.filter(stored_files::sha256.eq(&sha)).count().get_result(c))?;
    if known == 0 {
        with_conn!(conn, |c| diesel::insert_into(stored_files::table)
            .values((
                stored_files::sha256.eq(&sha),
                stored_files::size_bytes.eq(bytes.len() as i64),
                stored_files::mime.eq(mime),
                stored_files::created_at.eq(now()),
            ))
            .execute(c))?;
    }
    Ok(sha)
}

/// The bytes and type of a stored file.
pub fn load(conn: &mut DbConn, config: &Config, sha256: &str) -> Result<Option<(Vec<u8>, String)>, DbError> {
    let Some(path) = path_for(config, sha256) else {
        return Ok(None);
    };
    let mime: Option<String> = with_conn!(conn, |c| stored_files::table
        .filter(stored_files::sha256.eq(sha256))
        .select(stored_files::mime)
        .first(c)
        .optional())?;
    let Some(mime) = mime else {
        return Ok(None);
    };
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some((bytes, mime))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(DbError::Task(format!("file store: {e}"))),
    }
}

/// Moves a file that was streamed to disk (and hashed on the way) into the store, and records
/// it. The temporary file must be on the same filesystem as the data directory.
pub fn store_streamed(
    conn: &mut DbConn,
    config: &Config,
    tmp: &std::path::Path,
    sha256: &str,
    size: i64,
    mime: &str,
) -> Result<(), DbError> {
    let io = |e: std::io::Error| DbError::Task(format!("file store: {e}"));
    let path = path_for(config, sha256).ok_or_else(|| DbError::Task("bad hash".into()))?;
    if path.exists() {
        std::fs::remove_file(tmp).map_err(io)?;
    } else {
        std::fs::create_dir_all(path.parent().ok_or_else(|| DbError::Task("bad path".into()))?).map_err(io)?;
        std::fs::rename(tmp, &path).map_err(io)?;
    }
    let known: i64 =
        with_conn!(conn, |c| stored_files::table.filter(stored_files::sha256.eq(sha256)).count().get_result(c))?;
    if known == 0 {
        with_conn!(conn, |c| diesel::insert_into(stored_files::table)
            .values((
                stored_files::sha256.eq(sha256),
                stored_files::size_bytes.eq(size),
                stored_files::mime.eq(mime),
                stored_files::created_at.eq(now()),
            ))
            .execute(c))?;
    }
    Ok(())
}
