//! The Perjanjian Kinerja as data: both parties checked against the echelon chain, one PK per
//! official a year, the level's headings and both tables, and every indicator of a lower PK
//! linked to the upper PK's indicator it serves — on SQLite and PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::model::{
    Acuan, Anchor, Content, Field, NodeKey, PkAnggaranRow, PkContent, PkLevel, PkRow, Target,
};
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::review::{People, act, detail, new_official, official, people, row, save_working};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::{Value, json};

async fn create_pk(
    app: &TestApp,
    s: &Session,
    pd: Option<i64>,
    official: i64,
    pihak_kedua: Option<i64>,
    judul: &str,
) -> Result<i64, AppError> {
    app.call(
        s,
        "create_document",
        json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": pd, "tahun": 2026, "period_id": null, "official_id": official, "pihak_kedua_id": pihak_kedua, "judul": judul } }),
    )
    .await
}

async fn save(app: &TestApp, s: &Session, id: i64, content: &PkContent) -> Result<i64, AppError> {
    save_working(app, s, id, Content::Pk(content.clone())).await
}

fn pk_of(d: &DocumentDetail) -> PkContent {
    match &d.content {
        Content::Pk(pk) => pk.clone(),
        other => panic!("not a PK: {other:?}"),
    }
}

fn field_error(result: &Result<i64, AppError>, field: &str) -> Option<String> {
    result.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(field)).map(|m| m.id.clone())
}

#[tokio::test]
async fn a_pk_is_agreed_between_the_official_and_the_superior_the_echelon_chain_names() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let bupati = new_official(&app, None, Eselon::KepalaDaerah, "Bupati Uji");
        let head = official(&app, p.disdik);
        let kabid = new_official(&app, Some(p.disdik), Eselon::IIIb, "Kepala Bidang Pembinaan SD");

        let no_party = create_pk(&app, &p.planner, Some(p.disdik), head, None, "PK Kepala Dinas 2026").await;
        assert!(
            field_error(&no_party, "pihak_kedua_id").is_some_and(|m| m.contains("pilih pihak kedua")),
            "{no_party:?}"
        );
        let below = create_pk(&app, &p.planner, Some(p.disdik), head, Some(kabid), "PK Kepala Dinas 2026").await;
        assert!(field_error(&below, "pihak_kedua_id").is_some_and(|m| m.contains("Bupati")), "{below:?}");
        let id = create_pk(&app, &p.planner, Some(p.disdik), head, Some(bupati), "PK Kepala Dinas 2026").await.unwrap();
        let d = detail(&app, &p.planner, id).await;
        assert_eq!(pk_of(&d).level, PkLevel::EselonII, "the level comes from the official's echelon");
        let chain = d.pk.expect("a PK shows its chain");
        assert_eq!(chain.pihak_kedua.as_deref(), Some("Pejabat 1"));
        assert_eq!(chain.pihak_kedua_jabatan.as_deref(), Some("Bupati Uji"));
        assert_eq!(chain.pihak_pertama_jabatan.as_deref(), Some("Kepala Dinas Pendidikan"));
        // An acting head signs as such: the page names the acting status with the position.
        {
            use akuntabel_app::domain::master::ActingStatus;
            use akuntabel_app::infra::schema::officials;
            use diesel::prelude::*;
            let mut conn = app.state.db.get().unwrap();
            akuntabel_app::with_conn!(&mut *conn, |c| diesel::update(officials::table.filter(officials::id.eq(head)))
                .set(officials::status.eq(ActingStatus::Plt.as_i64()))
                .execute(c))
            .unwrap();
        }
        let chain = detail(&app, &p.planner, id).await.pk.unwrap();
        assert_eq!(chain.pihak_pertama_jabatan.as_deref(), Some("Plt. Kepala Dinas Pendidikan"));

        let again = create_pk(&app, &p.planner, Some(p.disdik), head, Some(bupati), "PK Kepala Dinas 2026 (2)").await;
        assert!(
            field_error(&again, "official_id").is_some_and(|m| m.contains("sudah mempunyai PK tahun 2026")),
            "{again:?}"
        );

        // The Bupati's PK is the kabag's, a one-party statement.
        let with_party = create_pk(&app, &p.kabag, None, bupati, Some(head), "PK Bupati 2026").await;
        assert!(field_error(&with_party, "pihak_kedua_id").is_some_and(|m| m.contains("sepihak")), "{with_party:?}");
        let pk_bupati = create_pk(&app, &p.kabag, None, bupati, None, "PK Bupati 2026").await.unwrap();
        let d = detail(&app, &p.kabag, pk_bupati).await;
        assert_eq!(pk_of(&d).level, PkLevel::KepalaDaerah);
        let lower: Vec<i64> = d.pk.unwrap().lower.iter().map(|l| l.document_id).collect();
        assert_eq!(lower, vec![id], "the Bupati's PK lists the PKs agreed with the Bupati");

        // Whom the form offers as pihak kedua: the chain's candidates only, the Bupati included.
        let offered: Vec<Value> =
            app.call(&p.planner, "list_pihak_kedua", json!({ "official_id": kabid })).await.unwrap();
        let ids: Vec<i64> = offered.iter().filter_map(|o| o["id"].as_i64()).collect();
        assert_eq!(ids, vec![head], "an Administrator agrees with the head of the PD");
        let offered: Vec<Value> =
            app.call(&p.planner, "list_pihak_kedua", json!({ "official_id": head })).await.unwrap();
        assert_eq!(offered.iter().filter_map(|o| o["id"].as_i64()).collect::<Vec<_>>(), vec![bupati]);
        let refused = app.call::<Vec<Value>>(&p.outsider, "list_pihak_kedua", json!({ "official_id": head })).await;
        assert_eq!(refused.err(), Some(AppError::Forbidden), "another PD's planner may not ask");
    })
    .await;
}

