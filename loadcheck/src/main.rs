//! The load check (a benchmark, not a test): the deadline week, driven by goose against the
//! release server on a fresh demo database.
//!
//! 200 simulated users of every role (by default) work for 60 s with a second or two of thought
//! between steps — planners open their documents, save drafts and submit; the kabag assigns;
//! reviewers start reviews, comment, resolve, request changes and approve; heads, the Bupati's
//! office, the inspectorate and the admin read dashboards, documents, the board and the audit
//! trail — while 50 attackers guess `kepala.disdik`'s password as fast as they are answered.
//! Every user comes from an address of its own through one trusted proxy (`X-Forwarded-For`),
//! as behind a Pemda's reverse proxy.
//!
//! It prints, per action: requests, the statuses seen, p50 / p99 and the slowest; then requests/s,
//! unexpected answers (errors) and the server's peak resident memory. Refusals that the workflow
//! gives when two users act on one document at the same moment (409 and 422 on the acting calls)
//! and the attackers' 401 / 429 are expected and counted apart; anything else is an error.

use akuntabel_stress::{Launch, RunPlace, Server, run_place, start_server, wait_healthy};
use clap::Parser;
use goose::config::GooseConfiguration;
use goose::metrics::GooseMetrics;
use goose::prelude::*;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(about = "Akuntabel load check: the deadline week against the release server")]
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
    /// Simulated users of the roles, in the proportions of `ROLES`.
    #[arg(long, default_value_t = 200)]
    users: usize,
    /// Attackers guessing a password, each as fast as it is answered.
    #[arg(long, default_value_t = 50)]
    bad_logins: usize,
    /// Users started per second. At 10 the 200 users are all in within 20 s — a harder morning
    /// than a real office has, but one the two-core server can log in without a queue; at 50 the
    /// logins (argon2, one per core at a time) queue for seconds.
    #[arg(long, default_value_t = 10)]
    start_rate: usize,
    /// How long the load runs once every user has started.
    #[arg(long, default_value_t = 60)]
    seconds: usize,
}

/// A demo account, its share of the simulated users (per 20), and what it does in a round.
struct Role {
    username: &'static str,
    share: usize,
    round: Round,
}

#[derive(Clone, Copy)]
enum Round {
    Planner,
    Kabag,
    Reviewer,
    Reader,
    Admin,
}

const ROLES: &[Role] = &[
    Role { username: "perencana.disdik", share: 3, round: Round::Planner },
    Role { username: "perencana.dinkes", share: 3, round: Round::Planner },
    Role { username: "kepala.disdik", share: 2, round: Round::Reader },
    Role { username: "kabag.organisasi", share: 2, round: Round::Kabag },
    Role { username: "reviewer", share: 4, round: Round::Reviewer },
    Role { username: "pimpinan", share: 2, round: Round::Reader },
    Role { username: "inspektorat", share: 2, round: Round::Reader },
    Role { username: "admin", share: 2, round: Round::Admin },
];
const SHARES: usize = 20;

/// The account the attackers go after: the head of an agency, during the signing week.
const ATTACKED: &str = "kepala.disdik";

static BASE: OnceLock<String> = OnceLock::new();
static NEXT_ADDRESS: AtomicUsize = AtomicUsize::new(0);

/// What a simulated user keeps between steps.
#[derive(Clone)]
struct Visitor {
    /// The address its requests come from (the proxy's `X-Forwarded-For`).
    address: String,
    /// A cheap deterministic generator for its choices.
    seed: u64,
}

impl Visitor {
    fn pick(&mut self, n: usize) -> usize {
        self.seed = self.seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.seed >> 33) as usize) % n.max(1)
    }
}

fn visitor(user: &mut GooseUser, attacker: bool) -> &mut Visitor {
    if user.get_session_data::<Visitor>().is_none() {
        let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed);
        let address =
            if attacker { format!("203.0.113.{}", n % 250 + 1) } else { format!("10.20.{}.{}", n / 250, n % 250 + 1) };
        user.set_session_data(Visitor { address, seed: n as u64 + 1 });
    }
    user.get_session_data_unchecked_mut::<Visitor>()
}

