//! The review workflow end to end: the story of one PK through two rounds, and the refusals.

use akuntabel_app::api::types::{DocumentRow, OverdueRow};
use akuntabel_app::domain::model::{Content, Target};
use akuntabel_app::domain::review::{Lateness, SuggestionState, ThreadState};
use akuntabel_app::domain::roles::Role;
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::audit;
use akuntabel_app::infra::db::Backend;
use akuntabel_tests::review::{act, detail, inbox_kinds, people, pk_rows, submitted_pk};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::{Value, json};

#[tokio::test]
async fn a_pk_goes_through_two_review_rounds_to_approval_and_is_forwarded_for_signature() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        assert_eq!(inbox_kinds(&app, &p.kabag).await, vec!["diajukan"], "the kabag hears of the submission");

        // Disposition, then round 1 on version 1.
        assert_eq!(act(&app, &p.kabag, id, Action::Assign, "mohon direviu", Some(p.reviewer_id)).await, Ok(State::Submitted));
        assert_eq!(inbox_kinds(&app, &p.reviewer).await, vec!["disposisi"]);
        let queue: Vec<DocumentRow> = app.call(&p.reviewer, "review_queue", json!({})).await.unwrap();
        assert_eq!(queue.iter().map(|d| d.id).collect::<Vec<_>>(), vec![id]);
        assert!(queue[0].service_due.is_some(), "the three-month service clock runs from the disposition");
        assert_eq!(act(&app, &p.reviewer, id, Action::StartReview, "", None).await, Ok(State::InReview));

        let on_target: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": "a", "field": "target" } }, "body": "Target terlalu rendah dibanding capaian 2025.", "proposed": "96" }))
            .await
            .unwrap();
        let on_row: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Node": "b" }, "body": "Indikator ini bukan kewenangan PD.", "proposed": null }))
            .await
            .unwrap();
        let on_document: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": "Document", "body": "Lampirkan DPA.", "proposed": null }))
            .await
            .unwrap();
        let nowhere = app
            .call::<i64>(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Node": "zz" }, "body": "?", "proposed": null }))
            .await;
        assert!(matches!(nowhere, Err(AppError::Validation(ref f)) if f.get("anchor").is_some()), "{nowhere:?}");

        let blocked = act(&app, &p.reviewer, id, Action::Approve, "", None).await;
        assert_eq!(blocked.err().map(|e| e.msg().id), Some("masih ada 3 catatan reviu yang belum selesai".to_owned()));
        assert_eq!(act(&app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await, Ok(State::ChangesRequested));
        assert!(inbox_kinds(&app, &p.planner).await.contains(&"perlu_perbaikan".to_owned()));

        // The PD revises: accepts the suggestion, edits a row, answers.
        let d = detail(&app, &p.planner, id).await;
        assert!(d.can_edit);
        let suggestion = d.threads.iter().find(|t| t.id == on_target).and_then(|t| t.suggestion.clone()).unwrap();
        let () = app.call(&p.planner, "decide_suggestion", json!({ "suggestion_id": suggestion.id, "accept": true, "reason": "" })).await.unwrap();
        let d = detail(&app, &p.planner, id).await;
        assert_eq!(pk_rows(&d.content)[0].target, Some(Target::Angka(96.0)), "an accepted suggestion lands in the working copy");
        let stale = app
            .call::<i64>(&p.planner, "save_document", json!({ "id": id, "revision": 2, "judul": "", "content": d.content }))
            .await;
        assert_eq!(stale.as_ref().err().map(AppError::code), Some("stale_revision"), "a save from an old revision is refused: {stale:?}");
        let mut content = d.content.clone();
        if let Content::Pk(pk) = &mut content {
            pk.rows[1].indikator = "Harapan lama sekolah".into();
        }
        let _: i64 = app
            .call(&p.planner, "save_document", json!({ "id": id, "revision": d.row.revision, "judul": "", "content": content }))
            .await
            .unwrap();
        let () = app.call(&p.planner, "reply_comment", json!({ "thread_id": on_row, "body": "Sudah diganti dengan indikator kewenangan PD." })).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
        assert!(inbox_kinds(&app, &p.reviewer).await.contains(&"diajukan_ulang".to_owned()));
        let too_old = app.call::<()>(&p.planner, "mark_comment_fixed", json!({ "thread_id": on_target, "version": 1 })).await;
        assert!(matches!(too_old, Err(AppError::Validation(_))), "{too_old:?}");
        for thread in [on_target, on_row, on_document] {
            let () = app.call(&p.planner, "mark_comment_fixed", json!({ "thread_id": thread, "version": 2 })).await.unwrap();
        }
        let not_theirs = app.call::<()>(&p.planner, "resolve_comment", json!({ "thread_id": on_row })).await;
        assert_eq!(not_theirs.err(), Some(AppError::Forbidden), "only the reviewer resolves");

        // Round 2: the reviewer sees exactly what changed since version 1.
        assert_eq!(act(&app, &p.reviewer, id, Action::StartReview, "", None).await, Ok(State::InReview));
        let d = detail(&app, &p.reviewer, id).await;
        let (from, to, diff) = d.diff.clone().expect("a diff against the last reviewed version");
        assert_eq!((from, to), (1, 2));
        let changes: Vec<(String, String, String, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code().to_owned(), c.old.clone(), c.new.clone())).collect();
        assert_eq!(
            changes,
            vec![
                ("a".into(), "target".into(), "95".into(), "96".into()),
                ("b".into(), "indikator".into(), "Rata-rata lama sekolah".into(), "Harapan lama sekolah".into()),
            ]
        );
        let flagged: Vec<i64> = d.threads.iter().filter(|t| t.anchor_changed).map(|t| t.id).collect();
        assert_eq!(flagged, vec![on_target, on_row], "threads whose place changed are flagged");
        assert!(d.threads.iter().all(|t| t.state == ThreadState::Fixed && t.fixed_in_version == Some(2)));
        assert_eq!(d.threads[1].comments.len(), 2, "the PD's reply is in the thread");
        assert_eq!(d.threads[0].suggestion.as_ref().map(|s| s.state), Some(SuggestionState::Accepted));
        for thread in [on_target, on_row, on_document] {
            let () = app.call(&p.reviewer, "resolve_comment", json!({ "thread_id": thread })).await.unwrap();
        }
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "", None).await, Ok(State::Approved));
        assert!(inbox_kinds(&app, &p.kabag).await.contains(&"disetujui".to_owned()));
        assert!(inbox_kinds(&app, &p.pimpinan).await.contains(&"disetujui".to_owned()));
        assert_eq!(act(&app, &p.kabag, id, Action::ForwardForSignature, "", None).await, Ok(State::AwaitingSignature));

        // The history, the frozen versions and the audit chain.
        let d = detail(&app, &p.kabag, id).await;
        let actions: Vec<Action> = d.events.iter().map(|e| e.action).collect();
        use Action::*;
        assert_eq!(actions, vec![Submit, Assign, StartReview, RequestChanges, Submit, StartReview, Approve, ForwardForSignature]);
        assert_eq!(d.events[1].assignee.as_deref(), Some("Pengguna reviewer"));
        assert_eq!(d.rounds.iter().map(|r| (r.number, r.version, r.outcome)).collect::<Vec<_>>(), vec![(1, 1, Some(RequestChanges)), (2, 2, Some(Approve))]);
        assert_eq!(d.versions.len(), 2);
        assert_ne!(d.versions[0].sha256, d.versions[1].sha256);
        let mut conn = app.state.db.get().unwrap();
        let first: String = {
            use akuntabel_app::infra::schema::document_versions as v;
            use diesel::prelude::*;
            akuntabel_app::with_conn!(&mut *conn, |c| v::table.filter(v::document_id.eq(id)).filter(v::number.eq(1)).select(v::content).first(c)).unwrap()
        };
        assert!(first.contains(r#""target":95.0"#), "version 1 is frozen as it was submitted: {first}");
        let report = audit::verify(&mut conn).unwrap();
        assert_eq!(report.first_broken, None);
        assert!(report.entries >= 15, "{report:?}");
    })
    .await;
}

