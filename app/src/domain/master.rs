//! Master data: the Pemda profile, Perangkat Daerah, officials, users and periods. Each form has
//! one `validate_*` function that the browser runs while the user types and the server runs again
//! before anything is saved.

use super::msg::{FieldErrors, Msg};
use super::nip::Nip;
use serde::{Deserialize, Serialize};

/// Echelon / level of an official, as stored (`officials.eselon`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Eselon {
    KepalaDaerah = 1,
    WakilKepalaDaerah = 2,
    IIa = 21,
    IIb = 22,
    IIIa = 31,
    IIIb = 32,
    IVa = 41,
    IVb = 42,
    Fungsional = 50,
    Pelaksana = 60,
}

impl Eselon {
    pub const VARIANTS: [Eselon; 10] = [
        Eselon::KepalaDaerah,
        Eselon::WakilKepalaDaerah,
        Eselon::IIa,
        Eselon::IIb,
        Eselon::IIIa,
        Eselon::IIIb,
        Eselon::IVa,
        Eselon::IVb,
        Eselon::Fungsional,
        Eselon::Pelaksana,
    ];

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(value: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|e| e.as_i64() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Eselon::KepalaDaerah => "Kepala Daerah",
            Eselon::WakilKepalaDaerah => "Wakil Kepala Daerah",
            Eselon::IIa => "II.a",
            Eselon::IIb => "II.b",
            Eselon::IIIa => "III.a",
            Eselon::IIIb => "III.b",
            Eselon::IVa => "IV.a",
            Eselon::IVb => "IV.b",
            Eselon::Fungsional => "Fungsional",
            Eselon::Pelaksana => "Pelaksana",
        }
    }

    /// The level a PK is written at (SAKIP reference §3.4).
    pub fn level(self) -> Msg {
        match self {
            Eselon::KepalaDaerah | Eselon::WakilKepalaDaerah => Msg::new("Pejabat negara", "State official"),
            Eselon::IIa | Eselon::IIb => Msg::new("JPT Pratama", "Senior executive"),
            Eselon::IIIa | Eselon::IIIb => Msg::new("Administrator", "Administrator"),
            Eselon::IVa | Eselon::IVb => Msg::new("Pengawas", "Supervisor"),
            Eselon::Fungsional | Eselon::Pelaksana => Msg::new("Pelaksana / JF", "Staff / functional"),
        }
    }

    /// Pejabat negara have no NIP, no golongan and no PD.
    pub fn is_pejabat_negara(self) -> bool {
        matches!(self, Eselon::KepalaDaerah | Eselon::WakilKepalaDaerah)
    }
}

/// Acting status, printed before the jabatan in a signature block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActingStatus {
    #[default]
    Definitif = 0,
    Plt = 1,
    Plh = 2,
    Pj = 3,
}

impl ActingStatus {
    pub const VARIANTS: [ActingStatus; 4] =
        [ActingStatus::Definitif, ActingStatus::Plt, ActingStatus::Plh, ActingStatus::Pj];

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(value: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|s| s.as_i64() == value)
    }

    /// `Plt.`, `Plh.`, `Pj.`, or nothing.
    pub fn prefix(self) -> &'static str {
        match self {
            ActingStatus::Definitif => "",
            ActingStatus::Plt => "Plt.",
            ActingStatus::Plh => "Plh.",
            ActingStatus::Pj => "Pj.",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActingStatus::Definitif => "Definitif",
            other => other.prefix(),
        }
    }
}

/// Golongan ruang of civil servants with their pangkat (PP 99/2000).
pub const GOLONGAN: [(&str, &str); 17] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
];

/// `IV/b` → `Pembina Tingkat I, IV/b`; unknown codes are shown as they are.
pub fn pangkat_golongan(golongan: &str) -> String {
    match GOLONGAN.iter().find(|(g, _)| *g == golongan) {
        Some((g, pangkat)) => format!("{pangkat}, {g}"),
        None => golongan.to_owned(),
    }
}

