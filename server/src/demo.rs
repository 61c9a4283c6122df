//! The demo Pemda: Kabupaten Ogan Komering Ilir (the seed documents' own regency) with sixteen
//! Perangkat Daerah, their officials, one period, and one user per role. Loading twice changes
//! nothing; the logins are printed either way.

mod renstra;
mod rpjmd;

use akuntabel_app::domain::capaian::Aggregation;
use akuntabel_app::domain::master::{ActingStatus, Eselon, OfficialInput, PdInput, PemdaInput, PeriodInput};
use akuntabel_app::domain::model::{
    Acuan, Anchor, Content, Field, IkuRow, NodeKey, Pembagian, Periode, PkAnggaranRow, PkContent, PkLevel, PkRow,
    Polaritas, RealisasiInput, RencanaAksiContent, Structured, Target,
};
use akuntabel_app::domain::nip::Nip;
use akuntabel_app::domain::roles::{Grant, Role};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::auth::{self, SessionUser};
use akuntabel_app::infra::db::DbConn;
use akuntabel_app::infra::password;
use akuntabel_app::infra::schema::perangkat_daerah;
use akuntabel_app::service::{master, users};
use akuntabel_app::with_conn;
use diesel::prelude::*;

/// Every demo account shares this password (printed by `akuntabel demo`).
pub const DEMO_PASSWORD: &str = "demo-akuntabel";

#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub pd: Option<String>,
}

/// `(kode, nama, singkatan, head's jabatan)`
const PDS: [(&str, &str, &str, &str); 16] = [
    ("1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "Disdik", "Kepala Dinas Pendidikan"),
    ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes", "Kepala Dinas Kesehatan"),
    (
        "1.03.0.00.0.00.01.0000",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "PUPR",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
    ),
    ("1.05.0.00.0.00.01.0000", "Satuan Polisi Pamong Praja", "Satpol PP", "Kepala Satuan Polisi Pamong Praja"),
    ("1.06.0.00.0.00.01.0000", "Dinas Sosial", "Dinsos", "Kepala Dinas Sosial"),
    ("2.11.0.00.0.00.01.0000", "Dinas Lingkungan Hidup", "DLH", "Kepala Dinas Lingkungan Hidup"),
    (
        "2.16.0.00.0.00.01.0000",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "Kepala Dinas Komunikasi dan Informatika",
    ),
    (
        "3.27.0.00.0.00.01.0000",
        "Dinas Pertanian dan Ketahanan Pangan",
        "Distankp",
        "Kepala Dinas Pertanian dan Ketahanan Pangan",
    ),
    ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah", "Setda", "Sekretaris Daerah"),
    ("4.02.0.00.0.00.01.0000", "Sekretariat DPRD", "Setwan", "Sekretaris DPRD"),
    (
        "5.01.0.00.0.00.01.0000",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "Kepala Badan Perencanaan Pembangunan Daerah",
    ),
    (
        "5.02.0.00.0.00.01.0000",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
    ),
    (
        "5.03.0.00.0.00.01.0000",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ),
    ("6.01.0.00.0.00.01.0000", "Inspektorat Daerah", "Inspektorat", "Inspektur Daerah"),
    ("7.01.0.00.0.00.01.0001", "Kecamatan Kayuagung", "Kec. Kayuagung", "Camat Kayuagung"),
    ("7.01.0.00.0.00.01.0002", "Kecamatan Tanjung Lubuk", "Kec. Tanjung Lubuk", "Camat Tanjung Lubuk"),
];

/// `(gelar depan, nama, gelar belakang, gender 1|2)` of the sixteen heads, in `PDS` order.
const HEADS: [(&str, &str, &str, u8); 16] = [
    ("Drs. H.", "Ahmad Syarifuddin", "M.Pd.", 1),
    ("dr.", "Rina Marlina", "M.Kes.", 2),
    ("Ir.", "Hendra Gunawan", "M.T.", 1),
    ("", "Bambang Sutrisno", "S.Sos., M.Si.", 1),
    ("Hj.", "Nurhayati", "S.E., M.M.", 2),
    ("", "Dedi Kurniawan", "S.T., M.Si.", 1),
    ("", "Yusuf Hidayat", "S.Kom., M.T.I.", 1),
    ("Ir.", "Siti Aminah", "M.P.", 2),
    ("Dr. H.", "Husin", "S.Pd., M.M.", 1),
    ("", "Agus Salim", "S.H., M.H.", 1),
    ("Dr.", "Fitriani", "S.E., M.Si.", 2),
    ("", "Rudi Hartono", "S.E., Ak., M.Si.", 1),
    ("", "Dewi Sartika", "S.Psi., M.Si.", 2),
    ("", "Muhammad Rizal", "S.H., M.H.", 1),
    ("", "Joni Iskandar", "S.STP., M.Si.", 1),
    ("", "Lestari Wulandari", "S.IP.", 2),
];

/// A valid NIP: born in `year` on a date derived from `seed`, appointed 24 years later.
fn nip(seed: usize, year: i32, gender: u8) -> String {
    let month = (seed % 12) as u32 + 1;
    let day = (seed * 7 % 28) as u32 + 1;
    let appointed = year + 24;
    let appointed_month = (seed * 5 % 12) as u32 + 1;
    let text = format!("{year:04}{month:02}{day:02}{appointed:04}{appointed_month:02}{gender}{:03}", seed % 999 + 1);
    Nip::parse(&text).map(|n| n.as_str().to_owned()).unwrap_or(text)
}

/// `(gelar depan, nama, gelar belakang)`
type Names<'a> = (&'a str, &'a str, &'a str);