#[tokio::test]
async fn another_pds_planner_can_neither_read_nor_act_on_a_document_and_is_logged() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        let read = app.call::<Value>(&p.outsider, "get_document", json!({ "id": id })).await;
        assert_eq!(read.err(), Some(AppError::Forbidden));
        let withdraw = act(&app, &p.outsider, id, Action::Withdraw, "", None).await;
        assert_eq!(withdraw.err(), Some(AppError::Forbidden));
        let listed: Vec<DocumentRow> =
            app.call(&p.outsider, "list_documents", json!({ "tahun": 2026, "pd_id": null })).await.unwrap();
        assert!(listed.is_empty());
        assert!(app.security_events().iter().any(|e| e.0 == "access_refused" && e.1 == "orang.dinkes"));
    })
    .await;
}

#[tokio::test]
async fn a_submission_can_be_withdrawn_until_the_review_starts() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        assert_eq!(act(&app, &p.planner, id, Action::Withdraw, "", None).await, Ok(State::Draft));
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let late = act(&app, &p.planner, id, Action::Withdraw, "", None).await;
        assert_eq!(late.err().map(|e| e.code()), Some("wrong_state"));
    })
    .await;
}

#[tokio::test]
async fn reopening_an_approved_document_needs_a_reason_and_keeps_its_versions() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        act(&app, &p.reviewer, id, Action::Approve, "", None).await.unwrap();
        let no_reason = act(&app, &p.kabag, id, Action::Reopen, " ", None).await;
        let reason =
            no_reason.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get("note")).map(|m| m.id.clone());
        assert_eq!(reason, Some("alasan wajib diisi".to_owned()), "{no_reason:?}");
        assert_eq!(act(&app, &p.kabag, id, Action::Reopen, "APBD Perubahan", None).await, Ok(State::Draft));
        let d = detail(&app, &p.planner, id).await;
        assert_eq!(d.versions.len(), 1, "the approved version stays");
        assert_eq!(d.events.last().map(|e| e.note.as_str()), Some("APBD Perubahan"));
        assert!(d.can_edit);
        assert!(d.row.reviewers.is_empty(), "a reopened document starts a new disposition");
    })
    .await;
}

