//! What two users do at the same moment: N conflicting requests sent at once, for every use case
//! that decides on a row's state. Exactly one wins, the others get a typed conflict, and the
//! history and the audit trail hold one event — on SQLite and on PostgreSQL.

use akuntabel_app::api::types::{DocumentDetail, DocumentRow};
use akuntabel_app::domain::model::Target;
use akuntabel_app::domain::roles::Role;
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::audit;
use akuntabel_tests::review::{People, act, people, pk_rows, submitted_pk};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use futures::future::join_all;
use serde_json::{Value, json};

/// How many requests race in each test.
const N: usize = 8;

/// A PK in its first review round with one comment that suggests a new target; returns the
/// document and the thread.
async fn in_review(app: &TestApp, p: &People) -> (i64, i64) {
    let id = submitted_pk(app, p).await;
    act(app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
    act(app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
    let thread: i64 = app
        .call(
            &p.reviewer,
            "add_comment",
            json!({ "document_id": id, "anchor": { "Field": { "node": "a", "field": "target" } }, "body": "Naikkan target.", "proposed": "96" }),
        )
        .await
        .unwrap();
    (id, thread)
}

/// The entries of the audit trail with this action, and whether the whole chain verifies.
fn audited(app: &TestApp, action: &str) -> (usize, bool) {
    use akuntabel_app::infra::schema::audit_log;
    use diesel::prelude::*;
    let mut conn = app.state.db.get().unwrap();
    let n: i64 = akuntabel_app::with_conn!(&mut *conn, |c| audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(c))
    .unwrap();
    let report = audit::verify(&mut conn).unwrap();
    (n as usize, report.first_broken.is_none())
}

/// The winners' answers and the losers' error codes.
fn split<T: std::fmt::Debug>(results: Vec<Result<T, AppError>>) -> (Vec<T>, Vec<&'static str>) {
    let mut won = Vec::new();
    let mut lost = Vec::new();
    for r in results {
        match r {
            Ok(v) => won.push(v),
            Err(e) => {
                assert!(e.refusal().is_some(), "a loser gets a conflict, not {e:?}");
                lost.push(e.code());
            }
        }
    }
    (won, lost)
}

/// The documents created, and why each other request was refused (the message on the official).
fn created_or_refused(results: Vec<Result<i64, AppError>>, field: &str) -> (Vec<i64>, Vec<String>) {
    let mut won = Vec::new();
    let mut refused = Vec::new();
    for r in results {
        match r {
            Ok(id) => won.push(id),
            Err(e) => refused
                .push(e.field_errors().and_then(|f| f.get(field)).map(|m| m.id.clone()).unwrap_or(format!("{e:?}"))),
        }
    }
    (won, refused)
}

async fn detail(app: &TestApp, s: &Session, id: i64) -> DocumentDetail {
    app.call(s, "get_document", json!({ "id": id })).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suggestion_accepted_by_eight_requests_at_once_is_accepted_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let (id, _) = in_review(&app, &p).await;
        act(&app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await.unwrap();
        let suggestion = detail(&app, &p.planner, id).await.threads[0].suggestion.as_ref().unwrap().id;
        let calls = (0..N).map(|_| {
            app.call::<()>(
                &p.planner,
                "decide_suggestion",
                json!({ "suggestion_id": suggestion, "accept": true, "reason": "" }),
            )
        });
        let (won, lost) = split(join_all(calls).await);
        assert_eq!(won.len(), 1, "exactly one acceptance wins: {lost:?}");
        assert!(lost.iter().all(|c| ["suggestion_decided", "changed_meanwhile"].contains(c)), "{lost:?}");
        assert_eq!(audited(&app, "usulan diterima"), (1, true));
        let d = detail(&app, &p.planner, id).await;
        assert_eq!(pk_rows(&d.content)[0].target, Some(Target::Angka(96.0)));
        assert_eq!(d.row.revision, 3, "the working copy changed once");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn approve_and_request_changes_sent_at_the_same_moment_end_in_one_decision() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let calls = (0..N).map(|i| {
            let action = if i % 2 == 0 { Action::Approve } else { Action::RequestChanges };
            act(&app, &p.reviewer, id, action, "keputusan", None)
        });
        let (won, lost) = split(join_all(calls).await);
        assert_eq!(won.len(), 1, "exactly one decision wins: {lost:?}");
        assert!(lost.iter().all(|c| ["wrong_state", "changed_meanwhile"].contains(c)), "{lost:?}");
        let d = detail(&app, &p.kabag, id).await;
        assert_eq!(d.row.state, won[0]);
        let decisions =
            d.events.iter().filter(|e| matches!(e.action, Action::Approve | Action::RequestChanges)).count();
        assert_eq!(decisions, 1, "the history holds one decision");
        assert_eq!(d.rounds.len(), 1);
        let (approved, chain_ok) = audited(&app, "Setujui");
        let (returned, _) = audited(&app, "Minta Perbaikan");
        assert_eq!(approved + returned, 1, "the audit trail holds one decision");
        assert!(chain_ok);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_comment_written_while_the_reviewer_approves_either_blocks_the_approval_or_is_refused() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        for _ in 0..3 {
            let id = submitted_pk(&app, &p).await;
            act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
            act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
            let comment = app.call::<i64>(
                &p.reviewer,
                "add_comment",
                json!({ "document_id": id, "anchor": { "Node": "b" }, "body": "Satu hal lagi.", "proposed": null }),
            );
            let approve = act(&app, &p.reviewer, id, Action::Approve, "", None);
            let (comment, approve) = futures::join!(comment, approve);
            let d = detail(&app, &p.kabag, id).await;
            match (comment, approve) {
                (Ok(_), Err(e)) => {
                    assert_eq!(e.code(), "open_threads");
                    assert_eq!(d.row.state, State::InReview);
                }
                (Err(e), Ok(state)) => {
                    assert!(["no_open_round", "changed_meanwhile"].contains(&e.code()), "{e:?}");
                    assert_eq!(state, State::Approved);
                    assert!(d.threads.is_empty(), "no comment slipped into an approved document");
                }
                other => panic!("exactly one of the two must win: {other:?}"),
            }
        }
        assert!(audited(&app, "catatan ditulis").1, "the audit chain verifies");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn withdraw_and_start_review_sent_at_the_same_moment_end_in_one_move() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        let calls = (0..N).map(|i| {
            if i % 2 == 0 {
                act(&app, &p.planner, id, Action::Withdraw, "", None)
            } else {
                act(&app, &p.reviewer, id, Action::StartReview, "", None)
            }
        });
        let (won, lost) = split(join_all(calls).await);
        assert_eq!(won.len(), 1, "exactly one move wins: {lost:?}");
        let d = detail(&app, &p.kabag, id).await;
        assert_eq!(d.row.state, won[0]);
        let moves = d.events.iter().filter(|e| matches!(e.action, Action::Withdraw | Action::StartReview)).count();
        assert_eq!(moves, 1);
        assert_eq!(d.rounds.len(), usize::from(won[0] == State::InReview), "a round only if the review started");
        let (withdrawn, chain_ok) = audited(&app, "Tarik kembali");
        assert_eq!(withdrawn + audited(&app, "Mulai reviu").0, 1, "the audit trail holds one move");
        assert!(chain_ok);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thread_resolved_at_once_by_its_reviewer_and_the_kabag_is_resolved_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let (_, thread) = in_review(&app, &p).await;
        let calls = (0..N).map(|i| {
            let who = if i % 2 == 0 { &p.reviewer } else { &p.kabag };
            app.call::<()>(who, "resolve_comment", json!({ "thread_id": thread }))
        });
        let (won, lost) = split(join_all(calls).await);
        assert_eq!(won.len(), 1, "{lost:?}");
        assert!(lost.iter().all(|c| *c == "thread_resolved" || *c == "changed_meanwhile"), "{lost:?}");
        assert_eq!(audited(&app, "catatan diselesaikan"), (1, true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_revoking_each_other_at_the_same_moment_leave_one_admin() {
    on_each_backend(async |app| {
        let a = app.user("admin.a", &[(Role::Admin, None)]);
        let b = app.user("admin.b", &[(Role::Admin, None)]);
        let (sa, sb) = (app.login("admin.a").await, app.login("admin.b").await);
        let users: Vec<Value> = app.call(&sa, "list_users", json!({})).await.unwrap();
        let grant_of = |id: i64| users.iter().find(|u| u["id"] == json!(id)).unwrap()["grants"][0]["id"].clone();
        let (ga, gb) = (grant_of(a), grant_of(b));
        let mut calls = Vec::new();
        for _ in 0..N / 2 {
            calls.push(app.call::<()>(&sa, "revoke_role", json!({ "grant_id": gb })));
            calls.push(app.call::<()>(&sb, "revoke_role", json!({ "grant_id": ga })));
        }
        let results = join_all(calls).await;
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "{results:?}");
        for r in &results {
            if let Err(e) = r {
                assert!(["last_admin", "forbidden", "not_found"].contains(&e.code()), "{e:?}");
            }
        }
        let mut conn = app.state.db.get().unwrap();
        let admins = akuntabel_app::service::users::list_users(&mut conn)
            .unwrap()
            .into_iter()
            .filter(|u| u.grants.iter().any(|g| g.role == Role::Admin))
            .count();
        assert_eq!(admins, 1, "one administrator is left");
        assert_eq!(audited(&app, "peran dicabut"), (1, true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_deactivating_each_other_at_the_same_moment_leave_one_active_admin() {
    on_each_backend(async |app| {
        let a = app.user("admin.a", &[(Role::Admin, None)]);
        let b = app.user("admin.b", &[(Role::Admin, None)]);
        let (sa, sb) = (app.login("admin.a").await, app.login("admin.b").await);
        let (ra, rb) = futures::join!(
            app.call::<()>(&sa, "set_user_active", json!({ "id": b, "active": false })),
            app.call::<()>(&sb, "set_user_active", json!({ "id": a, "active": false })),
        );
        assert_eq!(usize::from(ra.is_ok()) + usize::from(rb.is_ok()), 1, "{ra:?} {rb:?}");
        let mut conn = app.state.db.get().unwrap();
        let active =
            akuntabel_app::service::users::list_users(&mut conn).unwrap().into_iter().filter(|u| u.active).count();
        assert_eq!(active, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_password_changed_from_four_sessions_at_once_is_changed_once_and_the_winner_keeps_it() {
    use akuntabel_tests::PASSWORD;
    on_each_backend(async |app| {
        app.user("perencana", &[(Role::PerencanaPd, None)]);
        let mut sessions = Vec::new();
        for _ in 0..4 {
            sessions.push(app.login("perencana").await);
        }
        let new = |i: usize| format!("sembilan kura-kura biru nomor {i}");
        let calls = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| app.call::<()>(s, "change_password", json!({ "current": PASSWORD, "new": new(i) })));
        let results = join_all(calls).await;
        let winners: Vec<usize> = results.iter().enumerate().filter(|(_, r)| r.is_ok()).map(|(i, _)| i).collect();
        assert_eq!(winners.len(), 1, "{results:?}");
        for r in results.iter().filter_map(|r| r.as_ref().err()) {
            // A loser's session was ended by the winner: it is refused as changed meanwhile, or,
            // when it arrives after the winner's commit, as no longer logged in.
            assert!(["changed_meanwhile", "unauthenticated"].contains(&r.code()), "{r:?}");
        }
        for i in 0..4 {
            let login = app.try_login("perencana", &new(i)).await;
            assert_eq!(login.is_ok(), i == winners[0], "only the winner's new password opens the account ({i})");
        }
        assert_eq!(audited(&app, "kata sandi diganti sendiri"), (1, true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_pks_created_at_once_for_one_official_leave_one_pk_and_seven_clear_refusals() {
    use akuntabel_app::domain::master::Eselon;
    use akuntabel_tests::review::{new_official, official};
    on_each_backend(async |app| {
        let p = people(&app).await;
        let head = official(&app, p.disdik);
        let kabid = new_official(&app, Some(p.disdik), Eselon::IIIb, "Kepala Bidang Pembinaan SMP");
        let (created_before, _) = audited(&app, "dibuat");
        let calls = (0..N).map(|i| {
            app.call::<i64>(
                &p.planner,
                "create_document",
                json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": kabid, "pihak_kedua_id": head, "judul": format!("PK Kepala Bidang Pembinaan SMP 2026 ({i})") } }),
            )
        });
        let (won, refused) = created_or_refused(join_all(calls).await, "official_id");
        assert_eq!(won.len(), 1, "exactly one PK is created: {refused:?}");
        assert!(refused.iter().all(|m| m.contains("sudah mempunyai PK tahun 2026")), "{refused:?}");
        let docs: Vec<DocumentRow> =
            app.call(&p.planner, "list_documents", json!({ "tahun": 2026, "pd_id": p.disdik })).await.unwrap();
        let pks_of_kabid = docs.iter().filter(|d| d.judul.contains("SMP 2026")).count();
        assert_eq!(pks_of_kabid, 1, "the list shows one PK for the official");
        assert_eq!(audited(&app, "dibuat"), (created_before + 1, true), "the audit trail holds one creation");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pk_copied_into_next_year_by_eight_requests_at_once_is_copied_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        let (copied_before, _) = audited(&app, "dibuat");
        let calls = (0..N).map(|_| app.call::<i64>(&p.planner, "copy_document_forward", json!({ "id": id })));
        let (won, refused) = created_or_refused(join_all(calls).await, "official_id");
        assert_eq!(won.len(), 1, "exactly one copy is made: {refused:?}");
        assert!(refused.iter().all(|m| m.contains("sudah mempunyai PK tahun 2027")), "{refused:?}");
        let docs: Vec<DocumentRow> =
            app.call(&p.planner, "list_documents", json!({ "tahun": 2027, "pd_id": p.disdik })).await.unwrap();
        assert_eq!(docs.iter().map(|d| d.id).collect::<Vec<_>>(), won, "the 2027 list holds the one copy");
        assert_eq!(audited(&app, "dibuat"), (copied_before + 1, true), "the audit trail holds one creation");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_renstra_created_by_eight_requests_at_once_for_one_pd_and_period_is_created_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let (created_before, _) = audited(&app, "dibuat");
        let input = json!({ "input": { "doc_type": "Renstra", "pd_id": p.disdik, "tahun": null, "period_id": period, "official_id": null, "judul": "Renstra Dinas Pendidikan 2025–2029" } });
        let calls = (0..N).map(|_| app.call::<i64>(&p.planner, "create_document", input.clone()));
        let (won, refused) = created_or_refused(join_all(calls).await, "period_id");
        assert_eq!(won.len(), 1, "exactly one Renstra is created: {refused:?}");
        assert!(refused.iter().all(|m| m.contains(&format!("Renstra periode ini sudah ada (dokumen #{})", won[0]))), "{refused:?}");
        assert_eq!(audited(&app, "dibuat"), (created_before + 1, true), "the audit trail holds one creation");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_rkt_created_by_eight_requests_at_once_for_one_pd_and_year_is_created_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let input = json!({ "input": { "doc_type": "RenjaRkt", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": null, "judul": "RKT Dinas Pendidikan 2026" } });
        let calls = (0..N).map(|_| app.call::<i64>(&p.planner, "create_document", input.clone()));
        let (won, refused) = created_or_refused(join_all(calls).await, "tahun");
        assert_eq!(won.len(), 1, "exactly one RKT is created: {refused:?}");
        assert!(refused.iter().all(|m| m.contains(&format!("(dokumen #{})", won[0]))), "{refused:?}");
    })
    .await;
}

/// The official of a document (a PK's).
fn official_of(app: &TestApp, id: i64) -> i64 {
    let mut conn = app.state.db.get().unwrap();
    akuntabel_app::infra::repo::documents::load(&mut conn, id).unwrap().official_id.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rencana_aksi_created_by_eight_requests_at_once_for_one_pk_is_created_once() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let pk = submitted_pk(&app, &p).await;
        let official = official_of(&app, pk);
        let input = json!({ "input": { "doc_type": "RencanaAksi", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": official, "judul": "Rencana Aksi 2026" } });
        let calls = (0..N).map(|_| app.call::<i64>(&p.planner, "create_document", input.clone()));
        let (won, refused) = created_or_refused(join_all(calls).await, "official_id");
        assert_eq!(won.len(), 1, "exactly one Rencana Aksi is created: {refused:?}");
        assert!(refused.iter().all(|m| m.contains(&format!("(dokumen #{})", won[0]))), "{refused:?}");
    })
    .await;
}

/// A Rencana Aksi of Disdik's PK, planned (90 in Triwulan I for every row) and approved: ready
/// for realisation.
async fn approved_plan(app: &TestApp, p: &People) -> i64 {
    let pk = submitted_pk(app, p).await;
    let official = official_of(app, pk);
    let id: i64 = app
            .call(&p.planner, "create_document", json!({ "input": { "doc_type": "RencanaAksi", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": official, "judul": "Rencana Aksi 2026" } }))
            .await
            .unwrap();
    let d = detail(app, &p.planner, id).await;
    let akuntabel_app::domain::model::Content::RencanaAksi(mut plan) = d.content else { panic!("a Rencana Aksi") };
    for row in &mut plan.rows {
        row.targets[0] = Target::parse("90").ok();
        row.polaritas = Some(akuntabel_app::domain::model::Polaritas::Positif);
    }
    let content = akuntabel_app::domain::model::Content::RencanaAksi(plan);
    akuntabel_tests::review::save_working(app, &p.planner, id, content).await.unwrap();
    act(app, &p.planner, id, Action::Submit, "", None).await.unwrap();
    act(app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
    act(app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
    act(app, &p.reviewer, id, Action::Approve, "", None).await.unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn realisation_entered_by_eight_requests_at_once_keeps_every_entry_and_shows_the_last() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = approved_plan(&app, &p).await;
        let (before, _) = audited(&app, "realisasi dicatat");
        let calls = (0..N).map(|i| {
            app.call::<()>(
                &p.planner,
                "record_realisation",
                json!({ "document_id": id, "node": "a", "period": 0, "input": { "nilai": format!("{}", 80 + i) } }),
            )
        });
        let results = join_all(calls).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let view = detail(&app, &p.planner, id).await.renaksi.unwrap();
        assert_eq!(view.entries.len(), N, "every entry is kept in the history");
        let last = view.entries.last().and_then(|e| e.entry.nilai.clone());
        let current = view.realisasi().into_iter().rev().find(|r| r.node.as_str() == "a").and_then(|r| r.nilai);
        assert_eq!(current, last, "the entry stored last is the one that counts");
        assert_eq!(audited(&app, "realisasi dicatat"), (before + N, true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_value_and_the_budget_of_one_quarter_entered_at_the_same_moment_by_two_planners_are_both_kept() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = approved_plan(&app, &p).await;
        app.user("perencana.kedua", &[(Role::PerencanaPd, Some(p.disdik))]);
        let second = app.login("perencana.kedua").await;
        let part = |input: serde_json::Value| json!({ "document_id": id, "node": "a", "period": 0, "input": input });
        let (value, budget) = tokio::join!(
            app.call::<()>(&p.planner, "record_realisation", part(json!({ "nilai": "85" }))),
            app.call::<()>(
                &second,
                "record_realisation",
                part(json!({ "anggaran": "Rp 25.000.000", "catatan": "SPJ masuk" }))
            ),
        );
        assert_eq!((value, budget), (Ok(()), Ok(())));
        let view = detail(&app, &p.planner, id).await.renaksi.unwrap();
        let current = view.realisasi().into_iter().rev().find(|r| r.node.as_str() == "a").unwrap();
        assert_eq!(
            (current.nilai, current.anggaran, current.catatan.as_str()),
            (Target::parse("85").ok(), Some(25_000_000), "SPJ masuk"),
            "neither change overwrites the other"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pk_reopened_as_a_revision_by_eight_requests_at_once_gets_one_new_line_and_one_new_official() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = submitted_pk(&app, &p).await;
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        act(&app, &p.reviewer, id, Action::Approve, "", None).await.unwrap();
        // Each request names its own successor: only one may take over.
        let successors: Vec<i64> = (0..N)
            .map(|i| {
                akuntabel_tests::review::new_official(
                    &app,
                    Some(p.disdik),
                    akuntabel_app::domain::master::Eselon::IIIa,
                    &format!("Plt. Kepala Bidang {i}"),
                )
            })
            .collect();
        let calls = successors.iter().map(|s| {
            let perubahan = json!({ "alasan": "PergantianPejabat", "tanggal": "2026-07-01", "official_id": s });
            app.call::<State>(
                &p.kabag,
                "act_on_document",
                json!({ "id": id, "action": "Reopen", "note": "Mutasi", "assignee": null, "perubahan": perubahan }),
            )
        });
        let (won, lost) = split(join_all(calls).await);
        assert_eq!(won, [State::Draft], "exactly one reopening wins: {lost:?}");
        let d = detail(&app, &p.kabag, id).await;
        assert_eq!(d.perubahan.len(), 1, "one revision");
        assert_eq!(d.perubahan[0].line, 2, "one new line");
        let chain = d.pk.expect("a PK chain");
        assert!(chain.official_id.is_some_and(|o| successors.contains(&o)));
        assert_eq!(d.perubahan[0].pejabat_baru, chain.pihak_pertama, "the revision names the official who took over");
    })
    .await;
}
