//! The Renstra as data: a PD's one plan per period, a tree from tujuan to sub kegiatan with
//! national codes, indicators at every level and the pagu rolled up; each tujuan and sasaran
//! serves the period's RPJMD (a link elsewhere is refused, an unlinked one cannot be submitted);
//! and the review loop down to one sub kegiatan's pagu — on SQLite and PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::model::{Acuan, Anchor, Content, Field, NodeKey, RenstraContent, Structured};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::plans::{renstra_plan, rpjmd};
use akuntabel_tests::review::{accept_suggestion, act, detail, people, save_working};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::json;

async fn save(app: &TestApp, s: &Session, id: i64, content: &RenstraContent) -> Result<i64, AppError> {
    save_working(app, s, id, Content::Renstra(content.clone())).await
}

fn renstra_of(d: &DocumentDetail) -> RenstraContent {
    match &d.content {
        Content::Renstra(r) => r.clone(),
        other => panic!("not a Renstra: {other:?}"),
    }
}

fn create(pd: i64, period: i64) -> serde_json::Value {
    json!({ "input": { "doc_type": "Renstra", "pd_id": pd, "tahun": null, "period_id": period, "official_id": null, "judul": "Renstra Dinas Pendidikan 2025–2029" } })
}

fn field_error(result: &Result<impl std::fmt::Debug, AppError>, anchor: &Anchor) -> Option<String> {
    result.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(&anchor.encode())).map(|m| m.id.clone())
}

#[tokio::test]
async fn a_renstra_serves_its_periods_rpjmd_and_is_reviewed_down_to_one_sub_kegiatans_pagu() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let rpjmd = rpjmd(&app, &p, period).await;
        let id: i64 = app.call(&p.planner, "create_document", create(p.disdik, period)).await.unwrap();
        let second = app.call::<i64>(&p.planner, "create_document", create(p.disdik, period)).await;
        assert!(second.is_err(), "one Renstra per PD and period: {second:?}");

        // The page offers the RPJMD's tujuan and sasaran as what a tujuan or sasaran serves.
        let d = detail(&app, &p.planner, id).await;
        let serves = d.serves.clone().expect("the period's RPJMD");
        assert_eq!(serves.document_id, rpjmd);
        let offered: Vec<&str> = serves.choices.iter().map(|(_, label)| label.as_str()).collect();
        assert_eq!(offered, ["Tujuan 1.1 · Meningkatnya kualitas sumber daya manusia", "Sasaran 1.1.1 · Meningkatnya mutu pendidikan"]);

        let (mut content, sasaran, program, sub) = renstra_plan();
        let tujuan = content.nodes[0].key.clone();
        // A link to a node the RPJMD does not have is refused at that cell.
        content.set_field(&tujuan, Field::Acuan, &Acuan { document_id: rpjmd, node: NodeKey::new("r99") }.code()).unwrap();
        let refused = save(&app, &p.planner, id, &content).await;
        let at = Anchor::Field { node: tujuan.clone(), field: Field::Acuan };
        assert_eq!(field_error(&refused, &at).as_deref(), Some("sasaran acuan tidak ada dalam RPJMD periode ini"));

        // Linked to the RPJMD's tujuan, it saves; the sasaran still unlinked cannot be submitted.
        content.set_field(&tujuan, Field::Acuan, &serves.choices[0].0).unwrap();
        save(&app, &p.planner, id, &content).await.unwrap();
        let unlinked = act(&app, &p.planner, id, Action::Submit, "", None).await;
        let at = Anchor::Field { node: sasaran.clone(), field: Field::Acuan };
        assert_eq!(field_error(&unlinked, &at).as_deref(), Some("pilih tujuan atau sasaran RPJMD yang didukung"));
        content.set_field(&sasaran, Field::Acuan, &serves.choices[1].0).unwrap();
        save(&app, &p.planner, id, &content).await.unwrap();
        let saved = renstra_of(&detail(&app, &p.planner, id).await);
        let program_node = saved.outline().into_iter().find(|n| n.key == program).unwrap();
        assert_eq!(program_node.field(Field::Pagu1), Some("Rp1.500.000.000"), "the program's pagu is its sub kegiatan's");
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 1: a pagu is suggested on the sub kegiatan; a program's, which is summed, is not.
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let summed = app
            .call::<i64>(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": program.as_str(), "field": "pagu_2" } }, "body": "Turunkan.", "proposed": "1" }))
            .await;
        assert!(summed.is_err(), "a rolled-up pagu takes no suggestion: {summed:?}");
        let thread: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": sub.as_str(), "field": "pagu_2" } }, "body": "Sesuaikan dengan KUA-PPAS 2026.", "proposed": "Rp 1.250.000.000" }))
            .await
            .unwrap();
        act(&app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await.unwrap();
        accept_suggestion(&app, &p.planner, id, thread).await;
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 2: the diff shows the sub kegiatan's pagu and the program's total moving with it.
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let (_, _, diff) = detail(&app, &p.reviewer, id).await.diff.expect("a diff against version 1");
        let changed: Vec<(String, &str, String, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code(), c.old.clone(), c.new.clone())).collect();
        let moved = |key: &NodeKey| (key.to_string(), "pagu_2", "Rp1.500.000.000".to_owned(), "Rp1.250.000.000".to_owned());
        assert!(changed.contains(&moved(&sub)) && changed.contains(&moved(&program)), "{changed:?}");
        let (_, _, html) = app.page(Some(&p.reviewer), &format!("/dokumen/{id}")).await;
        let shown = html.split("data-testid=\"diff\"").nth(1).expect("the page shows the diff");
        assert!(shown.contains("Sub Kegiatan 1.1.1.1.1 · Pagu 2026 (Rp): "), "{shown:.2000}");
        assert!(html.contains("data-testid=\"serves\""), "the page names the RPJMD it serves");
        let () = app.call(&p.reviewer, "resolve_comment", json!({ "thread_id": thread })).await.unwrap();
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await, Ok(State::Approved));
    })
    .await;
}
