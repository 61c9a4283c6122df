//! Accepting connections, with the timeouts that keep slow or silent clients from holding the
//! server: a client must send its request headers within `header_timeout`, and a request body
//! that sends nothing for `idle_timeout` is cut off (the upload it carried is dropped, and with it
//! its temporary file). `axum::serve` has neither setting, hence this loop.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// How long clients may take.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// From the connection (or the previous response) to the end of the request headers.
    pub header: Duration,
    /// Between two pieces of a request body.
    pub idle: Duration,
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish for up
/// to ten seconds.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(timeouts.header).keep_alive(true);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(timeouts.idle));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Pages stream in several writes; without TCP_NODELAY each waits on the client's delayed
        // ACK (about 40 ms a page on a kept-alive connection).
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let idle = timeouts.idle;
        let service = app.clone().map_request(move |request: http::Request<hyper::body::Incoming>| {
            let mut request = request.map(|body| Body::new(TimeoutBody::new(idle, body)));
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let connection =
            builder.serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service)).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, client = %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down");
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await.is_err() {
        tracing::warn!("open connections did not finish within 10 seconds");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn started(timeouts: Timeouts) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = Router::new()
            .route(
                "/",
                axum::routing::get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.ip().to_string() }),
            )
            .route("/unggah", axum::routing::post(|body: axum::body::Bytes| async move { body.len().to_string() }));
        tokio::spawn(serve(listener, app, timeouts, std::future::pending()));
        address
    }

    /// Reads until the server closes the connection; returns what it sent and how long it took.
    async fn until_closed(stream: &mut tokio::net::TcpStream) -> (String, Duration) {
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server kept the silent connection open");
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    }

    #[tokio::test]
    async fn a_client_that_never_finishes_its_headers_is_disconnected() {
        let address = started(Timeouts { header: Duration::from_millis(300), idle: Duration::from_secs(30) }).await;
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Lambat: ").await.unwrap();
        let (_, waited) = until_closed(&mut stream).await;
        assert!(waited < Duration::from_secs(5), "{waited:?}");
    }

    #[tokio::test]
    async fn a_request_body_that_goes_silent_is_cut_off() {
        let address = started(Timeouts { header: Duration::from_secs(30), idle: Duration::from_millis(300) }).await;
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(b"POST /unggah HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nsebagian").await.unwrap();
        let (answer, waited) = until_closed(&mut stream).await;
        assert!(waited < Duration::from_secs(5), "{waited:?}");
        assert!(!answer.contains("200 OK"), "{answer}");
    }

    #[tokio::test]
    async fn a_prompt_client_is_served_and_its_address_is_known() {
        let address = started(Timeouts { header: Duration::from_millis(300), idle: Duration::from_millis(300) }).await;
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let (answer, _) = until_closed(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("127.0.0.1"), "{answer}");
    }
}
