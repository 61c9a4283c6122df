//! A revision of an agreed document — a PK Perubahan: the kabag reopens an approved PK as a
//! new version line with its reason and date; for a change of official the new official takes
//! over, checked like a new PK's party; the first line's version stays as it was — on SQLite and
//! PostgreSQL.

use akuntabel_app::api::types::DocumentDetail;
use akuntabel_app::domain::format::CivilDate;
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::perubahan::AlasanPerubahan;
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use akuntabel_tests::review::{act, detail, new_official, people, submitted_pk};
use akuntabel_tests::{Session, TestApp, on_each_backend};
use serde_json::{Value, json};

async fn reopen(app: &TestApp, s: &Session, id: i64, note: &str, perubahan: Value) -> Result<State, AppError> {
    app.call(
        s,
        "act_on_document",
        json!({ "id": id, "action": "Reopen", "note": note, "assignee": null, "perubahan": perubahan }),
    )
    .await
}

/// The page of version `versi` of document `id`.
async fn read(app: &TestApp, s: &Session, id: i64, versi: i64) -> Result<DocumentDetail, AppError> {
    app.call(s, "get_document", json!({ "id": id, "versi": versi })).await
}

fn field_error(result: &Result<State, AppError>, field: &str) -> Option<String> {
    result.as_ref().err().and_then(|e| e.field_errors()).and_then(|f| f.get(field)).map(|m| m.id.clone())
}

