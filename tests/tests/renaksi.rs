//! The Rencana Aksi: made from its official's PK, its targets spread over the quarters and
//! reviewed like any plan; once approved, the PD enters the realisation quarter by quarter
//! without reopening the review, and capaian follows — on SQLite and PostgreSQL.

use akuntabel_app::api::types::{CapaianPdRow, DocumentDetail};
use akuntabel_app::domain::capaian::{Aggregation, Cap, Capaian};
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::model::{
    Content, Field, IkuContent, IkuRow, NodeKey, Pembagian, PkContent, PkRow, Polaritas, RencanaAksiContent,
    Structured, Target,
};
use akuntabel_app::domain::roles::Role;
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::{AppError, Refusal};
use akuntabel_tests::review::{
    act, detail, new_iku, new_official, official, people, round_with_accepted_suggestion, save_working,
};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::json;

fn plan_of(d: &DocumentDetail) -> RencanaAksiContent {
    match &d.content {
        Content::RencanaAksi(p) => p.clone(),
        other => panic!("not a Rencana Aksi: {other:?}"),
    }
}

async fn create(app: &TestApp, s: &Session, pd: i64, official: i64) -> Result<i64, AppError> {
    app.call(
        s,
        "create_document",
        json!({ "input": { "doc_type": "RencanaAksi", "pd_id": pd, "tahun": 2026, "period_id": null, "official_id": official, "judul": "Rencana Aksi Kepala Dinas Pendidikan 2026" } }),
    )
    .await
}

async fn record(app: &TestApp, s: &Session, id: i64, node: &str, period: usize, nilai: &str) -> Result<(), AppError> {
    record_input(app, s, id, node, period, json!({ "nilai": nilai })).await
}

/// Records the parts of `input` given (`nilai`, `anggaran`, `catatan`).
async fn record_input(
    app: &TestApp,
    s: &Session,
    id: i64,
    node: &str,
    period: usize,
    input: serde_json::Value,
) -> Result<(), AppError> {
    app.call(s, "record_realisation", json!({ "document_id": id, "node": node, "period": period, "input": input }))
        .await
}

fn field_error(result: &Result<impl std::fmt::Debug, AppError>, field: &str) -> Option<String> {
    result.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(field)).map(|m| m.id.clone())
}