/// One request: `GET path` (a page) or `POST /api/<name>` with a JSON body. Statuses in
/// `expected` count as answered (a refusal the load makes on purpose); any other non-2xx is an
/// error. The JSON answer when it is 2xx.
async fn send(
    user: &mut GooseUser,
    name: &str,
    path: &str,
    body: Option<Value>,
    expected: &[u16],
) -> Result<Option<Value>, Box<TransactionError>> {
    let attacker = name == "login (salah)";
    let address = visitor(user, attacker).address.clone();
    let base = BASE.get().map(String::as_str).unwrap_or_default();
    let builder = match &body {
        None => user.get_request_builder(&GooseMethod::Get, path)?.header("Accept", "text/html"),
        Some(json) => user
            .get_request_builder(&GooseMethod::Post, path)?
            .header("Origin", base)
            .header("Accept", "application/json")
            .json(json),
    };
    let request = GooseRequest::builder()
        .name(name)
        .method(if body.is_some() { GooseMethod::Post } else { GooseMethod::Get })
        .set_request_builder(builder.header("X-Forwarded-For", address))
        .build();
    let mut answer = user.request(request).await?;
    let status = answer.request.status_code;
    if expected.contains(&status) {
        user.set_success(&mut answer.request)?;
    }
    if !(200..300).contains(&status) || body.is_none() {
        return Ok(None);
    }
    match answer.response {
        Ok(response) => Ok(response.json::<Value>().await.ok()),
        Err(_) => Ok(None),
    }
}

async fn page(user: &mut GooseUser, name: &str, path: &str) -> Result<(), Box<TransactionError>> {
    send(user, name, path, None, &[]).await.map(|_| ())
}

async fn call(user: &mut GooseUser, name: &str, body: Value) -> Result<Option<Value>, Box<TransactionError>> {
    send(user, name, &format!("/api/{name}"), Some(body), &[]).await
}

/// A call that may lose to another user acting on the same document at the same moment.
async fn act(user: &mut GooseUser, name: &str, body: Value) -> Result<Option<Value>, Box<TransactionError>> {
    send(user, name, &format!("/api/{name}"), Some(body), &[409, 422]).await
}

/// Logs in once when the user starts (a failed login shows as an error; everything after it too).
/// The attacked account's own logins are named apart: the account's growing delay holds them.
async fn log_in(user: &mut GooseUser, role: &'static Role) -> TransactionResult {
    let body = json!({"username": role.username, "password": akuntabel_stress::DEMO_PASSWORD});
    let name = if role.username == ATTACKED { "login (akun diserang)" } else { "login" };
    send(user, name, "/api/login", Some(body), &[]).await.map(|_| ())
}

/// Ids of the documents in a list answer (`list_documents`, `review_queue`).
fn ids(list: &Option<Value>) -> Vec<i64> {
    list.as_ref()
        .and_then(Value::as_array)
        .map(|rows| rows.iter().filter_map(|r| r.get("id").and_then(Value::as_i64)).collect())
        .unwrap_or_default()
}

fn allows(detail: &Value, action: &str) -> bool {
    detail
        .get("allowed_actions")
        .and_then(Value::as_array)
        .is_some_and(|actions| actions.iter().any(|a| a.as_str() == Some(action)))
}

fn flag(detail: &Value, name: &str) -> bool {
    detail.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// Opens one of `ids` as a page and as data; the detail when it could be read.
async fn open(user: &mut GooseUser, ids: &[i64]) -> Result<Option<(i64, Value)>, Box<TransactionError>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let id = ids[visitor(user, false).pick(ids.len())];
    page(user, "halaman dokumen", &format!("/dokumen/{id}")).await?;
    Ok(call(user, "get_document", json!({"id": id})).await?.map(|detail| (id, detail)))
}

async fn act_on(user: &mut GooseUser, id: i64, action: &str, note: &str, assignee: Option<i64>) -> TransactionResult {
    let body = json!({"id": id, "action": action, "note": note, "assignee": assignee});
    act(user, "act_on_document", body).await.map(|_| ())
}

