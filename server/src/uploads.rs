//! Document attachments: streamed upload with a size limit, the real type checked by its bytes,
//! zip-based files (DOCX, XLSX) checked for entry count and unpacked size before anything parses
//! them; stored by SHA-256; downloads through the same access checks.

use crate::security::see_other;
use akuntabel_app::error::AppError;
use akuntabel_app::infra::AppState;
use akuntabel_app::infra::files;
use akuntabel_app::service::documents;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use sha2::{Digest, Sha256};
use std::io::Write;

/// A zip with more entries than this is not an office document we accept.
pub const MAX_ZIP_ENTRIES: usize = 5_000;
/// Unpacked size limit of a DOCX/XLSX (a zip bomb unpacks to far more).
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    NotAccepted,
    TooManyEntries(usize),
    TooLargeUnpacked(u64),
}

/// The type of an uploaded file from its bytes: PDF by its header; DOCX and XLSX by the zip
/// central directory (read without unpacking anything).
pub fn sniff(path: &std::path::Path) -> Result<&'static str, Rejected> {
    let mut head = [0u8; 5];
    let read = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    if read >= 5 && &head == b"%PDF-" {
        return Ok(PDF);
    }
    if read < 4 || &head[..4] != b"PK\x03\x04" {
        return Err(Rejected::NotAccepted);
    }
    let file = std::fs::File::open(path).map_err(|_| Rejected::NotAccepted)?;
    let mut archive = zip::ZipArchive::new(file).map_err(|_| Rejected::NotAccepted)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(Rejected::TooManyEntries(archive.len()));
    }
    let mut unpacked = 0_u64;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| Rejected::NotAccepted)?;
        unpacked = unpacked.saturating_add(entry.size());
        names.push(entry.name().to_owned());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(Rejected::TooLargeUnpacked(unpacked));
    }
    if names.iter().any(|n| n == "word/document.xml") {
        Ok(DOCX)
    } else if names.iter().any(|n| n == "xl/workbook.xml") {
        Ok(XLSX)
    } else {
        Err(Rejected::NotAccepted)
    }
}

/// The extension every name of a file of this type ends in.
pub fn extension_of(mime: &str) -> &'static str {
    match mime {
        PDF => "pdf",
        DOCX => "docx",
        XLSX => "xlsx",
        _ => "bin",
    }
}

/// A file name fit for display, for `Content-Disposition` and for a double-click on an office PC:
/// the last path part; no control, format (U+202E and the other bidi overrides, zero-width
/// characters) or unassigned characters, which could make `Laporan\u{202E}fdp.exe` look like
/// `Laporanexe.pdf`; at most 150 characters; and ending in the extension of the type the bytes
/// were found to be (`mime`), whatever the uploader called it — a PDF named `.hta` or `.xlsx`
/// is served as `.pdf`. Never used to build a path.
pub fn safe_file_name(raw: &str, mime: &str) -> String {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String =
        last.chars().filter(|c| c.general_category_group() != GeneralCategoryGroup::Other && *c != '"').collect();
    let visible = visible.trim().trim_end_matches('.').trim_end();
    let ext = extension_of(mime);
    // A trailing `.abc` (one to five letters or digits) is an extension: the uploader's is dropped.
    let stem = match visible.rsplit_once('.') {
        Some((stem, old)) if (1..=5).contains(&old.chars().count()) && old.chars().all(char::is_alphanumeric) => stem,
        _ => visible,
    };
    let stem: String = stem.trim_end().chars().take(150 - ext.len() - 1).collect();
    let stem = if stem.trim().is_empty() { "berkas".to_owned() } else { stem };
    format!("{stem}.{ext}")
}

/// `POST /berkas/dokumen/{id}` (multipart, field `berkas`); answers with a redirect to the
/// document page carrying `?berkas=<outcome>`.
pub async fn upload(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(Some(user)) = crate::files::session_user(&state, &parts).await else { return see_other("/masuk") };
    let back = |outcome: &str| see_other(&format!("/dokumen/{id}?berkas={outcome}"));
    let check_user = user.clone();
    let allowed = state.db.run(move |conn| documents::upload_standing(conn, &check_user, id)).await;
    match allowed {
        Ok((true, true)) => {}
        Ok((true, false)) => return back("status"),
        Ok((false, _)) | Err(AppError::NotFound) => return StatusCode::FORBIDDEN.into_response(),
        Err(_) => return back("gagal"),
    }
    let request = Request::from_parts(parts, body);
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else { return back("kosong") };
    let tmp_dir = state.config.data_dir.join("tmp");
    if std::fs::create_dir_all(&tmp_dir).is_err() {
        return back("gagal");
    }
    let limit = state.config.max_upload_bytes;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("berkas") {
            continue;
        }
        let raw_name = field.file_name().unwrap_or_default().to_owned();
        // Removed when dropped: on every early return, and when the client goes away mid-upload
        // (the handler is dropped with its connection), so no `.part` file is left behind.
        let Ok(mut tmp) = tempfile_in(&tmp_dir) else { return back("gagal") };
        let mut hasher = Sha256::new();
        let mut size = 0_u64;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if size > limit {
                        return back("besar");
                    }
                    hasher.update(&chunk);
                    if tmp.as_file_mut().write_all(&chunk).is_err() {
                        return back("gagal");
                    }
                }
                Ok(None) => break,
                Err(_) => return back("besar"),
            }
        }
        if size == 0 || tmp.as_file().sync_all().is_err() {
            return back("kosong");
        }
        let sniffed = {
            let path = tmp.path().to_owned();
            tokio::task::spawn_blocking(move || sniff(&path)).await.unwrap_or(Err(Rejected::NotAccepted))
        };
        let Ok(mime) = sniffed else { return back("tipe") };
        let name = safe_file_name(&raw_name, mime);
        let renamed = name != raw_name.rsplit(['/', '\\']).next().unwrap_or_default();
        let shown = query_escape(&name);
        let sha = hex::encode(hasher.finalize());
        if let Err(error) = state.files.put_file(&sha, tmp.path()).await {
            tracing::error!(%error, document = id, "storing an upload failed");
            return back("gagal");
        }
        let saved = state
            .db
            .run(move |conn| {
                files::record(conn, &sha, size as i64, mime)?;
                documents::attach_file(conn, &user, id, &sha, &name, size as i64, mime)
            })
            .await;
        return match saved {
            Ok(_) if renamed => see_other(&format!("/dokumen/{id}?berkas=ok-nama&nama={shown}")),
            Ok(_) => back("ok"),
            Err(AppError::Conflict(..)) => back("status"),
            Err(_) => back("gagal"),
        };
    }
    back("kosong")
}

