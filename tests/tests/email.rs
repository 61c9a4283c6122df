//! Email: with SMTP configured, each notification is mailed once to its recipient (Indonesian
//! first, with a link to the document), a refusal is kept and retried later; without SMTP,
//! nothing is sent.

use akuntabel_app::domain::roles::Role;
use akuntabel_app::infra::mail::{self, Delivery, Mailer};
use akuntabel_app::infra::schema::notifications;
use akuntabel_tests::smtp::FakeSmtp;
use akuntabel_tests::{TestApp, on_each_backend, on_each_backend_with};
use diesel::prelude::*;
use serde_json::json;

/// A PD planner submits an LKjIP with one PDF; returns the document id.
async fn submit_lkjip(app: &TestApp) -> i64 {
    let disdik = app.pd("1.01", "Dinas Pendidikan", "Disdik");
    app.user("perencana", &[(Role::PerencanaPd, Some(disdik))]);
    app.user("kabag", &[(Role::KabagOrganisasi, None)]);
    let planner = app.login("perencana").await;
    let id = app.lkjip(&planner, disdik, "LKjIP Dinas Pendidikan 2026").await;
    let (_, location) =
        app.upload(Some(&planner), &format!("/berkas/dokumen/{id}"), "LKjIP.pdf", b"%PDF-1.7\nisi laporan").await;
    assert!(location.ends_with("berkas=ok"), "{location}");
    let state: serde_json::Value = app
        .call(&planner, "act_on_document", json!({ "id": id, "action": "Submit", "note": "", "assignee": null }))
        .await
        .unwrap();
    assert_eq!(state, json!("Submitted"));
    id
}

/// `(emailed, attempts, error)` of every notification.
fn mail_state(app: &TestApp) -> Vec<(bool, i64, Option<String>)> {
    let mut conn = app.state.db.get().unwrap();
    let rows: Vec<(Option<i64>, i64, Option<String>)> = akuntabel_app::with_conn!(&mut *conn, |c| notifications::table
        .order(notifications::id)
        .select((notifications::emailed_at, notifications::email_attempts, notifications::email_error))
        .load(c))
    .unwrap();
    rows.into_iter().map(|(at, n, e)| (at.is_some(), n, e)).collect()
}

