//! The demo Renstra 2025–2029 of Disdik (submitted) and of Dinkes (a draft), written by each PD's
//! planner through the functions the tree editor calls: tujuan → sasaran → program → kegiatan →
//! sub kegiatan with their national codes, indicators at every level, the pagu of each year on
//! the sub kegiatan, and each tujuan and sasaran linked to the RPJMD it serves.

use akuntabel_app::domain::documents::DocumentType;
use akuntabel_app::domain::model::{Acuan, Content, Field, NodeKey, NodeKind, RenstraContent, Structured};
use akuntabel_app::domain::workflow::Action;
use akuntabel_app::error::AppError;
use akuntabel_app::infra::auth::SessionUser;
use akuntabel_app::infra::db::DbConn;
use akuntabel_app::service::documents as docs;

/// A Renstra being written, node by node.
struct Plan {
    r: RenstraContent,
    rpjmd: i64,
}

impl Plan {
    fn set(&mut self, key: &NodeKey, field: Field, text: &str) -> Result<(), AppError> {
        self.r.set_field(key, field, text).map_err(|_| AppError::Internal)
    }

    fn node(
        &mut self,
        kind: NodeKind,
        parent: Option<&NodeKey>,
        kode: &str,
        uraian: &str,
    ) -> Result<NodeKey, AppError> {
        let key = self.r.insert_node(kind, parent, None).ok_or(AppError::Internal)?;
        self.set(&key, Field::Uraian, uraian)?;
        if !kode.is_empty() {
            self.set(&key, Field::Kode, kode)?;
        }
        Ok(key)
    }

    /// A tujuan or sasaran serving the RPJMD node `serves`.
    fn linked(
        &mut self,
        kind: NodeKind,
        parent: Option<&NodeKey>,
        uraian: &str,
        serves: &str,
    ) -> Result<NodeKey, AppError> {
        let key = self.node(kind, parent, "", uraian)?;
        let acuan = Acuan { document_id: self.rpjmd, node: NodeKey::new(serves) }.code();
        self.set(&key, Field::Acuan, &acuan)?;
        Ok(key)
    }

    fn indicator(
        &mut self,
        parent: &NodeKey,
        name: &str,
        satuan: &str,
        baseline: &str,
        targets: [&str; 5],
    ) -> Result<(), AppError> {
        super::rpjmd::indicator(&mut self.r, parent, name, satuan, baseline, targets)
    }

    /// A sub kegiatan with its pagu of each year (in millions of rupiah, as planners round them).
    fn sub_kegiatan(
        &mut self,
        kegiatan: &NodeKey,
        kode: &str,
        uraian: &str,
        juta: [i64; 5],
        lokasi: &str,
    ) -> Result<NodeKey, AppError> {
        let key = self.node(NodeKind::SubKegiatan, Some(kegiatan), kode, uraian)?;
        for (field, amount) in Field::PAGU.iter().zip(juta) {
            self.set(&key, *field, &(amount * 1_000_000).to_string())?;
        }
        self.set(&key, Field::Lokasi, lokasi)?;
        Ok(key)
    }
}