fn official(
    (gelar_depan, nama, gelar_belakang): Names<'_>,
    nip: String,
    golongan: &str,
    jabatan: &str,
    eselon: Eselon,
    pd_id: Option<i64>,
    status: ActingStatus,
) -> OfficialInput {
    OfficialInput {
        gelar_depan: gelar_depan.into(),
        nama: nama.into(),
        gelar_belakang: gelar_belakang.into(),
        nip,
        golongan: golongan.into(),
        jabatan: jabatan.into(),
        eselon,
        pd_id,
        status,
    }
}

/// Officials below two heads, so that later PKs have somebody to cascade to.
struct Staff {
    pd: &'static str,
    names: Names<'static>,
    gender: u8,
    golongan: &'static str,
    jabatan: &'static str,
    eselon: Eselon,
}

const STAFF: [Staff; 10] = [
    Staff {
        pd: "Disdik",
        names: ("", "Yusnidar", "S.Pd., M.Pd."),
        gender: 2,
        golongan: "IV/a",
        jabatan: "Kepala Bidang Pembinaan Sekolah Menengah Pertama",
        eselon: Eselon::IIIb,
    },
    Staff {
        pd: "Disdik",
        names: ("", "Syamsul Bahri", "S.Pd., M.M."),
        gender: 1,
        golongan: "III/c",
        jabatan: "Sekretaris Dinas Pendidikan",
        eselon: Eselon::IIIa,
    },
    Staff {
        pd: "Disdik",
        names: ("", "Maryati", "S.Pd., M.Pd."),
        gender: 2,
        golongan: "III/b",
        jabatan: "Kepala Bidang Pembinaan Sekolah Dasar",
        eselon: Eselon::IIIb,
    },
    Staff {
        pd: "Disdik",
        names: ("", "Andi Saputra", "S.Kom."),
        gender: 1,
        golongan: "III/a",
        jabatan: "Kepala Sub Bagian Perencanaan dan Pelaporan",
        eselon: Eselon::IVa,
    },
    Staff {
        pd: "Disdik",
        names: ("", "Putri Handayani", "A.Md."),
        gender: 2,
        golongan: "II/c",
        jabatan: "Pengadministrasi Perencanaan",
        eselon: Eselon::Pelaksana,
    },
    Staff {
        pd: "Dinkes",
        names: ("dr.", "Bayu Pratama", "M.K.M."),
        gender: 1,
        golongan: "III/c",
        jabatan: "Sekretaris Dinas Kesehatan",
        eselon: Eselon::IIIa,
    },
    Staff {
        pd: "Dinkes",
        names: ("", "Yuliana", "S.K.M."),
        gender: 2,
        golongan: "III/a",
        jabatan: "Kepala Sub Bagian Program dan Pelaporan",
        eselon: Eselon::IVa,
    },
    Staff {
        pd: "Setda",
        names: ("", "Heri Setiawan", "S.STP., M.Si."),
        gender: 1,
        golongan: "IV/a",
        jabatan: "Kepala Bagian Organisasi",
        eselon: Eselon::IIIa,
    },
    Staff {
        pd: "Setda",
        names: ("", "Novi Anggraini", "S.E."),
        gender: 2,
        golongan: "III/b",
        jabatan: "Analis Kebijakan Ahli Muda",
        eselon: Eselon::Fungsional,
    },
    Staff {
        pd: "Inspektorat",
        names: ("", "Taufik Rahman", "S.E., M.Ak."),
        gender: 1,
        golongan: "IV/a",
        jabatan: "Inspektur Pembantu Wilayah I",
        eselon: Eselon::IIIa,
    },
];