fn smtp_vars(port: &str) -> [(&'static str, &str); 4] {
    [
        ("AKUNTABEL_SMTP_HOST", "127.0.0.1"),
        ("AKUNTABEL_SMTP_PORT", port),
        ("AKUNTABEL_SMTP_SECURITY", "none"),
        ("AKUNTABEL_SMTP_FROM", "Akuntabel OKI <sakip@okikab.go.id>"),
    ]
}

#[tokio::test]
async fn a_submission_is_mailed_once_to_the_kabag_when_smtp_is_configured() {
    let smtp = FakeSmtp::start().await;
    let port = smtp.port.to_string();
    on_each_backend_with(&smtp_vars(&port), async |app| {
        let before = smtp.received().len();
        let id = submit_lkjip(&app).await;
        let mailer = Mailer::from_config(&app.state.config).unwrap().expect("SMTP is configured");
        assert_eq!(smtp.received().len(), before, "nothing is sent inside the request");

        assert_eq!(mail::deliver_pending(&app.state.db, &mailer).await.unwrap(), Delivery { sent: 1, failed: 0 });
        let mails = smtp.received();
        let mail = mails.last().unwrap();
        assert_eq!(mail.to, vec!["kabag@okikab.go.id"]);
        assert_eq!(mail.from, "sakip@okikab.go.id");
        let subject = mail.header("Subject").unwrap();
        assert!(subject.starts_with("[Akuntabel]") && subject.contains("diajukan"), "{subject}");
        assert!(subject.contains("\u{201c}LKjIP Dinas Pendidikan 2026\u{201d}"), "{subject}");
        let body = mail.body();
        assert!(body.starts_with("Yth. Pengguna kabag,"), "{body}");
        assert!(body.contains(&format!("http://127.0.0.1:3000/dokumen/{id}")), "{body}");
        assert!(body.find("diajukan").unwrap() < body.find("was submitted").unwrap(), "English follows: {body}");

        assert_eq!(mail::deliver_pending(&app.state.db, &mailer).await.unwrap(), Delivery::default());
        assert_eq!(smtp.received().len(), before + 1, "each notification is mailed once");
        assert_eq!(mail_state(&app), vec![(true, 1, None)]);
    })
    .await;
}

#[tokio::test]
async fn a_refusing_mail_server_is_tried_again_later_and_its_answer_is_kept() {
    let smtp = FakeSmtp::start().await;
    smtp.refuse(true);
    let port = smtp.port.to_string();
    on_each_backend_with(&smtp_vars(&port), async |app| {
        submit_lkjip(&app).await;
        let mailer = Mailer::from_config(&app.state.config).unwrap().expect("SMTP is configured");
        assert_eq!(mail::deliver_pending(&app.state.db, &mailer).await.unwrap(), Delivery { sent: 0, failed: 1 });
        let state = mail_state(&app);
        assert_eq!((state[0].0, state[0].1), (false, 1));
        assert!(state[0].2.as_deref().unwrap_or_default().contains("451"), "{state:?}");
        assert_eq!(
            mail::deliver_pending(&app.state.db, &mailer).await.unwrap(),
            Delivery::default(),
            "the next try waits a minute"
        );

        // A minute later the server accepts again.
        {
            let mut conn = app.state.db.get().unwrap();
            akuntabel_app::with_conn!(&mut *conn, |c| diesel::update(notifications::table)
                .set(notifications::email_next_at.eq(Some(0_i64)))
                .execute(c))
            .unwrap();
        }
        smtp.refuse(false);
        assert_eq!(mail::deliver_pending(&app.state.db, &mailer).await.unwrap(), Delivery { sent: 1, failed: 0 });
        assert_eq!(mail_state(&app), vec![(true, 2, None)]);
        smtp.refuse(true);
    })
    .await;
}

#[tokio::test]
async fn without_smtp_settings_no_mailer_exists_and_notifications_stay_in_the_inbox() {
    on_each_backend(async |app| {
        submit_lkjip(&app).await;
        assert!(Mailer::from_config(&app.state.config).unwrap().is_none());
        assert_eq!(mail_state(&app), vec![(false, 0, None)]);
        let kabag = app.login("kabag").await;
        let (items, unread): (Vec<serde_json::Value>, i64) = app.call(&kabag, "get_inbox", json!({})).await.unwrap();
        assert_eq!((items.len(), unread), (1, 1));
    })
    .await;
}

#[tokio::test]
async fn an_admin_records_a_users_email_and_a_bad_address_is_named() {
    on_each_backend(async |app| {
        app.user("admin", &[(Role::Admin, None)]);
        let admin = app.login("admin").await;
        let bad = app
            .call::<i64>(
                &admin,
                "save_user",
                json!({ "id": null, "input": { "username": "reviewer.baru", "nama": "Reviewer Baru", "password": "kata-sandi-panjang", "email": "reviewer@okikab" } }),
            )
            .await
            .unwrap_err();
        assert!(bad.field_errors().and_then(|f| f.get("email")).is_some(), "{bad:?}");
        let id: i64 = app
            .call(
                &admin,
                "save_user",
                json!({ "id": null, "input": { "username": "reviewer.baru", "nama": "Reviewer Baru", "password": "kata-sandi-panjang", "email": " Reviewer@OKIkab.go.id " } }),
            )
            .await
            .unwrap();
        let users: Vec<akuntabel_app::api::types::UserRow> = app.call(&admin, "list_users", json!({})).await.unwrap();
        let row = users.iter().find(|u| u.id == id).unwrap();
        assert_eq!(row.email.as_deref(), Some("reviewer@okikab.go.id"));
    })
    .await;
}

#[tokio::test]
async fn two_workers_on_one_database_send_each_notification_once() {
    let smtp = FakeSmtp::start().await;
    let port = smtp.port.to_string();
    on_each_backend_with(&smtp_vars(&port), async |app| {
        let before = smtp.received().len();
        submit_lkjip(&app).await;
        let (one, two) = (
            Mailer::from_config(&app.state.config).unwrap().unwrap(),
            Mailer::from_config(&app.state.config).unwrap().unwrap(),
        );
        let (a, b) =
            tokio::join!(mail::deliver_pending(&app.state.db, &one), mail::deliver_pending(&app.state.db, &two));
        assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
        assert_eq!(smtp.received().len(), before + 1);
        assert_eq!(mail_state(&app), vec![(true, 1, None)]);
    })
    .await;
}