/// Name with front and back degrees: `Dr. H. Ahmad Syarif, S.Pd., M.Si.`.
pub fn full_name(gelar_depan: &str, nama: &str, gelar_belakang: &str) -> String {
    let mut out = String::new();
    if !gelar_depan.trim().is_empty() {
        out.push_str(gelar_depan.trim());
        out.push(' ');
    }
    out.push_str(nama.trim());
    if !gelar_belakang.trim().is_empty() {
        out.push_str(", ");
        out.push_str(gelar_belakang.trim());
    }
    out
}

/// `Plt. Kepala Dinas Pendidikan`.
pub fn jabatan_with_status(status: ActingStatus, jabatan: &str) -> String {
    match status.prefix() {
        "" => jabatan.trim().to_owned(),
        prefix => format!("{prefix} {}", jabatan.trim()),
    }
}

fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    let len = value.trim().chars().count();
    if len == 0 {
        errors.add(field, Msg::new("wajib diisi", "required"));
    } else if len > max {
        errors.add(field, Msg::new(format!("paling banyak {max} karakter"), format!("at most {max} characters")));
    }
}

fn optional_max(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().chars().count() > max {
        errors.add(field, Msg::new(format!("paling banyak {max} karakter"), format!("at most {max} characters")));
    }
}

fn looks_like_email(value: &str) -> bool {
    let v = value.trim();
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The Pemda profile: letterhead data and the city used in signature lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PemdaInput {
    /// `Pemerintah Kabupaten Ogan Komering Ilir`
    pub nama: String,
    /// `Bupati Ogan Komering Ilir`
    pub jabatan_kepala_daerah: String,
    /// `Kayuagung` — printed as "Kayuagung, 2 Januari 2026".
    pub kota_ttd: String,
    pub alamat: String,
    pub telepon: String,
    pub email: String,
    pub laman: String,
}

pub fn validate_pemda(input: &PemdaInput) -> Result<PemdaInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    required(&mut errors, "nama", &input.nama, 150);
    required(&mut errors, "jabatan_kepala_daerah", &input.jabatan_kepala_daerah, 150);
    required(&mut errors, "kota_ttd", &input.kota_ttd, 80);
    optional_max(&mut errors, "alamat", &input.alamat, 300);
    optional_max(&mut errors, "telepon", &input.telepon, 40);
    optional_max(&mut errors, "laman", &input.laman, 200);
    if !input.email.trim().is_empty() && !looks_like_email(&input.email) {
        errors.add("email", Msg::new("alamat email tidak valid", "not a valid email address"));
    }
    errors.into_result(PemdaInput {
        nama: input.nama.trim().to_owned(),
        jabatan_kepala_daerah: input.jabatan_kepala_daerah.trim().to_owned(),
        kota_ttd: input.kota_ttd.trim().to_owned(),
        alamat: input.alamat.trim().to_owned(),
        telepon: input.telepon.trim().to_owned(),
        email: input.email.trim().to_owned(),
        laman: input.laman.trim().to_owned(),
    })
}

/// A Perangkat Daerah.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdInput {
    /// Kode unit from the national nomenclature, e.g. `1.01.2.19.0.00.01.0000`.
    pub kode: String,
    pub nama: String,
    pub singkatan: String,
    pub kepala_id: Option<i64>,
}

pub fn validate_pd(input: &PdInput) -> Result<PdInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kode = input.kode.trim();
    required(&mut errors, "kode", kode, 40);
    if !kode.is_empty()
        && (!kode.chars().all(|c| c.is_ascii_digit() || c == '.')
            || kode.starts_with('.')
            || kode.ends_with('.')
            || kode.contains(".."))
    {
        errors.add(
            "kode",
            Msg::new(
                "kode hanya berisi angka yang dipisah titik, mis. 1.01.2.19.0.00.01.0000",
                "a code is digits separated by dots, e.g. 1.01.2.19.0.00.01.0000",
            ),
        );
    }
    required(&mut errors, "nama", &input.nama, 200);
    if !input.nama.trim().is_empty() && input.nama.trim().chars().count() < 3 {
        errors.add("nama", Msg::new("nama terlalu pendek", "the name is too short"));
    }
    required(&mut errors, "singkatan", &input.singkatan, 30);
    errors.into_result(PdInput {
        kode: kode.to_owned(),
        nama: input.nama.trim().to_owned(),
        singkatan: input.singkatan.trim().to_owned(),
        kepala_id: input.kepala_id,
    })
}