/// Loads the demo data into an empty database; returns the demo logins.
pub fn load(conn: &mut DbConn) -> Result<Vec<DemoLogin>, AppError> {
    let logins = logins();
    let existing: i64 = with_conn!(conn, |c| perangkat_daerah::table.count().get_result(c))?;
    if existing > 0 {
        return Ok(logins);
    }
    let actor = None::<i64>;
    let hash = password::hash_password(DEMO_PASSWORD).map_err(|_| AppError::Internal)?;
    // The first user is the admin; everything else is recorded as done by them.
    let admin =
        users::create_user(conn, actor, "admin", "Admin Akuntabel", Some("admin@akuntabel.test"), &hash.0, false)?;
    users::add_grant(conn, Some(admin), admin, Grant { role: Role::Admin, pd_id: None })?;

    master::save_pemda(
        conn,
        admin,
        &PemdaInput {
            nama: "Pemerintah Kabupaten Ogan Komering Ilir".into(),
            jabatan_kepala_daerah: "Bupati Ogan Komering Ilir".into(),
            kota_ttd: "Kayuagung".into(),
            alamat: "Jl. Letjen Singadekane No. 01, Kelurahan Jua-Jua, Kayuagung, Sumatera Selatan".into(),
            telepon: "(0712) 321000".into(),
            email: "organisasi.oki@gmail.com".into(),
            laman: "https://www.okikab.go.id".into(),
        },
    )?;
    let period = master::create_period(
        conn,
        admin,
        &PeriodInput { nama: "RPJMD 2025–2029".into(), tahun_awal: 2025, tahun_akhir: 2029 },
    )?;

    let bupati = master::create_official(
        conn,
        admin,
        &official(
            ("", "Muchendi Mahzareki", "S.E., M.Si."),
            String::new(),
            "",
            "Bupati Ogan Komering Ilir",
            Eselon::KepalaDaerah,
            None,
            ActingStatus::Definitif,
        ),
    )?;
    master::create_official(
        conn,
        admin,
        &official(
            ("", "Supriyanto", "S.H."),
            String::new(),
            "",
            "Wakil Bupati Ogan Komering Ilir",
            Eselon::WakilKepalaDaerah,
            None,
            ActingStatus::Definitif,
        ),
    )?;

    let mut pd_ids = Vec::new();
    let mut heads: Vec<(&str, i64)> = Vec::new();
    for (i, ((kode, nama, singkatan, jabatan), (depan, orang, belakang, gender))) in
        PDS.iter().zip(HEADS.iter()).enumerate()
    {
        let pd_id = master::create_pd(
            conn,
            admin,
            &PdInput { kode: (*kode).into(), nama: (*nama).into(), singkatan: (*singkatan).into(), kepala_id: None },
        )?;
        let is_camat = kode.starts_with("7.");
        let (golongan, eselon) = match (*singkatan, is_camat) {
            ("Setda", _) => ("IV/d", Eselon::IIa),
            (_, true) => ("III/d", Eselon::IIIa),
            _ => ("IV/c", Eselon::IIb),
        };
        // One head is acting (Plt.), as happens between appointments.
        let status = if *singkatan == "DLH" { ActingStatus::Plt } else { ActingStatus::Definitif };
        let head: i64 = master::create_official(
            conn,
            admin,
            &official(
                (depan, orang, belakang),
                nip(i + 1, 1968 + (i as i32 % 7), *gender),
                golongan,
                jabatan,
                eselon,
                Some(pd_id),
                status,
            ),
        )?;
        master::update_pd(
            conn,
            admin,
            pd_id,
            &PdInput {
                kode: (*kode).into(),
                nama: (*nama).into(),
                singkatan: (*singkatan).into(),
                kepala_id: Some(head),
            },
        )?;
        pd_ids.push((*singkatan, pd_id));
        heads.push((*singkatan, head));
    }
    let pd = |name: &str| pd_ids.iter().find(|(s, _)| *s == name).map(|(_, id)| *id);

    let mut staff_ids: Vec<(&str, i64)> = Vec::new();
    for (i, staff) in STAFF.iter().enumerate() {
        let nip = nip(40 + i, 1975 + (i as i32 % 12), staff.gender);
        let id = master::create_official(
            conn,
            admin,
            &official(
                staff.names,
                nip,
                staff.golongan,
                staff.jabatan,
                staff.eselon,
                pd(staff.pd),
                ActingStatus::Definitif,
            ),
        )?;
        staff_ids.push((staff.jabatan, id));
    }

    let mut user_ids: Vec<(String, i64)> = Vec::new();
    for login in logins.iter().filter(|l| l.role != Role::Admin) {
        let nama = match (login.role, login.pd.as_deref()) {
            (Role::PerencanaPd, Some(p)) => format!("Perencana {p}"),
            (Role::KepalaPd, Some(p)) => format!("Kepala {p}"),
            (role, _) => role.label().id,
        };
        // `.test` is reserved (RFC 6761): demo addresses can never reach a real mailbox.
        let email = format!("{}@akuntabel.test", login.username);
        let id = users::create_user(conn, Some(admin), &login.username, &nama, Some(&email), &hash.0, false)?;
        let pd_id = login.pd.as_deref().and_then(pd);
        users::add_grant(conn, Some(admin), id, Grant { role: login.role, pd_id })?;
        user_ids.push((login.username.clone(), id));
    }
    let staff = |jabatan: &str| staff_ids.iter().find(|(j, _)| *j == jabatan).map(|(_, id)| *id);
    let head = |pd: &str| heads.iter().find(|(p, _)| *p == pd).map(|(_, id)| *id);
    let ids = DemoIds {
        disdik: pd("Disdik").ok_or(AppError::Internal)?,
        dinkes: pd("Dinkes").ok_or(AppError::Internal)?,
        sekretaris_disdik: staff("Sekretaris Dinas Pendidikan").ok_or(AppError::Internal)?,
        kabid_sd: staff("Kepala Bidang Pembinaan Sekolah Dasar").ok_or(AppError::Internal)?,
        kepala_dinkes: head("Dinkes").ok_or(AppError::Internal)?,
        kepala_disdik: head("Disdik").ok_or(AppError::Internal)?,
        kasubbag_disdik: staff("Kepala Sub Bagian Perencanaan dan Pelaporan").ok_or(AppError::Internal)?,
        bupati,
        period,
    };
    documents(conn, admin, &user_ids, &ids)?;
    Ok(logins)
}

struct DemoIds {
    disdik: i64,
    dinkes: i64,
    sekretaris_disdik: i64,
    kabid_sd: i64,
    kepala_dinkes: i64,
    kepala_disdik: i64,
    kasubbag_disdik: i64,
    bupati: i64,
    /// RPJMD 2025–2029.
    period: i64,
}

/// A demo user acting as if logged in.
fn acting(conn: &mut DbConn, users: &[(String, i64)], username: &str) -> Result<SessionUser, AppError> {
    let user_id = users.iter().find(|(u, _)| u == username).map(|(_, id)| *id).ok_or(AppError::Internal)?;
    Ok(SessionUser {
        session_id: 0,
        user_id,
        username: username.to_owned(),
        nama: username.to_owned(),
        grants: auth::load_grants(conn, user_id)?,
        must_change_password: false,
    })
}

