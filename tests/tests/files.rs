//! Attachments: the real type decides, zip bombs are stopped at the directory, sizes are capped,
//! downloads check access like everything else.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::model::Anchor;
use akuntabel_app::domain::roles::Role;
use akuntabel_tests::{Session, TestApp, on_each_backend, on_each_backend_with};
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::json;
use std::io::Write;

struct Setup {
    doc: i64,
    planner: Session,
    outsider: Session,
}

async fn setup(app: &TestApp) -> Setup {
    let disdik = app.pd("1.01", "Dinas Pendidikan", "Disdik");
    let dinkes = app.pd("1.02", "Dinas Kesehatan", "Dinkes");
    app.user("perencana", &[(Role::PerencanaPd, Some(disdik))]);
    app.user("luar", &[(Role::PerencanaPd, Some(dinkes))]);
    let planner = app.login("perencana").await;
    let doc = app.lkjip(&planner, disdik, "LKjIP Dinas Pendidikan 2026").await;
    Setup { doc, planner, outsider: app.login("luar").await }
}

fn zip_with(names: &[&str]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for name in names {
            zip.start_file(*name, options).unwrap();
            zip.write_all(b"<x/>").unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

async fn detail(app: &TestApp, s: &Session, id: i64) -> DocumentDetail {
    app.call(s, "get_document", json!({ "id": id })).await.unwrap()
}

#[tokio::test]
async fn a_pdf_is_attached_stored_once_and_downloaded_with_its_name() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF";
        let (status, location) =
            app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "../LKjIP Disdik–2026.pdf", pdf).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("/dokumen/{}?berkas=ok", s.doc));
        let (_, again) = app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "salinan.pdf", pdf).await;
        assert!(again.ends_with("berkas=ok"));
        let d = detail(&app, &s.planner, s.doc).await;
        assert_eq!(d.files.len(), 2);
        assert_eq!(d.files[0].file_name, "LKjIP Disdik–2026.pdf", "the path part of the name is dropped");
        assert_eq!(d.files[0].mime, "application/pdf");
        assert_eq!(d.files[0].sha256, d.files[1].sha256, "the same bytes are stored once");
        let stored = std::fs::read_dir(app.state.config.files_dir()).unwrap().count();
        assert_eq!(stored, 1);

        let path = format!("/berkas/dokumen/{}/{}", s.doc, d.files[0].sha256);
        let get = |cookie: Option<&str>| {
            let mut r = Request::get(&path).header(header::HOST, "127.0.0.1:3000");
            if let Some(c) = cookie {
                r = r.header(header::COOKIE, c);
            }
            r.body(Body::empty()).unwrap()
        };
        let (status, headers, body) = app.send(get(Some(&s.planner.cookie))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, pdf);
        let disposition =
            headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("UTF-8''LKjIP%20Disdik%E2%80%932026.pdf"),
            "{disposition}"
        );
        assert_eq!(app.send(get(Some(&s.outsider.cookie))).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.send(get(None)).await.0, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn a_file_is_judged_by_its_bytes_not_its_name() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let path = format!("/berkas/dokumen/{}", s.doc);
        let (_, text_as_pdf) = app.upload(Some(&s.planner), &path, "laporan.pdf", b"bukan pdf sama sekali").await;
        assert!(text_as_pdf.ends_with("berkas=tipe"), "{text_as_pdf}");
        let (_, plain_zip) = app.upload(Some(&s.planner), &path, "laporan.docx", &zip_with(&["readme.txt"])).await;
        assert!(plain_zip.ends_with("berkas=tipe"), "a zip that is no office document is refused");
        let (_, xlsx) = app
            .upload(Some(&s.planner), &path, "capaian.xlsx", &zip_with(&["[Content_Types].xml", "xl/workbook.xml"]))
            .await;
        assert!(xlsx.ends_with("berkas=ok"), "{xlsx}");
        let d = detail(&app, &s.planner, s.doc).await;
        assert_eq!(
            d.files.iter().map(|f| f.mime.as_str()).collect::<Vec<_>>(),
            vec!["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_zip_with_too_many_entries_is_refused_before_it_is_unpacked() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let names: Vec<String> =
            (0..5_001).map(|i| format!("word/part{i}.xml")).chain(["word/document.xml".to_owned()]).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (_, location) =
            app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "bom.docx", &zip_with(&refs)).await;
        assert!(location.ends_with("berkas=tipe"), "{location}");
        assert!(detail(&app, &s.planner, s.doc).await.files.is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_upload_over_the_size_limit_is_refused_and_nothing_is_kept() {
    on_each_backend_with(&[("AKUNTABEL_MAX_UPLOAD_MB", "1")], async |app| {
        let s = setup(&app).await;
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(1024 * 1024 + 10, b'x');
        let (_, location) =
            app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "besar.pdf", &big).await;
        assert!(location.ends_with("berkas=besar"), "{location}");
        assert!(detail(&app, &s.planner, s.doc).await.files.is_empty());
        let leftovers = std::fs::read_dir(app.state.config.data_dir.join("tmp")).map(|d| d.count()).unwrap_or(0);
        assert_eq!(leftovers, 0, "the partial upload was removed");
    })
    .await;
}

#[tokio::test]
async fn only_the_owning_pd_uploads_and_only_while_the_document_is_with_them() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let path = format!("/berkas/dokumen/{}", s.doc);
        let (status, _) = app.upload(Some(&s.outsider), &path, "x.pdf", b"%PDF-1.7").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, anonymous) = app.upload(None, &path, "x.pdf", b"%PDF-1.7").await;
        assert_eq!(anonymous, "/masuk");
        let (_, own) = app.upload(Some(&s.planner), &path, "LKjIP.pdf", b"%PDF-1.7 laporan").await;
        assert!(own.ends_with("berkas=ok"), "{own}");
        let _: serde_json::Value = app
            .call(
                &s.planner,
                "act_on_document",
                json!({ "id": s.doc, "action": "Submit", "note": "", "assignee": null }),
            )
            .await
            .unwrap();
        let (_, submitted) = app.upload(Some(&s.planner), &path, "x.pdf", b"%PDF-1.7").await;
        assert!(submitted.ends_with("berkas=status"), "{submitted}");
    })
    .await;
}