/// An official (pejabat): who signs, with what rank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialInput {
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    /// Spaced or compact; empty for pejabat negara.
    pub nip: String,
    /// `IV/b`; empty for pejabat negara.
    pub golongan: String,
    pub jabatan: String,
    pub eselon: Eselon,
    pub pd_id: Option<i64>,
    pub status: ActingStatus,
}

impl Default for OfficialInput {
    fn default() -> Self {
        Self {
            gelar_depan: String::new(),
            nama: String::new(),
            gelar_belakang: String::new(),
            nip: String::new(),
            golongan: String::new(),
            jabatan: String::new(),
            eselon: Eselon::IIa,
            pd_id: None,
            status: ActingStatus::Definitif,
        }
    }
}

/// Valid input comes back normalised: the NIP compact, text trimmed.
pub fn validate_official(input: &OfficialInput) -> Result<OfficialInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    required(&mut errors, "nama", &input.nama, 120);
    optional_max(&mut errors, "gelar_depan", &input.gelar_depan, 40);
    optional_max(&mut errors, "gelar_belakang", &input.gelar_belakang, 80);
    required(&mut errors, "jabatan", &input.jabatan, 200);
    let mut nip = String::new();
    if input.eselon.is_pejabat_negara() {
        if !input.nip.trim().is_empty() {
            errors.add(
                "nip",
                Msg::new("pejabat negara tidak memiliki NIP; kosongkan", "state officials have no NIP; leave it empty"),
            );
        }
        if !input.golongan.trim().is_empty() {
            errors.add(
                "golongan",
                Msg::new("pejabat negara tidak memiliki golongan", "state officials have no civil-service grade"),
            );
        }
        if input.pd_id.is_some() {
            errors.add(
                "pd_id",
                Msg::new(
                    "kepala/wakil kepala daerah tidak berada di satu PD",
                    "the regional head belongs to no agency",
                ),
            );
        }
    } else {
        if input.nip.trim().is_empty() {
            errors.add("nip", Msg::new("wajib diisi", "required"));
        } else {
            match Nip::parse(&input.nip) {
                Ok(parsed) => nip = parsed.as_str().to_owned(),
                Err(e) => errors.add("nip", e.msg()),
            }
        }
        if !GOLONGAN.iter().any(|(g, _)| *g == input.golongan.trim()) {
            errors.add("golongan", Msg::new("pilih pangkat/golongan", "choose a rank/grade"));
        }
        if input.pd_id.is_none() {
            errors.add("pd_id", Msg::new("pilih Perangkat Daerah", "choose an agency"));
        }
    }
    errors.into_result(OfficialInput {
        gelar_depan: input.gelar_depan.trim().to_owned(),
        nama: input.nama.trim().to_owned(),
        gelar_belakang: input.gelar_belakang.trim().to_owned(),
        nip,
        golongan: input.golongan.trim().to_owned(),
        jabatan: input.jabatan.trim().to_owned(),
        eselon: input.eselon,
        pd_id: input.pd_id,
        status: input.status,
    })
}

pub const MIN_PASSWORD_CHARS: usize = 12;

/// A user account. `password` is required when creating and optional (reset) when editing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInput {
    pub username: String,
    pub nama: String,
    pub password: String,
    /// Where notifications are mailed; empty means none.
    #[serde(default)]
    pub email: String,
}

