//! Who may call what: every server function, by every role, by another PD's users, without a
//! session, and without the forgery defence.

use akuntabel_app::domain::roles::Role;
use akuntabel_app::error::AppError;
use akuntabel_tests::{ORIGIN, TestApp, on_each_backend};
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::{Value, json};

/// Server functions that need no session.
const PUBLIC: &[&str] = &["login", "logout", "whoami"];

struct Case {
    endpoint: &'static str,
    args: Value,
    /// Roles that pass the authorisation check; everyone else must get `Forbidden`.
    allowed: &'static [Role],
}

const EVERYONE: &[Role] = &Role::VARIANTS;
const ADMIN: &[Role] = &[Role::Admin];

/// One row per server function. A new server function fails
/// `every_server_function_is_in_the_access_table` until it is added here.
fn cases(own_pd: i64, some_user: i64) -> Vec<Case> {
    let pd_input =
        json!({ "kode": "9.99.0.00.0.00.01.0000", "nama": "Dinas Uji Coba", "singkatan": "DUC", "kepala_id": null });
    let official = json!({
        "gelar_depan": "", "nama": "Budi", "gelar_belakang": "", "nip": "198001012005011001", "golongan": "III/a",
        "jabatan": "Analis", "eselon": "Pelaksana", "pd_id": own_pd, "status": "Definitif"
    });
    vec![
        Case { endpoint: "get_pemda", args: json!({}), allowed: EVERYONE },
        Case { endpoint: "get_capaian_settings", args: json!({}), allowed: EVERYONE },
        Case {
            endpoint: "save_capaian_settings",
            args: json!({ "input": { "negative_formula": "TwiceTargetMinusRealisation", "cap": "None", "batas": ["60", "80", "95", "105"], "pembagian": "Triwulan" } }),
            allowed: ADMIN,
        },
        Case { endpoint: "get_capaian", args: json!({ "tahun": 2026 }), allowed: EVERYONE },
        Case {
            endpoint: "save_pemda",
            args: json!({ "input": { "nama": "Pemerintah Kabupaten Uji", "jabatan_kepala_daerah": "Bupati Uji", "kota_ttd": "Uji", "alamat": "", "telepon": "", "email": "", "laman": "" } }),
            allowed: ADMIN,
        },
        Case { endpoint: "list_pd", args: json!({ "include_inactive": false }), allowed: EVERYONE },
        Case { endpoint: "get_pd", args: json!({ "id": own_pd }), allowed: EVERYONE },
        Case { endpoint: "save_pd", args: json!({ "id": null, "input": pd_input }), allowed: ADMIN },
        Case { endpoint: "set_pd_active", args: json!({ "id": own_pd, "active": true }), allowed: ADMIN },
        Case {
            endpoint: "list_officials",
            args: json!({ "pd_id": null, "include_inactive": false }),
            allowed: EVERYONE,
        },
        Case { endpoint: "save_official", args: json!({ "id": null, "input": official }), allowed: ADMIN },
        Case { endpoint: "set_official_active", args: json!({ "id": 999_999, "active": true }), allowed: ADMIN },
        Case { endpoint: "list_users", args: json!({}), allowed: ADMIN },
        Case {
            endpoint: "save_user",
            args: json!({ "id": null, "input": { "username": "baru", "nama": "Baru", "password": "panjang-sekali-1" } }),
            allowed: ADMIN,
        },
        Case { endpoint: "set_user_active", args: json!({ "id": some_user, "active": true }), allowed: ADMIN },
        Case {
            endpoint: "grant_role",
            args: json!({ "user_id": some_user, "role": "Pimpinan", "pd_id": null }),
            allowed: ADMIN,
        },
        Case { endpoint: "revoke_role", args: json!({ "grant_id": 999_999 }), allowed: ADMIN },
        Case { endpoint: "list_periods", args: json!({}), allowed: EVERYONE },
        Case {
            endpoint: "save_period",
            args: json!({ "id": null, "input": { "nama": "RPJMD 2030–2034", "tahun_awal": 2030, "tahun_akhir": 2034 } }),
            allowed: ADMIN,
        },
        Case { endpoint: "set_period_active", args: json!({ "id": 999_999, "active": true }), allowed: ADMIN },
        Case { endpoint: "list_audit", args: json!({ "before_id": null }), allowed: &[Role::Admin, Role::Inspektorat] },
        Case { endpoint: "get_dashboard", args: json!({}), allowed: EVERYONE },
        Case { endpoint: "password_strength", args: json!({ "password": "password1234" }), allowed: EVERYONE },
        Case {
            endpoint: "change_password",
            args: json!({ "current": "bukan-kata-sandinya", "new": "pempek kapal selam 1987 biru" }),
            allowed: EVERYONE,
        },
    ]
}

