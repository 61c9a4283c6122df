//! The stress run: many concurrent page loads of every route as every role (with server-function
//! calls beside them) against the release server on a demo database.
//!
//! It loads the demo into a fresh database (SQLite in a temporary folder, or the empty PostgreSQL
//! database given), starts `akuntabel serve` on a free port, logs every demo user in, and then, for
//! each client count, lets that many clients load random pages of their role's menu until the
//! given number of loads is answered. It counts:
//! - answered loads, and the latency of each (p50, p99);
//! - stalls: no complete body within `--stall-seconds`;
//! - pages that carry an error resource (`{"Err":…}` in the serialised resources), pages cut off
//!   before `</html>`, answers other than 200;
//! - ERROR lines and panics in the server's log;
//! - whether `/healthz` still answers at the end.
//!
//! A stall ends its phase (the figures then say how many loads were answered before it). With
//! `--fail-fast` it stops at the first fault of any kind (what `.ci/run` uses); the exit status
//! is 1 whenever any fault was seen. A stalled server's threads are dumped with gdb when it is installed.

use akuntabel_stress::{
    DEMO_PASSWORD, HttpClient, Launch, RunPlace, Server, fetch, get, post, run_place, start_server, wait_healthy,
};
use clap::Parser;
use http::{StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Akuntabel stress run: concurrent page loads of every route as every role")]
struct Args {
    /// The release server binary (`akuntabel`).
    #[arg(long)]
    server: PathBuf,
    /// The site (pkg/, favicon) the server serves.
    #[arg(long)]
    site: PathBuf,
    /// An empty PostgreSQL database to load the demo into; SQLite in a temporary folder when absent.
    #[arg(long)]
    database_url: Option<String>,
    /// Page loads (and server-function calls) answered per client count.
    #[arg(long, default_value_t = 50_000)]
    loads: u64,
    /// Client counts, one phase each.
    #[arg(long, value_delimiter = ',', default_value = "2,8,64")]
    clients: Vec<usize>,
    /// A load with no complete answer after this long is a stall.
    #[arg(long, default_value_t = 10)]
    stall_seconds: u64,
    /// Stop at the first fault.
    #[arg(long)]
    fail_fast: bool,
    /// Extra environment for the server, `KEY=VALUE` (e.g. `TOKIO_WORKER_THREADS=1`).
    #[arg(long = "server-env")]
    server_env: Vec<String>,
}

/// The demo users and the pages of their menu (document pages are found at run time).
const ROLES: &[(&str, &[&str])] = &[
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
    (
        "kabag.organisasi",
        &["/", "/perangkat-daerah", "/dokumen", "/reviu", "/kelengkapan", "/kotak-masuk", "/kata-sandi"],
    ),
    ("reviewer", &["/", "/perangkat-daerah", "/dokumen", "/reviu", "/kelengkapan", "/kotak-masuk"]),
    ("perencana.disdik", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk", "/kata-sandi"]),
    ("perencana.dinkes", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk"]),
    ("kepala.disdik", &["/", "/perangkat-daerah", "/dokumen", "/kotak-masuk"]),
    ("pimpinan", &["/", "/perangkat-daerah", "/dokumen", "/kelengkapan", "/kotak-masuk"]),
    ("inspektorat", &["/", "/perangkat-daerah", "/dokumen", "/kelengkapan", "/kotak-masuk"]),
];

/// Server functions called beside the pages (every role may call them), with their arguments.
const CALLS: &[(&str, &str)] = &[
    ("whoami", "{}"),
    ("get_dashboard", "{}"),
    ("overdue_documents", "{}"),
    ("get_inbox", "{}"),
    ("list_pd", r#"{"include_inactive":false}"#),
    ("list_documents", r#"{"tahun":2026,"pd_id":null}"#),
];

struct Session {
    cookie: String,
    pages: Vec<String>,
}

#[derive(Default)]
struct Counters {
    answered: AtomicU64,
    stalls: AtomicU64,
    error_resources: AtomicU64,
    cut_off: AtomicU64,
    bad_status: AtomicU64,
    started: AtomicU64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("stress: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let RunPlace { dir, database_url, backend } = run_place("stress", args.database_url.clone())?;
    let server = start_server(&Launch {
        server: &args.server,
        site: &args.site,
        dir: &dir,
        database_url: &database_url,
        env: &args.server_env,
    })?;
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let stall = Duration::from_secs(args.stall_seconds);
    wait_healthy(&client, &server.base).await?;
    let sessions = Arc::new(log_in_everyone(&client, &server.base).await?);
    // The document pages (the demo's PKs with their chain of linked indicators among them) are
    // the heaviest to render; a run without them would prove little.
    let document_pages = sessions.iter().flat_map(|s| &s.pages).filter(|p| p.starts_with("/dokumen/")).count();
    if document_pages == 0 {
        return Err("no user's list links a document: the document pages would go unloaded".into());
    }
    println!(
        "stress: {backend}, {} users, {} page routes ({document_pages} of them documents), server log {}",
        sessions.len(),
        sessions.iter().map(|s| s.pages.len()).sum::<usize>(),
        server.log.display()
    );
    println!(
        "{:>8} {:>8} {:>8} {:>9} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}",
        "clients",
        "loads",
        "seconds",
        "loads/s",
        "stalls",
        "errres",
        "cutoff",
        "status",
        "errlog",
        "panics",
        "p50 ms",
        "p99 ms"
    );
    let mut clean = true;
    let mut log_offset = 0_u64;
    for &clients in &args.clients {
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for n in 0..clients {
            let (client, base, sessions, counters, stop) =
                (client.clone(), server.base.clone(), sessions.clone(), counters.clone(), stop.clone());
            let loads = args.loads;
            let fail_fast = args.fail_fast;
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9));
                let session = &sessions[n % sessions.len()];
                while !stop.load(Ordering::Relaxed) && counters.started.fetch_add(1, Ordering::Relaxed) < loads {
                    let call = !session.cookie.is_empty() && rng.below(5) == 0;
                    let request = if call {
                        let (name, args) = CALLS[rng.below(CALLS.len())];
                        post(&base, &format!("/api/{name}"), &session.cookie, args)
                    } else {
                        get(&base, &session.pages[rng.below(session.pages.len())], &session.cookie)
                    };
                    let begun = Instant::now();
                    match tokio::time::timeout(stall, fetch(&client, request)).await {
                        Err(_) => {
                            // A stall ends the phase: a frozen server does not come back, and
                            // every further load would only wait out its own stall.
                            counters.stalls.fetch_add(1, Ordering::Relaxed);
                            stop.store(true, Ordering::Relaxed);
                        }
                        Ok(Err(_)) => {
                            counters.bad_status.fetch_add(1, Ordering::Relaxed);
                            if fail_fast {
                                stop.store(true, Ordering::Relaxed);
                            }
                        }
                        Ok(Ok((status, body))) => {
                            latencies.push(begun.elapsed().as_micros() as u64);
                            counters.answered.fetch_add(1, Ordering::Relaxed);
                            let text = String::from_utf8_lossy(&body);
                            let fault = if status != StatusCode::OK {
                                Some(&counters.bad_status)
                            } else if text.contains("{\"Err\"")
                                || text.contains("{\\\"Err\\\"")
                                || text.contains("\"Err\":")
                            {
                                Some(&counters.error_resources)
                            } else if !call && !complete_page(&text) {
                                Some(&counters.cut_off)
                            } else {
                                None
                            };
                            if let Some(counter) = fault {
                                counter.fetch_add(1, Ordering::Relaxed);
                                if fail_fast {
                                    stop.store(true, Ordering::Relaxed);
                                }
                            }
                        }
                    }
                }
                latencies
            }));
        }
        // Watch the log while the phase runs, so that fail-fast also stops on an ERROR line.
        let watcher = {
            let (log, stop) = (server.log.clone(), stop.clone());
            let fail_fast = args.fail_fast;
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    let (errors, panics) = log_faults(&log, log_offset);
                    if fail_fast && errors + panics > 0 {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            })
        };
        let mut latencies = Vec::new();
        for task in tasks {
            latencies.extend(task.await.map_err(|e| e.to_string())?);
        }
        stop.store(true, Ordering::Relaxed);
        let _ = watcher.await;
        let seconds = started.elapsed().as_secs_f64();
        let (error_lines, panics, end) = {
            let (e, p) = log_faults(&server.log, log_offset);
            (e, p, std::fs::metadata(&server.log).map(|m| m.len()).unwrap_or(log_offset))
        };
        log_offset = end;
        latencies.sort_unstable();
        let pct = |p: f64| {
            latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).copied()
        };
        let c = &counters;
        let answered = c.answered.load(Ordering::Relaxed);
        let faults = c.stalls.load(Ordering::Relaxed)
            + c.error_resources.load(Ordering::Relaxed)
            + c.cut_off.load(Ordering::Relaxed)
            + c.bad_status.load(Ordering::Relaxed)
            + error_lines
            + panics;
        println!(
            "{:>8} {:>8} {:>8.1} {:>9.0} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8.1} {:>8.1}",
            clients,
            answered,
            seconds,
            answered as f64 / seconds,
            c.stalls.load(Ordering::Relaxed),
            c.error_resources.load(Ordering::Relaxed),
            c.cut_off.load(Ordering::Relaxed),
            c.bad_status.load(Ordering::Relaxed),
            error_lines,
            panics,
            pct(0.5).unwrap_or(0) as f64 / 1000.0,
            pct(0.99).unwrap_or(0) as f64 / 1000.0,
        );
        if faults > 0 {
            clean = false;
            if c.stalls.load(Ordering::Relaxed) > 0 {
                dump_threads(&server, &dir);
            }
            if args.fail_fast {
                break;
            }
        }
    }
    let healthy = matches!(tokio::time::timeout(Duration::from_secs(5), fetch(&client, get(&server.base, "/healthz", ""))).await, Ok(Ok((s, _))) if s == StatusCode::OK);
    println!("healthz after the run: {}", if healthy { "answers" } else { "NO ANSWER" });
    if !clean || !healthy {
        print_log_faults(&server.log);
    }
    Ok(clean && healthy)
}