pub fn validate_password(username: &str, password: &str) -> Option<Msg> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(Msg::new(
            format!("kata sandi paling sedikit {MIN_PASSWORD_CHARS} karakter"),
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ))
    } else if password.chars().count() > 200 {
        Some(Msg::new("kata sandi terlalu panjang", "the password is too long"))
    } else if password.trim().eq_ignore_ascii_case(username.trim()) {
        Some(Msg::new("kata sandi tidak boleh sama dengan nama pengguna", "the password cannot be the username"))
    } else {
        None
    }
}

pub fn validate_user(input: &UserInput, password_required: bool) -> Result<UserInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let username = input.username.trim().to_lowercase();
    required(&mut errors, "username", &username, 40);
    if !username.is_empty() {
        if username.chars().count() < 3 {
            errors.add("username", Msg::new("paling sedikit 3 karakter", "at least 3 characters"));
        } else if !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            errors.add(
                "username",
                Msg::new(
                    "hanya huruf kecil, angka, titik, garis bawah dan tanda hubung",
                    "only lower-case letters, digits, dot, underscore and hyphen",
                ),
            );
        }
    }
    required(&mut errors, "nama", &input.nama, 120);
    if (password_required || !input.password.is_empty())
        && let Some(msg) = validate_password(&username, &input.password)
    {
        errors.add("password", msg);
    }
    let email = input.email.trim().to_lowercase();
    if !email.is_empty() && (!looks_like_email(&email) || email.chars().count() > 254) {
        errors.add("email", Msg::new("alamat email tidak valid", "not a valid email address"));
    }
    errors.into_result(UserInput {
        username,
        nama: input.nama.trim().to_owned(),
        password: input.password.clone(),
        email,
    })
}

/// A five-year RPJMD/Renstra period; its fiscal years are derived from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodInput {
    pub nama: String,
    pub tahun_awal: i32,
    pub tahun_akhir: i32,
}

pub fn validate_period(input: &PeriodInput) -> Result<PeriodInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    required(&mut errors, "nama", &input.nama, 120);
    if !(2000..=2100).contains(&input.tahun_awal) {
        errors.add("tahun_awal", Msg::new("tahun antara 2000 dan 2100", "a year between 2000 and 2100"));
    }
    let span = input.tahun_akhir - input.tahun_awal;
    if !(0..=4).contains(&span) {
        errors.add(
            "tahun_akhir",
            Msg::new(
                "periode paling lama lima tahun dan tidak berakhir sebelum dimulai",
                "a period lasts at most five years and cannot end before it starts",
            ),
        );
    }
    errors.into_result(PeriodInput { nama: input.nama.trim().to_owned(), ..input.clone() })
}