#[tokio::test]
async fn a_document_without_a_file_cannot_be_submitted_and_stays_a_draft() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let refused = app
            .call::<serde_json::Value>(
                &s.planner,
                "act_on_document",
                json!({ "id": s.doc, "action": "Submit", "note": "", "assignee": null }),
            )
            .await
            .unwrap_err();
        assert_eq!(refused.code(), "empty_submission");
        let msg = refused.msg();
        assert!(msg.id.contains("unggah berkasnya"), "{}", msg.id);
        let detail: akuntabel_app::api::types::DocumentDetail =
            app.call(&s.planner, "get_document", json!({ "id": s.doc })).await.unwrap();
        assert_eq!(detail.row.state, akuntabel_app::domain::workflow::State::Draft);
        assert!(detail.versions.is_empty(), "no version was frozen");
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_comments_on_a_page_of_an_attached_file_of_the_version_under_review() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        app.user("kabag", &[(Role::KabagOrganisasi, None)]);
        let reviewer_id = app.user("reviewer", &[(Role::Reviewer, None)]);
        let (kabag, reviewer) = (app.login("kabag").await, app.login("reviewer").await);
        app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "LKjIP.pdf", b"%PDF-1.7 halaman").await;
        let sha = detail(&app, &s.planner, s.doc).await.files[0].sha256.clone();
        let act = |action: &str, assignee: Option<i64>| {
            json!({ "id": s.doc, "action": action, "note": "", "assignee": assignee })
        };
        let _: serde_json::Value = app.call(&s.planner, "act_on_document", act("Submit", None)).await.unwrap();
        let _: serde_json::Value = app.call(&kabag, "act_on_document", act("Assign", Some(reviewer_id))).await.unwrap();
        let _: serde_json::Value = app.call(&reviewer, "act_on_document", act("StartReview", None)).await.unwrap();

        let page = |sha256: &str, page: u32| Anchor::FilePage { sha256: sha256.to_owned(), page };
        let comment = |anchor: Anchor| {
            json!({ "document_id": s.doc, "anchor": anchor, "body": "Tabel capaian di halaman ini belum memuat realisasi 2025.", "proposed": null })
        };
        let thread: i64 = app.call(&reviewer, "add_comment", comment(page(&sha, 3))).await.unwrap();
        let d = detail(&app, &s.planner, s.doc).await;
        let t = d.threads.iter().find(|t| t.id == thread).unwrap();
        assert_eq!(t.anchor, page(&sha, 3));

        let elsewhere = "ab".repeat(32);
        let refused = app.call::<i64>(&reviewer, "add_comment", comment(page(&elsewhere, 1))).await.unwrap_err();
        assert!(refused.field_errors().and_then(|f| f.get("anchor")).is_some(), "{refused:?}");
        let refused = app.call::<i64>(&reviewer, "add_comment", comment(page(&sha, 0))).await.unwrap_err();
        assert!(refused.field_errors().and_then(|f| f.get("anchor")).is_some(), "pages count from 1: {refused:?}");

        // The document page shows the thread beside the file, named by file and page.
        let (_, _, html) = app.page(Some(&s.planner), &format!("/dokumen/{}", s.doc)).await;
        let after_file = html.split(&format!("data-file=\"{sha}\"")).nth(1).unwrap_or_default();
        let files_panel = after_file.split("</section>").next().unwrap_or_default();
        assert!(files_panel.contains("LKjIP.pdf, hlm. 3"), "the thread sits beside its file, in the files panel");
        assert_eq!(html.matches("LKjIP.pdf, hlm. 3").count(), 1, "and nowhere else");
    })
    .await;
}

