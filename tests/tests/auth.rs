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
async fn with_an_https_public_url_the_session_cookie_is_host_bound_and_secure_and_hsts_is_sent() {
    on_each_backend_with(&[("AKUNTABEL_PUBLIC_URL", "https://sakip.example.go.id")], async |app| {
        app.user("perencana", &[]);
        let session = app.login("perencana").await;
        assert!(session.cookie.starts_with("__Host-akuntabel_sesi="), "{}", session.cookie);
        let request = http::Request::post("/api/login")
            .header("content-type", "application/json")
            .header("origin", "https://sakip.example.go.id")
            .header("host", "sakip.example.go.id")
            .body(axum::body::Body::from(json!({ "username": "perencana", "password": PASSWORD }).to_string()))
            .unwrap();
        let (_, headers, _) = app.send(request).await;
        let cookie = headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(
            cookie.starts_with("__Host-akuntabel_sesi=") && cookie.contains("; Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert!(!cookie.contains("Domain"), "{cookie}");
        let hsts = headers.get("strict-transport-security").and_then(|v| v.to_str().ok());
        assert_eq!(hsts, Some("max-age=31536000"));
        let me: Option<Value> = app.call(&session, "whoami", json!({})).await.unwrap();
        assert!(me.is_some(), "the prefixed cookie is the session");
    })
    .await;
}

#[tokio::test]
async fn a_plain_http_install_sends_neither_hsts_nor_a_prefixed_cookie() {
    on_each_backend(async |app| {
        app.user("perencana", &[]);
        let (_, headers, _) =
            app.call_raw(None, "login", json!({ "username": "perencana", "password": PASSWORD })).await;
        assert!(headers.get("strict-transport-security").is_none());
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

const BEHIND_PROXY: &[(&str, &str)] = &[("AKUNTABEL_TRUSTED_PROXIES", "1")];
const ATTACKER: Option<&str> = Some("203.0.113.66");
const OWNER: Option<&str> = Some("198.51.100.10");

#[tokio::test]
async fn five_wrong_guesses_lock_out_that_address_but_the_owner_still_gets_in_from_another() {
    on_each_backend_with(BEHIND_PROXY, async |app| {
        app.user("kepala.disdik", &[(Role::KepalaPd, None)]);
        for _ in 0..5 {
            let guess = app.try_login_from("kepala.disdik", "tebakan-salah-1", ATTACKER).await.err();
            assert_eq!(guess, Some(AppError::InvalidCredentials));
        }
        let locked = app.try_login_from("kepala.disdik", PASSWORD, ATTACKER).await.err();
        assert!(
            matches!(locked, Some(AppError::Throttled { minutes: 15 })),
            "even the right password from there: {locked:?}"
        );
        assert!(app.security_events().iter().any(|e| e.0 == "login_throttled" && e.1 == "kepala.disdik"));
        // The owner, elsewhere, is slowed down (one second), not locked out.
        let started = std::time::Instant::now();
        let owner = app.try_login_from("kepala.disdik", PASSWORD, OWNER).await;
        assert!(owner.is_ok(), "{:?}", owner.err());
        assert!(started.elapsed() >= std::time::Duration::from_secs(1), "an attacked account answers slower");
        let inbox: (Vec<akuntabel_app::api::types::InboxItem>, i64) =
            app.call(&owner.unwrap(), "get_inbox", json!({})).await.unwrap();
        let notice = inbox.0.iter().find(|i| i.kind == "gagal_masuk").expect("the owner is told");
        assert!(
            notice.message_id.contains("5 percobaan masuk yang gagal") && notice.message_id.contains("203.0.113.66"),
            "{}",
            notice.message_id
        );
    })
    .await;
}

#[tokio::test]
async fn the_address_that_counts_is_the_one_the_proxy_appended_not_what_the_client_wrote() {
    on_each_backend_with(BEHIND_PROXY, async |app| {
        app.user("kabag", &[(Role::KabagOrganisasi, None)]);
        for _ in 0..5 {
            let _ = app.try_login_from("kabag", "tebakan-salah-1", ATTACKER).await;
        }
        // A forged first entry does not make the attacker someone else.
        let forged = app.try_login_from("kabag", PASSWORD, Some("198.51.100.10, 203.0.113.66")).await.err();
        assert!(matches!(forged, Some(AppError::Throttled { .. })), "{forged:?}");
        let logged = app.security_events();
        assert!(logged.iter().all(|e| e.1 != "kabag" || !e.2.contains("6.6.6.6")));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_wrong_guesses_at_once_get_no_more_than_five_password_checks() {
    on_each_backend_with(BEHIND_PROXY, async |app| {
        app.user("pimpinan", &[(Role::Pimpinan, None)]);
        let guesses = (0..20).map(|i| {
            let password = format!("tebakan-ke-{i}");
            let app = &app;
            async move { app.try_login_from("pimpinan", &password, ATTACKER).await.err() }
        });
        let answers = futures::future::join_all(guesses).await;
        let checked = answers.iter().filter(|a| **a == Some(AppError::InvalidCredentials)).count();
        let throttled = answers.iter().filter(|a| matches!(a, Some(AppError::Throttled { .. }))).count();
        assert_eq!((checked, throttled), (5, 15), "{answers:?}");
        let failed = app.security_events().iter().filter(|e| e.0 == "login_failed").count();
        assert_eq!(failed, 5);
    })
    .await;
}

#[tokio::test]
async fn a_huge_user_name_is_cut_before_it_is_stored_or_logged() {
    on_each_backend(async |app| {
        let huge = "x".repeat(100_000);
        assert_eq!(app.try_login(&huge, "apa-saja").await.err(), Some(AppError::InvalidCredentials));
        let stored = app.security_events().last().map(|e| e.1.chars().count());
        assert_eq!(stored, Some(64));
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
        assert_eq!(refused.as_ref().map(AppError::code), Some("account_inactive"), "{refused:?}");
        assert!(app.security_events().iter().any(|e| e.0 == "login_failed" && e.2 == "user deactivated"));
    })
    .await;
}

const NEW_PASSWORD: &str = "pempek kapal selam 1987 biru";

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end() {
    on_each_backend(async |app| {
        app.user("perencana", &[(Role::PerencanaPd, None)]);
        let here = app.login("perencana").await;
        let elsewhere = app.login("perencana").await;
        let () = app.call(&here, "change_password", json!({ "current": PASSWORD, "new": NEW_PASSWORD })).await.unwrap();
        let me: Option<Value> = app.call(&elsewhere, "whoami", json!({})).await.unwrap();
        assert_eq!(me, None, "the session on the other device ended");
        let me: Option<Value> = app.call(&here, "whoami", json!({})).await.unwrap();
        assert!(me.is_some(), "this session goes on");
        assert_eq!(app.try_login("perencana", PASSWORD).await.err(), Some(AppError::InvalidCredentials));
        assert!(app.try_login("perencana", NEW_PASSWORD).await.is_ok());
        assert!(app.security_events().iter().any(|e| e.0 == "password_changed" && e.1 == "perencana"));
    })
    .await;
}

#[tokio::test]
async fn a_short_guessable_or_unproven_new_password_is_refused_with_the_reason() {
    on_each_backend(async |app| {
        app.user("kepala.disdik", &[(Role::KepalaPd, None)]);
        let s = app.login("kepala.disdik").await;
        let field = |r: Result<(), AppError>, name: &str| {
            r.err().and_then(|e| e.field_errors().and_then(|f| f.get(name)).map(|m| m.id.clone())).unwrap_or_default()
        };
        let short = app.call(&s, "change_password", json!({ "current": PASSWORD, "new": "pendek-1" })).await;
        assert!(field(short, "new").contains("paling sedikit 12"));
        let common = app.call(&s, "change_password", json!({ "current": PASSWORD, "new": "password1234" })).await;
        assert!(field(common, "new").contains("mudah ditebak"));
        let own_name =
            app.call(&s, "change_password", json!({ "current": PASSWORD, "new": "kepala.disdik2026" })).await;
        assert!(field(own_name, "new").contains("mudah ditebak"), "the user name with a year is guessable");
        let hint: Option<Value> =
            app.call(&s, "password_strength", json!({ "password": "qwertyuiop12" })).await.unwrap();
        assert!(hint.is_some(), "the form hears the same verdict while typing");
        let hint: Option<Value> = app.call(&s, "password_strength", json!({ "password": NEW_PASSWORD })).await.unwrap();
        assert_eq!(hint, None);
        let wrong = app.call(&s, "change_password", json!({ "current": "bukan-ini", "new": NEW_PASSWORD })).await;
        assert!(field(wrong, "current").contains("salah"));
        assert!(app.security_events().iter().any(|e| e.0 == "login_failed" && e.2 == "wrong current password"));
        assert!(app.try_login("kepala.disdik", PASSWORD).await.is_ok(), "nothing changed");
    })
    .await;
}

#[tokio::test]
async fn after_an_admin_reset_the_user_must_choose_a_password_before_anything_else() {
    on_each_backend(async |app| {
        app.user("admin", &[(Role::Admin, None)]);
        let staff = app.user("staf", &[(Role::Reviewer, None)]);
        let admin = app.login("admin").await;
        let _: i64 = app
            .call(&admin, "save_user", json!({ "id": staff, "input": { "username": "staf", "nama": "Staf", "password": "sementara-dari-admin" } }))
            .await
            .unwrap();
        let s = app.try_login("staf", "sementara-dari-admin").await.unwrap();
        let refused = app.call::<Value>(&s, "list_pd", json!({ "include_inactive": false })).await.err();
        assert_eq!(refused.as_ref().map(AppError::code), Some("password_change_required"), "{refused:?}");
        let me: Value = app.call(&s, "whoami", json!({})).await.unwrap();
        assert_eq!(me["must_change_password"], json!(true));
        let browser = http::Request::get("/")
            .header("host", app.host())
            .header("accept", "text/html")
            .header("cookie", &s.cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let (status, headers, _) = app.send(browser).await;
        let location = headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(status.is_redirection() && location == "/kata-sandi", "{status} {location}");
        let (status, _, body) = app.page(Some(&s), "/kata-sandi").await;
        assert!(status.is_success() && body.contains("must-change"), "{status}");
        let () = app
            .call(&s, "change_password", json!({ "current": "sementara-dari-admin", "new": NEW_PASSWORD }))
            .await
            .unwrap();
        let pds: Result<Value, AppError> = app.call(&s, "list_pd", json!({ "include_inactive": false })).await;
        assert!(pds.is_ok(), "{pds:?}");
    })
    .await;
}