fn disdik(rpjmd: i64) -> Result<RenstraContent, AppError> {
    let mut p = Plan { r: RenstraContent::new(2025), rpjmd };
    let tujuan = p.linked(NodeKind::Tujuan, None, "Meningkatnya mutu dan pemerataan pendidikan dasar", "r3")?;
    p.indicator(&tujuan, "Rata-rata lama sekolah", "tahun", "7,7", ["7,9", "8", "8,1", "8,2", "8,3"])?;
    let sasaran = p.linked(NodeKind::Sasaran, Some(&tujuan), "Meningkatnya akses dan mutu pendidikan dasar", "r5")?;
    p.indicator(&sasaran, "Angka partisipasi murni SD/MI", "%", "96,8", ["97", "97,5", "98", "98,5", "99"])?;
    p.indicator(&sasaran, "Angka partisipasi murni SMP/MTs", "%", "80,4", ["81", "82", "83", "84", "85"])?;
    let program = p.node(NodeKind::Program, Some(&sasaran), "1.01.02", "Program Pengelolaan Pendidikan")?;
    p.set(&program, Field::PenanggungJawab, "Bidang Pembinaan SD dan Bidang Pembinaan SMP")?;
    p.indicator(
        &program,
        "Persentase satuan pendidikan dasar yang memenuhi SPM",
        "%",
        "62",
        ["66", "70", "74", "78", "82"],
    )?;
    let sd = p.node(NodeKind::Kegiatan, Some(&program), "1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar")?;
    p.set(&sd, Field::PenanggungJawab, "Bidang Pembinaan SD")?;
    p.indicator(&sd, "Jumlah SD yang ruang kelasnya layak", "sekolah", "310", ["325", "340", "355", "370", "385"])?;
    let rkb = p.sub_kegiatan(
        &sd,
        "1.01.02.2.01.0003",
        "Pembangunan Ruang Kelas Baru",
        [4_200, 4_500, 4_800, 5_000, 5_200],
        "Kecamatan Kayuagung, Lempuing, Tulung Selapan",
    )?;
    p.indicator(&rkb, "Jumlah ruang kelas baru yang dibangun", "unit", "20", ["24", "26", "28", "30", "30"])?;
    let rehab = p.sub_kegiatan(
        &sd,
        "1.01.02.2.01.0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        [3_100, 3_300, 3_500, 3_500, 3_600],
        "Seluruh kecamatan",
    )?;
    p.indicator(&rehab, "Jumlah ruang kelas yang direhabilitasi", "unit", "35", ["40", "42", "45", "45", "46"])?;
    let smp =
        p.node(NodeKind::Kegiatan, Some(&program), "1.01.02.2.02", "Pengelolaan Pendidikan Sekolah Menengah Pertama")?;
    p.set(&smp, Field::PenanggungJawab, "Bidang Pembinaan SMP")?;
    p.indicator(&smp, "Jumlah SMP yang ruang kelasnya layak", "sekolah", "98", ["102", "106", "110", "114", "118"])?;
    let lab = p.sub_kegiatan(
        &smp,
        "1.01.02.2.02.0006",
        "Pembangunan Laboratorium Sekolah",
        [1_800, 1_900, 2_000, 2_000, 2_100],
        "Kecamatan Kayuagung dan Pedamaran",
    )?;
    p.indicator(&lab, "Jumlah laboratorium yang dibangun", "unit", "4", ["5", "5", "6", "6", "6"])?;
    let gtk = p.node(NodeKind::Program, Some(&sasaran), "1.01.04", "Program Pendidik dan Tenaga Kependidikan")?;
    p.set(&gtk, Field::PenanggungJawab, "Bidang Pendidik dan Tenaga Kependidikan")?;
    p.indicator(&gtk, "Persentase guru yang berkualifikasi S1/D-IV", "%", "91", ["92", "93", "94", "95", "96"])?;
    let keg = p.node(
        NodeKind::Kegiatan,
        Some(&gtk),
        "1.01.04.2.01",
        "Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan",
    )?;
    p.indicator(
        &keg,
        "Jumlah guru yang mengikuti peningkatan kompetensi",
        "orang",
        "450",
        ["500", "550", "600", "650", "700"],
    )?;
    let sub = p.sub_kegiatan(
        &keg,
        "1.01.04.2.01.0002",
        "Peningkatan Kompetensi Pendidik dan Tenaga Kependidikan",
        [850, 900, 950, 1_000, 1_050],
        "Kayuagung",
    )?;
    p.indicator(&sub, "Jumlah pelatihan yang diselenggarakan", "kegiatan", "10", ["12", "12", "14", "14", "15"])?;

    let tujuan = p.linked(NodeKind::Tujuan, None, "Meningkatnya akuntabilitas kinerja Dinas Pendidikan", "r12")?;
    p.indicator(&tujuan, "Opini BPK atas laporan keuangan dinas", "predikat", "WTP", ["WTP"; 5])?;
    let sasaran =
        p.linked(NodeKind::Sasaran, Some(&tujuan), "Meningkatnya kualitas perencanaan dan pelaporan kinerja", "r14")?;
    p.indicator(&sasaran, "Nilai SAKIP Dinas Pendidikan", "nilai", "68,2", ["70", "72", "74", "76", "78"])?;
    let penunjang = p.node(
        NodeKind::Program,
        Some(&sasaran),
        "X.XX.01",
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    )?;
    p.set(&penunjang, Field::PenanggungJawab, "Sekretariat")?;
    p.indicator(&penunjang, "Persentase dokumen perencanaan dan pelaporan yang tepat waktu", "%", "90", ["100"; 5])?;
    let keg = p.node(
        NodeKind::Kegiatan,
        Some(&penunjang),
        "X.XX.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
    )?;
    p.indicator(&keg, "Jumlah dokumen perencanaan dan evaluasi yang disusun", "dokumen", "5", ["6"; 5])?;
    let sub = p.sub_kegiatan(
        &keg,
        "X.XX.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        [180, 185, 190, 195, 200],
        "Kayuagung",
    )?;
    p.indicator(&sub, "Jumlah dokumen perencanaan yang disusun", "dokumen", "3", ["4"; 5])?;
    Ok(p.r)
}

fn dinkes(rpjmd: i64) -> Result<RenstraContent, AppError> {
    let mut p = Plan { r: RenstraContent::new(2025), rpjmd };
    let tujuan = p.linked(NodeKind::Tujuan, None, "Meningkatnya derajat kesehatan masyarakat", "r3")?;
    p.indicator(&tujuan, "Usia harapan hidup", "tahun", "69,2", ["69,5", "69,8", "70,1", "70,4", "70,7"])?;
    let sasaran = p.linked(NodeKind::Sasaran, Some(&tujuan), "Menurunnya prevalensi stunting", "r8")?;
    p.indicator(&sasaran, "Prevalensi stunting pada balita", "%", "19,3", ["17,5", "16", "14", "12,5", "11"])?;
    let program = p.node(
        NodeKind::Program,
        Some(&sasaran),
        "1.02.02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    )?;
    // Still being written: the kegiatan has no code and no indicator yet.
    p.node(NodeKind::Kegiatan, Some(&program), "", "Penyediaan Layanan Kesehatan untuk UKM dan UKP")?;
    Ok(p.r)
}

fn make_one(
    conn: &mut DbConn,
    by: &SessionUser,
    pd: i64,
    period: i64,
    judul: &str,
    content: RenstraContent,
) -> Result<i64, AppError> {
    super::plan(conn, by, DocumentType::Renstra, Some(pd), period, judul, Some(Content::Renstra(content)))
}

/// Disdik's Renstra, submitted; Dinkes's, a draft.
pub fn make(
    conn: &mut DbConn,
    disdik_user: &SessionUser,
    dinkes_user: &SessionUser,
    ids: (i64, i64),
    period: i64,
    rpjmd: i64,
) -> Result<(), AppError> {
    let id = make_one(conn, disdik_user, ids.0, period, "Renstra Dinas Pendidikan 2025–2029", disdik(rpjmd)?)?;
    docs::transition(conn, disdik_user, id, Action::Submit, "", None)?;
    make_one(conn, dinkes_user, ids.1, period, "Renstra Dinas Kesehatan 2025–2029", dinkes(rpjmd)?)?;
    Ok(())
}
