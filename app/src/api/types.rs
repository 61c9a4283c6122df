//! What the server sends to the interface: plain data, defined once, used on both sides.

use crate::domain::master::{
    ActingStatus, Eselon, OfficialInput, PdInput, PemdaInput, full_name, jabatan_with_status, pangkat_golongan,
};
use crate::domain::nip::display_nip;
use crate::domain::roles::{Grants, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub username: String,
    pub nama: String,
    pub grants: Grants,
    /// `(id, singkatan)` of the PDs named in the user's grants.
    pub pds: Vec<(i64, String)>,
    /// Unread inbox items, for the badge in the navigation.
    pub unread: i64,
    /// The password was set by an administrator: every page leads to the password page first.
    #[serde(default)]
    pub must_change_password: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PemdaProfile {
    pub data: PemdaInput,
    pub logo_sha256: Option<String>,
    /// False until an admin has saved the profile once.
    pub configured: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub singkatan: String,
    pub kepala_id: Option<i64>,
    pub kepala: Option<String>,
    pub active: bool,
    pub jumlah_pejabat: i64,
}

impl PdRow {
    pub fn input(&self) -> PdInput {
        PdInput {
            kode: self.kode.clone(),
            nama: self.nama.clone(),
            singkatan: self.singkatan.clone(),
            kepala_id: self.kepala_id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRow {
    pub id: i64,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    pub golongan: String,
    pub jabatan: String,
    pub eselon: Eselon,
    pub pd_id: Option<i64>,
    pub pd_singkatan: Option<String>,
    pub status: ActingStatus,
    pub active: bool,
}

impl OfficialRow {
    pub fn full_name(&self) -> String {
        full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }

    pub fn jabatan_display(&self) -> String {
        jabatan_with_status(self.status, &self.jabatan)
    }

    pub fn nip_display(&self) -> String {
        self.nip.as_deref().map(display_nip).unwrap_or_else(|| "–".into())
    }

    pub fn pangkat_display(&self) -> String {
        if self.golongan.is_empty() { "–".into() } else { pangkat_golongan(&self.golongan) }
    }

    pub fn input(&self) -> OfficialInput {
        OfficialInput {
            gelar_depan: self.gelar_depan.clone(),
            nama: self.nama.clone(),
            gelar_belakang: self.gelar_belakang.clone(),
            nip: self.nip.as_deref().map(display_nip).unwrap_or_default(),
            golongan: self.golongan.clone(),
            jabatan: self.jabatan.clone(),
            eselon: self.eselon,
            pd_id: self.pd_id,
            status: self.status,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub id: i64,
    pub role: Role,
    pub pd_id: Option<i64>,
    pub pd_singkatan: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub nama: String,
    pub email: Option<String>,
    pub active: bool,
    pub grants: Vec<GrantRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub id: i64,
    pub nama: String,
    pub tahun_awal: i32,
    pub tahun_akhir: i32,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub user: Option<String>,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub detail: String,
}

/// The figures on a dashboard, for the data that exists now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub pemda_nama: String,
    pub pd_aktif: i64,
    pub pejabat_aktif: i64,
    /// `(eselon label, count)` of active officials the user can see.
    pub pejabat_per_eselon: Vec<(String, i64)>,
    pub pengguna_aktif: Option<i64>,
    pub sesi_aktif: Option<i64>,
    pub login_gagal_24_jam: Option<i64>,
    pub periode_aktif: Option<PeriodRow>,
    /// PDs the user belongs to (PD-scoped roles), with their head.
    pub pd_saya: Vec<PdRow>,
    pub pd_tanpa_kepala: i64,
    pub audit_terakhir: Vec<AuditRow>,
}

// ---------------------------------------------------------------- Documents and reviews

use crate::domain::documents::DocumentType;
use crate::domain::format::CivilDate;
use crate::domain::model::{
    Anchor, CapaianSettings, CapaianSummary, Content, ContentDiff, Pembagian, PkLevel, Realisasi,
};
use crate::domain::perubahan::AlasanPerubahan;
use crate::domain::review::{SuggestionState, ThreadState};
use crate::domain::workflow::{Action, State};

/// A document to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDocument {
    pub doc_type: DocumentType,
    /// `None`: a document of the Pemda itself.
    pub pd_id: Option<i64>,
    pub tahun: Option<i32>,
    pub period_id: Option<i64>,
    pub official_id: Option<i64>,
    /// A PK's pihak kedua: the official's superior (none for the Bupati's own PK).
    #[serde(default)]
    pub pihak_kedua_id: Option<i64>,
    pub judul: String,
    /// A Rencana Aksi's division of the year (quarters when not given).
    #[serde(default)]
    pub pembagian: Option<Pembagian>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub doc_type: DocumentType,
    pub pd_id: Option<i64>,
    pub pd_singkatan: Option<String>,
    pub tahun: Option<i32>,
    pub official: Option<String>,
    pub judul: String,
    pub state: State,
    pub revision: i64,
    pub updated_at: i64,
    /// The due date of this document (set by the admin, or the regulation's default).
    pub due: Option<CivilDate>,
    /// Days until `due` (negative: overdue), counted on the server's clock in WIB.
    pub due_days_left: Option<i64>,
    /// Three months after the disposition, while the review is under way.
    pub service_due: Option<CivilDate>,
    pub service_days_left: Option<i64>,
    pub reviewers: Vec<String>,
}

/// One line of an overdue list: the document, how late, and whose move it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub row: DocumentRow,
    pub lateness: crate::domain::review::Lateness,
    pub waiting_on: Option<crate::domain::roles::Role>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    pub id: i64,
    pub sha256: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub mime: String,
    pub uploaded_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: i64,
    pub number: i64,
    pub line: i64,
    pub sha256: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub at: i64,
    pub user: String,
    pub action: Action,
    pub from: State,
    pub to: State,
    pub note: String,
    pub version: Option<i64>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRow {
    pub id: i64,
    pub number: i64,
    pub version: i64,
    pub reviewer: String,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub outcome: Option<Action>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRow {
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionRow {
    pub id: i64,
    pub anchor: Anchor,
    pub proposed: String,
    pub state: SuggestionState,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub id: i64,
    pub round: i64,
    /// The place the thread is written on.
    pub anchor: Anchor,
    pub state: ThreadState,
    /// Whether the asking user may resolve it (the reviewer who opened it, or the kabag).
    pub can_resolve: bool,
    pub version: i64,
    pub fixed_in_version: Option<i64>,
    /// The anchored place changed since the version the thread was written on.
    pub anchor_changed: bool,
    pub comments: Vec<CommentRow>,
    pub suggestion: Option<SuggestionRow>,
}

/// Another document: its id and title and, for the document a page's links point at, the
/// places they may name as the choices of the link column (`(Acuan::code, how it reads)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLink {
    pub document_id: i64,
    pub judul: String,
    pub choices: Vec<(String, String)>,
}

/// Where a PK stands in the chain of agreements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkChain {
    pub level: PkLevel,
    pub pihak_pertama: Option<String>,
    /// The position as signed, acting status first (`Plt. Kepala Dinas …`).
    pub pihak_pertama_jabatan: Option<String>,
    /// None for the Bupati's one-party statement.
    pub pihak_kedua: Option<String>,
    pub pihak_kedua_jabatan: Option<String>,
    /// The pihak kedua's PK of the same year, once it exists.
    pub upper: Option<DocLink>,
    /// The PKs one level below, whose pihak kedua is this PK's official.
    pub lower: Vec<DocLink>,
    /// The official whose PK it is.
    pub official_id: Option<i64>,
    /// The Rencana Aksi made from this PK, once it exists.
    pub rencana_aksi: Option<DocLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub row: DocumentRow,
    pub content: Content,
    pub files: Vec<FileRow>,
    pub versions: Vec<VersionRow>,
    pub events: Vec<EventRow>,
    pub rounds: Vec<RoundRow>,
    pub threads: Vec<ThreadView>,
    /// What changed between the version last reviewed and the newest version.
    pub diff: Option<(i64, i64, ContentDiff)>,
    pub allowed_actions: Vec<Action>,
    pub can_edit: bool,
    pub can_comment: bool,
    pub is_owner: bool,
    /// For a PK: its parties and its place in the chain of agreements.
    pub pk: Option<PkChain>,
    /// For a Rencana Aksi: its realisation and whether this user may enter more.
    #[serde(default)]
    pub renaksi: Option<RenaksiView>,
    /// The document this one's links point at (the upper PK, the RPJMD, the PD's Renstra),
    /// with the link column's choices.
    pub serves: Option<DocLink>,
    /// Its revisions (a PK Perubahan, a Renstra perubahan), the first first: one per version
    /// line after the first.
    #[serde(default)]
    pub perubahan: Vec<PerubahanRow>,
    /// The frozen version shown instead of the working copy (read only), if one was asked for.
    #[serde(default)]
    pub viewing: Option<VersionRow>,
    /// For a PK the kabag may reopen: who may take it over in a PK Perubahan for a change of
    /// official, as `(id, "name — post")`.
    #[serde(default)]
    pub successors: Vec<(i64, String)>,
}

/// One revision of a document: the line it started, why, when it was decided, the kabag's note,
/// for a PK whose official changed the officials before and after, and who started it when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerubahanRow {
    pub line: i64,
    pub alasan: AlasanPerubahan,
    pub tanggal: CivilDate,
    pub keterangan: String,
    pub pejabat_sebelumnya: Option<String>,
    pub pejabat_baru: Option<String>,
    pub oleh: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i64,
    pub document_id: Option<i64>,
    pub kind: String,
    pub message_id: String,
    pub message_en: String,
    pub created_at: i64,
    pub read: bool,
}

/// One PD's row of the completeness board: the state of each document type (`None`: missing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletenessRow {
    pub pd_id: i64,
    pub singkatan: String,
    pub nama: String,
    pub cells: Vec<(DocumentType, Option<State>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRow {
    pub doc_type: DocumentType,
    /// Set by the admin for this year.
    pub set: Option<CivilDate>,
    /// The regulation's default for a PD's document and for the Pemda's own.
    pub default_pd: Option<CivilDate>,
    pub default_pemda: Option<CivilDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineSettings {
    pub tahun: i32,
    /// The year lies in a period (only then can its DPA date be set).
    pub year_known: bool,
    pub tanggal_dpa: Option<CivilDate>,
    pub rows: Vec<DeadlineRow>,
}

/// One realisation entry, with who entered it and when (the latest of a row and period counts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealisasiRow {
    pub entry: Realisasi,
    pub oleh: String,
    pub at: i64,
}

/// A Rencana Aksi's realisation: every entry, oldest first; the Pemda's capaian settings; whether
/// this user may enter realisation now (the owner, once the plan is approved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenaksiView {
    pub entries: Vec<RealisasiRow>,
    pub settings: CapaianSettings,
    pub can_record: bool,
}

impl RenaksiView {
    /// The entries as the capaian engine reads them.
    pub fn realisasi(&self) -> Vec<Realisasi> {
        self.entries.iter().map(|e| e.entry.clone()).collect()
    }
}

/// One PD's capaian of a year so far, on the dashboards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapaianPdRow {
    /// `None`: the Pemda's own plans.
    pub pd_id: Option<i64>,
    pub pd: String,
    pub summary: CapaianSummary,
}
