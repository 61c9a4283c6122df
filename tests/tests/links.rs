//! The documents as they serve one another beyond the PK chain: an IKU is started from its PD's
//! Renstra and each key indicator names the Renstra indicator it is; the Bupati's PK is started
//! from the RPJMD, each indicator naming the RPJMD indicator it promises, and kept so when it is
//! copied to the next year; a Kepala PD's PK is started from the PD's Renstra of that year — on
//! SQLite and PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::model::{
    Acuan, Anchor, Content, Field, IkuContent, IkuRow, NodeKey, NodeKind, PkContent, Structured, Target,
};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::TestApp;
use akuntabel_tests::on_each_backend;
use akuntabel_tests::plans::{renstra, rpjmd};
use akuntabel_tests::review::{act, detail, new_official, official, people, save_working};
use serde_json::json;

fn iku_of(d: &DocumentDetail) -> IkuContent {
    match &d.content {
        Content::Iku(iku) => iku.clone(),
        other => panic!("not an IKU: {other:?}"),
    }
}

fn pk_of(d: &DocumentDetail) -> PkContent {
    match &d.content {
        Content::Pk(pk) => pk.clone(),
        other => panic!("not a PK: {other:?}"),
    }
}

fn link_error(result: &Result<impl std::fmt::Debug, AppError>, row: &NodeKey) -> Option<String> {
    let anchor = Anchor::Field { node: row.clone(), field: Field::Acuan }.encode();
    result.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(&anchor)).map(|m| m.id.clone())
}

async fn create(app: &TestApp, s: &akuntabel_tests::Session, input: serde_json::Value) -> i64 {
    app.call(s, "create_document", json!({ "input": input })).await.unwrap()
}

#[tokio::test]
async fn an_iku_starts_from_its_pds_renstra_and_each_key_indicator_is_one_of_its_indicators() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let rpjmd = rpjmd(&app, &p, period).await;
        let (renstra, plan) = renstra(&app, &p, period, rpjmd).await;
        let id = create(
            &app,
            &p.planner,
            json!({ "doc_type": "Iku", "pd_id": p.disdik, "tahun": null, "period_id": period, "official_id": null, "judul": "IKU Dinas Pendidikan 2025–2029" }),
        )
        .await;

        // One row for the Renstra's sasaran indicator, with its sentence, unit and targets.
        let d = detail(&app, &p.planner, id).await;
        let mut iku = iku_of(&d);
        assert_eq!(iku.rows.len(), 1, "{:?}", iku.rows);
        let row = iku.rows[0].clone();
        assert_eq!(row.sasaran, "Meningkatnya akses pendidikan dasar");
        assert_eq!(row.indikator, "Indikator Meningkatnya akses pendidikan dasar");
        assert_eq!((row.satuan.as_str(), row.targets[1].clone()), ("%", Target::parse("82").ok()));
        let sasaran_indicator = plan.nodes.iter().find(|n| n.uraian == row.indikator).unwrap().key.clone();
        assert_eq!(row.acuan, Some(Acuan { document_id: renstra, node: sasaran_indicator }));

        // The page offers the Renstra's tujuan and sasaran indicators, nothing lower.
        let serves = d.serves.expect("the PD's Renstra of the period");
        assert_eq!(serves.document_id, renstra);
        let offered: Vec<&str> = serves.choices.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            offered,
            ["Indikator 1.1 · Indikator Meningkatnya mutu pendidikan dasar (%)", "Indikator 1.1.1 · Indikator Meningkatnya akses pendidikan dasar (%)"]
        );

        // A row naming the program's indicator is refused at its cell; one naming nothing
        // saves as a draft but stops the submission.
        let program_indicator = plan.nodes.iter().find(|n| n.uraian == "Indikator Program Pengelolaan Pendidikan").unwrap();
        let added = iku.insert_node(NodeKind::Iku, None, None).unwrap();
        iku.rows[1] = IkuRow {
            key: added.clone(),
            acuan: Some(Acuan { document_id: renstra, node: program_indicator.key.clone() }),
            ..row.clone()
        };
        let refused = save_working(&app, &p.planner, id, Content::Iku(iku.clone())).await;
        assert_eq!(link_error(&refused, &added).as_deref(), Some("indikator acuan tidak ada dalam Renstra PD ini periode ini"));
        iku.rows[1].acuan = None;
        for r in &mut iku.rows {
            r.definisi_operasional = "Perbandingan murid dengan penduduk usia sekolah".into();
            r.formulasi = "murid ÷ penduduk × 100%".into();
        }
        save_working(&app, &p.planner, id, Content::Iku(iku.clone())).await.unwrap();
        let unlinked = act(&app, &p.planner, id, Action::Submit, "", None).await;
        assert_eq!(
            link_error(&unlinked, &added).as_deref(),
            Some("pilih indikator tujuan atau sasaran Renstra yang menjadi IKU ini")
        );
        iku.rows[1].acuan = Some(Acuan::parse(&serves.choices[0].0).unwrap());
        save_working(&app, &p.planner, id, Content::Iku(iku)).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
    })
    .await;
}

