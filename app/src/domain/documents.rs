//! Document types: the structured SAKIP documents and the upload-only ones of the ESR list
//! (SAKIP reference §7, with the portal's own ids).

use super::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocumentType {
    Rpjmd = 1,
    Renstra = 2,
    Iku = 3,
    RenjaRkt = 4,
    Rkpd = 5,
    PerjanjianKinerja = 6,
    RencanaAksi = 7,
    LaporanKinerja = 8,
    PedomanEvaluasiInternal = 9,
    Lainnya = 10,
    Rpjpd = 11,
    Dpa = 12,
    PohonKinerja = 13,
    LheAkipInternal = 14,
    TlLheAkipInternal = 15,
    LaporanMonevRenaksi = 16,
    PedomanPerencanaan = 17,
    PedomanPengukuran = 18,
    TlLheAkipKemenpan = 19,
}

/// The title of next year's copy: the year in it moved on by one (the last time it appears), or
/// the new year added when the title names none.
pub fn next_year_title(judul: &str, tahun: i64) -> String {
    let (year, next) = (tahun.to_string(), (tahun + 1).to_string());
    match judul.rfind(&year) {
        Some(at) => format!("{}{next}{}", &judul[..at], &judul[at + year.len()..]),
        None => format!("{} {next}", judul.trim_end()),
    }
}

/// Who a document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    /// One Perangkat Daerah.
    Pd,
    /// The Pemda itself (drafted by Bagian Organisasi).
    Pemda,
    /// Either: a PD's own or the Pemda's.
    Either,
}

impl DocumentType {
    pub const VARIANTS: [DocumentType; 19] = [
        DocumentType::Rpjmd,
        DocumentType::Renstra,
        DocumentType::Iku,
        DocumentType::RenjaRkt,
        DocumentType::Rkpd,
        DocumentType::PerjanjianKinerja,
        DocumentType::RencanaAksi,
        DocumentType::LaporanKinerja,
        DocumentType::PedomanEvaluasiInternal,
        DocumentType::Lainnya,
        DocumentType::Rpjpd,
        DocumentType::Dpa,
        DocumentType::PohonKinerja,
        DocumentType::LheAkipInternal,
        DocumentType::TlLheAkipInternal,
        DocumentType::LaporanMonevRenaksi,
        DocumentType::PedomanPerencanaan,
        DocumentType::PedomanPengukuran,
        DocumentType::TlLheAkipKemenpan,
    ];

    /// The id esr.menpan.go.id uses for this type; also the stored value.
    pub fn esr_id(self) -> i64 {
        self as i64
    }

    pub fn from_esr_id(id: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|t| t.esr_id() == id)
    }

    pub fn label(self) -> Msg {
        let (id, en) = match self {
            DocumentType::Rpjmd => ("RPJMD", "Medium-term regional development plan (RPJMD)"),
            DocumentType::Renstra => ("Renstra", "Strategic plan (Renstra)"),
            DocumentType::Iku => ("Indikator Kinerja Utama (IKU)", "Key performance indicators (IKU)"),
            DocumentType::RenjaRkt => ("Renja/RKT", "Annual work plan (Renja/RKT)"),
            DocumentType::Rkpd => ("RKPD", "Regional annual plan (RKPD)"),
            DocumentType::PerjanjianKinerja => ("Perjanjian Kinerja", "Performance agreement (PK)"),
            DocumentType::RencanaAksi => ("Rencana Aksi", "Action plan"),
            DocumentType::LaporanKinerja => ("Laporan Kinerja (LKjIP)", "Performance report (LKjIP)"),
            DocumentType::PedomanEvaluasiInternal => {
                ("Pedoman Teknis Evaluasi Internal", "Internal evaluation guideline")
            }
            DocumentType::Lainnya => ("Lainnya", "Other"),
            DocumentType::Rpjpd => ("RPJPD", "Long-term regional development plan (RPJPD)"),
            DocumentType::Dpa => ("DPA", "Budget implementation document (DPA)"),
            DocumentType::PohonKinerja => ("Pohon Kinerja & Cascading", "Performance tree & cascading"),
            DocumentType::LheAkipInternal => ("LHE AKIP Internal", "Internal AKIP evaluation report"),
            DocumentType::TlLheAkipInternal => ("TL LHE AKIP Internal", "Follow-up of the internal AKIP evaluation"),
            DocumentType::LaporanMonevRenaksi => ("Laporan Monev Renaksi", "Action plan monitoring report"),
            DocumentType::PedomanPerencanaan => ("Pedoman Teknis Perencanaan", "Planning guideline"),
            DocumentType::PedomanPengukuran => {
                ("Pedoman Teknis Pengukuran & Pengumpulan Data Kinerja", "Performance measurement guideline")
            }
            DocumentType::TlLheAkipKemenpan => ("TL LHE AKIP Kemenpan", "Follow-up of the ministry's AKIP evaluation"),
        };
        Msg::new(id, en)
    }

    /// Edited as data in the application (the rest are uploaded files only).
    pub fn is_structured(self) -> bool {
        super::model::Content::empty_for(self).structured().is_some()
    }

    /// Uploaded once per five-year period instead of every year.
    pub fn is_five_year(self) -> bool {
        matches!(
            self,
            DocumentType::Rpjmd
                | DocumentType::Renstra
                | DocumentType::Iku
                | DocumentType::PohonKinerja
                | DocumentType::Rpjpd
        )
    }

    /// One per official a year: the PK, and the Rencana Aksi made from it.
    pub fn needs_official(self) -> bool {
        matches!(self, DocumentType::PerjanjianKinerja | DocumentType::RencanaAksi)
    }

    /// Agreed with a second party (the PK only).
    pub fn needs_pihak_kedua(self) -> bool {
        self == DocumentType::PerjanjianKinerja
    }

    pub fn owner(self) -> Owner {
        match self {
            DocumentType::Rpjmd
            | DocumentType::Rpjpd
            | DocumentType::Rkpd
            | DocumentType::PedomanEvaluasiInternal
            | DocumentType::PedomanPerencanaan
            | DocumentType::PedomanPengukuran
            | DocumentType::LheAkipInternal
            | DocumentType::TlLheAkipKemenpan => Owner::Pemda,
            DocumentType::Renstra | DocumentType::RenjaRkt | DocumentType::Dpa | DocumentType::TlLheAkipInternal => {
                Owner::Pd
            }
            _ => Owner::Either,
        }
    }
}