#[tokio::test]
async fn audit_verify_names_the_first_entry_that_was_tampered_with() {
    on_each_backend(async |app| {
        use diesel::connection::SimpleConnection;
        let p = people(&app).await;
        let _ = submitted_pk(&app, &p).await;
        let mut conn = app.state.db.get().unwrap();
        assert_eq!(audit::verify(&mut conn).unwrap().first_broken, None);
        let tamper = match app.backend {
            Backend::Sqlite => {
                "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{\"judul\":\"palsu\"}' WHERE id = 3;"
            }
            Backend::Postgres => {
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; \
                 UPDATE audit_log SET detail = '{\"judul\":\"palsu\"}' WHERE id = 3;"
            }
        };
        akuntabel_app::with_conn!(&mut *conn, |c| c.batch_execute(tamper)).unwrap();
        let report = audit::verify(&mut conn).unwrap();
        let (id, reason) = report.first_broken.expect("the tampered entry is found");
        assert_eq!(id, 3);
        assert!(reason.contains("changed"), "{reason}");
    })
    .await;
}

#[tokio::test]
async fn a_document_shows_the_due_date_of_its_type_and_year() {
    on_each_backend(async |app| {
        use akuntabel_app::api::types::DeadlineSettings;
        use akuntabel_app::domain::format::CivilDate;
        let p = people(&app).await;
        app.user("admin", &[(Role::Admin, None)]);
        let admin = app.login("admin").await;
        let _: i64 = app
            .call(&admin, "save_period", json!({ "id": null, "input": { "nama": "RPJMD 2025–2029", "tahun_awal": 2025, "tahun_akhir": 2029 } }))
            .await
            .unwrap();
        let id = submitted_pk(&app, &p).await;
        let listed: Vec<DocumentRow> = app.call(&p.planner, "list_documents", json!({ "tahun": 2026, "pd_id": null })).await.unwrap();
        assert_eq!(listed[0].due, None, "no DPA date yet, so no PK deadline");
        let () = app.call(&admin, "set_dpa_date", json!({ "tahun": 2026, "date": { "year": 2026, "month": 1, "day": 31 } })).await.unwrap();
        let settings: DeadlineSettings = app.call(&admin, "get_deadlines", json!({ "tahun": 2026 })).await.unwrap();
        let pk = settings.rows.iter().find(|r| r.doc_type == akuntabel_app::domain::documents::DocumentType::PerjanjianKinerja).unwrap();
        assert_eq!(pk.default_pd, CivilDate::new(2026, 2, 28), "one month after the DPA date");
        let listed: Vec<DocumentRow> = app.call(&p.planner, "list_documents", json!({ "tahun": 2026, "pd_id": null })).await.unwrap();
        assert_eq!(listed.iter().find(|d| d.id == id).and_then(|d| d.due), CivilDate::new(2026, 2, 28));
        let () = app
            .call(&admin, "set_deadline", json!({ "tahun": 2026, "doc_type": "PerjanjianKinerja", "due": { "year": 2026, "month": 3, "day": 10 } }))
            .await
            .unwrap();
        let d = detail(&app, &p.planner, id).await;
        assert_eq!(d.row.due, CivilDate::new(2026, 3, 10), "the admin's date wins over the default");
        assert!(d.row.due_days_left.is_some());
        let unread: i64 = app.call(&p.kabag, "unread_count", json!({})).await.unwrap();
        assert_eq!(unread, 1, "the submission waits in the kabag's inbox");
    })
    .await;
}

