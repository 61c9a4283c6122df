//! The demo Pemda: Kabupaten Ogan Komering Ilir (the seed documents' own regency) with sixteen
//! Perangkat Daerah, their officials, one period, and one user per role. Loading twice changes
//! nothing; the logins are printed either way.

use akuntabel_app::domain::master::{ActingStatus, Eselon, OfficialInput, PdInput, PemdaInput, PeriodInput};
use akuntabel_app::domain::nip::Nip;
use akuntabel_app::domain::roles::{Grant, Role};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::db::DbConn;
use akuntabel_app::infra::schema::perangkat_daerah;
use akuntabel_app::infra::{master, password};
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

const STAFF: [Staff; 9] = [
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
    let admin = master::create_user(conn, actor, "admin", "Admin Akuntabel", &hash.0)?;
    master::add_grant(conn, Some(admin), admin, Grant { role: Role::Admin, pd_id: None })?;

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
    master::create_period(
        conn,
        admin,
        &PeriodInput { nama: "RPJMD 2025–2029".into(), tahun_awal: 2025, tahun_akhir: 2029 },
    )?;

    master::create_official(
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
        let head = master::create_official(
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
    }
    let pd = |name: &str| pd_ids.iter().find(|(s, _)| *s == name).map(|(_, id)| *id);

    for (i, staff) in STAFF.iter().enumerate() {
        let nip = nip(40 + i, 1975 + (i as i32 % 12), staff.gender);
        master::create_official(
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
    }

    for login in logins.iter().filter(|l| l.role != Role::Admin) {
        let nama = match (login.role, login.pd.as_deref()) {
            (Role::PerencanaPd, Some(p)) => format!("Perencana {p}"),
            (Role::KepalaPd, Some(p)) => format!("Kepala {p}"),
            (role, _) => role.label().id,
        };
        let id = master::create_user(conn, Some(admin), &login.username, &nama, &hash.0)?;
        let pd_id = login.pd.as_deref().and_then(pd);
        master::add_grant(conn, Some(admin), id, Grant { role: login.role, pd_id })?;
    }
    Ok(logins)
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
