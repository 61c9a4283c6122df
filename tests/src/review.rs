//! The review fixture: a Disdik planner, the kabag, a reviewer, the pimpinan and a Dinkes
//! planner, and a PK submitted by the planner — the start of every review story.

use crate::{Session, TestApp};
use akuntabel_app::api::types::{DocumentDetail, InboxItem};
use akuntabel_app::domain::master::Eselon;
use akuntabel_app::domain::model::{Content, NodeKey, PkContent, PkRow, Target};
use akuntabel_app::domain::roles::Role;
use akuntabel_app::domain::workflow::{Action, State};
use akuntabel_app::error::AppError;
use serde_json::json;

pub struct People {
    pub disdik: i64,
    pub planner: Session,
    pub kabag: Session,
    pub reviewer: Session,
    pub reviewer_id: i64,
    pub pimpinan: Session,
    pub outsider: Session,
}

pub async fn people(app: &TestApp) -> People {
    let disdik = app.pd("1.01", "Dinas Pendidikan", "Disdik");
    let dinkes = app.pd("1.02", "Dinas Kesehatan", "Dinkes");
    app.user("perencana", &[(Role::PerencanaPd, Some(disdik))]);
    app.user("kabag", &[(Role::KabagOrganisasi, None)]);
    let reviewer_id = app.user("reviewer", &[(Role::Reviewer, None)]);
    app.user("pimpinan", &[(Role::Pimpinan, None)]);
    app.user("orang.dinkes", &[(Role::PerencanaPd, Some(dinkes))]);
    People {
        disdik,
        planner: app.login("perencana").await,
        kabag: app.login("kabag").await,
        reviewer: app.login("reviewer").await,
        reviewer_id,
        pimpinan: app.login("pimpinan").await,
        outsider: app.login("orang.dinkes").await,
    }
}

/// The head of the PD (made once, then found again).
pub fn official(app: &TestApp, pd: i64) -> i64 {
    use akuntabel_app::domain::master::{ActingStatus, OfficialInput};
    let existing: Option<i64> = {
        use akuntabel_app::infra::schema::officials;
        use diesel::prelude::*;
        let mut conn = app.state.db.get().unwrap();
        akuntabel_app::with_conn!(&mut *conn, |c| officials::table
            .filter(officials::nip.eq("197005121995031002"))
            .filter(officials::pd_id.eq(pd))
            .select(officials::id)
            .first(c)
            .optional())
        .unwrap()
    };
    if let Some(id) = existing {
        return id;
    }
    let mut conn = app.state.db.get().unwrap();
    let input = OfficialInput {
        gelar_depan: "Drs.".into(),
        nama: "Ahmad Syarifuddin".into(),
        gelar_belakang: "M.Pd.".into(),
        nip: "197005121995031002".into(),
        golongan: "IV/c".into(),
        jabatan: "Kepala Dinas Pendidikan".into(),
        eselon: Eselon::IIb,
        pd_id: Some(pd),
        status: ActingStatus::Definitif,
    };
    let admin = app.user_id("admin.data").unwrap_or_else(|| app.user("admin.data", &[(Role::Admin, None)]));
    akuntabel_app::service::master::create_official(&mut conn, admin, &input).unwrap()
}

pub fn row(key: &str, indikator: &str, target: &str) -> PkRow {
    PkRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya mutu pendidikan".into(),
        indikator: indikator.into(),
        target: Some(Target::parse(target).expect("a valid target")),
        satuan: "%".into(),
        acuan: None,
    }
}

/// The rows of a PK's content (empty for any other content).
pub fn pk_rows(content: &Content) -> &[PkRow] {
    match content {
        Content::Pk(pk) => &pk.rows,
        _ => &[],
    }
}

pub async fn act(
    app: &TestApp,
    s: &Session,
    id: i64,
    action: Action,
    note: &str,
    assignee: Option<i64>,
) -> Result<State, AppError> {
    app.call(s, "act_on_document", json!({ "id": id, "action": action, "note": note, "assignee": assignee })).await
}

/// Saves `content` as the working copy at the revision the document has now.
pub async fn save_working(app: &TestApp, s: &Session, id: i64, content: Content) -> Result<i64, AppError> {
    let revision = detail(app, s, id).await.row.revision;
    app.call(s, "save_document", json!({ "id": id, "revision": revision, "judul": "", "content": content })).await
}

/// The owner `s` accepts the suggestion made in `thread` of document `id`.
pub async fn accept_suggestion(app: &TestApp, s: &Session, id: i64, thread: i64) {
    let d = detail(app, s, id).await;
    let suggestion =
        d.threads.iter().find(|t| t.id == thread).and_then(|t| t.suggestion.clone()).expect("a suggestion");
    let () = app
        .call(s, "decide_suggestion", json!({ "suggestion_id": suggestion.id, "accept": true, "reason": "" }))
        .await
        .unwrap();
}

