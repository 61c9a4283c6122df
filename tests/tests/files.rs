//! Attachments: the real type decides, zip bombs are stopped at the directory, sizes are capped,
//! downloads check access like everything else.

use akuntabel_app::api::types::DocumentDetail;
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
    let doc: i64 = app
        .call(
            &planner,
            "create_document",
            json!({ "input": { "doc_type": "LaporanKinerja", "pd_id": disdik, "tahun": 2026, "period_id": null, "official_id": null, "judul": "LKjIP Dinas Pendidikan 2026" } }),
        )
        .await
        .unwrap();
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
