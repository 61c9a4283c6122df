//! Logging in and out, sessions, throttling, deactivated users.

use akuntabel_app::domain::roles::Role;
use akuntabel_app::error::AppError;
use akuntabel_tests::{PASSWORD, on_each_backend, on_each_backend_with};
use serde_json::{Value, json};

#[tokio::test]
async fn a_user_logs_in_with_the_right_password_and_gets_a_secure_session_cookie() {
    on_each_backend(async |app| {
        app.user("perencana", &[]);
        let (status, headers, _) =
            app.call_raw(None, "login", json!({ "username": "Perencana", "password": PASSWORD })).await;
        assert!(status.is_success(), "login answers {status}");
        let cookie = headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(cookie.starts_with("akuntabel_sesi="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http must not mark the cookie Secure: {cookie}");
        let events = app.security_events();
        assert_eq!(events.last().map(|e| e.0.as_str()), Some("login_ok"));
    })
    .await;
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_public_url_is_https() {
    on_each_backend_with(&[("AKUNTABEL_PUBLIC_URL", "https://sakip.example.go.id")], async |app| {
        app.user("perencana", &[]);
        let (_, headers, _) =
            app.call_raw(None, "login", json!({ "username": "perencana", "password": PASSWORD })).await;
        let cookie = headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(cookie.contains("; Secure"), "{cookie}");
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_logged_with_the_reason() {
    on_each_backend(async |app| {
        app.user("reviewer", &[(Role::Reviewer, None)]);
        let refused = app.try_login("reviewer", "salah-sekali-123").await.err();
        assert_eq!(refused, Some(AppError::InvalidCredentials));
        let unknown = app.try_login("tidak.ada", PASSWORD).await.err();
        assert_eq!(unknown, Some(AppError::InvalidCredentials), "unknown users get the same answer");
        let events = app.security_events();
        assert!(events.contains(&("login_failed".into(), "reviewer".into(), "wrong password".into())));
        assert!(events.contains(&("login_failed".into(), "tidak.ada".into(), "unknown user".into())));
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    on_each_backend(async |app| {
        app.user("kabag", &[(Role::KabagOrganisasi, None)]);
        for _ in 0..5 {
            assert_eq!(app.try_login("kabag", "tebakan-salah-1").await.err(), Some(AppError::InvalidCredentials));
        }
        let locked = app.try_login("kabag", PASSWORD).await.err();
        assert!(matches!(locked, Some(AppError::Throttled { minutes: 15 })), "{locked:?}");
        assert!(app.security_events().iter().any(|e| e.0 == "login_throttled" && e.1 == "kabag"));
        // Another account from the same address is not locked by these five.
        app.user("lain", &[]);
        assert!(app.try_login("lain", PASSWORD).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn many_failures_from_one_address_throttle_every_account_from_it() {
    on_each_backend_with(&[("AKUNTABEL_LOGIN_MAX_FAILURES_PER_IP", "3")], async |app| {
        app.user("korban", &[]);
        for name in ["a1", "a2", "a3"] {
            let _ = app.try_login(name, "apa-saja-123").await;
        }
        let refused = app.try_login("korban", PASSWORD).await.err();
        assert!(matches!(refused, Some(AppError::Throttled { .. })), "{refused:?}");
    })
    .await;
}

#[tokio::test]
async fn an_idle_session_expires_and_the_user_must_log_in_again() {
    on_each_backend(async |app| {
        app.user("pimpinan", &[(Role::Pimpinan, None)]);
        let session = app.login("pimpinan").await;
        let me: Option<Value> = app.call(&session, "whoami", json!({})).await.unwrap();
        assert!(me.is_some());
        app.age_sessions(61 * 60);
        let me: Option<Value> = app.call(&session, "whoami", json!({})).await.unwrap();
        assert_eq!(me, None, "a session idle for 61 minutes is over");
        let refused = app.call::<Value>(&session, "list_pd", json!({ "include_inactive": false })).await.err();
        assert_eq!(refused, Some(AppError::Unauthenticated));
    })
    .await;
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_even_when_used() {
    on_each_backend_with(
        &[("AKUNTABEL_SESSION_MAX_HOURS", "1"), ("AKUNTABEL_SESSION_IDLE_MINUTES", "600")],
        async |app| {
            app.user("inspektur", &[(Role::Inspektorat, None)]);
            let session = app.login("inspektur").await;
            app.age_sessions(3601);
            let me: Option<Value> = app.call(&session, "whoami", json!({})).await.unwrap();
            assert_eq!(me, None);
        },
    )
    .await;
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    on_each_backend(async |app| {
        app.user("reviewer", &[(Role::Reviewer, None)]);
        let session = app.login("reviewer").await;
        let (_, headers, _) = app.call_raw(Some(&session.cookie), "logout", json!({})).await;
        let cleared = headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        // The old cookie, replayed, no longer works.
        let me: Option<Value> = app.call(&session, "whoami", json!({})).await.unwrap();
        assert_eq!(me, None);
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_user_cannot_log_in_and_loses_open_sessions() {
    on_each_backend(async |app| {
        app.user("admin", &[(Role::Admin, None)]);
        let staff = app.user("staf", &[(Role::Reviewer, None)]);
        let admin = app.login("admin").await;
        let staff_session = app.login("staf").await;
        let () = app.call(&admin, "set_user_active", json!({ "id": staff, "active": false })).await.unwrap();
        let me: Option<Value> = app.call(&staff_session, "whoami", json!({})).await.unwrap();
        assert_eq!(me, None, "the open session ended");
        let refused = app.try_login("staf", PASSWORD).await.err();
        assert_eq!(refused.as_ref().map(AppError::code), Some("conflict"), "{refused:?}");
        assert!(app.security_events().iter().any(|e| e.0 == "login_failed" && e.2 == "user deactivated"));
    })
    .await;
}
