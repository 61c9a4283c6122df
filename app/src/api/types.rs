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