/// Two periods overlap when they share a fiscal year.
pub fn periods_overlap(a: (i32, i32), b: (i32, i32)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official() -> OfficialInput {
        OfficialInput {
            gelar_depan: "Dr.".into(),
            nama: "Ahmad Syarif".into(),
            gelar_belakang: "S.Pd., M.Si.".into(),
            nip: "19700512 199503 1 002".into(),
            golongan: "IV/b".into(),
            jabatan: "Kepala Dinas Pendidikan".into(),
            eselon: Eselon::IIb,
            pd_id: Some(1),
            status: ActingStatus::Definitif,
        }
    }

    #[test]
    fn a_complete_official_is_accepted_with_a_compact_nip() {
        let clean = validate_official(&official()).unwrap();
        assert_eq!(clean.nip, "197005121995031002");
    }

    #[test]
    fn an_invalid_nip_is_reported_beside_the_nip_field() {
        let errors = validate_official(&OfficialInput { nip: "1970".into(), ..official() }).unwrap_err();
        assert!(errors.get("nip").unwrap().id.contains("18 angka"));
        assert!(errors.get("nama").is_none());
    }

    #[test]
    fn a_bupati_has_no_nip_and_no_pd() {
        let bupati = OfficialInput {
            nip: String::new(),
            golongan: String::new(),
            eselon: Eselon::KepalaDaerah,
            pd_id: None,
            jabatan: "Bupati Ogan Komering Ilir".into(),
            ..official()
        };
        assert!(validate_official(&bupati).is_ok());
        let with_nip = OfficialInput { nip: "197005121995031002".into(), ..bupati };
        assert!(validate_official(&with_nip).unwrap_err().get("nip").is_some());
    }

    #[test]
    fn names_carry_degrees_and_acting_prefixes() {
        assert_eq!(full_name("Dr.", "Ahmad Syarif", "S.Pd., M.Si."), "Dr. Ahmad Syarif, S.Pd., M.Si.");
        assert_eq!(full_name("", "Siti", ""), "Siti");
        assert_eq!(jabatan_with_status(ActingStatus::Plt, "Kepala Dinas"), "Plt. Kepala Dinas");
        assert_eq!(pangkat_golongan("IV/b"), "Pembina Tingkat I, IV/b");
    }

    #[test]
    fn a_pd_code_is_dotted_digits() {
        let ok = PdInput {
            kode: "1.01.2.19.0.00.01.0000".into(),
            nama: "Dinas Pendidikan".into(),
            singkatan: "Disdik".into(),
            kepala_id: None,
        };
        assert!(validate_pd(&ok).is_ok());
        let bad = PdInput { kode: "1.01..A".into(), ..ok.clone() };
        assert!(validate_pd(&bad).unwrap_err().get("kode").is_some());
        let empty = PdInput::default();
        let errors = validate_pd(&empty).unwrap_err();
        assert_eq!(errors.get("nama").unwrap().id, "wajib diisi");
    }

    #[test]
    fn usernames_are_lower_cased_and_passwords_have_a_minimum_length() {
        let clean = validate_user(
            &UserInput {
                username: " Admin.Kab ".into(),
                nama: "A".into(),
                password: "panjang-sekali".into(),
                email: String::new(),
            },
            true,
        )
        .unwrap();
        assert_eq!(clean.username, "admin.kab");
        let short = validate_user(
            &UserInput { username: "admin".into(), nama: "A".into(), password: "pendek".into(), email: String::new() },
            true,
        );
        assert!(short.unwrap_err().get("password").is_some());
        let no_reset = validate_user(
            &UserInput { username: "admin".into(), nama: "A".into(), password: String::new(), email: String::new() },
            false,
        );
        assert!(no_reset.is_ok());
        let mail = |email: &str| {
            validate_user(
                &UserInput { username: "admin".into(), nama: "A".into(), password: String::new(), email: email.into() },
                false,
            )
        };
        assert_eq!(mail(" Kabag@OKIkab.go.id ").unwrap().email, "kabag@okikab.go.id");
        assert!(mail("kabag@okikab").unwrap_err().get("email").is_some());
    }

    #[test]
    fn a_period_lasts_at_most_five_years() {
        assert!(
            validate_period(&PeriodInput { nama: "RPJMD 2025–2029".into(), tahun_awal: 2025, tahun_akhir: 2029 })
                .is_ok()
        );
        assert!(validate_period(&PeriodInput { nama: "x".into(), tahun_awal: 2025, tahun_akhir: 2030 }).is_err());
        assert!(periods_overlap((2021, 2026), (2025, 2029)));
        assert!(!periods_overlap((2021, 2024), (2025, 2029)));
    }

    #[test]
    fn the_pemda_email_is_checked_only_when_given() {
        let base = PemdaInput {
            nama: "Pemerintah Kabupaten X".into(),
            jabatan_kepala_daerah: "Bupati X".into(),
            kota_ttd: "Kayuagung".into(),
            ..Default::default()
        };
        assert!(validate_pemda(&base).is_ok());
        let bad = PemdaInput { email: "bukan email".into(), ..base };
        assert!(validate_pemda(&bad).unwrap_err().get("email").is_some());
    }
}
