//! Browser journeys in headless Chromium against the release build (which proves it hydrates).
//! Run by `scripts/test`, which builds the site and installs Chromium first:
//! `cargo test -p akuntabel-tests --test browser -- --ignored`.

use akuntabel_tests::DEMO_MENUS;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn target_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Waits until `url` answers 200, polling (a state, not a fixed sleep).
async fn wait_for_http(url: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let ok = tokio::process::Command::new("curl")
            .args(["-sf", "-o", "/dev/null", url])
            .status()
            .await
            .is_ok_and(|s| s.success());
        if ok {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{url} did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

struct Stack {
    _server: Process,
    _driver: Process,
    _data: tempfile::TempDir,
    _profile: tempfile::TempDir,
    base: String,
    driver: String,
    client: Client,
}

async fn start() -> Stack {
    let target = target_dir();
    let binary =
        std::env::var("AKUNTABEL_BROWSER_BIN").map(PathBuf::from).unwrap_or_else(|_| target.join("release/akuntabel"));
    let site =
        std::env::var("AKUNTABEL_BROWSER_SITE").map(PathBuf::from).unwrap_or_else(|_| target.join("site-release"));
    assert!(binary.exists(), "{} is missing: run scripts/build --release", binary.display());
    assert!(site.join("pkg/bundle").exists(), "{} has no bundle: run scripts/build --release", site.display());

    let data = tempfile::tempdir().expect("data dir");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Command::new(&binary)
        .args(["demo", "--serve"])
        .current_dir(data.path())
        .env("AKUNTABEL_DATA_DIR", data.path())
        .env("AKUNTABEL_BIND", format!("127.0.0.1:{port}"))
        .env("AKUNTABEL_PUBLIC_URL", &base)
        .env("AKUNTABEL_SITE_ROOT", &site)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let server = Process(server);
    wait_for_http(&format!("{base}/healthz")).await;

    let driver_port = free_port();
    let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Process(driver);
    wait_for_http(&format!("http://127.0.0.1:{driver_port}/status")).await;

    let profile = tempfile::tempdir().expect("browser profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    // The browser's console (errors, panics while hydrating) is read back through chromedriver.
    caps.insert("goog:loggingPrefs".into(), serde_json::json!({ "browser": "ALL" }));
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    let driver_url = format!("http://127.0.0.1:{driver_port}");
    let client = builder.connect(&driver_url).await.expect("a browser session");
    Stack { _server: server, _driver: driver, _data: data, _profile: profile, base, driver: driver_url, client }
}

/// The errors the browser's console received since the last call: console.error (a panic's
/// message), uncaught exceptions (`RuntimeError: unreachable`), failed loads.
async fn console_errors(stack: &Stack) -> Vec<String> {
    let session = stack.client.session_id().await.expect("session id").expect("a session");
    let output = tokio::process::Command::new("curl")
        .args(["-sf", "-X", "POST", "-H", "Content-Type: application/json", "-d", r#"{"type":"browser"}"#])
        .arg(format!("{}/session/{session}/se/log", stack.driver))
        .output()
        .await
        .expect("curl");
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("chromedriver's log as JSON");
    log["value"]
        .as_array()
        .expect("log entries")
        .iter()
        .filter(|e| e["level"] == "SEVERE" || e["message"].as_str().is_some_and(|m| m.contains("panicked")))
        .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Fails the test when the console received any error since the last check.
async fn assert_console_clean(stack: &Stack, when: &str) {
    let errors = console_errors(stack).await;
    assert!(errors.is_empty(), "the browser console has errors {when}:\n{}", errors.join("\n"));
}

/// Takes the console's errors since the last check, which must be exactly the refusal the test
/// provoked: the browser logs a server function's 422 as a failed load.
async fn expect_refusal_logged(stack: &Stack, endpoint: &str) {
    let errors = console_errors(stack).await;
    let expected = |e: &String| e.contains(&format!("/api/{endpoint} ")) && e.contains("status of 422");
    assert!(
        !errors.is_empty() && errors.iter().all(expected),
        "expected only {endpoint}'s refusal:\n{}",
        errors.join("\n")
    );
}

/// Waits until no part of the page is still loading (every boundary has its data).
async fn wait_until_loaded(c: &Client) {
    let deadline = std::time::Instant::now() + WAIT;
    while !c.find_all(Locator::Css(".loading")).await.expect("find").is_empty() {
        assert!(std::time::Instant::now() < deadline, "the page never finished loading");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits up to `WAIT` for an element. A look that lands while the page is navigating (after a
/// click that loads a page, chromedriver answers "aborted by navigation") is like a look that
/// found nothing yet: the page is looked at again once it is there, instead of the wait ending.
async fn find_waiting(c: &Client, locator: Locator<'_>) -> Result<fantoccini::elements::Element, String> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        match c.find(locator).await {
            Ok(element) => return Ok(element),
            Err(e) if e.is_no_such_element() || e.to_string().contains("aborted by navigation") => {}
            Err(e) => return Err(e.to_string()),
        }
        if std::time::Instant::now() >= deadline {
            return Err(format!("not found within {} s", WAIT.as_secs()));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn css(c: &Client, selector: &str) -> fantoccini::elements::Element {
    find_waiting(c, Locator::Css(selector)).await.unwrap_or_else(|e| panic!("{selector}: {e}"))
}

/// Loads `path` and waits until the page is live (hydrated).
async fn open(stack: &Stack, path: &str) {
    stack.client.goto(&format!("{}{path}", stack.base)).await.expect("navigate");
    css(&stack.client, "body[data-hydrated]").await;
}

async fn fill(c: &Client, selector: &str, text: &str) {
    let field = css(c, selector).await;
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

async fn text_of(c: &Client, selector: &str) -> String {
    css(c, selector).await.text().await.expect("text")
}

/// Waits until an element matching `selector` (a `[data-…]` attribute test) contains `expected`.
async fn wait_for_text(c: &Client, attribute: &str, expected: &str) {
    let xpath = format!("//*[{attribute}][contains(normalize-space(.), '{expected}')]");
    if let Err(e) = find_waiting(c, Locator::XPath(&xpath)).await {
        let page = c.source().await.unwrap_or_default();
        panic!("{attribute} never showed {expected:?}: {e}\n--- page:\n{page}");
    }
}

async fn log_in(stack: &Stack, username: &str) {
    open(stack, "/masuk").await;
    fill(&stack.client, "input[name=username]", username).await;
    fill(&stack.client, "input[name=password]", "demo-akuntabel").await;
    css(&stack.client, "button[type=submit]").await.click().await.expect("submit");
    css(&stack.client, "[data-testid=current-user]").await;
    css(&stack.client, "body[data-hydrated]").await;
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn admin_creates_an_agency_and_an_official_then_a_planner_sees_only_their_own_agency() {
    let stack = start().await;
    let c = &stack.client;

    // Admin: log in, add a Perangkat Daerah.
    log_in(&stack, "admin").await;
    assert!(text_of(c, "[data-testid=current-user]").await.contains("Admin Akuntabel"));
    css(c, "a[href='/admin/perangkat-daerah']").await.click().await.expect("open the PD admin page");
    css(c, "[data-testid=pd-form]").await;
    css(c, "[data-testid=admin-pd-table] tr[data-pd='Disdik']").await;
    // The browser checks the form with the server's own rules before sending anything.
    css(c, "[data-testid=pd-form] button[type=submit]").await.click().await.expect("submit empty");
    wait_for_text(c, "@data-error-for='nama'", "wajib diisi").await;
    fill(c, "[data-testid=pd-form] input[name=kode]", "1.07.0.00.0.00.01.0000").await;
    fill(c, "[data-testid=pd-form] input[name=nama]", "Dinas Pemberdayaan Masyarakat dan Desa").await;
    fill(c, "[data-testid=pd-form] input[name=singkatan]", "DPMD").await;
    css(c, "[data-testid=pd-form] button[type=submit]").await.click().await.expect("save the PD");
    css(c, "[data-testid=admin-pd-table] tr[data-pd='DPMD']").await;

    // An official of the new PD, with a NIP typed the way it is printed.
    css(c, "a[href='/admin/pejabat']").await.click().await.expect("open officials");
    css(c, "[data-testid=pejabat-form]").await;
    css(c, "select[name=pd_id] option[value]:not([value=''])").await;
    fill(c, "[data-testid=pejabat-form] input[name=nama]", "Rahmat Hidayat").await;
    fill(c, "[data-testid=pejabat-form] input[name=gelar_belakang]", "S.Sos., M.Si.").await;
    fill(c, "[data-testid=pejabat-form] input[name=nip]", "19800101 200501 1 001").await;
    css(c, "select[name=golongan]").await.select_by_value("IV/b").await.expect("golongan");
    fill(c, "[data-testid=pejabat-form] input[name=jabatan]", "Kepala Dinas Pemberdayaan Masyarakat dan Desa").await;
    css(c, "select[name=eselon]").await.select_by_label("II.b").await.expect("eselon");
    let pd_select = css(c, "select[name=pd_id]").await;
    pd_select.select_by_label("DPMD — Dinas Pemberdayaan Masyarakat dan Desa").await.expect("pd");
    css(c, "[data-testid=pejabat-form] button[type=submit]").await.click().await.expect("save the official");
    wait_for_text(c, "@data-testid='admin-pejabat-table'", "Rahmat Hidayat, S.Sos., M.Si.").await;
    wait_for_text(c, "@data-testid='admin-pejabat-table'", "19800101 200501 1 001").await;
    wait_for_text(c, "@data-testid='admin-pejabat-table'", "Pembina Tingkat I, IV/b").await;

    // Log out: the next page is the login page, and the old session is gone.
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;
    open(&stack, "/admin/perangkat-daerah").await;
    css(c, "input[name=username]").await;

    // A Disdik planner sees Disdik and nothing of other PDs, and no admin pages.
    log_in(&stack, "perencana.disdik").await;
    css(c, "a[href='/perangkat-daerah']").await.click().await.expect("open PDs");
    css(c, "[data-testid=pd-table] tr[data-pd='Disdik']").await;
    let rows = c.find_all(Locator::Css("[data-testid=pd-table] tr[data-pd]")).await.expect("rows");
    assert_eq!(rows.len(), 1, "a planner sees exactly one PD");
    let officials = text_of(c, "[data-testid=pejabat-table]").await;
    assert!(officials.contains("Ahmad Syarifuddin"), "{officials}");
    assert!(!officials.contains("Rina Marlina"), "the Dinkes head must not be visible: {officials}");
    assert!(!officials.contains("Rahmat Hidayat"), "the new DPMD official must not be visible: {officials}");
    assert!(c.find(Locator::Css("a[href='/admin/perangkat-daerah']")).await.is_err(), "no admin navigation");
    open(&stack, "/admin/perangkat-daerah").await;
    wait_for_text(c, "@role='alert'", "tidak berhak").await;

    assert_console_clean(&stack, "during the admin journey").await;
    stack.client.clone().close().await.expect("close the browser");
}

async fn open_document(stack: &Stack, id: &str) {
    stack.client.goto(&format!("{}/dokumen/{id}", stack.base)).await.expect("navigate");
    css(&stack.client, "body[data-ready='document']").await;
}

async fn press(c: &Client, action: &str, then_state: &str) {
    css(c, &format!("button[data-action='{action}']")).await.click().await.expect("press the action");
    wait_for_text(c, "@data-testid='document-state'", then_state).await;
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_planner_and_a_reviewer_finish_a_review_round_with_a_comment_on_a_row() {
    let stack = start().await;
    let c = &stack.client;

    // The Disdik planner drafts a PK with one row and submits it.
    log_in(&stack, "perencana.disdik").await;
    css(c, "a[href='/dokumen']").await.click().await.expect("documents");
    css(c, "[data-testid=new-document-form]").await;
    css(c, "details.panel > summary").await.click().await.expect("open the form");
    css(c, "select[name=official_id] option[value]:not([value=''])").await;
    css(c, "select[name=official_id]")
        .await
        .select_by_label("Yusnidar, S.Pd., M.Pd. — Kepala Bidang Pembinaan Sekolah Menengah Pertama")
        .await
        .expect("official");
    // An Administrator's PK is agreed with the head of the PD: the form offers only the chain.
    css(c, "select[name=pihak_kedua_id] option[value]:not([value=''])").await;
    css(c, "select[name=pihak_kedua_id]")
        .await
        .select_by_label("Drs. H. Ahmad Syarifuddin, M.Pd. — Kepala Dinas Pendidikan")
        .await
        .expect("pihak kedua");
    fill(c, "[data-testid=new-document-form] input[name=judul]", "PK Kepala Bidang Pembinaan SMP 2026").await;
    css(c, "[data-testid=new-document-form] button[type=submit]").await.click().await.expect("create");
    css(c, "body[data-ready='document']").await;
    let url = c.current_url().await.expect("url");
    let id = url.path().trim_start_matches("/dokumen/").to_owned();
    css(c, "[data-testid=add-row]").await.click().await.expect("add a row");
    fill(c, "[data-testid=table-editor] [name='sasaran-0']", "Meningkatnya mutu pendidikan dasar").await;
    fill(c, "[data-testid=table-editor] [name='indikator-0']", "Angka partisipasi murni SMP").await;
    // A target in words is refused under its cell, and the draft cannot be saved until it is a
    // number or a grade.
    fill(c, "[data-testid=table-editor] [name='target-0']", "sembilan puluh lima").await;
    wait_for_text(c, "@data-row='r1'", "bukan angka").await;
    css(c, "[data-testid=save-draft][disabled]").await;
    fill(c, "[data-testid=table-editor] [name='target-0']", "95").await;
    fill(c, "[data-testid=table-editor] [name='satuan-0']", "%").await;
    // The indicator serves the Kepala Dinas's "APM SMP/MTs" (row 2 of the upper PK), chosen from
    // the upper PK's indicators; the page names the upper PK.
    wait_for_text(c, "@data-testid='pk-upper'", "PK Kepala Dinas Pendidikan 2026").await;
    css(c, "[data-kind=pk_kinerja] select[name='acuan-0'] option[value$='/r2']").await.click().await.expect("link");
    // Table 2: the budget, totalled as it is typed.
    css(c, "[data-testid=add-row][data-kind=pk_anggaran]").await.click().await.expect("add a budget row");
    fill(c, "[data-kind=pk_anggaran] [name='uraian-0']", "Program Pengelolaan Pendidikan").await;
    fill(c, "[data-kind=pk_anggaran] [name='anggaran-0']", "Rp 1.500.000.000").await;
    wait_for_text(c, "@data-total='anggaran'", "Rp1.500.000.000").await;
    css(c, "[data-testid=save-draft]:not([disabled])").await.click().await.expect("save");
    wait_for_text(c, "@role='status'", "Draf tersimpan").await;
    press(c, "Submit", "Diajukan").await;
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;

    // The kabag's dashboard opens with the overdue list: the demo's Pemda LKjIP 2025 is a draft
    // past its 31 March deadline, and it is the kabag's own move. Then the kabag assigns the
    // reviewer.
    log_in(&stack, "kabag.organisasi").await;
    wait_for_text(c, "@data-testid='terlambat'", "LKjIP Pemerintah Kabupaten Ogan Komering Ilir 2025").await;
    wait_for_text(c, "@data-testid='terlambat'", "lewat tenggat").await;
    open_document(&stack, &id).await;
    css(c, "select[name=assignee] option[value]:not([value=''])").await;
    css(c, "select[name=assignee]").await.select_by_label("Reviewer (Tim SAKIP)").await.expect("reviewer");
    css(c, "button[data-action='Assign']").await.click().await.expect("assign");
    wait_for_text(c, "@data-testid='events'", "Disposisi").await;
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;

    // Round 1: a comment anchored to the row, then changes requested.
    log_in(&stack, "reviewer").await;
    open_document(&stack, &id).await;
    press(c, "StartReview", "Sedang direviu").await;
    css(c, "select[name=anchor]").await.select_by_value("row:r1").await.expect("anchor");
    fill(c, "textarea[name=body]", "Target 95 lebih rendah dari capaian 2025.").await;
    css(c, "[data-testid=add-comment]").await.click().await.expect("comment");
    wait_for_text(c, "@data-row='r1'", "Target 95 lebih rendah").await;
    press(c, "RequestChanges", "Perlu perbaikan").await;
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;

    // The planner sees the comment beside the row, revises, resubmits, marks it fixed.
    log_in(&stack, "perencana.disdik").await;
    open_document(&stack, &id).await;
    wait_for_text(c, "@data-row='r1'", "Target 95 lebih rendah").await;
    fill(c, "[data-testid=table-editor] [name='target-0']", "97").await;
    css(c, "[data-testid=save-draft]").await.click().await.expect("save");
    wait_for_text(c, "@role='status'", "Draf tersimpan").await;
    press(c, "Submit", "Diajukan").await;
    css(c, "[data-testid=mark-fixed]").await.click().await.expect("mark fixed");
    wait_for_text(c, "@data-row='r1'", "Sudah diperbaiki").await;
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;

    // Round 2: the reviewer sees the change, resolves the thread and approves.
    log_in(&stack, "reviewer").await;
    open_document(&stack, &id).await;
    press(c, "StartReview", "Sedang direviu").await;
    wait_for_text(c, "@data-testid='diff'", "95").await;
    wait_for_text(c, "@data-testid='diff'", "97").await;
    css(c, "[data-testid=resolve]").await.click().await.expect("resolve");
    wait_for_text(c, "@data-row='r1'", "Selesai").await;
    press(c, "Approve", "Disetujui").await;
    css(c, "[data-testid=logout]").await.click().await.expect("log out");
    css(c, "input[name=username]").await;

    // Next year's PK starts from this one: the planner copies it and lands on the 2027 draft
    // with the same indicator.
    log_in(&stack, "perencana.disdik").await;
    open_document(&stack, &id).await;
    css(c, "[data-testid=copy-forward]").await.click().await.expect("copy forward");
    wait_for_text(c, "@data-testid='document-title'", "PK Kepala Bidang Pembinaan SMP 2027").await;
    wait_for_text(c, "@data-testid='document-state'", "Draf").await;
    let copied = c.current_url().await.expect("url");
    assert_ne!(copied.path(), format!("/dokumen/{id}"), "the page moved to the new PK");
    css(c, "[data-testid=table-editor] [name='indikator-0']").await;
    assert_eq!(
        css(c, "[data-testid=table-editor] [name='indikator-0']").await.prop("value").await.expect("value"),
        Some("Angka partisipasi murni SMP".to_owned())
    );

    assert_console_clean(&stack, "during the review round").await;
    stack.client.clone().close().await.expect("close the browser");
}

/// Whether the row of `key` is drawn (not folded away under an ancestor).
async fn row_shown(c: &Client, key: &str) -> bool {
    css(c, &format!("tr[data-row='{key}']")).await.is_displayed().await.expect("displayed")
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn the_kabag_folds_the_rpjmd_tree_then_reopens_it_to_add_a_measured_indicator_under_a_sasaran() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "kabag.organisasi").await;
    open_titled(&stack, "RPJMD Kabupaten Ogan Komering Ilir 2025").await;

    // The approved tree reads as the plan does; Misi 1 folds away with everything under it.
    css(c, "[data-testid=tree-editor]").await;
    wait_for_text(c, "@data-row='r1'", "Terwujudnya Kabupaten Ogan Komering Ilir").await;
    wait_for_text(c, "@data-row='r19'", "Sasaran 3.1.1").await;
    assert!(row_shown(c, "r6").await);
    css(c, "tr[data-row='r2'] [data-testid=fold]").await.click().await.expect("fold Misi 1");
    assert!(!row_shown(c, "r6").await, "Indikator 1.1.1.1 is folded away under Misi 1");
    assert!(row_shown(c, "r11").await, "Misi 2 stays");
    css(c, "[data-testid=unfold-all]").await.click().await.expect("unfold");
    assert!(row_shown(c, "r6").await);

    // A revision: reopened with its reason, the plan is a draft again and the tree editable.
    fill(c, "input[name=note]", "Penyesuaian target kemiskinan ekstrem").await;
    press(c, "Reopen", "Draf").await;
    css(c, "tr[data-row='r19'] [data-testid=add-child][data-kind=indikator]").await.click().await.expect("add");
    fill(c, "tr[data-row='r21'] textarea[name^='uraian-']", "Persentase penduduk miskin ekstrem").await;
    fill(c, "tr[data-row='r21'] input[name^='satuan-']", "%").await;
    fill(c, "tr[data-row='r21'] input[name^='target_1-']", "rendah").await;
    wait_for_text(c, "@data-row='r21'", "bukan angka").await;
    css(c, "[data-testid=save-draft][disabled]").await;
    for (i, target) in ["1,5", "1", "0,5", "0,2", "0"].iter().enumerate() {
        fill(c, &format!("tr[data-row='r21'] input[name^='target_{}-']", i + 1), target).await;
    }
    css(c, "[data-testid=save-draft]:not([disabled])").await.click().await.expect("save");
    wait_for_text(c, "@role='status'", "Draf tersimpan").await;
    wait_for_text(c, "@data-row='r21'", "Indikator 3.1.1.2").await;
    press(c, "Submit", "Diajukan").await;

    assert_console_clean(&stack, "while revising the RPJMD").await;
    stack.client.clone().close().await.expect("close the browser");
}

/// Opens the document titled `title` from the user's list.
async fn open_titled(stack: &Stack, title: &str) {
    open(stack, "/dokumen").await;
    wait_until_loaded(&stack.client).await;
    let xpath = format!("//a[starts-with(@href, '/dokumen/')][contains(., '{title}')]");
    let link = stack.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|e| panic!("{title} is not listed: {e}"));
    let href = link.attr("href").await.expect("href").expect("a link");
    open_document(stack, href.trim_start_matches("/dokumen/")).await;
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_planner_codes_a_kegiatan_and_budgets_its_sub_kegiatan_and_sees_the_program_pagu_rolled_up() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "perencana.dinkes").await;
    open_titled(&stack, "Renstra Dinas Kesehatan 2025").await;
    wait_for_text(c, "@data-testid='serves'", "RPJMD Kabupaten Ogan Komering Ilir 2025").await;
    // The kegiatan's code is checked as it is typed: a program's code is not a kegiatan's.
    fill(c, "tr[data-row='r6'] input[name^='kode-']", "1.02.02").await;
    wait_for_text(c, "@data-row='r6'", "bukan kode kegiatan yang sah").await;
    fill(c, "tr[data-row='r6'] input[name^='kode-']", "1.02.02.2.02.").await;
    css(c, "[data-testid=save-draft]:not([disabled])").await;
    // A sub kegiatan under it, with its pagu: the program's pagu and the total follow.
    css(c, "tr[data-row='r6'] [data-testid=add-child][data-kind=sub_kegiatan]").await.click().await.expect("add");
    fill(c, "tr[data-row='r7'] textarea[name^='uraian-']", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat").await;
    fill(c, "tr[data-row='r7'] input[name^='kode-']", "1.02.02.2.02.0036").await;
    fill(c, "tr[data-row='r7'] input[name^='pagu_1-']", "Rp 750.000.000").await;
    wait_for_text(c, "@data-row='r5'", "Rp750.000.000").await;
    wait_for_text(c, "@data-total='pagu_1'", "Rp750.000.000").await;
    css(c, "[data-testid=save-draft]:not([disabled])").await.click().await.expect("save");
    wait_for_text(c, "@role='status'", "Draf tersimpan").await;
    wait_for_text(c, "@data-row='r7'", "Sub Kegiatan 1.1.1.1.1").await;
    assert_console_clean(&stack, "while budgeting the Renstra").await;
    stack.client.clone().close().await.expect("close the browser");
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_planner_starts_next_years_rkt_from_the_form_on_the_renstra_targets_of_that_year() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "perencana.disdik").await;
    css(c, "a[href='/dokumen']").await.click().await.expect("documents");
    css(c, "[data-testid=new-document-form]").await;
    css(c, "details.panel > summary").await.click().await.expect("open the form");
    // A five-year plan is made for a period: the form asks for it, and the PD's second
    // Renstra of the period is refused with the one it has.
    css(c, "select[name=doc_type]").await.select_by_value("2").await.expect("Renstra");
    css(c, "select[name=period_id] option[value]:not([value=''])").await.click().await.expect("period");
    fill(c, "[data-testid=new-document-form] input[name=judul]", "Renstra Dinas Pendidikan 2025–2029 (2)").await;
    css(c, "[data-testid=new-document-form] button[type=submit]").await.click().await.expect("create");
    wait_for_text(c, "@data-testid='new-document-form'", "Renstra periode ini sudah ada").await;
    expect_refusal_logged(&stack, "create_document").await;
    // The RKT of 2027 starts from the Renstra's 2027 column.
    fill(c, "input[name=tahun]", "2027").await;
    css(c, "select[name=doc_type]").await.select_by_value("4").await.expect("RKT");
    fill(c, "[data-testid=new-document-form] input[name=judul]", "RKT Dinas Pendidikan 2027").await;
    css(c, "[data-testid=new-document-form] button[type=submit]").await.click().await.expect("create");
    css(c, "body[data-ready='document']").await;
    wait_for_text(c, "@data-testid='document-title'", "RKT Dinas Pendidikan 2027").await;
    wait_for_text(c, "@data-testid='tree-editor'", "Target 2027").await;
    let target = css(c, "[data-testid=tree-editor] tr[data-kind=indikator] input[name^='target_1-']").await;
    assert_eq!(target.prop("value").await.expect("value"), Some("98".to_owned()), "APM SD/MI's 2027 target");
    let tables = c.find_all(Locator::Css("[data-testid=table-editor]")).await.expect("find");
    assert!(tables.is_empty(), "a tree is edited in its tree editor alone, not again as a table");
    // And the year after starts from this one.
    css(c, "[data-testid=copy-forward]").await.click().await.expect("copy forward");
    wait_for_text(c, "@data-testid='document-title'", "RKT Dinas Pendidikan 2028").await;
    wait_for_text(c, "@data-testid='tree-editor'", "Pagu 2028 (Rp)").await;
    assert_console_clean(&stack, "while starting an RKT").await;
    stack.client.clone().close().await.expect("close the browser");
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn the_kabag_reopens_a_pk_as_a_pk_perubahan_for_the_apbd_p_and_the_first_version_stays_readable() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "kabag.organisasi").await;
    open_titled(&stack, "PK Kepala Bidang Pembinaan SD 2026").await;
    let page = c.current_url().await.expect("url");
    // Reasons are offered; a new official is asked for only when the official changes.
    css(c, "select[name=alasan] option[value='2']").await.click().await.expect("APBD Perubahan");
    assert!(c.find(Locator::Css("select[name=official_id]")).await.is_err(), "no new official for a budget revision");
    fill(c, "input[name=note]", "Penyesuaian APBD Perubahan 2026").await;
    css(c, "button[data-action=Reopen]").await.click().await.expect("reopen");
    wait_for_text(c, "@data-testid='document-state'", "Draf").await;
    wait_for_text(c, "@data-testid='revision'", "PK Perubahan").await;
    wait_for_text(c, "@data-testid='perubahan'", "APBD Perubahan").await;
    wait_for_text(c, "@data-testid='perubahan'", "Penyesuaian APBD Perubahan 2026").await;
    // The version signed off before stays readable as it was, and cannot be changed.
    css(c, "[data-version='1'] a").await.click().await.expect("open version 1");
    wait_for_text(c, "@data-testid='viewing-version'", "versi 1").await;
    css(c, "body[data-hydrated]").await;
    assert!(c.find(Locator::Css("[data-testid=workflow-actions]")).await.is_err(), "no actions on a frozen version");
    css(c, "[data-testid=viewing-version] a").await.click().await.expect("back to the working copy");
    wait_for_text(c, "@data-testid='document-state'", "Draf").await;
    assert_eq!(c.current_url().await.expect("url"), page);
    assert_console_clean(&stack, "while revising a PK").await;
    stack.client.clone().close().await.expect("close the browser");
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_planner_makes_the_action_plan_of_a_pk_from_its_page_and_finds_it_linked_there() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "perencana.disdik").await;
    open_titled(&stack, "PK Kasubbag Perencanaan dan Pelaporan Dinas Pendidikan 2026").await;
    let pk_page = c.current_url().await.expect("url");
    css(c, "[data-testid=make-renaksi]").await.click().await.expect("make the action plan");
    // The new plan opens: the PK's indicators, by quarter, its targets still to plan.
    wait_for_text(c, "@data-testid='realisasi'", "Triwulan IV").await;
    wait_for_text(c, "@data-testid='serves'", "PK Kasubbag Perencanaan dan Pelaporan").await;
    let plan_page = c.current_url().await.expect("url");
    assert_ne!(plan_page, pk_page, "the page moved to the new plan");
    // Back on the PK, the button has become the link to it.
    c.goto(pk_page.as_str()).await.expect("back to the PK");
    css(c, "body[data-hydrated]").await;
    wait_for_text(c, "@data-testid='pk-renaksi'", "Rencana Aksi").await;
    let href = css(c, "[data-testid=pk-renaksi] a").await.attr("href").await.expect("href").expect("a link");
    assert!(plan_page.as_str().ends_with(&href), "{href} is the plan just made ({plan_page})");
    assert!(c.find(Locator::Css("[data-testid=make-renaksi]")).await.is_err(), "made once");
    assert_console_clean(&stack, "while making an action plan").await;
    stack.client.clone().close().await.expect("close the browser");
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_planner_enters_the_fourth_quarters_realisation_and_sees_the_capaian_of_the_year() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "perencana.disdik").await;
    open_titled(&stack, "Rencana Aksi Kepala Dinas Pendidikan 2026").await;
    // Triwulan I–III are reported: APM SD/MI stands at 97 against 97,2 (the last value counts).
    wait_for_text(c, "@data-testid='realisasi'", "Triwulan IV").await;
    wait_for_text(c, "@data-row='r1'", "99,79 %").await;
    wait_for_text(c, "@data-row='r1'", "tercapai").await;
    wait_for_text(c, "@data-row='r3'", "belum dilaporkan").await;
    // A value in words is refused beside its cell; a number is saved and capaian follows.
    fill(c, "input[name='realisasi-0-3']", "sembilan puluh").await;
    css(c, "h2").await.click().await.expect("leave the cell");
    wait_for_text(c, "@data-cell='r1-3'", "bukan angka").await;
    expect_refusal_logged(&stack, "record_realisation").await;
    fill(c, "input[name='realisasi-0-3']", "97,6").await;
    css(c, "h2").await.click().await.expect("leave the cell");
    wait_for_text(c, "@data-cell='r1-3'", "100,1 %").await;
    wait_for_text(c, "@data-testid='capaian-so-far'", "100,1 %").await;
    // The budget spent in the quarter and a note go with it: 235 of 350 million spent, then 335.
    wait_for_text(c, "@data-row='r1'", "Rp235.000.000 (67,14 %)").await;
    fill(c, "input[name='anggaran-0-3']", "100.000.000").await;
    css(c, "h2").await.click().await.expect("leave the cell");
    wait_for_text(c, "@data-row='r1'", "Rp335.000.000 (95,71 %)").await;
    fill(c, "input[name='catatan-0-3']", "Pendataan susulan dua desa").await;
    css(c, "h2").await.click().await.expect("leave the cell");
    // It stays after a reload: it was saved, not only computed.
    c.refresh().await.expect("reload");
    css(c, "body[data-hydrated]").await;
    wait_for_text(c, "@data-cell='r1-3'", "100,1 %").await;
    wait_for_text(c, "@data-row='r1'", "Rp335.000.000 (95,71 %)").await;
    let note = css(c, "input[name='catatan-0-3']").await.prop("value").await.expect("value");
    assert_eq!(note.as_deref(), Some("Pendataan susulan dua desa"));
    // The dashboard sums the PD's year up: two of its three indicators reported, and 1.215 of
    // the 1.635 million planned spent.
    open(&stack, "/").await;
    wait_for_text(c, "@data-testid='capaian-pd'", "Disdik").await;
    wait_for_text(c, "@data-pd='Disdik'", "2 / 3").await;
    wait_for_text(c, "@data-pd='Disdik'", "74,31 %").await;
    assert_console_clean(&stack, "while entering realisation").await;
    stack.client.clone().close().await.expect("close the browser");
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn every_page_of_every_role_hydrates_with_a_clean_console() {
    let stack = start().await;
    let c = &stack.client;
    open(&stack, "/masuk").await;
    assert_console_clean(&stack, "on the login page").await;
    let mut visited = 0;
    for (user, menu) in DEMO_MENUS {
        log_in(&stack, user).await;
        let mut pages: Vec<String> = menu.iter().map(|p| (*p).to_owned()).collect();
        open(&stack, "/dokumen").await;
        wait_until_loaded(c).await;
        for link in c.find_all(Locator::Css("a[href^='/dokumen/']")).await.expect("document links") {
            if let Some(href) = link.attr("href").await.expect("href") {
                pages.push(href);
            }
        }
        for page in &pages {
            open(&stack, page).await;
            wait_until_loaded(c).await;
            assert!(
                c.find(Locator::Css("main [role=alert]")).await.is_err(),
                "{page} as {user} shows an error: {}",
                c.source().await.unwrap_or_default()
            );
            assert_console_clean(&stack, &format!("on {page} as {user}")).await;
            visited += 1;
        }
        css(c, "[data-testid=logout]").await.click().await.expect("log out");
        css(c, "input[name=username]").await;
    }
    assert!(visited >= 50, "walked {visited} pages");
    assert_console_clean(&stack, "after the walk").await;
    stack.client.clone().close().await.expect("close the browser");
}

/// The language of the page the browser shows, from `<html lang>`.
async fn page_language(c: &Client) -> String {
    css(c, "html").await.attr("lang").await.expect("lang").unwrap_or_default()
}

/// The links and buttons of the top bar whose text does not stand out from the bar (a contrast
/// ratio under 4.5, WCAG AA), by their text.
async fn unreadable_top_bar_items(c: &Client) -> Vec<String> {
    let script = r#"
        const luminance = (css) => {
            const [r, g, b] = css.match(/[0-9.]+/g).slice(0, 3).map(Number).map((v) => {
                v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const bar = document.querySelector('header.topbar');
        const background = luminance(getComputedStyle(bar).backgroundColor);
        return [...bar.querySelectorAll('a, button')].filter((e) => {
            const text = luminance(getComputedStyle(e).color);
            const ratio = (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05);
            return ratio < 4.5;
        }).map((e) => e.textContent.trim());
    "#;
    let found = c.execute(script, vec![]).await.expect("run the contrast check");
    serde_json::from_value(found).expect("a list of texts")
}

#[tokio::test]
#[ignore = "needs the release build and Chromium: run through scripts/test"]
async fn a_user_who_switches_to_english_gets_the_next_pages_in_english_until_switching_back() {
    let stack = start().await;
    let c = &stack.client;
    log_in(&stack, "kabag.organisasi").await;
    assert_eq!(page_language(c).await, "id");
    assert_eq!(unreadable_top_bar_items(c).await, Vec::<String>::new(), "every item of the top bar can be read");
    css(c, "button.lang").await.click().await.expect("switch the language");
    wait_for_text(c, "contains(@class, 'lang')", "Bahasa Indonesia").await;
    // A page loaded afresh from the server comes in the chosen language.
    open(&stack, "/dokumen").await;
    assert_eq!(page_language(c).await, "en");
    assert!(c.source().await.expect("page").contains("Documents"), "the menu is in English");
    css(c, "button.lang").await.click().await.expect("switch back");
    wait_for_text(c, "contains(@class, 'lang')", "English").await;
    open(&stack, "/kotak-masuk").await;
    assert_eq!(page_language(c).await, "id");
    assert_console_clean(&stack, "after switching the language twice").await;
}
