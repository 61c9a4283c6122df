//! The command-line jobs: demo data, backup and restore.

use akuntabel_app::api::types::PdRow;
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::nip::Nip;
use akuntabel_app::domain::roles::{PdVisibility, Role};
use akuntabel_app::infra::files;
use akuntabel_app::service::master;
use akuntabel_server::{backup, demo};
use akuntabel_tests::{TestApp, backends, on_each_backend};
use serde_json::json;

#[tokio::test]
async fn the_demo_loads_a_realistic_pemda_with_one_user_per_role_and_loads_only_once() {
    on_each_backend(async |app| {
        let mut conn = app.state.db.get().unwrap();
        let logins = demo::load(&mut conn).unwrap();
        let pds = master::list_pd(&mut conn, &PdVisibility::All, true).unwrap();
        assert!(pds.len() >= 12, "{} PDs", pds.len());
        for name in
            ["Dinas Pendidikan", "Dinas Kesehatan", "Badan Perencanaan Pembangunan Daerah", "Inspektorat Daerah"]
        {
            assert!(pds.iter().any(|p| p.nama == name), "{name} is missing");
        }
        assert!(pds.iter().any(|p| p.nama.starts_with("Kecamatan ")));
        assert!(pds.iter().all(|p| p.kepala.is_some()), "every PD has a head");
        let officials = master::list_officials(&mut conn, &PdVisibility::All, None, true).unwrap();
        for o in &officials {
            match o.eselon {
                Eselon::KepalaDaerah | Eselon::WakilKepalaDaerah => assert_eq!(o.nip, None),
                _ => {
                    let nip = o.nip.as_deref().unwrap_or_default();
                    assert!(Nip::parse(nip).is_ok(), "{} has an invalid NIP {nip}", o.nama);
                    assert!(!o.golongan.is_empty());
                }
            }
        }
        for role in Role::VARIANTS {
            assert!(logins.iter().any(|l| l.role == role), "no demo user for {role:?}");
        }
        let again = demo::load(&mut conn).unwrap();
        assert_eq!(again.len(), logins.len());
        assert_eq!(
            master::list_pd(&mut conn, &PdVisibility::All, true).unwrap().len(),
            pds.len(),
            "loading twice adds nothing"
        );
        drop(conn);

        let planner = app.try_login("perencana.disdik", demo::DEMO_PASSWORD).await.unwrap();
        let visible: Vec<PdRow> = app.call(&planner, "list_pd", json!({ "include_inactive": false })).await.unwrap();
        assert_eq!(visible.iter().map(|p| p.singkatan.as_str()).collect::<Vec<_>>(), vec!["Disdik"]);
    })
    .await;
}

#[test]
fn every_column_of_a_backed_up_table_is_in_the_backup() {
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/infra/schema.rs")).unwrap();
    let mut table: Option<&str> = None;
    let mut columns: Vec<&str> = Vec::new();
    for line in schema.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix('{').and_then(|l| l.split_once(" (")).map(|(n, _)| n) {
            (table, columns) = (Some(name), Vec::new());
        } else if let (Some(_), Some((column, _))) = (table, line.split_once(" -> ")) {
            columns.push(column);
        } else if line == "}" && table.is_some() {
            let name = table.take().unwrap_or_default();
            if let Some((_, backed_up)) = backup::COLUMNS.iter().find(|(t, _)| *t == name) {
                assert_eq!(*backed_up, columns.as_slice(), "the backup of {name} lacks or reorders a column");
            }
        }
    }
}