/// One review round ending in an accepted suggestion: the reviewer comments on `field` of row
/// `node` with a `proposed` value and asks for changes, the planner accepts the suggestion and
/// resubmits, and the reviewer starts the next round. The thread's id.
pub async fn round_with_accepted_suggestion(
    app: &TestApp,
    p: &People,
    id: i64,
    (node, field): (&str, &str),
    body: &str,
    proposed: &str,
) -> i64 {
    let anchor = json!({ "Field": { "node": node, "field": field } });
    let thread: i64 = app
        .call(
            &p.reviewer,
            "add_comment",
            json!({ "document_id": id, "anchor": anchor, "body": body, "proposed": proposed }),
        )
        .await
        .unwrap();
    act(app, &p.reviewer, id, Action::RequestChanges, "lihat catatan", None).await.unwrap();
    accept_suggestion(app, &p.planner, id, thread).await;
    assert_eq!(act(app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
    act(app, &p.reviewer, id, Action::StartReview, "", None).await.unwrap();
    thread
}

/// A new IKU of Disdik for `period`, by its planner.
pub async fn new_iku(app: &TestApp, p: &People, period: i64) -> i64 {
    app.call(
        &p.planner,
        "create_document",
        json!({ "input": { "doc_type": "Iku", "pd_id": p.disdik, "tahun": null, "period_id": period, "official_id": null, "judul": "IKU Dinas Pendidikan 2025–2029" } }),
    )
    .await
    .unwrap()
}

pub async fn detail(app: &TestApp, s: &Session, id: i64) -> DocumentDetail {
    app.call(s, "get_document", json!({ "id": id })).await.unwrap()
}

pub async fn inbox_kinds(app: &TestApp, s: &Session) -> Vec<String> {
    let (items, _): (Vec<InboxItem>, i64) = app.call(s, "get_inbox", json!({})).await.unwrap();
    items.into_iter().map(|i| i.kind).collect()
}

/// One more official of a PD (or of the Pemda, `pd: None`) at `eselon`, with a NIP of their own.
pub fn new_official(app: &TestApp, pd: Option<i64>, eselon: Eselon, jabatan: &str) -> i64 {
    use akuntabel_app::domain::master::{ActingStatus, OfficialInput};
    let mut conn = app.state.db.get().unwrap();
    let count: i64 = {
        use akuntabel_app::infra::schema::officials;
        use diesel::prelude::*;
        akuntabel_app::with_conn!(&mut *conn, |c| officials::table.count().get_result(c)).unwrap()
    };
    let pejabat_negara = eselon == Eselon::KepalaDaerah;
    let input = OfficialInput {
        nama: format!("Pejabat {}", count + 1),
        nip: if pejabat_negara { String::new() } else { format!("197803142005011{:03}", count + 100) },
        golongan: if pejabat_negara { String::new() } else { "III/d".into() },
        jabatan: jabatan.into(),
        eselon,
        pd_id: pd,
        status: ActingStatus::Definitif,
        ..OfficialInput::default()
    };
    let admin = app.user_id("admin.data").unwrap_or_else(|| app.user("admin.data", &[(Role::Admin, None)]));
    akuntabel_app::service::master::create_official(&mut conn, admin, &input).unwrap()
}

/// A PK of one more Administrator of Disdik (pihak kedua: the head of the PD), drafted with two
/// rows and submitted; returns its id. Each call makes a new official: one PK per official a year.
pub async fn submitted_pk(app: &TestApp, p: &People) -> i64 {
    let head = official(app, p.disdik);
    let kabid = new_official(app, Some(p.disdik), Eselon::IIIb, "Kepala Bidang Pembinaan SD");
    let id: i64 = app
        .call(
            &p.planner,
            "create_document",
            json!({ "input": { "doc_type": "PerjanjianKinerja", "pd_id": p.disdik, "tahun": 2026, "period_id": null, "official_id": kabid, "pihak_kedua_id": head, "judul": "PK Kepala Bidang Pembinaan SD 2026" } }),
        )
        .await
        .unwrap();
    let content = Content::Pk(PkContent {
        rows: vec![row("a", "Angka partisipasi murni SD", "95"), row("b", "Rata-rata lama sekolah", "8,5")],
        ..PkContent::default()
    });
    let revision: i64 = app
        .call(&p.planner, "save_document", json!({ "id": id, "revision": 1, "judul": "", "content": content }))
        .await
        .unwrap();
    assert_eq!(revision, 2);
    assert_eq!(act(app, &p.planner, id, Action::Submit, "", None).await, Ok(State::Submitted));
    id
}