/// What a new document must name: a title; a PD unless the type is the Pemda's own (and none
/// for a Pemda type); a period for five-year types, a fiscal year otherwise; an official for a PK
/// and only then. Run by the form and again by the server.
pub fn validate_new(
    doc_type: DocumentType,
    pd_id: Option<i64>,
    tahun: Option<i32>,
    period_id: Option<i64>,
    official_id: Option<i64>,
    judul: &str,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if judul.trim().is_empty() {
        errors.add("judul", Msg::new("wajib diisi", "required"));
    }
    match (doc_type.owner(), pd_id) {
        (Owner::Pd, None) => {
            errors.add("pd_id", Msg::new("dokumen ini milik Perangkat Daerah", "this document belongs to an agency"))
        }
        (Owner::Pemda, Some(_)) => {
            errors.add("pd_id", Msg::new("dokumen ini milik Pemda", "this document belongs to the Pemda"))
        }
        _ => {}
    }
    if doc_type.is_five_year() && period_id.is_none() {
        errors.add("period_id", Msg::new("pilih periode", "choose a period"));
    }
    if !doc_type.is_five_year() && tahun.is_none() {
        errors.add("tahun", Msg::new("pilih tahun anggaran", "choose a fiscal year"));
    }
    if doc_type.needs_official() != official_id.is_some() {
        errors.add(
            "official_id",
            Msg::new(
                "PK dan rencana aksi dibuat untuk satu pejabat; pilih pejabatnya",
                "a PK or an action plan is made for one official; choose them",
            ),
        );
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_years_title_moves_the_year_it_names_or_adds_one() {
        assert_eq!(next_year_title("PK Kepala Dinas Pendidikan 2026", 2026), "PK Kepala Dinas Pendidikan 2027");
        assert_eq!(next_year_title("PK 2026 (perubahan 2026)", 2026), "PK 2026 (perubahan 2027)");
        assert_eq!(next_year_title("PK Kepala Dinas ", 2026), "PK Kepala Dinas 2027");
    }

    #[test]
    fn a_new_pk_names_its_official_and_year_and_a_pemda_type_names_no_pd() {
        assert!(validate_new(DocumentType::PerjanjianKinerja, Some(1), Some(2026), None, Some(3), "PK 2026").is_ok());
        let errors = validate_new(DocumentType::PerjanjianKinerja, Some(1), None, None, None, " ").unwrap_err();
        for field in ["judul", "tahun", "official_id"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(
            validate_new(DocumentType::Rpjmd, Some(1), None, Some(1), None, "RPJMD")
                .unwrap_err()
                .get("pd_id")
                .is_some()
        );
        assert!(
            validate_new(DocumentType::Renstra, Some(1), None, None, None, "Renstra")
                .unwrap_err()
                .get("period_id")
                .is_some()
        );
    }

    #[test]
    fn esr_ids_are_the_portals_own_and_round_trip() {
        assert_eq!(DocumentType::PerjanjianKinerja.esr_id(), 6);
        assert_eq!(DocumentType::LaporanKinerja.esr_id(), 8);
        assert_eq!(DocumentType::TlLheAkipKemenpan.esr_id(), 19);
        for t in DocumentType::VARIANTS {
            assert_eq!(DocumentType::from_esr_id(t.esr_id()), Some(t));
        }
        let mut ids: Vec<i64> = DocumentType::VARIANTS.iter().map(|t| t.esr_id()).collect();
        ids.dedup();
        assert_eq!(ids, (1..=19).collect::<Vec<_>>());
    }

    #[test]
    fn five_year_documents_are_the_period_plans() {
        assert!(DocumentType::Renstra.is_five_year());
        assert!(!DocumentType::PerjanjianKinerja.is_five_year());
        assert!(DocumentType::PerjanjianKinerja.needs_official());
    }
}