#[test]
fn every_table_is_in_the_backup_or_deliberately_left_out() {
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/infra/schema.rs")).unwrap();
    for line in schema.lines() {
        if let Some(name) = line.trim().strip_suffix('{').and_then(|l| l.trim().split_once(" (")).map(|(n, _)| n) {
            assert!(
                backup::TABLES.contains(&name) || backup::NOT_BACKED_UP.contains(&name),
                "table {name} is neither backed up nor listed in NOT_BACKED_UP"
            );
        }
    }
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_on_either_backend_unchanged() {
    for source in backends() {
        let from = TestApp::start(source, &[]);
        {
            let mut conn = from.state.db.get().unwrap();
            demo::load(&mut conn).unwrap();
            let png = b"\x89PNG\r\n\x1a\n-not-really-an-image-but-bytes";
            let sha = from.state.files.put_bytes(png.to_vec()).await.unwrap();
            files::record(&mut conn, &sha, png.len() as i64, "image/png").unwrap();
            let admin = from.user("pemulih", &[(Role::Admin, None)]);
            master::set_pemda_logo(&mut conn, admin, &sha).unwrap();
        }
        let archive = tempfile::tempdir().unwrap();
        let path = archive.path().join("cadangan.tar.gz");
        // As the CLI does: the backup runs on a blocking thread and fetches files through the runtime.
        let (state, out) = (from.state.clone(), path.clone());
        tokio::task::spawn_blocking(move || backup::write(&state, &out)).await.unwrap().unwrap();
        let expected = backup::dump(&mut from.state.db.get().unwrap()).unwrap();

        for target in backends() {
            eprintln!("--- {source:?} → {target:?}");
            let to = TestApp::start(target, &[]);
            let (state, input) = (to.state.clone(), path.clone());
            tokio::task::spawn_blocking(move || backup::restore(&state, &input)).await.unwrap().unwrap();
            let restored = backup::dump(&mut to.state.db.get().unwrap()).unwrap();
            assert_eq!(expected, restored, "{source:?} → {target:?}: the restored tables differ");
            let mut conn = to.state.db.get().unwrap();
            let logo = master::get_pemda(&mut conn).unwrap().logo_sha256.unwrap();
            assert_eq!(files::mime_of(&mut conn, &logo).unwrap().as_deref(), Some("image/png"));
            assert!(to.state.files.get_verified(&logo).await.unwrap().is_some(), "the stored file came back");
            drop(conn);
            // New rows continue after the restored ids, and restoring twice is refused.
            let admin = to.login("pemulih").await;
            let id: i64 = to
                .call(&admin, "save_pd", json!({ "id": null, "input": { "kode": "9.99", "nama": "Dinas Baru", "singkatan": "DB", "kepala_id": null } }))
                .await
                .unwrap();
            assert!(id > 16, "new id {id} collides with restored ones");
            let (state, input) = (to.state.clone(), path.clone());
            let again = tokio::task::spawn_blocking(move || backup::restore(&state, &input)).await.unwrap();
            assert!(matches!(again, Err(backup::BackupError::NotEmpty(_))), "{again:?}");
        }
    }
}

/// A backup of the demo, written the way the CLI writes it; returns the directory and the path.
async fn demo_backup() -> (tempfile::TempDir, std::path::PathBuf) {
    let from = TestApp::start(akuntabel_app::infra::db::Backend::Sqlite, &[]);
    demo::load(&mut from.state.db.get().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadangan.tar.gz");
    let (state, out) = (from.state.clone(), path.clone());
    tokio::task::spawn_blocking(move || backup::write(&state, &out)).await.unwrap().unwrap();
    (dir, path)
}

/// The archive's entries, each passed through `change`, written back as a new archive.
fn rewrite(path: &std::path::Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> std::path::PathBuf {
    use std::io::Read;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
    let out = path.with_file_name("diubah.tar.gz");
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        std::fs::File::create(&out).unwrap(),
        flate2::Compression::fast(),
    ));
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let bytes = change(&name, bytes);
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_cksum();
        builder.append_data(&mut header, &name, bytes.as_slice()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap();
    out
}

async fn restore_into_empty(path: std::path::PathBuf) -> (TestApp, Result<String, backup::BackupError>) {
    let to = TestApp::start(akuntabel_app::infra::db::Backend::Sqlite, &[]);
    let state = to.state.clone();
    let result = tokio::task::spawn_blocking(move || backup::restore(&state, &path)).await.unwrap();
    (to, result)
}

#[tokio::test]
async fn a_backup_archive_can_be_read_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = demo_backup().await;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

#[tokio::test]
async fn an_archive_whose_audit_trail_was_edited_is_refused_and_nothing_is_restored() {
    let (_dir, path) = demo_backup().await;
    let tampered = rewrite(&path, |name, bytes| {
        if name == "tables/audit_log.json" {
            String::from_utf8(bytes).unwrap().replacen("Dinas Pendidikan", "Dinas Pendidikan Palsu", 1).into_bytes()
        } else {
            bytes
        }
    });
    let (to, result) = restore_into_empty(tampered).await;
    assert!(matches!(result, Err(backup::BackupError::BrokenChain(..))), "{result:?}");
    let users: i64 = {
        use akuntabel_app::infra::schema::users;
        use diesel::prelude::*;
        akuntabel_app::with_conn!(&mut *to.state.db.get().unwrap(), |c| users::table.count().get_result(c)).unwrap()
    };
    assert_eq!(users, 0, "nothing was committed");
}

#[tokio::test]
async fn an_archive_entry_over_its_size_limit_is_refused_before_it_is_read() {
    let (_dir, path) = demo_backup().await;
    let huge = rewrite(&path, |name, bytes| {
        if name == "manifest.json" {
            let mut padded = bytes;
            padded.extend(std::iter::repeat_n(b' ', 2 * 1024 * 1024));
            padded
        } else {
            bytes
        }
    });
    let (_to, result) = restore_into_empty(huge).await;
    assert!(
        matches!(result, Err(backup::BackupError::TooLarge(ref name, ..)) if name == "manifest.json"),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_archive_of_the_previous_format_still_restores() {
    let (_dir, path) = demo_backup().await;
    // Format 4 lacks the budget spent with a realisation; format 3 also the PK's pihak kedua;
    // format 2 also whether a user must change the password.
    for (format, lacking) in [
        ("akuntabel-backup/4", &["realisasi"][..]),
        ("akuntabel-backup/3", &["realisasi", "documents"][..]),
        ("akuntabel-backup/2", &["realisasi", "documents", "users"][..]),
    ] {
        let older = rewrite(&path, |name, bytes| {
            let text = String::from_utf8(bytes.clone()).unwrap_or_default();
            let table = name.strip_prefix("tables/").and_then(|n| n.strip_suffix(".json")).unwrap_or_default();
            if name == "manifest.json" {
                return text.replace(backup::FORMAT, format).into_bytes();
            }
            if !lacking.contains(&table) {
                return bytes;
            }
            let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(&text).unwrap();
            let rows: Vec<Vec<serde_json::Value>> = rows
                .into_iter()
                .map(|mut r| {
                    r.pop();
                    r
                })
                .collect();
            serde_json::to_vec(&rows).unwrap()
        });
        let (to, result) = restore_into_empty(older).await;
        assert!(result.is_ok(), "{format}: {result:?}");
        assert!(to.try_login("admin", "demo-akuntabel").await.is_ok());
    }
}