/// A round of work of the user's role.
async fn work(user: &mut GooseUser, role: &'static Role) -> TransactionResult {
    let round = role.round;
    page(user, "halaman dasbor", "/").await?;
    match round {
        Round::Planner => {
            page(user, "halaman daftar dokumen", "/dokumen").await?;
            let list = call(user, "list_documents", json!({"tahun": 2026, "pd_id": null})).await?;
            let Some((id, detail)) = open(user, &ids(&list)).await? else { return Ok(()) };
            if flag(&detail, "can_edit") {
                let row = &detail["row"];
                let judul = row["judul"].as_str().unwrap_or_default();
                let judul =
                    judul.strip_suffix(" (draf)").map(str::to_owned).unwrap_or_else(|| format!("{judul} (draf)"));
                let body = json!({"id": id, "revision": row["revision"], "judul": judul, "content": detail["content"]});
                act(user, "save_document", body).await?;
            }
            for thread in detail["threads"].as_array().into_iter().flatten() {
                if thread["state"] == "Open" && visitor(user, false).pick(2) == 0 {
                    let body = json!({"thread_id": thread["id"], "body": "Sudah kami perbaiki pada versi terbaru."});
                    act(user, "reply_comment", body).await?;
                    break;
                }
            }
            if allows(&detail, "Submit") && visitor(user, false).pick(3) == 0 {
                act_on(user, id, "Submit", "", None).await?;
            }
        }
        Round::Kabag | Round::Reviewer => {
            page(user, "halaman reviu", "/reviu").await?;
            // The kabag disposes of what the PDs submitted; a reviewer works through their queue.
            let queue = if matches!(round, Round::Kabag) {
                call(user, "list_documents", json!({"tahun": 2026, "pd_id": null})).await?
            } else {
                call(user, "review_queue", json!({})).await?
            };
            let Some((id, detail)) = open(user, &ids(&queue)).await? else { return Ok(()) };
            if allows(&detail, "Assign") {
                let reviewers = call(user, "list_reviewers", json!({})).await?;
                let reviewer = reviewers.as_ref().and_then(|r| r.get(0)).and_then(|r| r.get(0)).and_then(Value::as_i64);
                act_on(user, id, "Assign", "", reviewer).await?;
            } else if allows(&detail, "StartReview") {
                act_on(user, id, "StartReview", "", None).await?;
            } else if flag(&detail, "can_comment") {
                if let Some(thread) = detail["threads"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|t| t["can_resolve"] == true && t["state"] != "Resolved")
                {
                    act(user, "resolve_comment", json!({"thread_id": thread["id"]})).await?;
                }
                match visitor(user, false).pick(4) {
                    0 => {
                        let body = json!({"document_id": id, "anchor": "Document",
                            "body": "Indikator belum sesuai IKU; mohon diselaraskan.", "proposed": null});
                        act(user, "add_comment", body).await?;
                    }
                    1 if allows(&detail, "RequestChanges") => {
                        act_on(user, id, "RequestChanges", "Mohon perbaiki sesuai catatan.", None).await?;
                    }
                    2 if allows(&detail, "Approve") => act_on(user, id, "Approve", "", None).await?,
                    _ => {}
                }
            }
        }
        Round::Reader => {
            page(user, "halaman daftar dokumen", "/dokumen").await?;
            let list = call(user, "list_documents", json!({"tahun": 2026, "pd_id": null})).await?;
            open(user, &ids(&list)).await?;
            if role.username != "kepala.disdik" {
                page(user, "halaman kelengkapan", "/kelengkapan").await?;
            }
            call(user, "get_inbox", json!({})).await?;
        }
        Round::Admin => {
            page(user, "halaman audit", "/admin/audit").await?;
            page(user, "halaman pengguna", "/admin/pengguna").await?;
            call(user, "list_audit", json!({"before_id": null})).await?;
            page(user, "healthz", "/healthz").await?;
        }
    }
    Ok(())
}

