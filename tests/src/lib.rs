//! Test support: the real router in-process with its own database (a temporary SQLite file, or a
//! fresh PostgreSQL database when `TEST_DATABASE_URL` is set), and helpers that speak to it the
//! way the browser does.

pub mod plans;
pub mod review;
pub mod smtp;

use akuntabel_app::domain::roles::{Grant, Role};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::AppState;
use akuntabel_app::infra::config::Config;
use akuntabel_app::infra::db::Backend;
use akuntabel_app::infra::password;
use akuntabel_app::service::{master, users};
use axum::Router;
use axum::body::Body;
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

pub const PASSWORD: &str = "kata-sandi-uji-123";
pub const ORIGIN: &str = "http://127.0.0.1:3000";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A PostgreSQL database made for one test and dropped after it.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub backend: Backend,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// The backends every integration test runs on: SQLite always, PostgreSQL when
/// `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        list.push(Backend::Postgres);
    }
    list
}

/// Runs `test` once per backend, each time with a fresh application and database.
pub async fn on_each_backend(test: impl AsyncFn(TestApp)) {
    on_each_backend_with(&[], test).await
}

/// Like [`on_each_backend`], with extra configuration variables.
pub async fn on_each_backend_with(vars: &[(&str, &str)], test: impl AsyncFn(TestApp)) {
    for backend in backends() {
        eprintln!("--- backend: {backend:?}");
        let app = TestApp::start(backend, vars);
        test(app).await;
    }
}

