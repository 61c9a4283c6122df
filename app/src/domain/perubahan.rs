//! A revision of an agreed document — a PK Perubahan, a Renstra perubahan (SAKIP reference §3.4):
//! a new version line of the same document, started by Bagian Organisasi with its reason and its
//! date, while every version of the earlier lines (a signed one included) stays as it was and
//! readable. A PK revised because another official took the post names that official: the
//! revision is their agreement from then on.

use super::documents::DocumentType;
use super::format::CivilDate;
use super::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

/// Why an agreed document is revised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlasanPerubahan {
    /// Another official took the post (mutasi, a new Plt.).
    PergantianPejabat,
    /// The budget changed in the APBD Perubahan.
    ApbdPerubahan,
    /// The Pemda's priorities or the organisation changed (refocusing, a new RPJMD).
    PerubahanPrioritas,
    #[default]
    Lainnya,
}

impl AlasanPerubahan {
    pub const VARIANTS: [AlasanPerubahan; 4] = [
        AlasanPerubahan::PergantianPejabat,
        AlasanPerubahan::ApbdPerubahan,
        AlasanPerubahan::PerubahanPrioritas,
        AlasanPerubahan::Lainnya,
    ];

    pub fn as_i64(self) -> i64 {
        match self {
            AlasanPerubahan::PergantianPejabat => 1,
            AlasanPerubahan::ApbdPerubahan => 2,
            AlasanPerubahan::PerubahanPrioritas => 3,
            AlasanPerubahan::Lainnya => 4,
        }
    }

    pub fn from_i64(value: i64) -> Option<AlasanPerubahan> {
        Self::VARIANTS.into_iter().find(|a| a.as_i64() == value)
    }

    pub fn label(self) -> Msg {
        match self {
            AlasanPerubahan::PergantianPejabat => Msg::new("Pergantian pejabat", "Change of official"),
            AlasanPerubahan::ApbdPerubahan => Msg::new("APBD Perubahan", "Budget revision (APBD-P)"),
            AlasanPerubahan::PerubahanPrioritas => {
                Msg::new("Perubahan prioritas atau organisasi", "Change of priorities or organisation")
            }
            AlasanPerubahan::Lainnya => Msg::new("Lainnya", "Other"),
        }
    }
}

/// A revision as the kabag's form sends it: the reason, the date it was decided (`YYYY-MM-DD`,
/// as a date input gives it) and, for a PK whose official changed, the new official.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerubahanInput {
    pub alasan: AlasanPerubahan,
    pub tanggal: String,
    #[serde(default)]
    pub official_id: Option<i64>,
}

/// A revision, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Perubahan {
    pub alasan: AlasanPerubahan,
    pub tanggal: CivilDate,
    /// The PK's new pihak pertama.
    pub official_id: Option<i64>,
}

/// How a page names a revision line: "PK Perubahan", "Renstra Perubahan ke-2".
pub fn line_name(doc_type: DocumentType, revision: i64) -> Msg {
    let short = match doc_type {
        DocumentType::PerjanjianKinerja => "PK".to_owned(),
        DocumentType::RenjaRkt => "RKT".to_owned(),
        DocumentType::Iku => "IKU".to_owned(),
        DocumentType::LaporanKinerja => "LKjIP".to_owned(),
        other => other.label().id,
    };
    if revision <= 1 {
        Msg::new(format!("{short} Perubahan"), format!("{short} (revised)"))
    } else {
        Msg::new(format!("{short} Perubahan ke-{revision}"), format!("{short} (revision {revision})"))
    }
}

