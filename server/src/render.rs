//! Every page and server-function request is answered wholly on one thread.
//!
//! Why: Leptos 0.8's reactive graph guards each node (an effect, a resource, a `Suspense`'s task
//! signal) with its own lock, and under server rendering a request's nodes were touched by two
//! tokio workers at once — the page being rendered on one, its resources resolving on the other.
//! Two of those locks taken in opposite orders froze the whole server (leptos issues 4673 and
//! 4578). A request's nodes belong to that request alone (the app keeps no global signals), so
//! when everything a request spawns runs on the thread that renders it, no second thread can
//! ever hold one of its locks and the inversion cannot happen.
//!
//! How: a pool of threads, each running a single-thread tokio runtime (`LocalPoolHandle`). The
//! request's handler runs there; the resources it spawns (`tokio::spawn` inside it) land on the
//! same runtime; and its body — the streamed HTML, whose polling drives the rendering of each
//! `Suspense` — is pumped there too and handed to the connection through a channel. Blocking work
//! (diesel, argon2) still goes to the blocking pool through `Db::run`.
//!
//! The pump is also where a stalled answer is cut off: when the handler or its body produces
//! nothing for `response_timeout`, the answer ends (a 503 before the head, a broken stream after
//! it) and the fault is logged, instead of holding the connection forever.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::StatusCode;
use http_body_util::BodyExt;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio_util::task::LocalPoolHandle;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The render threads, and how long an answer may stall.
#[derive(Clone)]
pub struct RenderPool {
    /// `None` renders on the shared runtime (`render_threads = 0`, for measurements only).
    threads: Option<LocalPoolHandle>,
    response_timeout: Duration,
}

impl RenderPool {
    pub fn new(threads: usize, response_timeout: Duration) -> Self {
        Self { threads: (threads > 0).then(|| LocalPoolHandle::new(threads)), response_timeout }
    }

    /// The pool `render_threads` and `response_timeout_seconds` ask for.
    pub fn from_config(config: &akuntabel_app::infra::config::Config) -> Self {
        Self::new(config.render_threads, Duration::from_secs(config.response_timeout_seconds))
    }

    /// The pool's threads, for the watchdog.
    pub fn handle(&self) -> Option<&LocalPoolHandle> {
        self.threads.as_ref()
    }
}

/// Middleware: answers the request on one render thread (see the module docs).
pub async fn on_render_thread(State(pool): State<RenderPool>, request: Request, next: Next) -> Response {
    let limit = pool.response_timeout;
    let path = request.uri().path().to_owned();
    let Some(threads) = pool.threads.clone() else {
        return match tokio::time::timeout(limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => stalled_head(&path, limit),
        };
    };
    let (head_tx, head_rx) = oneshot::channel::<Response<()>>();
    let (body_tx, body_rx) = mpsc::channel::<Result<Bytes, BoxError>>(8);
    let task_path = path.clone();
    drop(threads.spawn_pinned(move || async move {
        let Ok(response) = tokio::time::timeout(limit, next.run(request)).await else {
            let _ = head_tx.send(stalled_head(&task_path, limit).map(|_| ()));
            return;
        };
        let (parts, mut body) = response.into_parts();
        if head_tx.send(Response::from_parts(parts, ())).is_err() {
            return;
        }
        loop {
            let frame = match tokio::time::timeout(limit, body.frame()).await {
                Ok(Some(Ok(frame))) => frame,
                Ok(None) => return,
                Ok(Some(Err(error))) => {
                    tracing::error!(http.path = %task_path, %error, "the answer failed while streaming");
                    let _ = body_tx.send(Err(error.into())).await;
                    return;
                }
                Err(_) => {
                    tracing::error!(
                        http.path = %task_path,
                        limit_s = limit.as_secs(),
                        "the answer stalled while streaming: cut off"
                    );
                    let _ = body_tx.send(Err("the answer stalled".into())).await;
                    return;
                }
            };
            if let Ok(data) = frame.into_data()
                && body_tx.send(Ok(data)).await.is_err()
            {
                // The client went away; dropping the body here ends the rendering on this thread.
                return;
            }
        }
    }));
    match head_rx.await {
        Ok(head) => {
            let (parts, ()) = head.into_parts();
            Response::from_parts(parts, Body::from_stream(ChannelStream(body_rx)))
        }
        Err(_) => {
            tracing::error!(http.path = %path, "the render thread dropped the request");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn stalled_head(path: &str, limit: Duration) -> Response {
    tracing::error!(http.path = %path, limit_s = limit.as_secs(), "no answer in time: refused with 503");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Server sedang sibuk; coba lagi sebentar lagi. The server is busy; please try again shortly.",
    )
        .into_response()
}

/// The receiving end of the pump as a body stream.
struct ChannelStream(mpsc::Receiver<Result<Bytes, BoxError>>);

impl futures_core::Stream for ChannelStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    fn app(limit: Duration) -> Router {
        let pool = RenderPool::new(2, limit);
        Router::new()
            .route("/whole", get(|| async { "halaman utuh" }))
            .route("/where", get(where_it_runs))
            .route("/never", get(std::future::pending::<&'static str>))
            .route(
                "/stalls",
                get(|| async {
                    // One piece of the page, then nothing more, ever.
                    let first = one_chunk_then_nothing(Bytes::from_static(b"<html>awal"));
                    Body::from_stream(first)
                }),
            )
            .layer(axum::middleware::from_fn_with_state(pool, on_render_thread))
    }

    /// A stream that yields one chunk and then never ends.
    fn one_chunk_then_nothing(chunk: Bytes) -> ChannelStream {
        let (tx, rx) = mpsc::channel(1);
        tokio::spawn(async move {
            let _ = tx.send(Ok(chunk)).await;
            // Keep the sender alive forever: the stream neither ends nor fails.
            std::future::pending::<()>().await;
        });
        ChannelStream(rx)
    }

    /// Where the handler runs, and whether every task it spawns (as a page's resources are)
    /// runs on that same thread.
    async fn where_it_runs() -> String {
        let here = std::thread::current().id();
        let mut elsewhere = 0;
        for _ in 0..32 {
            let there = tokio::spawn(async {
                tokio::task::yield_now().await;
                std::thread::current().id()
            });
            if there.await.unwrap() != here {
                elsewhere += 1;
            }
        }
        format!("{}|{elsewhere}", std::thread::current().name().unwrap_or("-"))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_and_every_task_it_spawns_run_on_one_render_thread() {
        let response = app(Duration::from_secs(5)).oneshot(get_request("/where")).await.unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let (thread, elsewhere) = std::str::from_utf8(&body).unwrap().split_once('|').unwrap();
        assert_ne!(thread, "tokio-runtime-worker", "the request ran on the shared runtime");
        assert_eq!(elsewhere, "0", "tasks spawned by the request ran on another thread");
    }

    fn get_request(path: &str) -> Request {
        http::Request::get(path).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn an_answer_comes_through_the_render_thread_whole() {
        let response = app(Duration::from_secs(5)).oneshot(get_request("/whole")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], b"halaman utuh");
    }

    #[tokio::test]
    async fn a_handler_that_never_answers_gets_a_503_after_the_limit() {
        let response = app(Duration::from_millis(200)).oneshot(get_request("/never")).await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[tokio::test]
    async fn a_stream_that_stalls_is_cut_off_after_the_limit() {
        let response = app(Duration::from_millis(200)).oneshot(get_request("/stalls")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "the head was already sent");
        let mut body = response.into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&first[..], b"<html>awal");
        assert!(body.frame().await.unwrap().is_err(), "the stalled stream ends with an error");
    }
}