impl TestApp {
    pub fn start(backend: Backend, vars: &[(&str, &str)]) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", dir.path().join("akuntabel.db").display()), None),
            Backend::Postgres => {
                use diesel::Connection;
                use diesel::connection::SimpleConnection;
                let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
                let name = format!(
                    "akuntabel_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.subsec_nanos())
                        .unwrap_or(0)
                );
                let mut admin = diesel::PgConnection::establish(&admin_url).expect("connect to TEST_DATABASE_URL");
                admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                (replace_database(&admin_url, &name), Some(PgDatabase { admin_url, name }))
            }
        };
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert("AKUNTABEL_CONFIG".into(), dir.path().join("none.toml").display().to_string());
        std::fs::write(dir.path().join("none.toml"), "").expect("empty config file");
        env.insert("AKUNTABEL_DATA_DIR".into(), dir.path().display().to_string());
        env.insert("DATABASE_URL".into(), url);
        env.insert("AKUNTABEL_POOL_SIZE".into(), "4".into());
        for (k, v) in vars {
            env.insert((*k).into(), (*v).into());
        }
        let config = Config::load(|k| env.get(k).cloned()).expect("test configuration");
        let state = akuntabel_server::cli::open_state(config).expect("open the test database");
        let router = akuntabel_server::router::build(state.clone());
        TestApp { router, state, backend, _dir: dir, _pg: pg }
    }

    /// The LKjIP 2026 of a PD (an upload-only document), created by the PD's planner; returns
    /// its id.
    pub async fn lkjip(&self, planner: &Session, pd: i64, judul: &str) -> i64 {
        self.call(
            planner,
            "create_document",
            serde_json::json!({ "input": { "doc_type": "LaporanKinerja", "pd_id": pd, "tahun": 2026, "period_id": null, "official_id": null, "judul": judul } }),
        )
        .await
        .expect("create the LKjIP")
    }

    /// A user with the given grants and the test password; returns the user's id.
    pub fn user(&self, username: &str, grants: &[(Role, Option<i64>)]) -> i64 {
        let hash = password::hash_password(PASSWORD).expect("hash");
        let mut conn = self.state.db.get().expect("connection");
        let id = users::create_user(
            &mut conn,
            None,
            username,
            &format!("Pengguna {username}"),
            Some(&format!("{username}@okikab.go.id")),
            &hash.0,
            false,
        )
        .expect("create user");
        for (role, pd_id) in grants {
            users::add_grant(&mut conn, None, id, Grant { role: *role, pd_id: *pd_id }).expect("grant");
        }
        id
    }

    /// The id of the user with this name, if there is one.
    pub fn user_id(&self, username: &str) -> Option<i64> {
        use akuntabel_app::infra::schema::users;
        use diesel::prelude::*;
        let mut conn = self.state.db.get().expect("connection");
        akuntabel_app::with_conn!(&mut *conn, |c| users::table
            .filter(users::username.eq(username))
            .select(users::id)
            .first(c)
            .optional())
        .expect("query")
    }

    /// A Perangkat Daerah; returns its id.
    pub fn pd(&self, kode: &str, nama: &str, singkatan: &str) -> i64 {
        use akuntabel_app::domain::master::PdInput;
        let mut conn = self.state.db.get().expect("connection");
        let admin = self.any_user_id();
        master::create_pd(
            &mut conn,
            admin,
            &PdInput { kode: kode.into(), nama: nama.into(), singkatan: singkatan.into(), kepala_id: None },
        )
        .expect("create pd")
    }

    /// A five-year planning period; returns its id.
    pub fn period(&self, nama: &str, tahun_awal: i32, tahun_akhir: i32) -> i64 {
        use akuntabel_app::domain::master::PeriodInput;
        let mut conn = self.state.db.get().expect("connection");
        let admin = self.any_user_id();
        master::create_period(&mut conn, admin, &PeriodInput { nama: nama.into(), tahun_awal, tahun_akhir })
            .expect("create period")
    }

    fn any_user_id(&self) -> i64 {
        use akuntabel_app::infra::schema::users;
        use diesel::prelude::*;
        let mut conn = self.state.db.get().expect("connection");
        let id: Option<i64> = akuntabel_app::with_conn!(&mut *conn, |c| users::table
            .select(users::id)
            .order(users::id)
            .first(c)
            .optional())
        .expect("query");
        match id {
            Some(id) => id,
            None => {
                drop(conn);
                self.user("sistem", &[])
            }
        }
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        (status, headers, body)
    }

    /// The host the app answers to (that of its public URL).
    pub fn host(&self) -> String {
        self.state.config.public_origin().split_once("://").map_or(String::new(), |(_, h)| h.to_owned())
    }

    /// Calls a server function the way the browser does (POST JSON with our Origin).
    pub async fn call_raw(
        &self,
        cookie: Option<&str>,
        endpoint: &str,
        args: Value,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, self.state.config.public_origin())
            .header(header::HOST, self.host());
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(args.to_string())).expect("request")).await
    }

    /// Calls a server function and decodes its answer.
    pub async fn call<T: DeserializeOwned>(
        &self,
        session: &Session,
        endpoint: &str,
        args: Value,
    ) -> Result<T, AppError> {
        decode(self.call_raw(Some(&session.cookie), endpoint, args).await)
    }

    /// Logs in and returns the session (its cookie).
    pub async fn login(&self, username: &str) -> Session {
        self.try_login(username, PASSWORD).await.expect("login succeeds")
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Result<Session, AppError> {
        self.try_login_from(username, password, None).await
    }

    /// Logs in from the given client address, as a trusted proxy reports it in
    /// `X-Forwarded-For` (the app must run with `AKUNTABEL_TRUSTED_PROXIES=1`).
    pub async fn try_login_from(&self, username: &str, password: &str, ip: Option<&str>) -> Result<Session, AppError> {
        let mut request = Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, self.state.config.public_origin())
            .header(header::HOST, self.host());
        if let Some(ip) = ip {
            request = request.header("x-forwarded-for", format!("6.6.6.6, {ip}"));
        }
        let args = serde_json::json!({ "username": username, "password": password });
        let (status, headers, body) = self.send(request.body(Body::from(args.to_string())).expect("request")).await;
        let cookie = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("akuntabel_sesi=") || v.starts_with("__Host-akuntabel_sesi="))
            .map(|v| v.split(';').next().unwrap_or_default().to_owned());
        let _: Value = decode((status, headers, body))?;
        Ok(Session { cookie: cookie.expect("a session cookie") })
    }

    /// A page as the browser gets it.
    pub async fn page(&self, session: Option<&Session>, path: &str) -> (StatusCode, HeaderMap, String) {
        let mut request = Request::get(path).header(header::HOST, self.host());
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        let (status, headers, body) = self.send(request.body(Body::empty()).expect("request")).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// Moves every session's clock back, as if the user had been away.
    pub fn age_sessions(&self, seconds: i64) {
        use akuntabel_app::infra::schema::sessions;
        use diesel::prelude::*;
        let mut conn = self.state.db.get().expect("connection");
        akuntabel_app::with_conn!(&mut *conn, |c| diesel::update(sessions::table)
            .set((
                sessions::last_seen_at.eq(sessions::last_seen_at - seconds),
                sessions::created_at.eq(sessions::created_at - seconds)
            ))
            .execute(c))
        .expect("age sessions");
    }

    /// `(kind, username, reason)` of every security event, oldest first.
    pub fn security_events(&self) -> Vec<(String, String, String)> {
        use akuntabel_app::infra::schema::security_events as e;
        use diesel::prelude::*;
        let mut conn = self.state.db.get().expect("connection");
        akuntabel_app::with_conn!(&mut *conn, |c| e::table
            .order(e::id)
            .select((e::kind, e::username, e::reason))
            .load(c))
        .expect("events")
    }
}