/// Calls every case as `role` (logged in as the user named after it): a role outside the case's
/// list gets `Forbidden`, one inside does not; nobody gets a server error.
async fn assert_only_allowed_roles_pass(app: &TestApp, role: Role, cases: Vec<Case>) {
    let session = app.login(role.code()).await;
    for case in cases {
        let (status, headers, body) = app.call_raw(Some(&session.cookie), case.endpoint, case.args.clone()).await;
        let result: Result<Value, AppError> = akuntabel_tests::decode((status, headers, body));
        let expected = result.as_ref().err().map(|e| e.status()).unwrap_or(200);
        assert_eq!(
            status.as_u16(),
            expected,
            "{} called {}: the status is the refusal's: {result:?}",
            role.code(),
            case.endpoint
        );
        let refused = matches!(result, Err(AppError::Forbidden));
        assert_eq!(
            refused,
            !case.allowed.contains(&role),
            "{} called {} {}: {result:?}",
            role.code(),
            case.endpoint,
            case.args
        );
        assert!(!matches!(result, Err(AppError::Internal | AppError::Transport(_))), "{}: {result:?}", case.endpoint);
    }
}

fn setup(app: &TestApp) -> (i64, i64, i64) {
    let own = app.pd("1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "Disdik");
    let other = app.pd("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes");
    let target = app.user("sasaran", &[]);
    for role in Role::VARIANTS {
        let pd = role.is_pd_scoped().then_some(own);
        app.user(role.code(), &[(role, pd)]);
    }
    (own, other, target)
}

/// The document functions, against a Disdik PK that is in review with one thread, one suggestion
/// and one attached file. Allowed roles pass the authorisation check (they may still get a
/// conflict for the document's state); everyone else must get `Forbidden`.
fn document_cases(d: &DocFixture) -> Vec<Case> {
    const OWNERS: &[Role] = &[Role::PerencanaPd, Role::KepalaPd];
    const VIEW_ALL: &[Role] = &[Role::Admin, Role::Reviewer, Role::KabagOrganisasi, Role::Pimpinan, Role::Inspektorat];
    let act = |action: &str, assignee: Option<i64>| json!({ "id": d.doc, "action": action, "note": "alasan", "assignee": assignee });
    vec![
        Case {
            endpoint: "create_document",
            args: json!({ "input": { "doc_type": "LaporanKinerja", "pd_id": d.pd, "tahun": 2026, "period_id": null, "official_id": null, "judul": "LKjIP 2026" } }),
            allowed: OWNERS,
        },
        Case { endpoint: "list_documents", args: json!({ "tahun": 2026, "pd_id": null }), allowed: EVERYONE },
        Case { endpoint: "get_document", args: json!({ "id": d.doc }), allowed: EVERYONE },
        Case { endpoint: "list_pihak_kedua", args: json!({ "official_id": d.official }), allowed: OWNERS },
        Case { endpoint: "copy_document_forward", args: json!({ "id": d.doc }), allowed: OWNERS },
        Case {
            endpoint: "record_realisation",
            args: json!({ "document_id": d.doc, "node": "r1", "period": 0, "input": { "nilai": "5" } }),
            allowed: OWNERS,
        },
        Case {
            endpoint: "save_document",
            args: json!({ "id": d.doc, "revision": 1, "judul": "", "content": { "Pk": { "rows": [] } } }),
            allowed: OWNERS,
        },
        Case { endpoint: "remove_document_file", args: json!({ "file_id": d.file }), allowed: OWNERS },
        Case { endpoint: "act_on_document", args: act("Submit", None), allowed: OWNERS },
        Case { endpoint: "act_on_document", args: act("Assign", Some(d.reviewer)), allowed: &[Role::KabagOrganisasi] },
        Case { endpoint: "act_on_document", args: act("Approve", None), allowed: &[Role::Reviewer] },
        Case { endpoint: "act_on_document", args: act("Reopen", None), allowed: &[Role::KabagOrganisasi] },
        Case {
            endpoint: "add_comment",
            args: json!({ "document_id": d.doc, "anchor": "Document", "body": "Catatan", "proposed": null }),
            allowed: &[Role::Reviewer],
        },
        Case {
            endpoint: "reply_comment",
            args: json!({ "thread_id": d.thread, "body": "Balasan" }),
            allowed: &[Role::PerencanaPd, Role::KepalaPd, Role::Reviewer],
        },
        Case { endpoint: "mark_comment_fixed", args: json!({ "thread_id": d.thread, "version": 2 }), allowed: OWNERS },
        Case {
            endpoint: "resolve_comment",
            args: json!({ "thread_id": d.thread }),
            allowed: &[Role::Reviewer, Role::KabagOrganisasi],
        },
        Case {
            endpoint: "decide_suggestion",
            args: json!({ "suggestion_id": d.suggestion, "accept": false, "reason": "tidak sesuai" }),
            allowed: OWNERS,
        },
        Case { endpoint: "review_queue", args: json!({}), allowed: &[Role::Reviewer] },
        Case { endpoint: "overdue_documents", args: json!({}), allowed: EVERYONE },
        Case { endpoint: "list_reviewers", args: json!({}), allowed: &[Role::KabagOrganisasi] },
        Case { endpoint: "completeness_board", args: json!({ "tahun": 2026 }), allowed: VIEW_ALL },
        Case {
            endpoint: "set_deadline",
            args: json!({ "tahun": 2026, "doc_type": "PerjanjianKinerja", "due": { "year": 2026, "month": 2, "day": 28 } }),
            allowed: ADMIN,
        },
        Case {
            endpoint: "set_dpa_date",
            args: json!({ "tahun": 2026, "date": { "year": 2026, "month": 1, "day": 5 } }),
            allowed: ADMIN,
        },
        Case { endpoint: "get_inbox", args: json!({}), allowed: EVERYONE },
        Case { endpoint: "unread_count", args: json!({}), allowed: EVERYONE },
        Case { endpoint: "get_deadlines", args: json!({ "tahun": 2026 }), allowed: ADMIN },
        Case { endpoint: "mark_inbox_read", args: json!({ "id": null }), allowed: EVERYONE },
    ]
}

struct DocFixture {
    pd: i64,
    doc: i64,
    thread: i64,
    suggestion: i64,
    file: i64,
    reviewer: i64,
    /// The official the PK is for.
    official: i64,
}

/// A Disdik PK in review, built the way the users would build it.
async fn document_fixture(app: &TestApp, pd: i64) -> DocFixture {
    use akuntabel_app::api::types::DocumentDetail;
    use akuntabel_app::domain::master::{ActingStatus, Eselon, OfficialInput};
    use akuntabel_app::infra::{auth::SessionUser, files};
    use akuntabel_app::service::documents;
    use akuntabel_app::service::master;
    let planner = app.login("perencana_pd").await;
    let official = {
        let mut conn = app.state.db.get().unwrap();
        let input = OfficialInput {
            nama: "Kepala".into(),
            nip: "197005121995031002".into(),
            golongan: "IV/c".into(),
            jabatan: "Kepala Dinas".into(),
            eselon: Eselon::IIb,
            pd_id: Some(pd),
            status: ActingStatus::Definitif,
            ..OfficialInput::default()
        };
        master::create_official(&mut conn, 1, &input).unwrap()
    };
    let bupati = {
        let mut conn = app.state.db.get().unwrap();
        let input = OfficialInput {
            nama: "Bupati".into(),
            jabatan: "Bupati Uji".into(),
            eselon: Eselon::KepalaDaerah,
            pd_id: None,
            status: ActingStatus::Definitif,
            ..OfficialInput::default()
        };
        master::create_official(&mut conn, 1, &input).unwrap()
    };
    let doc: i64 = app
        .call(&planner, "create_document", json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": pd, "tahun": 2026, "period_id": null, "official_id": official, "pihak_kedua_id": bupati, "judul": "PK 2026" } }))
        .await
        .unwrap();
    let rows =
        json!({ "Pk": { "rows": [{ "key": "a", "sasaran": "S", "indikator": "I", "target": "1", "satuan": "%" }] } });
    let _: i64 = app
        .call(&planner, "save_document", json!({ "id": doc, "revision": 1, "judul": "", "content": rows }))
        .await
        .unwrap();
    let sha = app.state.files.put_bytes(b"%PDF-1.7 lampiran".to_vec()).await.unwrap();
    let file = {
        let mut conn = app.state.db.get().unwrap();
        files::record(&mut conn, &sha, 17, "application/pdf").unwrap();
        let planner_user = SessionUser {
            session_id: 0,
            user_id: 0,
            username: "perencana_pd".into(),
            nama: String::new(),
            grants: akuntabel_app::domain::roles::Grants(vec![akuntabel_app::domain::roles::Grant {
                role: Role::PerencanaPd,
                pd_id: Some(pd),
            }]),
            must_change_password: false,
        };
        let uploader = akuntabel_app::with_conn!(&mut *conn, |c| {
            use akuntabel_app::infra::schema::users;
            use diesel::prelude::*;
            users::table.filter(users::username.eq("perencana_pd")).select(users::id).first::<i64>(c)
        })
        .unwrap();
        let planner_user = SessionUser { user_id: uploader, ..planner_user };
        documents::attach_file(&mut conn, &planner_user, doc, &sha, "lampiran.pdf", 17, "application/pdf").unwrap()
    };
    let _: Value = app
        .call(&planner, "act_on_document", json!({ "id": doc, "action": "Submit", "note": "", "assignee": null }))
        .await
        .unwrap();
    let kabag = app.login("kabag_organisasi").await;
    let reviewer_id = {
        let users: Vec<akuntabel_app::api::types::UserRow> = {
            let mut conn = app.state.db.get().unwrap();
            akuntabel_app::service::users::list_users(&mut conn).unwrap()
        };
        users.iter().find(|u| u.username == "reviewer").map(|u| u.id).unwrap()
    };
    let _: Value = app
        .call(&kabag, "act_on_document", json!({ "id": doc, "action": "Assign", "note": "", "assignee": reviewer_id }))
        .await
        .unwrap();
    let reviewer = app.login("reviewer").await;
    let _: Value = app
        .call(&reviewer, "act_on_document", json!({ "id": doc, "action": "StartReview", "note": "", "assignee": null }))
        .await
        .unwrap();
    let thread: i64 = app
        .call(
            &reviewer,
            "add_comment",
            json!({ "document_id": doc, "anchor": { "Field": { "node": "a", "field": "target" } }, "body": "Naikkan", "proposed": "2" }),
        )
        .await
        .unwrap();
    let detail: DocumentDetail = app.call(&reviewer, "get_document", json!({ "id": doc })).await.unwrap();
    let suggestion = detail.threads[0].suggestion.as_ref().map(|s| s.id).unwrap();
    DocFixture { pd, doc, thread, suggestion, file, reviewer: reviewer_id, official }
}

#[tokio::test]
async fn each_role_may_call_exactly_the_document_functions_the_workflow_allows_it() {
    on_each_backend(async |app| {
        let (own, _, _) = setup(&app);
        let fixture = document_fixture(&app, own).await;
        for role in Role::VARIANTS {
            assert_only_allowed_roles_pass(&app, role, document_cases(&fixture)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn every_server_function_is_in_the_access_table() {
    let fixture = DocFixture { pd: 1, doc: 1, thread: 1, suggestion: 1, file: 1, reviewer: 1, official: 1 };
    let listed: Vec<&str> = cases(1, 3)
        .iter()
        .chain(document_cases(&fixture).iter())
        .map(|c| c.endpoint)
        .chain(PUBLIC.iter().copied())
        .collect();
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    assert!(!registered.is_empty());
    for path in &registered {
        let name = path.trim_start_matches("/api/");
        assert!(listed.contains(&name), "server function {path} has no row in the access table");
    }
}

#[tokio::test]
async fn each_role_may_call_exactly_the_server_functions_of_the_permission_table() {
    on_each_backend(async |app| {
        let (own, _, target) = setup(&app);
        for role in Role::VARIANTS {
            assert_only_allowed_roles_pass(&app, role, cases(own, target)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn without_a_session_every_server_function_but_login_answers_unauthenticated() {
    on_each_backend(async |app| {
        let (own, _, target) = setup(&app);
        let fixture = document_fixture(&app, own).await;
        for case in cases(own, target).into_iter().chain(document_cases(&fixture)) {
            let (status, headers, body) = app.call_raw(None, case.endpoint, case.args).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", case.endpoint);
            let error: Result<Value, _> = akuntabel_tests::decode((status, headers, body));
            assert_eq!(error.err(), Some(AppError::Unauthenticated), "{}", case.endpoint);
        }
    })
    .await;
}

#[tokio::test]
async fn a_pd_user_cannot_read_another_pds_data_and_the_refusal_is_logged() {
    on_each_backend(async |app| {
        let (own, other, _) = setup(&app);
        let planner = app.login("perencana_pd").await;
        let refused = app.call::<Value>(&planner, "get_pd", json!({ "id": other })).await;
        assert_eq!(refused.err(), Some(AppError::Forbidden));
        let refused =
            app.call::<Value>(&planner, "list_officials", json!({ "pd_id": other, "include_inactive": false })).await;
        assert_eq!(refused.err(), Some(AppError::Forbidden));
        let visible: Vec<Value> = app.call(&planner, "list_pd", json!({ "include_inactive": true })).await.unwrap();
        assert_eq!(visible.len(), 1);
        assert_eq!(visible[0]["id"], json!(own));
        let logged = app.security_events();
        assert!(
            logged.iter().any(|(kind, user, reason)| kind == "access_refused"
                && user == "perencana_pd"
                && reason.contains(&format!("perangkat_daerah {other}"))),
            "{logged:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_state_changing_request_without_our_origin_is_refused() {
    on_each_backend(async |app| {
        setup(&app);
        let admin = app.login("admin").await;
        let body = json!({ "id": null, "input": { "kode": "9.01", "nama": "Dinas Palsu", "singkatan": "DP", "kepala_id": null } });
        let without_origin = Request::post("/api/save_pd")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &admin.cookie)
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, _) = app.send(without_origin).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let cross_site = Request::post("/api/save_pd")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &admin.cookie)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, text) = app.send(cross_site).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(String::from_utf8_lossy(&text).contains("CSRF"));
        let pds: Vec<Value> = app.call(&admin, "list_pd", json!({ "include_inactive": true })).await.unwrap();
        assert!(pds.iter().all(|p| p["nama"] != "Dinas Palsu"), "nothing was saved");
        assert!(app.security_events().iter().any(|e| e.0 == "access_refused" && e.2.contains("cross-origin")));
    })
    .await;
}

#[tokio::test]
async fn server_functions_do_not_answer_get_requests() {
    on_each_backend(async |app| {
        setup(&app);
        let admin = app.login("admin").await;
        let request = Request::get("/api/set_pd_active?id=1&active=false")
            .header(header::COOKIE, &admin.cookie)
            .header(header::ORIGIN, ORIGIN)
            .body(Body::empty())
            .unwrap();
        let (status, _, _) = app.send(request).await;
        assert!(status.is_client_error(), "GET must not reach a state-changing function: {status}");
    })
    .await;
}

#[tokio::test]
async fn each_refusal_answers_with_its_own_http_status() {
    on_each_backend(async |app| {
        let (own, other, _) = setup(&app);
        let fixture = document_fixture(&app, own).await;
        let planner = app.login("perencana_pd").await;
        let status = async |endpoint: &str, args: Value| app.call_raw(Some(&planner.cookie), endpoint, args).await.0;
        assert_eq!(status("get_document", json!({ "id": 999_999 })).await, StatusCode::NOT_FOUND, "a missing id");
        assert_eq!(status("get_pd", json!({ "id": other })).await, StatusCode::FORBIDDEN, "another PD");
        assert_eq!(
            status(
                "save_document",
                json!({ "id": fixture.doc, "revision": 1, "judul": "", "content": { "Pk": { "rows": [] } } })
            )
            .await,
            StatusCode::CONFLICT,
            "a document in review cannot be saved"
        );
        assert_eq!(
            status("decide_suggestion", json!({ "suggestion_id": fixture.suggestion, "accept": false, "reason": " " }))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a rejection without a reason"
        );
        assert_eq!(
            status("get_document", json!({ "nomor": 1 })).await,
            StatusCode::BAD_REQUEST,
            "arguments that do not decode"
        );
        assert_eq!(app.call_raw(None, "get_inbox", json!({})).await.0, StatusCode::UNAUTHORIZED);
        let wrong = app.call_raw(None, "login", json!({ "username": "perencana_pd", "password": "salah" })).await;
        assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
        let save = app
            .call::<i64>(
                &planner,
                "save_document",
                json!({ "id": fixture.doc, "revision": 1, "judul": "", "content": { "Pk": { "rows": [] } } }),
            )
            .await;
        assert_eq!(save.err().map(|e| e.code()), Some("not_editable"), "the refusal names its reason");
    })
    .await;
}

#[tokio::test]
async fn a_request_for_another_host_name_is_refused_when_the_public_url_is_set() {
    akuntabel_tests::on_each_backend_with(&[("AKUNTABEL_PUBLIC_URL", "http://127.0.0.1:3000")], async |app| {
        setup(&app);
        // DNS rebinding: the attacker's name resolves to our address, so Host and Origin agree.
        let rebound = Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "evil.example:3100")
            .header(header::ORIGIN, "http://evil.example:3100")
            .body(Body::from(json!({ "username": "admin", "password": akuntabel_tests::PASSWORD }).to_string()))
            .unwrap();
        let (status, headers, _) = app.send(rebound).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
        assert!(headers.get(header::SET_COOKIE).is_none(), "no session for the attacker's page");
        let page = Request::get("/masuk").header(header::HOST, "evil.example:3100").body(Body::empty()).unwrap();
        assert_eq!(app.send(page).await.0, StatusCode::MISDIRECTED_REQUEST, "pages are not served under another name");
        assert!(app.security_events().iter().any(|e| e.0 == "access_refused" && e.2.contains("unknown host")));
        let health = Request::get("/healthz").header(header::HOST, "10.0.0.5:3000").body(Body::empty()).unwrap();
        assert_eq!(app.send(health).await.0, StatusCode::OK, "load balancers probe by address");
        assert!(app.try_login("admin", akuntabel_tests::PASSWORD).await.is_ok(), "our own host still works");
    })
    .await;
}
