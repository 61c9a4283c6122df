//! Request-level defences: cross-site request forgery and security headers.
//!
//! Leptos server functions have no CSRF token of their own, so every state-changing request
//! (anything but GET/HEAD/OPTIONS) must prove it comes from our own pages: browsers send `Origin`
//! on every such request, and `Sec-Fetch-Site` as a second signal. Nothing changes state on GET.

use akuntabel_app::infra::AppState;
use akuntabel_app::infra::auth::{SecurityEvent, record_event};
use akuntabel_app::infra::request::client_ip;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

/// Why a state-changing request was refused, or `None` when it comes from our own origin.
pub fn forgery_check(headers: &HeaderMap, public_origin: &str) -> Option<&'static str> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("")) {
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, rest)| rest);
            let same_host = matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h));
            if origin.eq_ignore_ascii_case(public_origin) || same_host { None } else { Some("cross-origin request") }
        }
        None => match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some("same-origin") => None,
            Some(_) => Some("cross-site request"),
            None => Some("request without Origin"),
        },
    }
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && let Some(reason) = forgery_check(request.headers(), &state.config.public_origin()) {
        {
            let (parts, _) = request.into_parts();
            let ip = client_ip(&parts, state.config.trust_proxy);
            let detail = format!("{reason}: {} {}", parts.method, parts.uri.path());
            let logged = state
                .db
                .run(move |conn| record_event(conn, SecurityEvent::AccessRefused, "", None, &ip, &detail))
                .await;
            if let Err(e) = logged {
                tracing::error!(error = %e, "could not record a refused request");
            }
            let mut response = (
                StatusCode::FORBIDDEN,
                "Permintaan ditolak: asal permintaan tidak dikenal (perlindungan CSRF). \
                 Request refused: unknown origin (CSRF protection).",
            )
                .into_response();
            add_security_headers(response.headers_mut());
            return response;
        }
    }
    let mut response = next.run(request).await;
    add_security_headers(response.headers_mut());
    response
}

fn add_security_headers(headers: &mut HeaderMap) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // `same-origin` keeps the Origin header on our own requests (with `no-referrer` browsers send
    // `Origin: null`, which the forgery check would refuse).
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    // Pages set their own policy with a per-response nonce (see `app::ui::shell`); everything
    // else (files, server-function answers) gets the strictest one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
}

/// Used by handlers that answer a plain HTML form.
pub fn see_other(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn a_request_from_our_own_origin_passes() {
        let h = headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]);
        assert_eq!(forgery_check(&h, "http://127.0.0.1:3000"), None);
        let behind_proxy = headers(&[("origin", "https://sakip.example.go.id"), ("host", "10.0.0.5:3000")]);
        assert_eq!(forgery_check(&behind_proxy, "https://sakip.example.go.id"), None);
    }

    #[test]
    fn a_request_from_another_site_is_refused() {
        let h = headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]);
        assert!(forgery_check(&h, "http://127.0.0.1:3000").is_some());
        let null = headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]);
        assert!(forgery_check(&null, "http://127.0.0.1:3000").is_some());
    }

    #[test]
    fn a_request_without_origin_needs_same_origin_fetch_metadata() {
        assert!(forgery_check(&headers(&[("host", "x")]), "http://x").is_some());
        assert_eq!(forgery_check(&headers(&[("sec-fetch-site", "same-origin")]), "http://x"), None);
        assert!(forgery_check(&headers(&[("sec-fetch-site", "cross-site")]), "http://x").is_some());
    }
}