/// The Disdik chain: the Kepala Dinas's PK 2026 (agreed with the Bupati) with two indicators,
/// `u1` and `u2`, and a Kabid who has no PK yet.
struct Chain {
    p: People,
    head: i64,
    kabid: i64,
    upper: i64,
}

async fn chain(app: &TestApp) -> Chain {
    let p = people(app).await;
    let bupati = new_official(app, None, Eselon::KepalaDaerah, "Bupati Uji");
    let head = official(app, p.disdik);
    let kabid = new_official(app, Some(p.disdik), Eselon::IIIb, "Kepala Bidang Pembinaan SD");
    let upper = create_pk(app, &p.planner, Some(p.disdik), head, Some(bupati), "PK Kepala Dinas 2026").await.unwrap();
    let upper_rows = PkContent {
        rows: vec![row("u1", "Angka partisipasi murni SD", "97,5"), row("u2", "Rata-rata lama sekolah", "8,5")],
        ..PkContent::default()
    };
    save(app, &p.planner, upper, &upper_rows).await.unwrap();
    Chain { p, head, kabid, upper }
}

#[tokio::test]
async fn a_lower_pk_links_each_indicator_to_the_upper_pk_and_is_submitted_only_when_all_are_linked() {
    on_each_backend(async |app| {
        let Chain { p, head, kabid, upper } = chain(&app).await;

        let id = create_pk(&app, &p.planner, Some(p.disdik), kabid, Some(head), "PK Kabid SD 2026").await.unwrap();
        let d = detail(&app, &p.planner, id).await;
        let chain = d.pk.clone().unwrap();
        assert_eq!(
            chain.upper.map(|u| u.document_id),
            Some(upper),
            "the upper PK is found by the pihak kedua and the year"
        );
        let choices = d.serves.expect("the links point at the upper PK").choices;
        assert_eq!(choices.len(), 2);
        assert_eq!(choices[0], (format!("{upper}/u1"), "1. Angka partisipasi murni SD (97,5 %)".to_owned()));

        // Both tables, a target that is a grade, and a level the client cannot change.
        let mut content = PkContent {
            level: PkLevel::KepalaDaerah,
            rows: vec![
                row("a", "APM SD kecamatan binaan", "98"),
                PkRow { target: Target::parse("BB").ok(), ..row("b", "Nilai SAKIP bidang", "1") },
            ],
            anggaran: vec![PkAnggaranRow {
                key: NodeKey::new("g1"),
                uraian: "Pengelolaan Pendidikan SD".into(),
                anggaran: Some(2_750_000_000),
                keterangan: "APBD".into(),
            }],
        };
        content.rows[0].acuan = Some(Acuan { document_id: upper, node: NodeKey::new("gone") });
        let refused = save(&app, &p.planner, id, &content).await;
        let anchor = Anchor::Field { node: NodeKey::new("a"), field: Field::Acuan }.encode();
        assert!(field_error(&refused, &anchor).is_some_and(|m| m.contains("tidak ada dalam PK atasan")), "{refused:?}");

        content.rows[0].acuan = Some(Acuan { document_id: upper, node: NodeKey::new("u1") });
        save(&app, &p.planner, id, &content).await.unwrap();
        let saved = pk_of(&detail(&app, &p.planner, id).await);
        assert_eq!(saved.level, PkLevel::EselonIII, "the level stays the official's");
        assert_eq!(saved.total_anggaran(), 2_750_000_000);
        assert_eq!(saved.rows[1].target, Some(Target::Predikat("BB".into())));

        let early = act(&app, &p.planner, id, Action::Submit, "", None).await;
        let missing = Anchor::Field { node: NodeKey::new("b"), field: Field::Acuan }.encode();
        let message =
            early.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(&missing)).map(|m| m.id.clone());
        assert!(message.is_some_and(|m| m.contains("pilih indikator PK atasan")), "{early:?}");

        content.rows[1].acuan = Some(Acuan { document_id: upper, node: NodeKey::new("u2") });
        save(&app, &p.planner, id, &content).await.unwrap();
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
        let frozen = pk_of(&detail(&app, &p.kabag, id).await);
        assert!(frozen.rows.iter().all(|r| r.acuan.as_ref().is_some_and(|a| a.document_id == upper)));
    })
    .await;
}

