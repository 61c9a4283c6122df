//! The IKU as data, the second type through the one document model: its years come from the
//! period, its closed lists (polaritas, agregasi, periode) refuse anything else, a row's
//! baseline and targets are of one kind, it is submitted only with each indicator's manual,
//! and it goes through the review loop like the PK — on SQLite and PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::capaian::Aggregation;
use akuntabel_app::domain::model::{
    Anchor, Content, Field, IkuContent, IkuRow, NodeKey, Periode, Polaritas, Structured, Target,
};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::review::{accept_suggestion, act, detail, new_iku, people, save_working};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::json;

async fn save(app: &TestApp, s: &Session, id: i64, content: &IkuContent) -> Result<i64, AppError> {
    save_working(app, s, id, Content::Iku(content.clone())).await
}

fn iku_of(d: &DocumentDetail) -> IkuContent {
    match &d.content {
        Content::Iku(iku) => iku.clone(),
        other => panic!("not an IKU: {other:?}"),
    }
}

fn targets(values: [&str; 5]) -> [Option<Target>; 5] {
    values.map(|v| Target::parse(v).ok())
}

/// An indicator as a planner first types it: no definition or formula yet.
fn indicator(key: &str) -> IkuRow {
    IkuRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya mutu dan akses pendidikan dasar".into(),
        indikator: "Angka partisipasi murni SMP/MTs".into(),
        satuan: "%".into(),
        polaritas: Some(Polaritas::Positif),
        agregasi: Some(Aggregation::NilaiAkhir),
        baseline: Target::parse("80,1").ok(),
        targets: targets(["81", "82", "75", "84", "85"]),
        periode_pelaporan: Some(Periode::Tahunan),
        ..IkuRow::default()
    }
}

#[tokio::test]
async fn an_iku_is_made_with_its_periods_years_and_submitted_only_with_each_indicators_manual() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let id = new_iku(&app, &p, period).await;
        let d = detail(&app, &p.planner, id).await;
        let iku = iku_of(&d);
        assert_eq!(iku.tahun_awal, 2025, "the first year comes from the period");
        let headings: Vec<String> =
            Field::TARGETS.iter().map(|f| iku.column_label(akuntabel_app::domain::model::NodeKind::Iku, *f).id).collect();
        assert_eq!(headings, ["Target 2025", "Target 2026", "Target 2027", "Target 2028", "Target 2029"]);

        // A grade among numbers is refused at the baseline, naming why.
        let mut content = IkuContent { tahun_awal: 2031, rows: vec![indicator("r1")] };
        content.rows[0].targets[4] = Target::parse("BB").ok();
        let mixed = save(&app, &p.planner, id, &content).await;
        let at = Anchor::Field { node: NodeKey::new("r1"), field: Field::Baseline }.encode();
        let why = mixed.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(&at)).map(|m| m.id.clone());
        assert!(why.is_some_and(|m| m.contains("semuanya angka atau semuanya predikat")), "{mixed:?}");

        // A draft without the manual saves; the client cannot move the period's years.
        content.rows[0].targets = targets(["81", "82", "75", "84", "85"]);
        save(&app, &p.planner, id, &content).await.unwrap();
        assert_eq!(iku_of(&detail(&app, &p.planner, id).await).tahun_awal, 2025);
        let early = act(&app, &p.planner, id, Action::Submit, "", None).await;
        assert!(
            early.as_ref().err().is_some_and(|e| e.msg().id.contains("Indikator 1: isi definisi operasional dan formulasi")),
            "{early:?}"
        );

        content.rows[0].definisi_operasional = "Perbandingan siswa SMP/MTs usia 13–15 tahun dengan penduduk usia 13–15 tahun".into();
        content.rows[0].formulasi = "Siswa SMP/MTs usia 13–15 tahun ÷ penduduk usia 13–15 tahun × 100%".into();
        save(&app, &p.planner, id, &content).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 1: the reviewer suggests the third year's target; the PD accepts it.
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let thread: i64 = app
            .call(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": "r1", "field": "target_3" } }, "body": "Target 2027 turun dari 2026; buat naik tiap tahun.", "proposed": "83" }))
            .await
            .unwrap();
        let unusable = app
            .call::<i64>(&p.reviewer, "add_comment", json!({ "document_id": id, "anchor": { "Field": { "node": "r1", "field": "polaritas" } }, "body": "Ganti.", "proposed": "naik" }))
            .await;
        let why = unusable.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get("proposed")).map(|m| m.id.clone());
        assert!(why.is_some_and(|m| m.contains("positif, negatif, rentang")), "{unusable:?}");
        act(&app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await.unwrap();
        accept_suggestion(&app, &p.planner, id, thread).await;
        let mut revised = iku_of(&detail(&app, &p.planner, id).await);
        assert_eq!(revised.rows[0].targets[2], Some(Target::Angka(83.0)), "the accepted suggestion is the 2027 target");
        revised.rows[0].agregasi = Some(Aggregation::Kumulatif);
        save(&app, &p.planner, id, &revised).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));

        // Round 2 shows exactly that change.
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        let (_, _, diff) = detail(&app, &p.reviewer, id).await.diff.expect("a diff against version 1");
        let changes: Vec<(String, &str, String, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code(), c.old.clone(), c.new.clone())).collect();
        assert_eq!(
            changes,
            vec![
                ("r1".to_owned(), "agregasi", "nilai_akhir".to_owned(), "kumulatif".to_owned()),
                ("r1".to_owned(), "target_3", "75".to_owned(), "83".to_owned()),
            ]
        );
        // The page shows a closed list's values as their labels, not their codes.
        let (_, _, html) = app.page(Some(&p.reviewer), &format!("/dokumen/{id}")).await;
        let diff = html.split("data-testid=\"diff\"").nth(1).expect("the page shows the diff");
        assert!(diff.contains("<del>Nilai akhir</del>") && diff.contains("<ins>Kumulatif</ins>"), "{diff:.2000}");
        assert!(diff.contains("<del>75</del>") && diff.contains("<ins>83</ins>"));
        assert!(diff.contains("Indikator 1 · Target 2027: "), "the place is headed as the table heads it");
    })
    .await;
}