/// An attacker's guess: refused (401) or throttled (429), never let in.
async fn guess(user: &mut GooseUser) -> TransactionResult {
    let n = visitor(user, true).pick(1_000_000);
    let body = json!({"username": ATTACKED, "password": format!("tebakan-{n}")});
    send(user, "login (salah)", "/api/login", Some(body), &[401, 429]).await.map(|_| ())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("loadcheck: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let RunPlace { dir, database_url, backend } = run_place("loadcheck", args.database_url.clone())?;
    let env = ["AKUNTABEL_TRUSTED_PROXIES=1".to_owned(), "RUST_LOG=warn".to_owned()];
    let server = start_server(&Launch {
        server: &args.server,
        site: &args.site,
        dir: &dir,
        database_url: &database_url,
        env: &env,
    })?;
    let client = Client::builder(TokioExecutor::new()).build_http();
    wait_healthy(&client, &server.base).await?;
    let _ = BASE.set(server.base.clone());
    println!(
        "loadcheck: {backend}, {} users of every role and {} attackers started {} a second, for {} s, server log {}",
        args.users,
        args.bad_logins,
        args.start_rate,
        args.seconds,
        server.log.display()
    );
    let metrics = attack(&args, &server.base).await.map_err(|e| e.to_string())?;
    let rss = server.peak_rss_kib();
    Ok(report(&metrics, rss, &server))
}

async fn attack(args: &Args, base: &str) -> Result<GooseMetrics, GooseError> {
    let mut config = GooseConfiguration::default();
    config.host = Some(base.to_owned());
    config.users = Some(args.users + args.bad_logins);
    config.increase_rate = Some(args.start_rate.to_string());
    config.run_time = Some(args.seconds.to_string());
    config.no_print_metrics = true;
    config.quiet = 1;
    // Count from the first login on: the logins while users start are part of the week.
    config.no_reset_metrics = true;
    config.timeout = Some("30".to_owned());
    let mut attack = GooseAttack::initialize_with_config(config)?;
    let per_share = args.users / SHARES;
    for role in ROLES {
        attack = attack.register_scenario(
            Scenario::new(role.username)
                .set_weight(role.share * per_share.max(1))?
                .set_wait_time(Duration::from_millis(500), Duration::from_millis(2500))?
                .register_transaction(
                    Transaction::new(Arc::new(move |user| Box::pin(log_in(user, role)))).set_on_start(),
                )
                .register_transaction(Transaction::new(Arc::new(move |user| Box::pin(work(user, role))))),
        );
    }
    attack = attack.register_scenario(
        Scenario::new("penyerang").set_weight(args.bad_logins.max(1))?.register_transaction(transaction!(guess)),
    );
    attack.execute().await
}

/// Prints the figures; true when there was no error.
fn report(metrics: &GooseMetrics, rss_kib: Option<u64>, server: &Server) -> bool {
    println!(
        "{:<26} {:>8} {:>7} {:>8} {:>8} {:>8}  statuses",
        "action", "requests", "errors", "p50 ms", "p99 ms", "max ms"
    );
    let mut names: Vec<&String> = metrics.requests.keys().collect();
    names.sort();
    let (mut total, mut errors) = (0_usize, 0_usize);
    for key in names {
        let m = &metrics.requests[key];
        let data = &m.raw_data;
        let mut buckets: Vec<(u64, usize)> = data.times_us.iter().map(|(t, n)| (*t, *n)).collect();
        buckets.sort_unstable();
        let pct = |p: f64| {
            let goal = ((data.counter as f64) * p).ceil() as usize;
            buckets
                .iter()
                .scan(0, |acc, (t, n)| {
                    *acc += n;
                    Some((*t, *acc))
                })
                .find(|(_, acc)| *acc >= goal.max(1))
                .map(|(t, _)| t as f64 / 1000.0)
                .unwrap_or(0.0)
        };
        let mut statuses: Vec<(u16, usize)> = m.status_code_counts.iter().map(|(s, n)| (*s, *n)).collect();
        statuses.sort_unstable();
        let statuses: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
        total += data.counter;
        errors += m.fail_count;
        println!(
            "{:<26} {:>8} {:>7} {:>8.1} {:>8.1} {:>8.1}  {}",
            key.split_once(' ').map(|(_, name)| name).unwrap_or(key),
            data.counter,
            m.fail_count,
            pct(0.50),
            pct(0.99),
            data.maximum_time_us as f64 / 1000.0,
            statuses.join(" ")
        );
    }
    let seconds = metrics.duration.max(1) as f64;
    let (log_errors, panics) = {
        let text = std::fs::read_to_string(&server.log).unwrap_or_default();
        (
            text.lines().filter(|l| l.contains(" ERROR ")).count(),
            text.lines().filter(|l| l.contains("panicked at")).count(),
        )
    };
    println!(
        "total: {total} requests in {seconds:.0} s = {:.0} req/s; errors {errors}; ERROR lines {log_errors}; panics {panics}; peak RSS {}",
        total as f64 / seconds,
        rss_kib.map(|k| format!("{:.0} MB", k as f64 / 1024.0)).unwrap_or_else(|| "unknown".into())
    );
    errors == 0 && log_errors == 0 && panics == 0
}
