//! Pages rendered many times at once, as every demo user, through the real router: no render may
//! carry an error resource, be cut off, or log an ERROR line. (Before the render threads and the
//! synchronous page user, about one render in forty came back with `{"Err":"Internal"}` — a
//! server function resolved outside its request — and the server could freeze for good.)

use akuntabel_tests::{DEMO_MENUS, on_each_backend};
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;
use tracing_subscriber::layer::SubscriberExt;

/// ERROR events logged anywhere in this test binary.
static ERRORS: AtomicUsize = AtomicUsize::new(0);
static FIRST_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct ErrorCounter;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for ErrorCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if *event.metadata().level() == tracing::Level::ERROR {
            ERRORS.fetch_add(1, Ordering::SeqCst);
            let mut text = String::new();
            event.record(&mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| {
                text.push_str(&format!("{}={value:?} ", field.name()));
            });
            if let Ok(mut first) = FIRST_ERRORS.lock()
                && first.len() < 5
            {
                first.push(format!("{}: {text}", event.metadata().target()));
            }
        }
    }
}

/// How many times each page of each menu is loaded, all at once.
const ROUNDS: usize = 6;

/// A load without a whole answer after this long is a stall (the suite's renders take well
/// under a second each, even in a debug build).
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_rendered_many_times_at_once_carries_no_error_and_logs_none() {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(ErrorCounter));
    on_each_backend(async |app| {
        {
            let mut conn = app.state.db.get().expect("connection");
            akuntabel_server::demo::load(&mut conn).expect("demo data");
        }
        let mut loads = Vec::new();
        for (user, menu) in DEMO_MENUS {
            let session = app.try_login(user, "demo-akuntabel").await.expect("the demo user logs in");
            let mut pages: Vec<String> = menu.iter().map(|p| (*p).to_owned()).collect();
            let (_, _, list) = app.page(Some(&session), "/dokumen").await;
            for id in list.split("href=\"/dokumen/").skip(1).filter_map(|r| r.split('"').next()) {
                pages.push(format!("/dokumen/{id}"));
            }
            for page in pages {
                loads.push((user, session.cookie.clone(), page));
            }
        }
        assert!(loads.iter().any(|(_, _, p)| p.starts_with("/dokumen/")), "the demo documents are listed");
        let errors_before = ERRORS.load(Ordering::SeqCst);
        let mut tasks = Vec::new();
        for _ in 0..ROUNDS {
            for (user, cookie, page) in &loads {
                let router = app.router.clone();
                let request = Request::get(page.as_str())
                    .header(header::HOST, "127.0.0.1:3000")
                    .header(header::ACCEPT, "text/html")
                    .header(header::COOKIE, cookie.as_str())
                    .body(Body::empty())
                    .expect("request");
                let label = format!("{page} as {user}");
                tasks.push(tokio::spawn(async move {
                    let load = async {
                        let response = router.oneshot(request).await.expect("router answers");
                        let status = response.status();
                        let body = response.into_body().collect().await.expect("a whole body").to_bytes();
                        (status, String::from_utf8_lossy(&body).into_owned())
                    };
                    // A frozen render never answers: fail instead of hanging the suite.
                    match tokio::time::timeout(STALL, load).await {
                        Ok((status, html)) => (label, status, html),
                        Err(_) => panic!("{label} stalled: no whole answer within {STALL:?}"),
                    }
                }));
            }
        }
        let total = tasks.len();
        for task in tasks {
            let (label, status, html) = task.await.expect("the load finished");
            assert_eq!(status, StatusCode::OK, "{label}");
            let tail = html.trim_end();
            let whole = html.contains("</html>") && (tail.ends_with("</html>") || tail.ends_with("</script>"));
            assert!(whole, "{label} was cut off");
            assert!(!html.contains("{\\\"Err\\\"") && !html.contains("{\"Err\""), "{label} carries an error resource");
            assert!(!html.contains("notice fail"), "{label} shows an error");
        }
        let errors = ERRORS.load(Ordering::SeqCst) - errors_before;
        let first = FIRST_ERRORS.lock().map(|f| f.join("\n")).unwrap_or_default();
        assert_eq!(errors, 0, "{total} concurrent renders logged {errors} ERROR lines:\n{first}");
    })
    .await;
}
