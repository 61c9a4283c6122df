//! The RKT as data: a PD's one plan a year, started from its Renstra's targets and pagu of that
//! year, reviewed down to one sub kegiatan's pagu, and copied to the next year — on SQLite and
//! PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::model::{Content, Field, NodeKey, NodeKind, RktContent, Structured};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_tests::plans::{renstra, rpjmd};
use akuntabel_tests::review::{act, detail, people, round_with_accepted_suggestion};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::json;

fn rkt_of(d: &DocumentDetail) -> RktContent {
    match &d.content {
        Content::Rkt(r) => r.clone(),
        other => panic!("not an RKT: {other:?}"),
    }
}

async fn create(app: &TestApp, s: &Session, pd: i64, tahun: i32) -> Result<i64, akuntabel_app::error::AppError> {
    app.call(
        s,
        "create_document",
        json!({ "input": { "doc_type": "RenjaRkt", "pd_id": pd, "tahun": tahun, "period_id": null, "official_id": null, "judul": format!("RKT Dinas Pendidikan {tahun}") } }),
    )
    .await
}

fn key_of(rkt: &RktContent, kind: NodeKind) -> NodeKey {
    rkt.nodes.iter().find(|n| n.kind == kind).map(|n| n.key.clone()).unwrap()
}

#[tokio::test]
async fn an_rkt_starts_from_the_renstra_year_is_reviewed_down_to_a_pagu_and_copied_to_the_next_year() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let rpjmd = rpjmd(&app, &p, period).await;
        renstra(&app, &p, period, rpjmd).await;

        // Started from the Renstra's 2026 column: the sasaran down, targets and pagu of 2026.
        let id = create(&app, &p.planner, p.disdik, 2026).await.unwrap();
        let again = create(&app, &p.planner, p.disdik, 2026).await;
        let refused =
            again.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get("tahun")).map(|m| m.id.clone());
        assert!(refused.is_some_and(|m| m.starts_with("RKT tahun 2026 PD ini sudah ada")), "{again:?}");
        let d = detail(&app, &p.planner, id).await;
        let rkt = rkt_of(&d);
        assert_eq!(rkt.tahun, 2026);
        assert!(rkt.nodes.iter().all(|n| n.kind != NodeKind::Tujuan));
        let outline = rkt.outline();
        let sasaran_indicator = outline.iter().find(|n| n.kind == NodeKind::Indikator).unwrap();
        assert_eq!(sasaran_indicator.field(Field::Target1), Some("82"), "the Renstra's 2026 target");
        let (sub, program) = (key_of(&rkt, NodeKind::SubKegiatan), key_of(&rkt, NodeKind::Program));
        assert_eq!(rkt.total_pagu(), 1_500_000_000);
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 1: the reviewer suggests the sub kegiatan's pagu after the KUA-PPAS; accepted.
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let (body, proposed) = ("Sesuaikan dengan KUA-PPAS 2026.", "Rp 1.350.000.000");
        let thread = round_with_accepted_suggestion(&app, &p, id, (sub.as_str(), "pagu_1"), body, proposed).await;

        // Round 2: the diff shows the pagu and the program's total moving with it.
        let (_, _, diff) = detail(&app, &p.reviewer, id).await.diff.expect("a diff against version 1");
        let changed: Vec<(String, &str, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code(), c.new.clone())).collect();
        for key in [&sub, &program] {
            assert!(changed.contains(&(key.to_string(), "pagu_1", "Rp1.350.000.000".to_owned())), "{changed:?}");
        }
        let (_, _, html) = app.page(Some(&p.reviewer), &format!("/dokumen/{id}")).await;
        let shown = html.split("data-testid=\"diff\"").nth(1).expect("the page shows the diff");
        assert!(shown.contains("Sub Kegiatan 1.1.1.1 · Pagu 2026 (Rp): "), "{shown:.2000}");
        let () = app.call(&p.reviewer, "resolve_comment", json!({ "thread_id": thread })).await.unwrap();
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await, Ok(State::Approved));

        // Next year's starts from this one, as approved; this one is untouched.
        let next: i64 = app.call(&p.planner, "copy_document_forward", json!({ "id": id })).await.unwrap();
        let d = detail(&app, &p.planner, next).await;
        assert_eq!(
            (d.row.judul.as_str(), d.row.tahun, d.row.state),
            ("RKT Dinas Pendidikan 2027", Some(2027), State::Draft)
        );
        let copied = rkt_of(&d);
        assert_eq!((copied.tahun, copied.total_pagu()), (2027, 1_350_000_000));
        assert_eq!(copied.column_label(NodeKind::SubKegiatan, Field::Pagu1).id, "Pagu 2027 (Rp)");
        let twice = app.call::<i64>(&p.planner, "copy_document_forward", json!({ "id": id })).await;
        assert!(twice.is_err(), "one RKT a year: {twice:?}");
        let outsider = app.call::<i64>(&p.outsider, "copy_document_forward", json!({ "id": id })).await;
        assert_eq!(outsider.err(), Some(akuntabel_app::error::AppError::Forbidden));

        // Without a Renstra for the year (2031 is in no period) it starts empty.
        let empty = create(&app, &p.planner, p.disdik, 2031).await.unwrap();
        assert!(rkt_of(&detail(&app, &p.planner, empty).await).nodes.is_empty());
    })
    .await;
}