pub struct Session {
    pub cookie: String,
}

/// A server function's answer: the value on 2xx, the decoded `AppError` otherwise.
pub fn decode<T: DeserializeOwned>((status, _, body): (StatusCode, HeaderMap, Vec<u8>)) -> Result<T, AppError> {
    if status.is_success() {
        Ok(serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("cannot decode {}: {e}", String::from_utf8_lossy(&body))))
    } else {
        Err(serde_json::from_slice(&body)
            .unwrap_or_else(|_| AppError::Transport(format!("{status}: {}", String::from_utf8_lossy(&body)))))
    }
}

/// A `multipart/form-data` body with one file field; returns `(content type, body)`.
pub fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----akuntabel-uji-7d3f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// Posts a file like the upload form does; returns the status and the `Location`.
    pub async fn upload(
        &self,
        session: Option<&Session>,
        path: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> (StatusCode, String) {
        let (content_type, body) = multipart("berkas", file_name, bytes);
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ORIGIN, ORIGIN)
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        let (status, headers, _) = self.send(request.body(Body::from(body)).expect("request")).await;
        let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (status, location)
    }
}

/// The pages of each demo user's menu (documents are found at run time from their lists).
/// `stress/src/main.rs` keeps its own copy: that crate stays free of the application.
pub const DEMO_MENUS: &[(&str, &[&str])] = &[
    (
        "admin",
        &[
            "/",
            "/perangkat-daerah",
            "/dokumen",
            "/kotak-masuk",
            "/kelengkapan",
            "/admin/pemda",
            "/admin/perangkat-daerah",
            "/admin/pejabat",
            "/admin/pengguna",
            "/admin/periode",
            "/admin/audit",
            "/admin/tenggat",
            "/kata-sandi",
        ],
    ),
    ("kabag.organisasi", &["/", "/perangkat-daerah", "/dokumen", "/reviu", "/kelengkapan", "/kotak-masuk"]),
    ("reviewer", &["/", "/perangkat-daerah", "/dokumen", "/reviu", "/kelengkapan", "/kotak-masuk"]),
    ("perencana.disdik", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk", "/kata-sandi"]),
    ("perencana.dinkes", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk"]),
    ("kepala.disdik", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk"]),
    ("pimpinan", &["/", "/perangkat-daerah", "/dokumen", "/kelengkapan", "/kotak-masuk"]),
    ("inspektorat", &["/", "/perangkat-daerah", "/dokumen", "/kelengkapan", "/kotak-masuk"]),
];