/// An IKU of a PD for the period, started from the PD's Renstra (a row for each sasaran
/// indicator, linked to it); each row whose indicator `manual` names gets that entry's manual
/// (definisi operasional, formulasi, …), and the draft is saved.
fn iku(
    conn: &mut DbConn,
    by: &SessionUser,
    pd: i64,
    period: i64,
    judul: &str,
    manual: &[IkuRow],
) -> Result<i64, AppError> {
    use akuntabel_app::domain::documents::DocumentType;

    let id = plan(conn, by, DocumentType::Iku, Some(pd), period, judul, None)?;
    let Content::Iku(mut content) = akuntabel_app::infra::repo::documents::load(conn, id)?.content else {
        return Err(AppError::Internal);
    };
    for row in &mut content.rows {
        if let Some(m) = manual.iter().find(|m| m.indikator == row.indikator) {
            *row = IkuRow {
                key: row.key.clone(),
                sasaran: row.sasaran.clone(),
                indikator: row.indikator.clone(),
                satuan: row.satuan.clone(),
                baseline: row.baseline.clone(),
                targets: row.targets.clone(),
                acuan: row.acuan.clone(),
                ..m.clone()
            };
        }
    }
    akuntabel_app::service::documents::save_working(conn, by, id, 1, "", &Content::Iku(content))?;
    Ok(id)
}

/// A five-year plan of `pd` (the Pemda's own when `None`) for the period, made by `by` and,
/// given `content`, saved with it as its draft; its id.
fn plan(
    conn: &mut DbConn,
    by: &SessionUser,
    doc_type: akuntabel_app::domain::documents::DocumentType,
    pd: Option<i64>,
    period: i64,
    judul: &str,
    content: Option<Content>,
) -> Result<i64, AppError> {
    use akuntabel_app::api::types::NewDocument;
    use akuntabel_app::service::documents as docs;

    let input = NewDocument {
        doc_type,
        pd_id: pd,
        tahun: None,
        period_id: Some(period),
        official_id: None,
        pihak_kedua_id: None,
        judul: judul.into(),
        pembagian: None,
    };
    let id = docs::create(conn, by, &input)?;
    if let Some(content) = content {
        docs::save_working(conn, by, id, 1, "", &content)?;
    }
    Ok(id)
}

/// What most demo indicators share: higher is better, the year's last value counts, reported
/// every quarter.
fn iku_defaults() -> IkuRow {
    IkuRow {
        polaritas: Some(Polaritas::Positif),
        agregasi: Some(Aggregation::NilaiAkhir),
        periode_pelaporan: Some(Periode::Triwulanan),
        ..IkuRow::default()
    }
}

/// One demo PK as data: who drafts it, its parties, the upper PK it serves and its two tables.
struct DemoPk<'a> {
    by: &'a SessionUser,
    pd: Option<i64>,
    official: i64,
    pihak_kedua: Option<i64>,
    judul: &'a str,
    /// The upper PK whose rows the indicators serve (the RPJMD, for the Bupati's).
    upper: Option<i64>,
    indicators: &'a [Indicator<'a>],
    /// `(program / kegiatan, anggaran)`, all from the APBD.
    budget: &'a [(&'a str, i64)],
}

/// One row of a PK's first table.
struct Indicator<'a> {
    sasaran: &'a str,
    indikator: &'a str,
    target: &'a str,
    satuan: &'a str,
    /// The key of the upper PK's row it serves (the RPJMD indicator, for the Bupati's).
    serves: &'a str,
}

const fn ind<'a>(
    sasaran: &'a str,
    indikator: &'a str,
    target: &'a str,
    satuan: &'a str,
    serves: &'a str,
) -> Indicator<'a> {
    Indicator { sasaran, indikator, target, satuan, serves }
}

impl DemoPk<'_> {
    /// Creates the PK (its level comes from the official) and saves its two tables as the draft.
    fn draft(&self, conn: &mut DbConn) -> Result<i64, AppError> {
        use akuntabel_app::api::types::NewDocument;
        use akuntabel_app::domain::documents::DocumentType;
        use akuntabel_app::service::documents as docs;

        let input = NewDocument {
            doc_type: DocumentType::PerjanjianKinerja,
            pd_id: self.pd,
            tahun: Some(2026),
            period_id: None,
            official_id: Some(self.official),
            pihak_kedua_id: self.pihak_kedua,
            judul: self.judul.into(),
            pembagian: None,
        };
        let id = docs::create(conn, self.by, &input)?;
        let rows = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, r)| PkRow {
                key: NodeKey::new(format!("r{}", i + 1)),
                sasaran: r.sasaran.into(),
                indikator: r.indikator.into(),
                target: Target::parse(r.target).ok(),
                satuan: r.satuan.into(),
                acuan: self.upper.map(|document_id| Acuan { document_id, node: NodeKey::new(r.serves) }),
            })
            .collect();
        let anggaran = self
            .budget
            .iter()
            .enumerate()
            .map(|(i, (uraian, anggaran))| PkAnggaranRow {
                key: NodeKey::new(format!("a{}", i + 1)),
                uraian: (*uraian).into(),
                anggaran: Some(*anggaran),
                keterangan: "APBD".into(),
            })
            .collect();
        docs::save_working(
            conn,
            self.by,
            id,
            1,
            "",
            &Content::Pk(PkContent { level: PkLevel::default(), rows, anggaran }),
        )?;
        Ok(id)
    }

    /// The draft, submitted for review.
    fn submit(&self, conn: &mut DbConn) -> Result<i64, AppError> {
        use akuntabel_app::domain::workflow::Action;
        use akuntabel_app::service::documents as docs;

        let id = self.draft(conn)?;
        docs::transition(conn, self.by, id, Action::Submit, "", None)?;
        Ok(id)
    }
}