async fn overdue(app: &TestApp, s: &Session) -> Vec<(i64, Lateness, Option<Role>)> {
    let rows: Vec<OverdueRow> = app.call(s, "overdue_documents", json!({})).await.unwrap();
    rows.into_iter().map(|o| (o.row.id, o.lateness, o.waiting_on)).collect()
}

#[tokio::test]
async fn each_role_sees_the_late_documents_it_answers_for_and_whose_move_it_is() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        app.user("admin", &[(Role::Admin, None)]);
        app.user("reviewer.lain", &[(Role::Reviewer, None)]);
        let admin = app.login("admin").await;
        let other_reviewer = app.login("reviewer.lain").await;
        let _: i64 = app
            .call(&admin, "save_period", json!({ "id": null, "input": { "nama": "RPJMD 2025–2029", "tahun_awal": 2025, "tahun_akhir": 2029 } }))
            .await
            .unwrap();
        let id = submitted_pk(&app, &p).await;
        assert_eq!(overdue(&app, &p.kabag).await, vec![], "no due date yet, nothing is late");

        // The PK deadline of 2026 was 10 March: the submission is late, and the kabag must
        // dispose of it.
        let () = app
            .call(&admin, "set_deadline", json!({ "tahun": 2026, "doc_type": "PerjanjianKinerja", "due": { "year": 2026, "month": 3, "day": 10 } }))
            .await
            .unwrap();
        let late = overdue(&app, &p.kabag).await;
        assert_eq!(late.len(), 1);
        let (late_id, Lateness::Deadline { days }, waiting_on) = late[0] else { panic!("{late:?}") };
        assert_eq!((late_id, waiting_on), (id, Some(Role::KabagOrganisasi)));
        assert!(days >= 258, "10 March to at least 23 November 2026: {days}");
        assert_eq!(overdue(&app, &p.planner).await.len(), 1, "the PD sees its own late document");
        assert_eq!(overdue(&app, &p.pimpinan).await.len(), 1);
        assert_eq!(overdue(&app, &p.outsider).await, vec![], "another PD's planner sees none of it");
        assert_eq!(overdue(&app, &p.reviewer).await, vec![], "not assigned yet");

        // Once assigned, it is the reviewer's move, and only that reviewer's list has it.
        assert_eq!(act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await, Ok(State::Submitted));
        assert_eq!(overdue(&app, &p.reviewer).await[0].2, Some(Role::Reviewer));
        assert_eq!(overdue(&app, &other_reviewer).await, vec![]);

        // Four months after the disposition the service time has run out too; the list shows
        // whichever clock ran out longest ago.
        {
            use akuntabel_app::infra::schema::documents;
            use diesel::prelude::*;
            let mut conn = app.state.db.get().unwrap();
            let long_ago = akuntabel_app::infra::db::now() - 400 * 86_400;
            akuntabel_app::with_conn!(&mut *conn, |c| diesel::update(documents::table.find(id))
                .set(documents::dispositioned_at.eq(Some(long_ago)))
                .execute(c))
            .unwrap();
        }
        let late = overdue(&app, &p.reviewer).await;
        assert!(matches!(late[0].1, Lateness::Service { days } if days >= 300), "{late:?}");

        // An approved document is late no more.
        assert_eq!(act(&app, &p.reviewer, id, Action::StartReview, "", None).await, Ok(State::InReview));
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "", None).await, Ok(State::Approved));
        assert_eq!(overdue(&app, &p.kabag).await, vec![]);
    })
    .await;
}