#[tokio::test]
async fn a_rencana_aksi_is_made_from_the_pk_approved_and_then_filled_with_realisation_quarter_by_quarter() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let bupati = new_official(&app, None, Eselon::KepalaDaerah, "Bupati Uji");
        let head = official(&app, p.disdik);

        let early = create(&app, &p.planner, p.disdik, head).await;
        assert!(field_error(&early, "official_id").is_some_and(|m| m.contains("belum mempunyai PK tahun 2026")), "{early:?}");

        let pk: i64 = app
            .call(
                &p.planner,
                "create_document",
                json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": head, "pihak_kedua_id": bupati, "judul": "PK Kepala Dinas Pendidikan 2026" } }),
            )
            .await
            .unwrap();
        let row = |key: &str, indikator: &str, target: &str, satuan: &str| PkRow {
            key: NodeKey::new(key),
            sasaran: "Meningkatnya mutu pendidikan dasar".into(),
            indikator: indikator.into(),
            target: Target::parse(target).ok(),
            satuan: satuan.into(),
            acuan: None,
        };
        let rows = vec![row("u1", "Jumlah ruang kelas baru", "100", "unit"), row("u2", "Nilai SAKIP Dinas", "BB", "predikat")];
        save_working(&app, &p.planner, pk, Content::Pk(PkContent { rows, ..PkContent::default() })).await.unwrap();

        // The PD's IKU says how its key indicator is read.
        let period = app.period("RPJMD 2025–2029", 2025, 2029);
        let iku = new_iku(&app, &p, period).await;
        let key_indicator = IkuRow {
            key: NodeKey::new("k1"),
            sasaran: "Meningkatnya akuntabilitas kinerja dinas".into(),
            indikator: "Nilai SAKIP dinas".into(),
            satuan: "predikat".into(),
            polaritas: Some(Polaritas::Positif),
            agregasi: Some(Aggregation::NilaiAkhir),
            targets: ["B", "B", "BB", "BB", "A"].map(|t| Target::parse(t).ok()),
            ..IkuRow::default()
        };
        let iku_content = IkuContent { tahun_awal: 2025, rows: vec![key_indicator] };
        save_working(&app, &p.planner, iku, Content::Iku(iku_content)).await.unwrap();
        let chain = detail(&app, &p.planner, pk).await.pk.expect("a PK shows its chain");
        assert_eq!(chain.rencana_aksi, None, "no action plan yet: the PK page offers to make it");

        // Made from the PK: its two indicators, linked, in four quarters.
        let id = create(&app, &p.planner, p.disdik, head).await.unwrap();
        let chain = detail(&app, &p.planner, pk).await.pk.unwrap();
        assert_eq!(chain.rencana_aksi.map(|l| l.document_id), Some(id), "the PK page links to its action plan");
        let again = create(&app, &p.planner, p.disdik, head).await;
        assert!(field_error(&again, "official_id").is_some_and(|m| m.contains("sudah ada")), "{again:?}");
        let d = detail(&app, &p.planner, id).await;
        let mut plan = plan_of(&d);
        assert_eq!(plan.rows.iter().map(|r| r.indikator.as_str()).collect::<Vec<_>>(), ["Jumlah ruang kelas baru", "Nilai SAKIP Dinas"]);
        assert_eq!(d.serves.map(|s| s.document_id), Some(pk), "the page names the PK it plans");
        assert_eq!(
            (plan.rows[1].polaritas, plan.rows[1].agregasi),
            (Some(Polaritas::Positif), Some(Aggregation::NilaiAkhir)),
            "a key indicator is read as the IKU says"
        );
        assert_eq!(plan.rows[0].polaritas, None, "not a key indicator: chosen in the plan");
        let view = d.renaksi.expect("a Rencana Aksi shows its realisation");
        assert!(!view.can_record, "not before the plan is approved");
        let refused = record(&app, &p.planner, id, "u1", 0, "20").await;
        assert!(matches!(refused, Err(AppError::Conflict(Refusal::WrongState, _))), "{refused:?}");

        // The quarters planned, reviewed and approved.
        for (i, t) in ["20", "30", "25", "25"].iter().enumerate() {
            plan.set_field(&NodeKey::new("u1"), Field::PERIODE[i], t).unwrap();
        }
        plan.set_field(&NodeKey::new("u1"), Field::Polaritas, "positif").unwrap();
        plan.set_field(&NodeKey::new("u1"), Field::Anggaran, "Rp 400.000.000").unwrap();
        plan.set_field(&NodeKey::new("u2"), Field::Periode4, "BB").unwrap();
        plan.set_field(&NodeKey::new("u2"), Field::Polaritas, "positif").unwrap();
        plan.set_field(&NodeKey::new("u2"), Field::Agregasi, "nilai_akhir").unwrap();
        save_working(&app, &p.planner, id, Content::RencanaAksi(plan)).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();

        // Round 1: the reviewer asks for the actions behind the first indicator; accepted. Round 2:
        // the diff shows the actions as the table heads them; approved.
        let place = ("u1", "aksi");
        let proposed = "Lelang dan pembangunan 100 ruang kelas baru";
        let thread =
            round_with_accepted_suggestion(&app, &p, id, place, "Tuliskan kegiatan yang mencapai 100 RKB.", proposed).await;
        let (_, _, diff) = detail(&app, &p.reviewer, id).await.diff.expect("a diff against version 1");
        let changed: Vec<(String, &str, String)> =
            diff.changed.iter().map(|c| (c.node.to_string(), c.field.code(), c.new.clone())).collect();
        assert_eq!(changed, [("u1".to_owned(), "aksi", "Lelang dan pembangunan 100 ruang kelas baru".to_owned())]);
        let (_, _, html) = app.page(Some(&p.reviewer), &format!("/dokumen/{id}")).await;
        let shown = html.split("data-testid=\"diff\"").nth(1).expect("the page shows the diff");
        assert!(shown.contains("Indikator 1 · Rencana aksi: "), "{shown:.2000}");
        let () = app.call(&p.reviewer, "resolve_comment", json!({ "thread_id": thread })).await.unwrap();
        assert_eq!(act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await, Ok(State::Approved));
        let versions = detail(&app, &p.planner, id).await.versions.len();

        // Realisation, quarter by quarter; a value in words or of another kind is refused.
        record(&app, &p.planner, id, "u1", 0, "16").await.unwrap();
        record(&app, &p.planner, id, "u1", 1, "36").await.unwrap();
        let words = record(&app, &p.planner, id, "u1", 2, "sepuluh").await;
        assert!(field_error(&words, "nilai").is_some_and(|m| m.contains("bukan angka")), "{words:?}");
        let number_for_grade = record(&app, &p.planner, id, "u2", 3, "70").await;
        assert!(field_error(&number_for_grade, "nilai").is_some_and(|m| m.contains("sejenis")), "{number_for_grade:?}");
        let beyond = record(&app, &p.planner, id, "u1", 4, "1").await;
        assert!(field_error(&beyond, "periode").is_some(), "{beyond:?}");
        assert_eq!(record(&app, &p.reviewer, id, "u1", 2, "1").await, Err(AppError::Forbidden));
        assert_eq!(record(&app, &p.outsider, id, "u1", 2, "1").await, Err(AppError::Forbidden));

        // The budget spent and a note go with the period; a part left out stays as it was, a
        // change that changes nothing is not recorded, and bad parts are named.
        let spent = json!({ "anggaran": "Rp 90.000.000", "catatan": "Lelang RKB selesai Maret" });
        record_input(&app, &p.planner, id, "u1", 0, spent.clone()).await.unwrap();
        record_input(&app, &p.planner, id, "u1", 0, spent).await.unwrap();
        record_input(&app, &p.planner, id, "u1", 1, json!({ "anggaran": "110.000.000" })).await.unwrap();
        let bad = record_input(&app, &p.planner, id, "u1", 1, json!({ "anggaran": "seratus juta", "catatan": "x".repeat(2001) })).await;
        assert!(field_error(&bad, "anggaran").is_some_and(|m| m.contains("bukan jumlah rupiah")), "{bad:?}");
        assert!(field_error(&bad, "catatan").is_some_and(|m| m.contains("2000 karakter")), "{bad:?}");

        let d = detail(&app, &p.reviewer, id).await;
        assert_eq!((d.row.state, d.versions.len()), (State::Approved, versions), "the review is not reopened");
        let view = d.renaksi.clone().unwrap();
        assert_eq!(view.entries.len(), 4, "two values, then the budget of each quarter; the repeat is not kept");
        assert_eq!(view.entries[0].oleh, "Pengguna perencana", "who entered it");
        let first = view.entries[2].entry.clone();
        assert_eq!((first.nilai, first.anggaran), (Target::parse("16").ok(), Some(90_000_000)), "the value stays");
        assert_eq!(first.catatan, "Lelang RKB selesai Maret");
        let capaian = plan_of(&d).capaian(&view.realisasi(), &view.settings);
        assert_eq!((capaian[0].terserap, capaian[0].serapan()), (Some(200_000_000), Some(50.0)), "half the budget spent");
        assert_eq!(capaian[0].per_period[0], Ok(Capaian::Percent(80.0)));
        assert_eq!(capaian[0].so_far, Ok(Capaian::Percent(104.0)), "kumulatif: 52 of 50");
        assert_eq!(capaian[1].so_far, Ok(Capaian::NotReported));

        // The dashboards sum it up per PD, for those who may see the PD.
        let rows: Vec<CapaianPdRow> = app.call(&p.kabag, "get_capaian", json!({ "tahun": 2026 })).await.unwrap();
        assert_eq!(rows.len(), 1);
        let s = &rows[0].summary;
        assert_eq!((rows[0].pd.as_str(), s.indikator, s.dilaporkan, s.rata_rata), ("Disdik", 2, 1, Some(104.0)));
        assert_eq!(s.per_status, [0, 0, 0, 1, 0], "tercapai");
        assert_eq!((s.anggaran, s.terserap), (400_000_000, 200_000_000));
        let elsewhere: Vec<CapaianPdRow> = app.call(&p.outsider, "get_capaian", json!({ "tahun": 2026 })).await.unwrap();
        assert!(elsewhere.is_empty(), "another PD's planner does not see Disdik's");

        // The Pemda caps capaian at 100 %: every figure follows at once (none is stored).
        app.user("pengatur", &[(Role::Admin, None)]);
        let admin = app.login("pengatur").await;
        let settings = |batas: [&str; 4]| json!({ "input": { "negative_formula": "TargetOverRealisation", "cap": "At100", "batas": batas, "pembagian": "Bulan" } });
        let falling = app.call::<()>(&admin, "save_capaian_settings", settings(["60", "80", "95", "90"])).await;
        assert_eq!(field_error(&falling, "batas_4").as_deref(), Some("harus lebih besar dari batas sebelumnya"));
        let () = app.call(&admin, "save_capaian_settings", settings(["50", "75", "90", "100"])).await.unwrap();
        let rows: Vec<CapaianPdRow> = app.call(&p.kabag, "get_capaian", json!({ "tahun": 2026 })).await.unwrap();
        assert_eq!((rows[0].summary.rata_rata, rows[0].summary.per_status), (Some(100.0), [0, 0, 0, 1, 0]));
        let view = detail(&app, &p.planner, id).await.renaksi.unwrap();
        assert_eq!((view.settings.cap, view.settings.pembagian), (Cap::At100, Pembagian::Bulan));

        // Next year's plan waits for next year's PK, then keeps this year's way of working.
        let early = app.call::<i64>(&p.planner, "copy_document_forward", json!({ "id": id })).await;
        assert!(field_error(&early, "official_id").is_some_and(|m| m.contains("PK tahun 2027")), "{early:?}");
        let _: i64 = app.call(&p.planner, "copy_document_forward", json!({ "id": pk })).await.unwrap();
        let next: i64 = app.call(&p.planner, "copy_document_forward", json!({ "id": id })).await.unwrap();
        let next = plan_of(&detail(&app, &p.planner, next).await);
        assert_eq!((next.tahun, next.rows.len()), (2027, 2));
        assert_eq!(next.rows[1].agregasi, Some(akuntabel_app::domain::capaian::Aggregation::NilaiAkhir));
        assert!(next.rows[0].targets.iter().all(Option::is_none), "the quarters are planned again");
    })
    .await;
}