/// One planned row of a demo Rencana Aksi: `(row, polaritas, agregasi, period targets, actions,
/// budget)`.
type AksiPlan<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a str, i64);

/// What one period of a demo row reported: `(value, budget spent, note)`.
type Laporan<'a> = (&'a str, i64, &'a str);

/// One demo Rencana Aksi: who makes it, from whose PK of 2026, how the year is divided, each
/// listed row's polarity, aggregation, period targets (empty: none that period), actions and
/// budget, and the realisation entered once it is approved.
struct DemoRenaksi<'a> {
    by: &'a SessionUser,
    pd: i64,
    official: i64,
    judul: &'a str,
    pembagian: Pembagian,
    rows: &'a [AksiPlan<'a>],
    /// Per row, what each period reported: the value, the budget spent and a note.
    realisasi: &'a [(&'a str, &'a [Laporan<'a>])],
}

impl DemoRenaksi<'_> {
    /// Made from the PK, planned, submitted, approved by `reviewer` (assigned by `kabag`), and
    /// then its realisation entered period by period.
    fn make(&self, conn: &mut DbConn, kabag: &SessionUser, reviewer: &SessionUser) -> Result<i64, AppError> {
        use akuntabel_app::api::types::NewDocument;
        use akuntabel_app::domain::documents::DocumentType;
        use akuntabel_app::domain::workflow::Action;
        use akuntabel_app::service::{documents as docs, renaksi};

        let input = NewDocument {
            doc_type: DocumentType::RencanaAksi,
            pd_id: Some(self.pd),
            tahun: Some(2026),
            period_id: None,
            official_id: Some(self.official),
            pihak_kedua_id: None,
            judul: self.judul.into(),
            pembagian: Some(self.pembagian),
        };
        let by = self.by;
        let id = docs::create(conn, by, &input)?;
        let Content::RencanaAksi(mut plan) = akuntabel_app::infra::repo::documents::load(conn, id)?.content else {
            return Err(AppError::Internal);
        };
        let set = |plan: &mut RencanaAksiContent, key: &str, field, text: &str| {
            plan.set_field(&NodeKey::new(key), field, text).map_err(|_| AppError::Internal)
        };
        for (key, polaritas, agregasi, targets, aksi, anggaran) in self.rows {
            set(&mut plan, key, Field::Polaritas, polaritas)?;
            set(&mut plan, key, Field::Agregasi, agregasi)?;
            for (field, target) in Field::PERIODE.iter().zip(targets.iter()) {
                set(&mut plan, key, *field, target)?;
            }
            set(&mut plan, key, Field::Aksi, aksi)?;
            set(&mut plan, key, Field::Anggaran, &anggaran.to_string())?;
        }
        docs::save_working(conn, by, id, 1, "", &Content::RencanaAksi(plan))?;
        docs::transition(conn, by, id, Action::Submit, "", None)?;
        docs::transition(conn, kabag, id, Action::Assign, "", Some(reviewer.user_id))?;
        docs::transition(conn, reviewer, id, Action::StartReview, "", None)?;
        docs::transition(conn, reviewer, id, Action::Approve, "Target triwulan selaras dengan PK", None)?;
        for (key, values) in self.realisasi {
            for (period, (value, spent, note)) in values.iter().enumerate() {
                let input = RealisasiInput {
                    nilai: Some((*value).to_owned()),
                    anggaran: Some(spent.to_string()),
                    catatan: Some((*note).to_owned()),
                };
                renaksi::record(conn, by, id, &NodeKey::new(*key), period, &input)?;
            }
        }
        Ok(id)
    }
}

