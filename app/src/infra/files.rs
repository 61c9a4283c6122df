//! Stored files, by SHA-256, through the `object_store` crate: the local filesystem by default
//! (`<data_dir>/files/ab/<sha>`), an S3-compatible bucket when configured. An object's key is
//! built from the hash alone, never from a user's file name, and the same bytes are stored once.
//! The `stored_files` table records what is stored (size and type); the bytes live in the store.

use super::config::{Config, FileStoreConfig, S3Config};
use super::db::{DbConn, DbError, now};
use super::schema::stored_files;
use crate::with_conn;
use diesel::prelude::*;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Files up to this size are sent in one request; larger ones as a multipart upload, read from
/// disk piece by piece.
const SINGLE_PUT_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("file store: {0}")]
    Store(#[from] object_store::Error),
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
    #[error("file store: {0} is not a SHA-256 hash")]
    BadHash(String),
    #[error("file store: the stored bytes of {0} do not match their hash")]
    Corrupt(String),
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// `ab/abcdef…`: two-character fan-out, as the local store has always been laid out.
fn key(sha256: &str) -> Result<ObjectPath, FileError> {
    if !is_sha256(sha256) {
        return Err(FileError::BadHash(sha256.chars().take(80).collect()));
    }
    Ok(ObjectPath::from(format!("{}/{sha256}", &sha256[..2])))
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

/// The store of file bytes, shared by every request.
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    /// Where the files are, for log lines and error messages.
    pub location: String,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore").field("location", &self.location).finish()
    }
}