async fn approved_pk(app: &TestApp, p: &akuntabel_tests::review::People) -> i64 {
    let id = submitted_pk(app, p).await;
    act(app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
    act(app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
    assert_eq!(act(app, &p.reviewer, id, Action::Approve, "Sesuai", None).await, Ok(State::Approved));
    id
}

#[tokio::test]
async fn a_pk_revised_for_a_new_official_names_them_from_then_on_and_its_first_line_stays_as_it_was() {
    on_each_backend(async |app| {
        let p = people(&app).await;
        let id = approved_pk(&app, &p).await;
        let before = detail(&app, &p.kabag, id).await;
        assert!(before.perubahan.is_empty());
        let first = before.versions.last().cloned().expect("the approved version");
        let successor = new_official(&app, Some(p.disdik), Eselon::IIIa, "Plt. Kepala Bidang Pembinaan SD");
        let kasi_early = new_official(&app, Some(p.disdik), Eselon::IVa, "Kepala Seksi Sarana");
        let offered: Vec<i64> = detail(&app, &p.kabag, id).await.successors.iter().map(|(o, _)| *o).collect();
        assert!(offered.contains(&successor), "the kabag's form offers the successor: {offered:?}");
        assert!(!offered.contains(&kasi_early), "not an official of another level");
        assert!(detail(&app, &p.planner, id).await.successors.is_empty(), "only to whoever may reopen");
        let revision = |official: Option<i64>| json!({ "alasan": "PergantianPejabat", "tanggal": "2026-07-01", "official_id": official });

        // The PK's action plan, made before the revision.
        let kabid = before.pk.as_ref().and_then(|c| c.official_id).expect("the PK's official");
        let plan: i64 = app
            .call(
                &p.planner,
                "create_document",
                json!({ "input": { "doc_type": "RencanaAksi", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": kabid, "judul": "Rencana Aksi Kepala Bidang Pembinaan SD 2026" } }),
            )
            .await
            .unwrap();

        // A PK one level below, agreed with the PK's official.
        let kasi_lower = new_official(&app, Some(p.disdik), Eselon::IVa, "Kepala Seksi Kurikulum SD");
        let below_pk: i64 = app
            .call(
                &p.planner,
                "create_document",
                json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": kasi_lower, "pihak_kedua_id": kabid, "judul": "PK Kepala Seksi Kurikulum SD 2026" } }),
            )
            .await
            .unwrap();
        assert_eq!(detail(&app, &p.planner, below_pk).await.pk.and_then(|c| c.upper).map(|u| u.document_id), Some(id));

        // Refused, each with its reason: no new official named; one of another level; one who
        // already has a PK this year; a date still to come; a planner instead of the kabag.
        let none = reopen(&app, &p.kabag, id, "Mutasi 1 Juli", revision(None)).await;
        assert!(field_error(&none, "official_id").is_some_and(|m| m.contains("pilih pejabat baru")), "{none:?}");
        let kasi = new_official(&app, Some(p.disdik), Eselon::IVa, "Kepala Seksi Kurikulum");
        let lower = reopen(&app, &p.kabag, id, "Mutasi 1 Juli", revision(Some(kasi))).await;
        assert!(field_error(&lower, "official_id").is_some_and(|m| m.contains("setingkat")), "{lower:?}");
        let busy = new_official(&app, Some(p.disdik), Eselon::IIIb, "Kepala Bidang PAUD");
        let head = before.pk.as_ref().and_then(|c| c.pihak_kedua.clone()).expect("a pihak kedua");
        let head_id = akuntabel_tests::review::official(&app, p.disdik);
        let _: i64 = app
            .call(
                &p.planner,
                "create_document",
                json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": busy, "pihak_kedua_id": head_id, "judul": "PK Kepala Bidang PAUD 2026" } }),
            )
            .await
            .unwrap();
        let taken = reopen(&app, &p.kabag, id, "Mutasi 1 Juli", revision(Some(busy))).await;
        assert!(field_error(&taken, "official_id").is_some_and(|m| m.contains("sudah mempunyai PK tahun 2026")), "{taken:?}");
        let later = json!({ "alasan": "ApbdPerubahan", "tanggal": "2999-01-01", "official_id": null });
        let future = reopen(&app, &p.kabag, id, "APBD-P", later).await;
        assert!(field_error(&future, "tanggal").is_some_and(|m| m.contains("belum terjadi")), "{future:?}");
        assert_eq!(reopen(&app, &p.planner, id, "Mutasi", revision(Some(successor))).await, Err(AppError::Forbidden));
        assert_eq!(detail(&app, &p.kabag, id).await.row.state, State::Approved, "nothing changed");

        // Revised: a new line, the successor is the PK's official, the revision is listed.
        assert_eq!(reopen(&app, &p.kabag, id, "Mutasi 1 Juli", revision(Some(successor))).await, Ok(State::Draft));
        let after = detail(&app, &p.planner, id).await;
        assert_eq!(after.row.state, State::Draft);
        let chain = after.pk.clone().expect("a PK chain");
        assert_ne!(chain.pihak_pertama, before.pk.as_ref().and_then(|c| c.pihak_pertama.clone()), "the new official signs");
        assert_eq!(chain.official_id, Some(successor));
        assert_eq!(chain.pihak_kedua, Some(head), "the pihak kedua stays");
        let r = &after.perubahan[..];
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].line, r[0].alasan, r[0].tanggal), (2, AlasanPerubahan::PergantianPejabat, CivilDate::new(2026, 7, 1).unwrap()));
        assert_eq!(r[0].keterangan, "Mutasi 1 Juli");
        assert_eq!(r[0].pejabat_sebelumnya, before.pk.as_ref().and_then(|c| c.pihak_pertama.clone()));
        assert_eq!(r[0].pejabat_baru, chain.pihak_pertama);
        // The PK below now agrees with the new official: its upper PK is still this one.
        let below = detail(&app, &p.planner, below_pk).await.pk.expect("a PK chain");
        assert_eq!(below.upper.map(|u| u.document_id), Some(id));
        assert_eq!(below.pihak_kedua, chain.pihak_pertama);
        // The action plan follows its PK to the new official: still one plan, still linked.
        assert_eq!(chain.rencana_aksi.map(|l| l.document_id), Some(plan));
        assert_eq!(detail(&app, &p.planner, plan).await.row.official, after.row.official);
        // The first line's approved version is kept as it was, and reads as it was, read only.
        assert!(after.versions.iter().any(|v| v == &first), "{:?}", after.versions);
        let old = read(&app, &p.planner, id, first.number).await.unwrap();
        assert_eq!(old.viewing.as_ref(), Some(&first));
        assert_eq!(old.content, before.content, "the content frozen then");
        assert!(!old.can_edit && old.allowed_actions.is_empty() && !old.is_owner, "read only");
        assert_eq!(read(&app, &p.planner, id, 99).await.err(), Some(AppError::NotFound));
        assert_eq!(read(&app, &p.outsider, id, first.number).await.err(), Some(AppError::Forbidden));

        // Resubmitted, it is the second line's first version; a second revision for the budget
        // (no date: today) is the third line.
        assert_eq!(act(&app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
        let versions = detail(&app, &p.planner, id).await.versions;
        assert_eq!(versions.last().map(|v| v.line), Some(2));
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await.unwrap();
        let apbdp = json!({ "alasan": "ApbdPerubahan", "tanggal": "", "official_id": null });
        assert_eq!(reopen(&app, &p.kabag, id, "APBD Perubahan 2026", apbdp).await, Ok(State::Draft));
        let r = detail(&app, &p.planner, id).await.perubahan;
        assert_eq!(r.iter().map(|x| (x.line, x.alasan)).collect::<Vec<_>>(), [(2, AlasanPerubahan::PergantianPejabat), (3, AlasanPerubahan::ApbdPerubahan)]);
        assert_eq!(r[1].pejabat_baru, None, "the official stays for a budget revision");

        // A reopening without a revision (an older client) is "other", decided today.
        act(&app, &p.planner, id, Action::Submit, "", None).await.unwrap();
        act(&app, &p.kabag, id, Action::Assign, "", Some(p.reviewer_id)).await.unwrap();
        act(&app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
        act(&app, &p.reviewer, id, Action::Approve, "Sesuai", None).await.unwrap();
        assert_eq!(act(&app, &p.kabag, id, Action::Reopen, "Salah ketik", None).await, Ok(State::Draft));
        let last = detail(&app, &p.planner, id).await.perubahan.pop().unwrap();
        assert_eq!((last.line, last.alasan), (4, AlasanPerubahan::Lainnya));
    })
    .await;
}
