//! Server-rendered pages as the browser first receives them.

use akuntabel_app::domain::roles::Role;
use akuntabel_tests::on_each_backend;
use axum::body::Body;
use http::{Request, StatusCode, header};

#[tokio::test]
async fn a_visitor_is_sent_to_the_login_page() {
    on_each_backend(async |app| {
        let request = Request::get("/admin/pengguna")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        let (status, headers, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/masuk"));
    })
    .await;
}

#[tokio::test]
async fn the_login_page_speaks_indonesian_unless_english_was_chosen() {
    on_each_backend(async |app| {
        let english_browser = Request::get("/masuk")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = app.send(english_browser).await;
        let html = String::from_utf8_lossy(&body);
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"<html lang="id""#), "Indonesian comes first");
        assert!(html.contains("Kata sandi") && html.contains("Nama pengguna"));

        let chose_english = Request::get("/masuk")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, "akuntabel_bahasa=en")
            .body(Body::empty())
            .unwrap();
        let (_, _, body) = app.send(chose_english).await;
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains(r#"<html lang="en""#));
        assert!(html.contains("Password"));
    })
    .await;
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_whose_nonce_matches_the_inline_scripts() {
    on_each_backend(async |app| {
        let (_, headers, html) = app.page(None, "/masuk").await;
        let csp =
            headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the CSP");
        assert!(html.contains(&format!(r#"nonce="{nonce}""#)), "scripts carry the CSP nonce");
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).and_then(|v| v.to_str().ok()), Some("nosniff"));
        assert_eq!(headers.get(header::X_FRAME_OPTIONS).and_then(|v| v.to_str().ok()), Some("DENY"));
    })
    .await;
}

#[tokio::test]
async fn a_planner_page_lists_only_the_planners_own_pd() {
    on_each_backend(async |app| {
        let disdik = app.pd("1.01", "Dinas Pendidikan", "Disdik");
        app.pd("1.02", "Dinas Kesehatan", "Dinkes");
        app.user("perencana", &[(Role::PerencanaPd, Some(disdik))]);
        let session = app.login("perencana").await;
        let (status, _, html) = app.page(Some(&session), "/perangkat-daerah").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Dinas Pendidikan"), "own PD shown");
        assert!(!html.contains("Dinas Kesehatan"), "another PD must not appear anywhere in the page");
        assert!(!html.contains(r#"href="/admin/pengguna""#), "no admin navigation for a planner");
    })
    .await;
}

#[tokio::test]
async fn an_admin_dashboard_greets_the_user_and_counts_the_agencies() {
    on_each_backend(async |app| {
        app.user("admin", &[(Role::Admin, None)]);
        for i in 0..3 {
            app.pd(&format!("1.0{i}"), &format!("Dinas {i}"), &format!("D{i}"));
        }
        let session = app.login("admin").await;
        let (status, _, html) = app.page(Some(&session), "/").await;
        assert_eq!(status, StatusCode::OK);
        let html = html.replace("<!>", "");
        assert!(html.contains("Selamat datang, Pengguna admin"), "{html}");
        assert!(html.contains(r#"data-testid="pd-aktif" class="figure"><span class="value">3</span>"#), "{html}");
        assert!(html.contains("Perangkat Daerah aktif"));
    })
    .await;
}

#[tokio::test]
async fn an_unknown_address_answers_404() {
    on_each_backend(async |app| {
        let (status, _, html) = app.page(None, "/tidak/ada").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Halaman tidak ditemukan"));
    })
    .await;
}

#[tokio::test]
async fn the_document_page_loads_each_resource_once_for_the_kabag() {
    // A resource created inside a suspended view is created again each time the view renders,
    // which hung the browser on this page once; the page must settle with a handful of them.
    on_each_backend(async |app| {
        use serde_json::json;
        let disdik = app.pd("1.01", "Dinas Pendidikan", "Disdik");
        app.user("perencana", &[(Role::PerencanaPd, Some(disdik))]);
        app.user("kabag", &[(Role::KabagOrganisasi, None)]);
        app.user("reviewer", &[(Role::Reviewer, None)]);
        let planner = app.login("perencana").await;
        let id: i64 = app
            .call(
                &planner,
                "create_document",
                json!({ "input": { "doc_type": "LaporanKinerja", "pd_id": disdik, "tahun": 2026, "period_id": null, "official_id": null, "judul": "LKjIP" } }),
            )
            .await
            .unwrap();
        app.upload(Some(&planner), &format!("/berkas/dokumen/{id}"), "LKjIP.pdf", b"%PDF-1.7 laporan").await;
        let _: serde_json::Value =
            app.call(&planner, "act_on_document", json!({ "id": id, "action": "Submit", "note": "", "assignee": null })).await.unwrap();
        let kabag = app.login("kabag").await;
        let (status, _, html) = app.page(Some(&kabag), &format!("/dokumen/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"data-action="Assign""#), "the kabag sees the disposition button");
        let resources = html.matches("__RESOLVED_RESOURCES[").count();
        assert!(resources < 20, "{resources} resources resolved for one document page");
    })
    .await;
}

#[tokio::test]
async fn the_bundle_is_sent_precompressed_and_cached_for_a_year_while_pages_are_not() {
    let site = tempfile::tempdir().unwrap();
    let hash = "0123456789abcdef";
    let build = site.path().join("pkg").join(hash);
    std::fs::create_dir_all(&build).unwrap();
    std::fs::write(site.path().join("pkg/bundle"), format!("{hash}\n")).unwrap();
    for file in ["akuntabel.js", "akuntabel.wasm", "akuntabel.css", "split_page_1.wasm"] {
        std::fs::write(build.join(file), format!("isi {file} yang panjang")).unwrap();
        std::fs::write(build.join(format!("{file}.br")), format!("br {file}")).unwrap();
        std::fs::write(build.join(format!("{file}.gz")), format!("gz {file}")).unwrap();
    }
    let name = format!("{hash}/akuntabel");
    let root = site.path().display().to_string();
    akuntabel_tests::on_each_backend_with(&[("AKUNTABEL_SITE_ROOT", &root)], async |app| {
        let get = |path: String, encoding: &'static str| {
            Request::get(path)
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap()
        };
        let (status, headers, body) = app.send(get(format!("/pkg/{name}.wasm"), "gzip, deflate, br")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()), Some("br"));
        assert_eq!(body, b"br akuntabel.wasm");
        assert_eq!(
            headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("application/wasm"));
        let (_, headers, body) = app.send(get(format!("/pkg/{name}.js"), "gzip")).await;
        assert_eq!(headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()), Some("gzip"));
        assert_eq!(body, b"gz akuntabel.js");
        let (_, headers, body) = app.send(get(format!("/pkg/{hash}/split_page_1.wasm"), "br")).await;
        assert_eq!(body, b"br split_page_1.wasm", "a page's module is sent the same way");
        assert_eq!(
            headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("public, max-age=31536000, immutable")
        );
        let (status, headers, _) = app.send(get("/pkg/ffffffffffffffff/akuntabel.wasm".into(), "br")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(headers.get(header::CACHE_CONTROL).is_none(), "a missing file is not cached for a year");

        let (status, headers, page) = app.page(None, "/masuk").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&format!("/pkg/{name}.js")) && page.contains(&format!("/pkg/{name}.wasm")), "{page}");
        assert!(page.contains(&format!("/pkg/{name}.css")));
        let cache = headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(!cache.contains("immutable") && !cache.contains("max-age=3"), "pages stay uncached: {cache}");
    })
    .await;
}