async fn log_in_everyone(client: &HttpClient, base: &str) -> Result<Vec<Session>, String> {
    let mut sessions = Vec::new();
    for (user, menu) in ROLES {
        let body = format!("{{\"username\":\"{user}\",\"password\":\"{DEMO_PASSWORD}\"}}");
        let response = client.request(post(base, "/api/login", "", &body)).await.map_err(|e| e.to_string())?;
        let cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.split(';').next().filter(|c| c.starts_with("akuntabel_sesi=")))
            .map(str::to_owned)
            .ok_or_else(|| format!("login as {user} failed: {}", response.status()))?;
        let mut pages: Vec<String> = menu.iter().map(|p| (*p).to_owned()).collect();
        // The documents this user may open, as their own lists link them.
        for list in ["/", "/dokumen"] {
            let (_, body) = fetch(client, get(base, list, &cookie)).await?;
            for id in document_links(&String::from_utf8_lossy(&body)) {
                let page = format!("/dokumen/{id}");
                if !pages.contains(&page) {
                    pages.push(page);
                }
            }
        }
        // The first frozen version of each document that has one, read only, as its page links it.
        let documents: Vec<String> = pages.iter().filter(|p| p.starts_with("/dokumen/")).cloned().collect();
        for page in documents {
            let (_, body) = fetch(client, get(base, &page, &cookie)).await?;
            if let Some(version) = first_version_link(&String::from_utf8_lossy(&body)) {
                pages.push(version);
            }
        }
        sessions.push(Session { cookie, pages });
    }
    // A visitor, who only ever sees the login page.
    sessions.push(Session { cookie: String::new(), pages: vec!["/masuk".to_owned()] });
    Ok(sessions)
}

