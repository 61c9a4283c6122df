//! What the stress run (`main.rs`) and the load check (`loadcheck/`) share: a release server
//! started on a fresh demo database, and a plain HTTP client to talk to it.

use bytes::Bytes;
use http::{Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo-akuntabel";

/// `akuntabel serve` on a demo database, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server process's peak resident memory so far, in KiB (`VmHWM`), when the system says.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

/// What the server is started with.
/// A run's working folder (in the temporary folder, named by the tool and the process), the
/// database to load the demo into — `given`, or SQLite in that folder — and the backend's name.
pub struct RunPlace {
    pub dir: std::path::PathBuf,
    pub database_url: String,
    pub backend: &'static str,
}

pub fn run_place(tool: &str, given: Option<String>) -> Result<RunPlace, String> {
    let dir = std::env::temp_dir().join(format!("akuntabel-{tool}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let database_url = given.unwrap_or_else(|| format!("sqlite://{}", dir.join("akuntabel.db").display()));
    let backend = if database_url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    Ok(RunPlace { dir, database_url, backend })
}

pub struct Launch<'a> {
    /// The release server binary (`akuntabel`).
    pub server: &'a Path,
    /// The site (pkg/, favicon) it serves.
    pub site: &'a Path,
    /// Its working folder: the SQLite database (when `database_url` names one), files, the log.
    pub dir: &'a Path,
    pub database_url: &'a str,
    /// Extra environment, `KEY=VALUE`.
    pub env: &'a [String],
}

/// Loads the demo (`akuntabel demo`) and starts `akuntabel serve` on a free port; its output goes
/// to `server.log` in `dir`.
pub fn start_server(launch: &Launch) -> Result<Server, String> {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let base = format!("http://127.0.0.1:{port}");
    let command = |sub: &str| {
        let mut c = Command::new(launch.server);
        c.arg(sub)
            .env("DATABASE_URL", launch.database_url)
            .env("AKUNTABEL_DATA_DIR", launch.dir.join("data"))
            .env("AKUNTABEL_SITE_ROOT", launch.site)
            .env("AKUNTABEL_BIND", format!("127.0.0.1:{port}"))
            .env("AKUNTABEL_PUBLIC_URL", &base)
            .env_remove("AKUNTABEL_CONFIG")
            .current_dir(launch.dir);
        for pair in launch.env {
            if let Some((k, v)) = pair.split_once('=') {
                c.env(k, v);
            }
        }
        c
    };
    let demo = command("demo").output().map_err(|e| format!("{}: {e}", launch.server.display()))?;
    if !demo.status.success() {
        return Err(format!("demo failed: {}", String::from_utf8_lossy(&demo.stderr)));
    }
    let log = launch.dir.join("server.log");
    let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let child = command("serve")
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| format!("{}: {e}", launch.server.display()))?;
    Ok(Server { child, base, log })
}

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// Waits up to 30 s for `/healthz` to answer.
pub async fn wait_healthy(client: &HttpClient, base: &str) -> Result<(), String> {
    for _ in 0..300 {
        if let Ok(Ok((StatusCode::OK, _))) =
            tokio::time::timeout(Duration::from_secs(1), fetch(client, get(base, "/healthz", ""))).await
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("the server did not answer /healthz within 30 s".into())
}

pub fn get(base: &str, path: &str, cookie: &str) -> Request<Full<Bytes>> {
    let mut builder =
        Request::builder().method(Method::GET).uri(format!("{base}{path}")).header(header::ACCEPT, "text/html");
    if !cookie.is_empty() {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Full::new(Bytes::new())).unwrap_or_default()
}

pub fn post(base: &str, path: &str, cookie: &str, json: &str) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(format!("{base}{path}"))
        .header(header::ORIGIN, base)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if !cookie.is_empty() {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Full::new(Bytes::from(json.to_owned()))).unwrap_or_default()
}

pub async fn fetch(client: &HttpClient, request: Request<Full<Bytes>>) -> Result<(StatusCode, Bytes), String> {
    let response = client.request(request).await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, body))
}