#[tokio::test]
async fn the_bupatis_pk_starts_from_the_rpjmd_and_a_kepala_pds_from_its_renstra_of_that_year() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let rpjmd = rpjmd(&app, &p, period).await;
        renstra(&app, &p, period, rpjmd).await;
        let bupati = new_official(&app, None, Eselon::KepalaDaerah, "Bupati Uji");
        let head = official(&app, p.disdik);

        // The Bupati's PK 2026: the RPJMD's sasaran indicator with its 2026 target, linked.
        let pk_bupati = create(
            &app,
            &p.kabag,
            json!({ "doc_type": "PerjanjianKinerja", "pd_id": null, "tahun": 2026, "period_id": null, "official_id": bupati, "pihak_kedua_id": null, "judul": "PK Bupati 2026" }),
        )
        .await;
        let d = detail(&app, &p.kabag, pk_bupati).await;
        let pk = pk_of(&d);
        assert_eq!(pk.rows.len(), 1);
        assert_eq!(
            (pk.rows[0].indikator.as_str(), pk.rows[0].target.clone(), pk.rows[0].satuan.as_str()),
            ("Rata-rata lama sekolah", Target::parse("8").ok(), "tahun")
        );
        assert_eq!(pk.rows[0].acuan, Some(Acuan { document_id: rpjmd, node: NodeKey::new("r6") }));
        assert_eq!(d.serves.as_ref().map(|s| s.document_id), Some(rpjmd), "the page shows the RPJMD it promises");
        // A link to the RPJMD's sasaran itself, not an indicator, is refused.
        let mut wrong = pk.clone();
        wrong.rows[0].acuan = Some(Acuan { document_id: rpjmd, node: NodeKey::new("r5") });
        let refused = save_working(&app, &p.kabag, pk_bupati, Content::Pk(wrong)).await;
        assert_eq!(link_error(&refused, &pk.rows[0].key).as_deref(), Some("indikator acuan tidak ada dalam RPJMD periode ini"));
        assert_eq!(act(&app, &p.kabag, pk_bupati, Action::Submit, "", None).await, Ok(State::Submitted));

        // Next year's copy names the same RPJMD indicator (one RPJMD for the whole period).
        let next: i64 = app.call(&p.kabag, "copy_document_forward", json!({ "id": pk_bupati })).await.unwrap();
        let copied = pk_of(&detail(&app, &p.kabag, next).await);
        assert_eq!(copied.rows[0].acuan, pk.rows[0].acuan);

        // The Kepala Dinas's PK 2026: the Renstra's sasaran indicator and its program's pagu
        // of 2026; its link goes to the Bupati's PK, for the planner to choose.
        let pk_head = create(
            &app,
            &p.planner,
            json!({ "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": head, "pihak_kedua_id": bupati, "judul": "PK Kepala Dinas 2026" }),
        )
        .await;
        let d = detail(&app, &p.planner, pk_head).await;
        let pk = pk_of(&d);
        assert_eq!(
            (pk.rows[0].indikator.as_str(), pk.rows[0].target.clone(), pk.rows[0].acuan.clone()),
            ("Indikator Meningkatnya akses pendidikan dasar", Target::parse("82").ok(), None)
        );
        assert_eq!(pk.anggaran[0].uraian, "1.01.02 Program Pengelolaan Pendidikan");
        assert_eq!(pk.total_anggaran(), 1_500_000_000);
        let serves = d.serves.expect("the Bupati's PK");
        assert_eq!(serves.document_id, pk_bupati);
        assert_eq!(serves.choices[0].1, "1. Rata-rata lama sekolah (8 tahun)");
    })
    .await;
}