impl FileStore {
    /// Opens the configured store. Nothing is contacted yet; [`FileStore::check`] does that.
    pub fn open(config: &Config) -> Result<FileStore, FileError> {
        match &config.file_store {
            FileStoreConfig::Local => {
                let dir = config.files_dir();
                std::fs::create_dir_all(&dir)?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)?;
                Ok(FileStore { inner: Arc::new(store), location: dir.display().to_string() })
            }
            FileStoreConfig::S3(s3) => Self::open_s3(s3),
        }
    }

    fn open_s3(s3: &S3Config) -> Result<FileStore, FileError> {
        // AWS_* variables (an instance role, a profile's keys) apply unless the Akuntabel keys
        // say otherwise.
        let mut builder =
            object_store::aws::AmazonS3Builder::from_env().with_bucket_name(&s3.bucket).with_region(&s3.region);
        if let Some(endpoint) = &s3.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(id) = &s3.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &s3.secret_access_key {
            builder = builder.with_secret_access_key(&secret.0);
        }
        let store = builder.build()?;
        let location = format!(
            "s3://{}/{}{}",
            s3.bucket,
            s3.prefix,
            s3.endpoint.as_deref().map(|e| format!(" at {e}")).unwrap_or_default()
        );
        let inner: Arc<dyn ObjectStore> = if s3.prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, s3.prefix.as_str()))
        };
        Ok(FileStore { inner, location })
    }

    /// Contacts the store once (lists its top level), so a wrong bucket or key is reported at
    /// start-up rather than at the first upload.
    pub async fn check(&self) -> Result<(), FileError> {
        self.inner.list_with_delimiter(None).await?;
        Ok(())
    }

    pub async fn contains(&self, sha256: &str) -> Result<bool, FileError> {
        match self.inner.head(&key(sha256)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores bytes held in memory; returns their hash.
    pub async fn put_bytes(&self, bytes: Vec<u8>) -> Result<String, FileError> {
        let sha = sha256_hex(&bytes);
        if !self.contains(&sha).await? {
            self.inner.put(&key(&sha)?, PutPayload::from(bytes)).await?;
        }
        Ok(sha)
    }

    /// Moves a file that was streamed to disk (and hashed on the way) into the store. The
    /// temporary file is removed whatever happens.
    pub async fn put_file(&self, sha256: &str, tmp: &std::path::Path) -> Result<(), FileError> {
        let stored = self.put_file_inner(sha256, tmp).await;
        let _ = tokio::fs::remove_file(tmp).await;
        stored
    }

    async fn put_file_inner(&self, sha256: &str, tmp: &std::path::Path) -> Result<(), FileError> {
        let key = key(sha256)?;
        if self.contains(sha256).await? {
            return Ok(());
        }
        let size = tokio::fs::metadata(tmp).await?.len();
        if size <= SINGLE_PUT_BYTES {
            let bytes = tokio::fs::read(tmp).await?;
            self.inner.put(&key, PutPayload::from(bytes)).await?;
            return Ok(());
        }
        use tokio::io::AsyncReadExt;
        let mut file = tokio::fs::File::open(tmp).await?;
        let mut upload = WriteMultipart::new(self.inner.put_multipart(&key).await?);
        let mut buffer = vec![0_u8; 1024 * 1024];
        loop {
            let read = match file.read(&mut buffer).await {
                Ok(read) => read,
                Err(e) => {
                    let _ = upload.abort().await;
                    return Err(e.into());
                }
            };
            if read == 0 {
                break;
            }
            upload.wait_for_capacity(4).await?;
            upload.write(&buffer[..read]);
        }
        upload.finish().await?;
        Ok(())
    }

    /// The whole file, checked against its hash (for backups, where a silent bit flip must not
    /// travel on).
    pub async fn get_verified(&self, sha256: &str) -> Result<Option<Vec<u8>>, FileError> {
        match self.inner.get(&key(sha256)?).await {
            Ok(result) => {
                let bytes = result.bytes().await?;
                if sha256_hex(&bytes) != sha256 {
                    return Err(FileError::Corrupt(sha256.to_owned()));
                }
                Ok(Some(bytes.to_vec()))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The file as a stream of chunks and its size, for a download.
    pub async fn get_stream(
        &self,
        sha256: &str,
    ) -> Result<Option<(BoxStream<'static, Result<bytes::Bytes, FileError>>, u64)>, FileError> {
        match self.inner.get(&key(sha256)?).await {
            Ok(result) => {
                let size = result.meta.size;
                Ok(Some((result.into_stream().map(|chunk| chunk.map_err(FileError::from)).boxed(), size)))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Records a stored file in `stored_files` (once per hash).
pub fn record(conn: &mut DbConn, sha256: &str, size: i64, mime: &str) -> Result<(), DbError> {
    // One statement, so that two identical uploads at the same moment both succeed.
    with_conn!(conn, |c| diesel::insert_into(stored_files::table)
        .values((
            stored_files::sha256.eq(sha256),
            stored_files::size_bytes.eq(size),
            stored_files::mime.eq(mime),
            stored_files::created_at.eq(now()),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// The type of a recorded file, `None` when the hash is not recorded.
pub fn mime_of(conn: &mut DbConn, sha256: &str) -> Result<Option<String>, DbError> {
    Ok(with_conn!(conn, |c| stored_files::table
        .filter(stored_files::sha256.eq(sha256))
        .select(stored_files::mime)
        .first(c)
        .optional())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_built_from_the_hash_alone() {
        let sha = sha256_hex(b"PK Dinas Pendidikan");
        assert_eq!(key(&sha).unwrap().as_ref(), format!("{}/{sha}", &sha[..2]));
        for bad in ["../../etc/passwd", "ABCDEF", &sha.to_uppercase(), &format!("{}/x", &sha[..60])] {
            assert!(key(bad).is_err(), "{bad} must not become a key");
        }
    }

    #[tokio::test]
    async fn the_same_bytes_are_stored_once_and_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(|k| (k == "AKUNTABEL_DATA_DIR").then(|| dir.path().display().to_string())).unwrap();
        let store = FileStore::open(&config).unwrap();
        store.check().await.unwrap();
        let sha = store.put_bytes(b"%PDF-1.7 isi".to_vec()).await.unwrap();
        assert_eq!(store.put_bytes(b"%PDF-1.7 isi".to_vec()).await.unwrap(), sha);
        let on_disk = config.files_dir().join(&sha[..2]).join(&sha);
        assert_eq!(std::fs::read(on_disk).unwrap(), b"%PDF-1.7 isi");
        assert_eq!(store.get_verified(&sha).await.unwrap().unwrap(), b"%PDF-1.7 isi");
        assert!(store.get_verified(&sha256_hex(b"lain")).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_large_file_goes_up_in_parts_and_the_temporary_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(|k| (k == "AKUNTABEL_DATA_DIR").then(|| dir.path().display().to_string())).unwrap();
        let store = FileStore::open(&config).unwrap();
        let bytes: Vec<u8> = (0..(SINGLE_PUT_BYTES as usize + 3_000_000)).map(|i| (i % 251) as u8).collect();
        let tmp = dir.path().join("unggah.part");
        std::fs::write(&tmp, &bytes).unwrap();
        let sha = sha256_hex(&bytes);
        store.put_file(&sha, &tmp).await.unwrap();
        assert!(!tmp.exists());
        assert_eq!(store.get_verified(&sha).await.unwrap().unwrap().len(), bytes.len());
    }
}