#[tokio::test]
async fn next_years_pk_starts_from_this_years_with_its_links_moved_to_next_years_upper_pk() {
    on_each_backend(async |app| {
        let Chain { p, head, kabid, upper } = chain(&app).await;
        let id = create_pk(&app, &p.planner, Some(p.disdik), kabid, Some(head), "PK Kabid SD 2026").await.unwrap();
        let mut content = PkContent {
            rows: vec![row("a", "APM SD binaan", "98"), row("b", "RLS binaan", "8,6")],
            anggaran: vec![PkAnggaranRow {
                key: NodeKey::new("g1"),
                uraian: "Pengelolaan Pendidikan SD".into(),
                anggaran: Some(2_750_000_000),
                keterangan: "APBD".into(),
            }],
            ..PkContent::default()
        };
        content.rows[0].acuan = Some(Acuan { document_id: upper, node: NodeKey::new("u1") });
        content.rows[1].acuan = Some(Acuan { document_id: upper, node: NodeKey::new("u2") });
        save(&app, &p.planner, id, &content).await.unwrap();

        // The head's PK moves on first; next year it drops the second indicator.
        let upper_next: i64 = app.call(&p.planner, "copy_document_forward", json!({ "id": upper })).await.unwrap();
        let d = detail(&app, &p.planner, upper_next).await;
        assert_eq!(
            (d.row.judul.as_str(), d.row.tahun, d.row.state),
            ("PK Kepala Dinas 2027", Some(2027), State::Draft)
        );
        let mut next_rows = pk_of(&d);
        next_rows.rows.retain(|r| r.key.as_str() == "u1");
        save(&app, &p.planner, upper_next, &next_rows).await.unwrap();

        let next: i64 = app.call(&p.planner, "copy_document_forward", json!({ "id": id })).await.unwrap();
        let d = detail(&app, &p.planner, next).await;
        assert_eq!(d.row.judul, "PK Kabid SD 2027");
        let copied = pk_of(&d);
        assert_eq!(copied.level, PkLevel::EselonIII);
        assert_eq!(copied.rows[0].acuan, Some(Acuan { document_id: upper_next, node: NodeKey::new("u1") }));
        assert_eq!(
            copied.rows[1].acuan, None,
            "next year's upper PK no longer has that indicator: the planner chooses"
        );
        assert_eq!(
            (copied.rows[1].target.clone(), copied.total_anggaran()),
            (Target::parse("8,6").ok(), 2_750_000_000)
        );
        assert_eq!(d.pk.and_then(|c| c.upper).map(|u| u.document_id), Some(upper_next));
        assert_eq!(pk_of(&detail(&app, &p.planner, id).await).rows, content.rows, "this year's PK is untouched");

        let again = app.call::<i64>(&p.planner, "copy_document_forward", json!({ "id": id })).await;
        assert!(
            field_error(&again, "official_id").is_some_and(|m| m.contains("sudah mempunyai PK tahun 2027")),
            "{again:?}"
        );
        let outsider = app.call::<i64>(&p.outsider, "copy_document_forward", json!({ "id": id })).await;
        assert_eq!(outsider.err(), Some(AppError::Forbidden));
    })
    .await;
}
