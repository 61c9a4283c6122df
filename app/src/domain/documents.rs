//! Document types: the structured SAKIP documents and the upload-only ones of the ESR list
//! (SAKIP reference §7, with the portal's own ids).

use super::msg::Msg;
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
        matches!(self, DocumentType::PerjanjianKinerja)
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

    /// One per official (the PK).
    pub fn needs_official(self) -> bool {
        matches!(self, DocumentType::PerjanjianKinerja)
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

#[cfg(test)]
mod tests {
    use super::*;

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