/// Documents at every step of the review, through the same functions the app uses, so that
/// each role finds something to do. The PKs of 2026 form the chain Bupati → Kepala Dinas →
/// Sekretaris / Kabid → Kasubbag, each indicator linked to the upper PK's indicator it serves:
/// the Bupati's (a draft of Bagian Organisasi), the Disdik head's (submitted), the Disdik
/// secretary's (changes requested, with a comment and a suggested value), the Dinkes head's
/// (waiting for disposition), a Disdik head of division's (awaiting signature) and a Disdik
/// Kasubbag's (a draft). Then the IKU 2025–2029 and the RKT 2026 of Disdik (submitted) and Dinkes
/// (drafts), a late LKjIP draft of a PD and the Pemda's own LKjIP draft.
fn documents(conn: &mut DbConn, admin: i64, users: &[(String, i64)], ids: &DemoIds) -> Result<(), AppError> {
    use akuntabel_app::api::types::NewDocument;
    use akuntabel_app::domain::documents::DocumentType;
    use akuntabel_app::domain::format::CivilDate;
    use akuntabel_app::domain::workflow::Action;
    use akuntabel_app::service::{boards, documents as docs, reviews};

    let disdik = acting(conn, users, "perencana.disdik")?;
    let dinkes = acting(conn, users, "perencana.dinkes")?;
    let kabag = acting(conn, users, "kabag.organisasi")?;
    let reviewer = acting(conn, users, "reviewer")?;
    let reviewer_id = reviewer.user_id;
    if let Some(dpa) = CivilDate::new(2026, 1, 9) {
        boards::set_dpa_date(conn, admin, 2026, dpa)?;
    }
    let new = |doc_type, pd_id, tahun, judul: &str| NewDocument {
        pembagian: None,
        doc_type,
        pd_id,
        tahun: Some(tahun),
        period_id: None,
        official_id: None,
        pihak_kedua_id: None,
        judul: judul.into(),
    };

    // The RPJMD 2025–2029, which everything below aligns to.
    let rpjmd = rpjmd::make(conn, &kabag, &reviewer, ids.period)?;
    renstra::make(conn, &disdik, &dinkes, (ids.disdik, ids.dinkes), ids.period, rpjmd)?;

    // 0. The Bupati's own PK: a one-party statement of the RPJMD's indicators for 2026.
    let sdm = "Meningkatnya kualitas sumber daya manusia";
    let sehat = "Meningkatnya derajat kesehatan masyarakat";
    let pk_bupati = DemoPk {
        by: &kabag,
        pd: None,
        official: ids.bupati,
        pihak_kedua: None,
        judul: "PK Bupati Ogan Komering Ilir 2026",
        upper: Some(rpjmd),
        indicators: &[
            ind(sdm, "Indeks Pembangunan Manusia", "70,12", "poin", "r4"),
            ind(sdm, "Rata-rata lama sekolah", "7,9", "tahun", "r6"),
            ind(sehat, "Usia harapan hidup", "69,5", "tahun", "r9"),
            ind(
                "Meningkatnya akuntabilitas kinerja pemerintah daerah",
                "Nilai SAKIP Kabupaten",
                "BB",
                "predikat",
                "r15",
            ),
        ],
        budget: &[
            ("Program Pengelolaan Pendidikan", 412_650_000_000),
            ("Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", 96_310_000_000),
        ],
    }
    .draft(conn)?;

    // 1. Disdik: the head's PK, serving the Bupati's, submitted.
    let mutu = "Meningkatnya mutu dan akses pendidikan dasar";
    let pk_kadis = DemoPk {
        by: &disdik,
        pd: Some(ids.disdik),
        official: ids.kepala_disdik,
        pihak_kedua: Some(ids.bupati),
        judul: "PK Kepala Dinas Pendidikan 2026",
        upper: Some(pk_bupati),
        indicators: &[
            ind(mutu, "Angka partisipasi murni SD/MI", "97,5", "%", "r2"),
            ind(mutu, "Angka partisipasi murni SMP/MTs", "82", "%", "r2"),
            ind(mutu, "Nilai SAKIP Dinas Pendidikan", "70", "nilai", "r4"),
        ],
        budget: &[
            ("Program Pengelolaan Pendidikan", 146_220_500_000),
            ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 4_828_150_000),
        ],
    }
    .submit(conn)?;

    // 2. Disdik: the secretary's PK, round 1 ended with changes requested.
    let pk_sekretaris = DemoPk {
        by: &disdik,
        pd: Some(ids.disdik),
        official: ids.sekretaris_disdik,
        pihak_kedua: Some(ids.kepala_disdik),
        judul: "PK Sekretaris Dinas Pendidikan 2026",
        upper: Some(pk_kadis),
        indicators: &[
            ind(mutu, "Persentase dokumen perencanaan dan pelaporan yang tepat waktu", "100", "%", "r3"),
            ind(mutu, "Nilai SAKIP Dinas Pendidikan", "70", "nilai", "r3"),
            ind(mutu, "Persentase pengaduan layanan yang ditindaklanjuti", "85", "%", "r3"),
        ],
        budget: &[
            ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 4_215_750_000),
            ("Kegiatan Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 612_400_000),
        ],
    }
    .submit(conn)?;
    docs::transition(
        conn,
        &kabag,
        pk_sekretaris,
        Action::Assign,
        "Mohon direviu sesuai Permenpan RB 53/2014",
        Some(reviewer_id),
    )?;
    docs::transition(conn, &reviewer, pk_sekretaris, Action::StartReview, "", None)?;
    reviews::add_thread(
        conn,
        &reviewer,
        pk_sekretaris,
        &Anchor::Field { node: NodeKey::new("r2"), field: Field::Target },
        "Target nilai SAKIP 70 sama dengan capaian 2025; naikkan agar ada peningkatan kinerja.",
        Some("72,5"),
    )?;
    reviews::add_thread(
        conn,
        &reviewer,
        pk_sekretaris,
        &Anchor::Node(NodeKey::new("r3")),
        "Indikator ini milik Sekretariat? Pastikan selaras dengan IKU dan Renstra 2025–2029.",
        None,
    )?;
    docs::transition(conn, &reviewer, pk_sekretaris, Action::RequestChanges, "Dua catatan pada putaran 1", None)?;

    // 3. Dinkes: the head's PK, serving the Bupati's, submitted and waiting for the disposition.
    DemoPk {
        by: &dinkes,
        pd: Some(ids.dinkes),
        official: ids.kepala_dinkes,
        pihak_kedua: Some(ids.bupati),
        judul: "PK Kepala Dinas Kesehatan 2026",
        upper: Some(pk_bupati),
        indicators: &[
            ind(sehat, "Angka kematian ibu per 100.000 kelahiran hidup", "95", "per 100.000 KH", "r3"),
            ind(sehat, "Prevalensi stunting pada balita", "14", "%", "r3"),
            ind(sehat, "Persentase puskesmas terakreditasi paripurna", "40", "%", "r3"),
        ],
        budget: &[
            ("Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", 38_904_125_000),
            ("Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan", 1_250_000_000),
            ("Program Pemberdayaan Masyarakat Bidang Kesehatan", 845_300_000),
        ],
    }
    .submit(conn)?;

    // 4. Disdik: a head of division's PK, approved and forwarded for the Bupati's office.
    let sd = "Meningkatnya mutu layanan sekolah dasar";
    let pk_kabid = DemoPk {
        by: &disdik,
        pd: Some(ids.disdik),
        official: ids.kabid_sd,
        pihak_kedua: Some(ids.kepala_disdik),
        judul: "PK Kepala Bidang Pembinaan SD 2026",
        upper: Some(pk_kadis),
        indicators: &[
            ind(sd, "Angka partisipasi murni SD/MI", "97,5", "%", "r1"),
            ind(sd, "Persentase SD berakreditasi minimal B", "88", "%", "r1"),
        ],
        budget: &[("Kegiatan Pengelolaan Pendidikan Sekolah Dasar", 27_480_000_000)],
    }
    .submit(conn)?;
    docs::transition(conn, &kabag, pk_kabid, Action::Assign, "", Some(reviewer_id))?;
    docs::transition(conn, &reviewer, pk_kabid, Action::StartReview, "", None)?;
    docs::transition(conn, &reviewer, pk_kabid, Action::Approve, "Sesuai", None)?;
    docs::transition(conn, &kabag, pk_kabid, Action::ForwardForSignature, "", None)?;

    // 5. Disdik: the planning Kasubbag's PK, serving the secretary's, still a draft.
    DemoPk {
        by: &disdik,
        pd: Some(ids.disdik),
        official: ids.kasubbag_disdik,
        pihak_kedua: Some(ids.sekretaris_disdik),
        judul: "PK Kasubbag Perencanaan dan Pelaporan Dinas Pendidikan 2026",
        upper: Some(pk_sekretaris),
        indicators: &[ind(
            "Tersusunnya dokumen perencanaan dan pelaporan kinerja tepat waktu",
            "Jumlah dokumen perencanaan dan pelaporan yang disusun tepat waktu",
            "6",
            "dokumen",
            "r1",
        )],
        budget: &[("Sub Kegiatan Penyusunan Dokumen Perencanaan Perangkat Daerah", 185_000_000)],
    }
    .draft(conn)?;

    // 6. The IKU 2025–2029 of Disdik (submitted) and of Dinkes (a draft still missing a formula),
    // each started from its Renstra's sasaran indicators; the planners wrote the manuals.
    let disdik_iku = iku(
        conn,
        &disdik,
        ids.disdik,
        ids.period,
        "IKU Dinas Pendidikan 2025–2029",
        &[
            IkuRow {
                indikator: "Angka partisipasi murni SD/MI".into(),
                definisi_operasional: "Perbandingan murid SD/MI usia 7–12 tahun dengan penduduk usia 7–12 tahun".into(),
                alasan: "Mengukur akses pendidikan dasar sesuai sasaran RPJMD".into(),
                formulasi: "Murid SD/MI usia 7–12 tahun ÷ penduduk usia 7–12 tahun × 100%".into(),
                sumber_data: "Dapodik dan BPS".into(),
                penanggung_jawab: "Bidang Pembinaan SD".into(),
                ..iku_defaults()
            },
            IkuRow {
                indikator: "Angka partisipasi murni SMP/MTs".into(),
                definisi_operasional: "Perbandingan murid SMP/MTs usia 13–15 tahun dengan penduduk usia 13–15 tahun"
                    .into(),
                alasan: "Mengukur akses pendidikan menengah pertama".into(),
                formulasi: "Murid SMP/MTs usia 13–15 tahun ÷ penduduk usia 13–15 tahun × 100%".into(),
                sumber_data: "Dapodik dan BPS".into(),
                penanggung_jawab: "Bidang Pembinaan SMP".into(),
                ..iku_defaults()
            },
            IkuRow {
                indikator: "Nilai SAKIP Dinas Pendidikan".into(),
                definisi_operasional: "Nilai evaluasi AKIP Dinas Pendidikan oleh Inspektorat".into(),
                alasan: "Mengukur mutu manajemen kinerja".into(),
                formulasi: "Nilai hasil evaluasi AKIP (0–100)".into(),
                sumber_data: "LHE AKIP Inspektorat".into(),
                penanggung_jawab: "Sekretariat".into(),
                ..iku_defaults()
            },
        ],
    )?;
    docs::transition(conn, &disdik, disdik_iku, Action::Submit, "", None)?;
    iku(
        conn,
        &dinkes,
        ids.dinkes,
        ids.period,
        "IKU Dinas Kesehatan 2025–2029",
        &[IkuRow {
            indikator: "Prevalensi stunting pada balita".into(),
            definisi_operasional: "Persentase balita dengan tinggi badan menurut umur di bawah −2 SD".into(),
            polaritas: Some(Polaritas::Negatif),
            sumber_data: "e-PPGBM".into(),
            penanggung_jawab: "Bidang Kesehatan Masyarakat".into(),
            ..iku_defaults()
        }],
    )?;

    // 7. The RKT 2026 of Disdik (submitted) and of Dinkes (a draft), each started from its
    // Renstra's 2026 targets and pagu.
    let disdik_rkt =
        docs::create(conn, &disdik, &new(DocumentType::RenjaRkt, Some(ids.disdik), 2026, "RKT Dinas Pendidikan 2026"))?;
    docs::transition(conn, &disdik, disdik_rkt, Action::Submit, "", None)?;
    docs::create(conn, &dinkes, &new(DocumentType::RenjaRkt, Some(ids.dinkes), 2026, "RKT Dinas Kesehatan 2026"))?;

    // 8. The Rencana Aksi 2026 of both heads, approved, with realisation so that capaian shows:
    // Disdik plans by quarter (Triwulan I–III reported), Dinkes by month (January–September).
    DemoRenaksi {
        by: &disdik,
        pd: ids.disdik,
        official: ids.kepala_disdik,
        judul: "Rencana Aksi Kepala Dinas Pendidikan 2026",
        pembagian: Pembagian::Triwulan,
        rows: &[
            (
                "r1",
                "positif",
                "nilai_akhir",
                &["96,8", "97", "97,2", "97,5"],
                "Pendataan anak usia sekolah bersama desa",
                350_000_000,
            ),
            (
                "r2",
                "positif",
                "nilai_akhir",
                &["80,5", "81", "81,5", "82"],
                "Beasiswa transisi SD ke SMP",
                1_200_000_000,
            ),
            ("r3", "positif", "nilai_akhir", &["", "", "", "70"], "Penyusunan LKjIP dan evaluasi internal", 85_000_000),
        ],
        realisasi: &[
            (
                "r1",
                &[
                    ("96,9", 60_000_000, "Pendataan bersama 42 desa"),
                    ("97,1", 95_000_000, ""),
                    ("97", 80_000_000, "Dua desa terlambat mengirim data"),
                ],
            ),
            (
                "r2",
                &[
                    ("80,2", 150_000_000, ""),
                    ("80,9", 420_000_000, "Beasiswa semester ganjil disalurkan"),
                    ("81,1", 310_000_000, ""),
                ],
            ),
        ],
    }
    .make(conn, &kabag, &reviewer)?;
    DemoRenaksi {
        by: &dinkes,
        pd: ids.dinkes,
        official: ids.kepala_dinkes,
        judul: "Rencana Aksi Kepala Dinas Kesehatan 2026",
        pembagian: Pembagian::Bulan,
        rows: &[
            (
                "r1",
                "negatif",
                "nilai_akhir",
                &["", "", "", "", "", "", "", "", "", "", "", "95"],
                "Kelas ibu hamil dan rujukan persalinan berisiko",
                900_000_000,
            ),
            (
                "r2",
                "negatif",
                "nilai_akhir",
                &["16", "15,8", "15,6", "15,4", "15,2", "15", "14,8", "14,6", "14,4", "14,2", "14,1", "14"],
                "Pemberian makanan tambahan dan pemantauan tumbuh kembang balita",
                2_400_000_000,
            ),
            (
                "r3",
                "positif",
                "nilai_akhir",
                &["", "", "", "", "", "30", "", "", "", "", "", "40"],
                "Pendampingan akreditasi puskesmas",
                650_000_000,
            ),
        ],
        realisasi: &[(
            "r2",
            &[
                ("16,2", 150_000_000, "Data posyandu Januari belum lengkap"),
                ("15,9", 180_000_000, ""),
                ("15,5", 200_000_000, ""),
                ("15,6", 190_000_000, "Bahan PMT terlambat datang"),
                ("15,1", 210_000_000, ""),
                ("15", 205_000_000, ""),
                ("15,2", 200_000_000, "Dua posyandu tidak aktif selama musim panen"),
                ("14,5", 215_000_000, ""),
                ("14,6", 198_000_000, ""),
            ],
        )],
    }
    .make(conn, &kabag, &reviewer)?;

    // 9. Disdik: the LKjIP of 2025, still a draft after its end-of-February deadline.
    docs::create(
        conn,
        &disdik,
        &new(DocumentType::LaporanKinerja, Some(ids.disdik), 2025, "LKjIP Dinas Pendidikan 2025"),
    )?;

    // 10. The Pemda's own LKjIP 2025, kept by Bagian Organisasi.
    docs::create(
        conn,
        &kabag,
        &new(DocumentType::LaporanKinerja, None, 2025, "LKjIP Pemerintah Kabupaten Ogan Komering Ilir 2025"),
    )?;
    Ok(())
}