/// A new file in `dir` (same filesystem as the store, so the final move is a rename), deleted
/// when dropped unless the store has moved it away.
fn tempfile_in(dir: &std::path::Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new().prefix("unggah-").suffix(".part").tempfile_in(dir)
}

/// Percent-encodes a value for a query string.
fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let encoded = query_escape(name);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `GET /berkas/dokumen/{id}/{sha256}`.
pub async fn download(
    State(state): State<AppState>,
    Path((id, sha)): Path<(i64, String)>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let Ok(Some(user)) = crate::files::session_user(&state, &parts).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let key = sha.clone();
    let found = state.db.run(move |conn| documents::file_for_download(conn, &user.grants, id, &key)).await;
    let (name, mime) = match found {
        Ok(Some(file)) => file,
        Ok(None) | Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(AppError::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match state.files.get_stream(&sha).await {
        Ok(Some((stream, size))) => Response::builder()
            .header(header::CONTENT_TYPE, &mime)
            .header(header::CONTENT_LENGTH, size)
            .header(header::CONTENT_DISPOSITION, content_disposition(&safe_file_name(&name, &mime)))
            .header(header::CACHE_CONTROL, "private, no-store")
            .body(Body::from_stream(stream))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        Ok(None) => {
            tracing::error!(document = id, sha256 = %sha, "a recorded file is missing from the store");
            StatusCode::NOT_FOUND.into_response()
        }
        Err(error) => {
            tracing::error!(%error, document = id, "reading a file from the store failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_path_and_control_characters() {
        assert_eq!(safe_file_name("C:\\Users\\x\\PK 2026.pdf", PDF), "PK 2026.pdf");
        assert_eq!(safe_file_name("../../etc/passwd", PDF), "passwd.pdf");
        assert_eq!(safe_file_name("a\u{0}b\"c.pdf", PDF), "abc.pdf");
        assert_eq!(safe_file_name("   ", DOCX), "berkas.docx");
        assert_eq!(safe_file_name("...", XLSX), "berkas.xlsx");
    }

    #[test]
    fn a_file_is_served_with_the_extension_of_what_its_bytes_are() {
        assert_eq!(safe_file_name("Lampiran PK.hta", PDF), "Lampiran PK.pdf");
        assert_eq!(safe_file_name("Rekap.xlsx", PDF), "Rekap.pdf");
        assert_eq!(safe_file_name("Renstra 2025-2029", DOCX), "Renstra 2025-2029.docx");
        assert_eq!(
            safe_file_name("PK v1.2 final", PDF),
            "PK v1.2 final.pdf",
            "a dot inside a name is not an extension"
        );
        assert_eq!(safe_file_name("LKjIP.PDF", PDF), "LKjIP.pdf");
        assert_eq!(safe_file_name(&"a".repeat(400), PDF).chars().count(), 150);
    }

    #[test]
    fn bidi_overrides_and_invisible_characters_are_removed_from_names() {
        assert_eq!(safe_file_name("Laporan\u{202E}fdp.exe", PDF), "Laporanfdp.pdf");
        assert_eq!(safe_file_name("PK\u{200B}\u{2066}2026\u{2069}.pdf", PDF), "PK2026.pdf");
        assert_eq!(safe_file_name("Laporan\u{FEFF}.pdf\u{200F}", PDF), "Laporan.pdf");
        assert_eq!(
            safe_file_name("Capaian – Triwulan I.xlsx", XLSX),
            "Capaian – Triwulan I.xlsx",
            "ordinary punctuation stays"
        );
    }

    #[test]
    fn the_download_name_keeps_indonesian_characters_in_the_utf8_form() {
        assert_eq!(
            content_disposition("PK Dinas.pdf"),
            "attachment; filename=\"PK Dinas.pdf\"; filename*=UTF-8''PK%20Dinas.pdf"
        );
        assert!(content_disposition("Laporan–2026.pdf").contains("filename*=UTF-8''Laporan%E2%80%932026.pdf"));
    }
}