/// A whole page: the document, then (when it streamed) the scripts with its resolved resources.
fn complete_page(html: &str) -> bool {
    let tail = html.trim_end();
    html.contains("</html>") && (tail.ends_with("</html>") || tail.ends_with("</script>"))
}

/// The ids in `href="/dokumen/N"` links of a page.
fn document_links(html: &str) -> Vec<u64> {
    html.split("href=\"/dokumen/").skip(1).filter_map(|rest| rest.split('"').next()?.parse().ok()).collect()
}

/// The first `href="/dokumen/N?versi=M"` link of a document page.
fn first_version_link(html: &str) -> Option<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|h| h.contains("?versi="))
        .map(str::to_owned)
}

/// ERROR lines and panics in the server log after `offset`.
fn log_faults(log: &Path, offset: u64) -> (u64, u64) {
    let text = std::fs::read(log).unwrap_or_default();
    let text = String::from_utf8_lossy(text.get(offset as usize..).unwrap_or_default());
    let errors = text.lines().filter(|l| l.contains(" ERROR ")).count() as u64;
    let panics = text.lines().filter(|l| l.contains("panicked at")).count() as u64;
    (errors, panics)
}

fn print_log_faults(log: &Path) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let faults: Vec<&str> = text.lines().filter(|l| l.contains(" ERROR ") || l.contains("panicked at")).collect();
    if !faults.is_empty() {
        println!("first faults in the server log ({} in all):", faults.len());
        for line in faults.iter().take(10) {
            println!("  {line}");
        }
    }
}

/// Writes every thread's stack of the stalled server next to its log (needs gdb).
fn dump_threads(server: &Server, dir: &Path) {
    let out = dir.join("threads.txt");
    let pid = server.child.id().to_string();
    let dumped =
        Command::new("gdb").args(["-p", &pid, "-batch", "-ex", "thread apply all bt"]).stdin(Stdio::null()).output();
    match dumped {
        Ok(o) if o.status.success() => {
            let _ = std::fs::write(&out, &o.stdout);
            println!("stalled: the server's threads are in {}", out.display());
        }
        _ => println!("stalled: install gdb to see where the server's threads wait"),
    }
}

/// A small deterministic generator (splitmix64): the same run picks the same pages.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}