#[tokio::test]
async fn no_one_reviews_approves_or_forwards_what_they_wrote_or_submitted() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        // A reviewer who is also a Disdik planner is not assigned a Disdik document.
        let both = app.user("reviewer.disdik", &[(Role::Reviewer, None), (Role::PerencanaPd, Some(p.disdik))]);
        let id = submitted_pk(&app, &p).await;
        let party = act(&app, &p.kabag, id, Action::Assign, "", Some(both)).await;
        let field = party.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get("assignee")).map(|m| m.id.clone());
        assert!(field.is_some_and(|m| m.contains("ikut menyusun")), "{party:?}");

        // The Pemda's own LKjIP: the kabag keeps and submits it, so someone else forwards it.
        let lkjip: i64 = app
            .call(&p.kabag, "create_document", json!({ "input": { "doc_type": "LaporanKinerja", "pd_id": null, "tahun": 2026, "period_id": null, "official_id": null, "judul": "LKjIP Kabupaten 2026" } }))
            .await
            .unwrap();
        let sha = app.state.files.put_bytes(b"%PDF-1.7 lkjip".to_vec()).await.unwrap();
        {
            let mut conn = app.state.db.get().unwrap();
            akuntabel_app::infra::files::record(&mut conn, &sha, 14, "application/pdf").unwrap();
            let kabag_id = app.user_id("kabag").unwrap();
            let kabag = akuntabel_app::infra::auth::SessionUser {
                session_id: 0,
                user_id: kabag_id,
                username: "kabag".into(),
                nama: String::new(),
                grants: akuntabel_app::domain::roles::Grants(vec![akuntabel_app::domain::roles::Grant { role: Role::KabagOrganisasi, pd_id: None }]),
                must_change_password: false,
            };
            akuntabel_app::service::documents::attach_file(&mut conn, &kabag, lkjip, &sha, "lkjip.pdf", 14, "application/pdf").unwrap();
        }
        act(&app, &p.kabag, lkjip, Action::Submit, "", None).await.unwrap();
        act(&app, &p.kabag, lkjip, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, lkjip, Action::StartReview, "", None).await.unwrap();
        act(&app, &p.reviewer, lkjip, Action::Approve, "", None).await.unwrap();
        let d = detail(&app, &p.kabag, lkjip).await;
        assert!(!d.allowed_actions.contains(&Action::ForwardForSignature), "the button is not offered");
        let own = act(&app, &p.kabag, lkjip, Action::ForwardForSignature, "", None).await;
        assert_eq!(own.err().map(|e| e.code()), Some("own_work"));
    })
    .await;
}
