//! The RPJMD as data, the first tree through the one document model: Bagian Organisasi makes
//! one per period (a second is refused), its years come from the period, a tree sent in the
//! wrong shape is refused naming the node, it is submitted only when every goal and objective is
//! measured, and it goes through the review loop — a suggestion on one indicator's target,
//! accepted, shown in the diff as the tree names it — on SQLite and PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::model::{Anchor, Content, RpjmdContent, Structured, Target};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::plans::rpjmd_plan;
use akuntabel_tests::review::{accept_suggestion, act, detail, people, save_working};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::json;

async fn save(app: &TestApp, s: &Session, id: i64, content: &RpjmdContent) -> Result<i64, AppError> {
    save_working(app, s, id, Content::Rpjmd(content.clone())).await
}

fn rpjmd_of(d: &DocumentDetail) -> RpjmdContent {
    match &d.content {
        Content::Rpjmd(r) => r.clone(),
        other => panic!("not an RPJMD: {other:?}"),
    }
}

fn create(period: i64) -> serde_json::Value {
    json!({ "input": { "doc_type": "Rpjmd", "pd_id": null, "tahun": null, "period_id": period, "official_id": null, "judul": "RPJMD Kabupaten 2025–2029" } })
}

#[tokio::test]
async fn an_rpjmd_is_built_as_a_tree_submitted_when_measured_and_reviewed_down_to_one_indicators_target() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let refused = app.call::<i64>(&p.planner, "create_document", create(period)).await;
        assert!(refused.is_err(), "a PD planner does not make the Pemda's RPJMD: {refused:?}");
        let id: i64 = app.call(&p.kabag, "create_document", create(period)).await.unwrap();
        let second = app.call::<i64>(&p.kabag, "create_document", create(period)).await;
        let why = second.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get("period_id")).map(|m| m.id.clone());
        assert!(why.is_some_and(|m| m.contains(&format!("RPJMD periode ini sudah ada (dokumen #{id})"))), "{second:?}");

        let d = detail(&app, &p.kabag, id).await;
        let empty = rpjmd_of(&d);
        assert_eq!((empty.tahun_awal, empty.outline()[0].label().id), (2025, "Visi".to_owned()));
        let early = act(&app, &p.kabag, id, Action::Submit, "", None).await;
        assert!(early.as_ref().err().is_some_and(|e| e.msg().id.contains("belum berisi misi")), "{early:?}");

        // An indicator moved straight under the visi is refused, naming that node.
        let (mut content, rls) = rpjmd_plan(empty);
        let mut wrong = content.clone();
        wrong.nodes[3].parent = Some(wrong.nodes[0].key.clone());
        let refused = save(&app, &p.kabag, id, &wrong).await;
        let at = Anchor::Node(wrong.nodes[3].key.clone()).encode();
        let why = refused.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(&at)).map(|m| m.id.clone());
        assert_eq!(why.as_deref(), Some("Indikator tidak dapat berada di bawah Visi"), "{refused:?}");

        // The client cannot move the period's years; the plan saves and is submitted.
        content.tahun_awal = 2031;
        save(&app, &p.kabag, id, &content).await.unwrap();
        let saved = rpjmd_of(&detail(&app, &p.kabag, id).await);
        assert_eq!(saved.tahun_awal, 2025);
        assert_eq!(
            saved.outline().iter().map(|n| n.label().id).collect::<Vec<_>>(),
            ["Visi", "Misi 1", "Tujuan 1.1", "Indikator 1.1.1", "Sasaran 1.1.1", "Indikator 1.1.1.1"]
        );
        assert_eq!(act(&app, &p.kabag, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 1: the reviewer suggests the 2027 target of the sasaran's indicator.
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let thread: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": rls.as_str(), "field": "target_3" } }, "body": "Sesuaikan dengan RPJPD.", "proposed": "8,15" }))
            .await
            .unwrap();
        act(&app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await.unwrap();
        accept_suggestion(&app, &p.kabag, id, thread).await;
        let revised = rpjmd_of(&detail(&app, &p.kabag, id).await);
        let node = revised.nodes.iter().find(|n| n.key == rls).unwrap();
        assert_eq!(node.targets[2], Some(Target::Angka(8.15)), "the accepted suggestion is the 2027 target");
        assert_eq!(act(&app, &p.kabag, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 2 shows exactly that change, placed as the tree names it; then it is approved.
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let (_, _, diff) = detail(&app, &p.reviewer, id).await.diff.expect("a diff against version 1");
        let changes: Vec<(String, &str, String, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code(), c.old.clone(), c.new.clone())).collect();
        assert_eq!(changes, vec![(rls.to_string(), "target_3", "8,1".to_owned(), "8,15".to_owned())]);
        let (_, _, html) = app.page(Some(&p.reviewer), &format!("/dokumen/{id}")).await;
        let diff = html.split("data-testid=\"diff\"").nth(1).expect("the page shows the diff");
        assert!(diff.contains("Indikator 1.1.1.1 · Target 2027: "), "{diff:.2000}");
        assert!(diff.contains("<del>8,1</del>") && diff.contains("<ins>8,15</ins>"));
        let () = app.call(&p.reviewer, "resolve_comment", json!({ "thread_id": thread })).await.unwrap();
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await, Ok(State::Approved));
    })
    .await;
}