/// The S3 test server of `scripts/test` (moto), when one is running.
fn s3_server() -> Option<(String, String)> {
    let endpoint = std::env::var("TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty())?;
    Some((endpoint, std::env::var("TEST_S3_BUCKET").unwrap_or_else(|_| "akuntabel-uji".into())))
}

#[tokio::test]
async fn with_an_s3_store_uploads_go_to_the_bucket_and_come_back_whole() {
    let Some((endpoint, bucket)) = s3_server() else {
        eprintln!("TEST_S3_ENDPOINT is not set: the S3 store is tested by CI=true scripts/test");
        return;
    };
    let prefix = format!("uji-{}", std::process::id());
    let vars = [
        ("AKUNTABEL_FILE_STORE", "s3"),
        ("AKUNTABEL_S3_ENDPOINT", endpoint.as_str()),
        ("AKUNTABEL_S3_BUCKET", bucket.as_str()),
        ("AKUNTABEL_S3_ACCESS_KEY_ID", "uji"),
        ("AKUNTABEL_S3_SECRET_ACCESS_KEY", "rahasia-uji"),
        ("AKUNTABEL_S3_PREFIX", prefix.as_str()),
    ];
    on_each_backend_with(&vars, async |app| {
        app.state.files.check().await.expect("the bucket answers");
        assert!(app.state.files.location.starts_with(&format!("s3://{bucket}/{prefix}")));
        let s = setup(&app).await;
        let pdf = format!("%PDF-1.7 LKjIP {:?}", app.backend).into_bytes();
        let (_, location) =
            app.upload(Some(&s.planner), &format!("/berkas/dokumen/{}", s.doc), "LKjIP.pdf", &pdf).await;
        assert!(location.ends_with("berkas=ok"), "{location}");
        let sha = detail(&app, &s.planner, s.doc).await.files[0].sha256.clone();
        assert!(!app.state.config.files_dir().join(&sha[..2]).exists(), "nothing is written to the local disk");

        let request = Request::get(format!("/berkas/dokumen/{}/{sha}", s.doc))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &s.planner.cookie)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = app.send(request).await;
        assert_eq!((status, body), (StatusCode::OK, pdf));
    })
    .await;

    let wrong = akuntabel_app::infra::config::Config::load(|k| match k {
        "AKUNTABEL_FILE_STORE" => Some("s3".into()),
        "AKUNTABEL_S3_ENDPOINT" => Some(endpoint.clone()),
        "AKUNTABEL_S3_BUCKET" => Some("ember-yang-tidak-ada".into()),
        "AKUNTABEL_S3_ACCESS_KEY_ID" | "AKUNTABEL_S3_SECRET_ACCESS_KEY" => Some("uji".into()),
        "AKUNTABEL_DATA_DIR" => Some(std::env::temp_dir().display().to_string()),
        _ => None,
    })
    .unwrap();
    let store = akuntabel_app::infra::files::FileStore::open(&wrong).unwrap();
    assert!(store.check().await.is_err(), "a missing bucket is found at start-up");
}