fn logins() -> Vec<DemoLogin> {
    let login = |username: &str, role: Role, pd: Option<&str>| DemoLogin {
        username: username.into(),
        role,
        pd: pd.map(Into::into),
    };
    vec![
        login("admin", Role::Admin, None),
        login("perencana.disdik", Role::PerencanaPd, Some("Disdik")),
        login("perencana.dinkes", Role::PerencanaPd, Some("Dinkes")),
        login("kepala.disdik", Role::KepalaPd, Some("Disdik")),
        login("reviewer", Role::Reviewer, None),
        login("kabag.organisasi", Role::KabagOrganisasi, None),
        login("pimpinan", Role::Pimpinan, None),
        login("inspektorat", Role::Inspektorat, None),
    ]
}

/// The text `akuntabel demo` prints.
pub fn describe(logins: &[DemoLogin], public_url: &str) -> String {
    let mut out = format!(
        "Data demo Kabupaten Ogan Komering Ilir siap. Buka {public_url}/masuk\n\
         Semua akun demo memakai kata sandi / every demo account uses the password: {DEMO_PASSWORD}\n\n"
    );
    for l in logins {
        let pd = l.pd.as_deref().map(|p| format!(" — {p}")).unwrap_or_default();
        out.push_str(&format!("  {:<20} {}{pd}\n", l.username, l.role.label().id));
    }
    out
}