impl PerubahanInput {
    /// Checks a revision of a document of `doc_type` decided no later than `today`: a real date
    /// (none: today), not in the future; a new official only for a PK whose official changed, and then one
    /// named. Errors keyed `tanggal` and `official_id`.
    pub fn check(&self, doc_type: DocumentType, today: CivilDate) -> Result<Perubahan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let typed = self.tanggal.trim();
        let tanggal = match CivilDate::parse_iso(typed) {
            _ if typed.is_empty() => today,
            Some(d) if d > today => {
                errors.add(
                    "tanggal",
                    Msg::new(
                        "tanggal perubahan belum terjadi: isi tanggal keputusannya",
                        "the revision's date is still to come: give the date it was decided",
                    ),
                );
                d
            }
            Some(d) => d,
            None => {
                errors
                    .add("tanggal", Msg::new("isi tanggal perubahan yang valid", "give a valid date for the revision"));
                today
            }
        };
        let new_official =
            self.alasan == AlasanPerubahan::PergantianPejabat && doc_type == DocumentType::PerjanjianKinerja;
        match (new_official, self.official_id) {
            (true, None) => errors.add(
                "official_id",
                Msg::new(
                    "pilih pejabat baru yang menandatangani PK Perubahan ini",
                    "choose the new official who signs this revised PK",
                ),
            ),
            (false, Some(_)) => errors.add(
                "official_id",
                Msg::new(
                    "pejabat baru hanya dipilih pada PK yang berubah karena pergantian pejabat",
                    "a new official is chosen only for a PK revised for a change of official",
                ),
            ),
            _ => {}
        }
        errors.into_result(Perubahan { alasan: self.alasan, tanggal, official_id: self.official_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(alasan: AlasanPerubahan, tanggal: &str, official_id: Option<i64>) -> PerubahanInput {
        PerubahanInput { alasan, tanggal: tanggal.into(), official_id }
    }

    const TODAY: CivilDate = CivilDate { year: 2026, month: 9, day: 30 };

    #[test]
    fn a_revision_needs_a_past_date_and_a_new_official_only_when_a_pks_official_changed() {
        let pk = DocumentType::PerjanjianKinerja;
        let apbdp = input(AlasanPerubahan::ApbdPerubahan, "2026-09-15", None).check(pk, TODAY).unwrap();
        assert_eq!((apbdp.tanggal, apbdp.official_id), (CivilDate { year: 2026, month: 9, day: 15 }, None));
        let mutasi = input(AlasanPerubahan::PergantianPejabat, "2026-09-30", Some(7)).check(pk, TODAY).unwrap();
        assert_eq!(mutasi.official_id, Some(7));
        let undated = input(AlasanPerubahan::PerubahanPrioritas, " ", None).check(pk, TODAY).unwrap();
        assert_eq!(undated.tanggal, TODAY, "no date given: decided today");

        let errors = input(AlasanPerubahan::PergantianPejabat, "2026-10-01", None).check(pk, TODAY).unwrap_err();
        assert!(errors.get("tanggal").is_some_and(|m| m.id.contains("belum terjadi")), "{errors:?}");
        assert!(errors.get("official_id").is_some_and(|m| m.id.contains("pilih pejabat baru")), "{errors:?}");
        let errors = input(AlasanPerubahan::Lainnya, "30-09-2026", Some(7)).check(pk, TODAY).unwrap_err();
        assert!(errors.get("tanggal").is_some(), "not an ISO date");
        assert!(errors.get("official_id").is_some_and(|m| m.id.contains("hanya dipilih")), "{errors:?}");
        let renstra = input(AlasanPerubahan::PergantianPejabat, "2026-09-01", Some(7));
        assert!(renstra.check(DocumentType::Renstra, TODAY).unwrap_err().get("official_id").is_some());
    }

    #[test]
    fn a_revision_line_is_named_after_its_document_and_counted_from_the_second() {
        assert_eq!(line_name(DocumentType::PerjanjianKinerja, 1).id, "PK Perubahan");
        assert_eq!(line_name(DocumentType::PerjanjianKinerja, 2).id, "PK Perubahan ke-2");
        assert!(AlasanPerubahan::VARIANTS.iter().all(|a| AlasanPerubahan::from_i64(a.as_i64()) == Some(*a)));
    }
}
