//! Request-level defences: cross-site request forgery and security headers.
//!
//! Leptos server functions have no CSRF token of their own, so every state-changing request
//! (anything but GET/HEAD/OPTIONS) must prove it comes from our own pages: browsers send `Origin`
//! on every such request, and `Sec-Fetch-Site` as a second signal. Nothing changes state on GET.

use akuntabel_app::infra::AppState;
use akuntabel_app::infra::auth::{SecurityEvent, record_event};
use akuntabel_app::infra::config::{Config, normal_host};
use akuntabel_app::infra::request::client_ip;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

/// Why a state-changing request was refused, or `None` when it comes from our own origin: the
/// configured public origin, scheme included, and nothing else — not even "the same host as the
/// `Host` header", which an attacker's page controls under DNS rebinding.
pub fn forgery_check(headers: &HeaderMap, public_origin: &str) -> Option<&'static str> {
    match headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("")) {
        Some(origin) => {
            if origin.eq_ignore_ascii_case(public_origin) {
                None
            } else {
                Some("cross-origin request")
            }
        }
        None => match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some("same-origin") => None,
            Some(_) => Some("cross-site request"),
            None => Some("request without Origin"),
        },
    }
}

/// The host a request is addressed to: `Host` (HTTP/1.1) or the URI's authority (HTTP/2), and
/// behind a trusted proxy the `X-Forwarded-Host` it sets.
fn requested_host(request: &Request, trusted_proxies: usize) -> Option<String> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let forwarded = if trusted_proxies > 0 {
        header("x-forwarded-host").and_then(|v| v.rsplit(',').next().map(|h| h.trim().to_owned()))
    } else {
        None
    };
    forwarded.or_else(|| header(header::HOST.as_str())).or_else(|| request.uri().authority().map(|a| a.to_string()))
}

/// Why a request for another host name is refused (DNS rebinding: an attacker's name that
/// resolves to our intranet address), or `None`. Only when `public_url` is configured; the health
/// check answers whatever the name, for load balancers that probe by address.
pub fn host_check(request: &Request, config: &Config) -> Option<String> {
    let expected = config.public_host()?;
    if request.uri().path() == "/healthz" {
        return None;
    }
    let https = config.public_url.starts_with("https://");
    match requested_host(request, config.trusted_proxies) {
        Some(host) if normal_host(&host, https) == expected => None,
        Some(host) => Some(format!("request for unknown host {:?}", host.chars().take(100).collect::<String>())),
        None => Some("request without Host".to_owned()),
    }
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let refusal =
        host_check(&request, &state.config).map(|reason| (StatusCode::MISDIRECTED_REQUEST, reason)).or_else(|| {
            unsafe_method
                .then(|| forgery_check(request.headers(), &state.config.public_origin()))
                .flatten()
                .map(|reason| (StatusCode::FORBIDDEN, reason.to_owned()))
        });
    if let Some((status, reason)) = refusal {
        let (parts, _) = request.into_parts();
        let ip = client_ip(&parts, state.config.trusted_proxies);
        let detail = format!("{reason}: {} {}", parts.method, parts.uri.path());
        let logged =
            state.db.run(move |conn| record_event(conn, SecurityEvent::AccessRefused, "", None, &ip, &detail)).await;
        if let Err(e) = logged {
            tracing::error!(error = %e, "could not record a refused request");
        }
        let text = if status == StatusCode::FORBIDDEN {
            "Permintaan ditolak: asal permintaan tidak dikenal (perlindungan CSRF). \
             Request refused: unknown origin (CSRF protection)."
        } else {
            "Permintaan ditolak: alamat situs tidak dikenal. Request refused: unknown site address."
        };
        let mut response = (status, text).into_response();
        add_security_headers(response.headers_mut(), &state.config);
        return response;
    }
    let mut response = next.run(request).await;
    add_security_headers(response.headers_mut(), &state.config);
    response
}

fn add_security_headers(headers: &mut HeaderMap, config: &Config) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if config.public_url.starts_with("https://") {
        // Browsers that once reached us over https never try plain http again for a year.
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
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
    fn an_origin_that_only_matches_the_host_header_is_refused() {
        // DNS rebinding: the attacker's name resolves to our address, so Host and Origin agree.
        let h = headers(&[("origin", "http://evil.example:3100"), ("host", "evil.example:3100")]);
        assert!(forgery_check(&h, "http://127.0.0.1:3100").is_some());
        let other_scheme = headers(&[("origin", "http://sakip.example.go.id")]);
        assert!(forgery_check(&other_scheme, "https://sakip.example.go.id").is_some());
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