#[tokio::test]
async fn a_pdf_uploaded_under_another_extension_is_served_as_a_pdf_and_the_uploader_is_told() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let pdf = b"%PDF-1.7\n%%EOF";
        let upload = format!("/berkas/dokumen/{}", s.doc);
        let (_, location) = app.upload(Some(&s.planner), &upload, "Lampiran PK.hta", pdf).await;
        assert_eq!(location, format!("/dokumen/{}?berkas=ok-nama&nama=Lampiran%20PK.pdf", s.doc));
        let (_, location) = app.upload(Some(&s.planner), &upload, "Laporan\u{202E}fdp.exe", pdf).await;
        assert!(location.ends_with("nama=Laporanfdp.pdf"), "the right-to-left override is gone: {location}");
        let d = detail(&app, &s.planner, s.doc).await;
        let names: Vec<&str> = d.files.iter().map(|f| f.file_name.as_str()).collect();
        assert_eq!(names, vec!["Lampiran PK.pdf", "Laporanfdp.pdf"]);
        let request = Request::get(format!("/berkas/dokumen/{}/{}", s.doc, d.files[0].sha256))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &s.planner.cookie)
            .body(Body::empty())
            .unwrap();
        let (_, headers, _) = app.send(request).await;
        let disposition = headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(disposition.contains("filename=\"Lampiran PK.pdf\""), "{disposition}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_upload_the_client_abandons_leaves_no_part_file_behind() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let boundary = "----akuntabel-uji-7d3f";
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"besar.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 "
        );
        // The first part arrives, then the client goes quiet and is gone.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
        tx.send(Ok(head.into_bytes())).await.unwrap();
        let body = Body::from_stream(futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) }));
        let request = Request::post(format!("/berkas/dokumen/{}", s.doc))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ORIGIN, akuntabel_tests::ORIGIN)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &s.planner.cookie)
            .body(body)
            .unwrap();
        let router = app.router.clone();
        let upload = tokio::spawn(async move { tower::ServiceExt::oneshot(router, request).await });
        let tmp = app.state.config.data_dir.join("tmp");
        let parts = || std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
        let started = std::time::Instant::now();
        while parts() == 0 {
            assert!(started.elapsed() < std::time::Duration::from_secs(10), "the upload never started");
            tokio::task::yield_now().await;
        }
        upload.abort();
        let _ = upload.await;
        drop(tx);
        assert_eq!(parts(), 0, "the half-written upload is removed");
        assert!(detail(&app, &s.planner, s.doc).await.files.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_identical_uploads_at_the_same_moment_both_succeed_and_are_stored_once() {
    on_each_backend(async |app| {
        let s = setup(&app).await;
        let pdf = b"%PDF-1.7\nsama persis\n%%EOF";
        let path = format!("/berkas/dokumen/{}", s.doc);
        let uploads = (0..4).map(|i| {
            let name = format!("salinan-{i}.pdf");
            let path = path.clone();
            let app = &app;
            let planner = &s.planner;
            async move { app.upload(Some(planner), &path, &name, pdf).await }
        });
        for (status, location) in futures::future::join_all(uploads).await {
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert!(location.ends_with("berkas=ok"), "{location}");
        }
        let d = detail(&app, &s.planner, s.doc).await;
        assert_eq!(d.files.len(), 4);
        assert_eq!(std::fs::read_dir(app.state.config.files_dir()).unwrap().count(), 1);
    })
    .await;
}
