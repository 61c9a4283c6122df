//! The demo Pemda's RPJMD 2025–2029, written by Bagian Organisasi through the same functions the
//! tree editor calls, reviewed and approved: the visi, three misi, a tujuan under each with its
//! sasaran, and their indicators with a baseline and a target for each year.

use akuntabel_app::domain::documents::DocumentType;
use akuntabel_app::domain::model::{Content, Field, NodeKey, NodeKind, RpjmdContent, Structured};
use akuntabel_app::domain::workflow::Action;
use akuntabel_app::error::AppError;
use akuntabel_app::infra::auth::SessionUser;
use akuntabel_app::infra::db::DbConn;
use akuntabel_app::service::documents as docs;

/// A statement (a misi, a tujuan, a sasaran) under `parent`.
fn statement(r: &mut RpjmdContent, kind: NodeKind, parent: &NodeKey, text: &str) -> Result<NodeKey, AppError> {
    let key = r.insert_node(kind, Some(parent), None).ok_or(AppError::Internal)?;
    r.set_field(&key, Field::Uraian, text).map_err(|_| AppError::Internal)?;
    Ok(key)
}

/// An indicator of `parent` in any plan: its unit, the baseline, the five yearly targets; the
/// end of the period is the last year's target.
pub(super) fn indicator(
    r: &mut dyn Structured,
    parent: &NodeKey,
    name: &str,
    satuan: &str,
    baseline: &str,
    targets: [&str; 5],
) -> Result<(), AppError> {
    let key = r.insert_node(NodeKind::Indikator, Some(parent), None).ok_or(AppError::Internal)?;
    let mut values = vec![(Field::Uraian, name), (Field::Satuan, satuan), (Field::Baseline, baseline)];
    values.extend(Field::TARGETS.iter().copied().zip(targets));
    values.push((Field::TargetAkhir, targets[4]));
    for (field, text) in values {
        r.set_field(&key, field, text).map_err(|_| AppError::Internal)?;
    }
    Ok(())
}

fn content() -> Result<RpjmdContent, AppError> {
    use NodeKind::{Misi, Sasaran, Tujuan};
    let mut r = RpjmdContent::new(2025);
    let visi = NodeKey::new("r1");
    r.set_field(
        &visi,
        Field::Uraian,
        "Terwujudnya Kabupaten Ogan Komering Ilir yang maju, sejahtera dan berdaya saing",
    )
    .map_err(|_| AppError::Internal)?;

    let misi =
        statement(&mut r, Misi, &visi, "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas dan berkarakter")?;
    let tujuan = statement(&mut r, Tujuan, &misi, "Meningkatnya kualitas sumber daya manusia")?;
    indicator(
        &mut r,
        &tujuan,
        "Indeks Pembangunan Manusia",
        "poin",
        "69,8",
        ["70,12", "70,5", "70,9", "71,3", "71,7"],
    )?;
    let sasaran = statement(&mut r, Sasaran, &tujuan, "Meningkatnya kualitas sumber daya manusia")?;
    indicator(&mut r, &sasaran, "Rata-rata lama sekolah", "tahun", "7,7", ["7,9", "8", "8,1", "8,2", "8,3"])?;
    indicator(&mut r, &sasaran, "Harapan lama sekolah", "tahun", "12,1", ["12,2", "12,3", "12,4", "12,5", "12,6"])?;
    let sasaran = statement(&mut r, Sasaran, &tujuan, "Meningkatnya derajat kesehatan masyarakat")?;
    indicator(&mut r, &sasaran, "Usia harapan hidup", "tahun", "69,2", ["69,5", "69,8", "70,1", "70,4", "70,7"])?;
    indicator(&mut r, &sasaran, "Prevalensi stunting pada balita", "%", "19,3", ["17,5", "16", "14", "12,5", "11"])?;

    let misi = statement(&mut r, Misi, &visi, "Mewujudkan tata kelola pemerintahan yang baik, bersih dan akuntabel")?;
    let tujuan = statement(&mut r, Tujuan, &misi, "Meningkatnya akuntabilitas kinerja dan keuangan daerah")?;
    indicator(&mut r, &tujuan, "Opini BPK atas LKPD", "predikat", "WTP", ["WTP", "WTP", "WTP", "WTP", "WTP"])?;
    let sasaran = statement(&mut r, Sasaran, &tujuan, "Meningkatnya akuntabilitas kinerja pemerintah daerah")?;
    indicator(&mut r, &sasaran, "Nilai SAKIP Kabupaten", "predikat", "B", ["BB", "BB", "BB", "A", "A"])?;

    let misi = statement(&mut r, Misi, &visi, "Mendorong pertumbuhan ekonomi yang inklusif berbasis potensi lokal")?;
    let tujuan = statement(&mut r, Tujuan, &misi, "Meningkatnya perekonomian daerah yang merata")?;
    indicator(&mut r, &tujuan, "Laju pertumbuhan ekonomi", "%", "4,9", ["5", "5,1", "5,2", "5,3", "5,4"])?;
    let sasaran = statement(&mut r, Sasaran, &tujuan, "Menurunnya tingkat kemiskinan")?;
    indicator(&mut r, &sasaran, "Persentase penduduk miskin", "%", "12,6", ["12,2", "11,8", "11,4", "11", "10,6"])?;
    Ok(r)
}

/// Drafted by the kabag, reviewed and approved; returns its id.
pub fn make(conn: &mut DbConn, kabag: &SessionUser, reviewer: &SessionUser, period: i64) -> Result<i64, AppError> {
    let judul = "RPJMD Kabupaten Ogan Komering Ilir 2025–2029";
    let id = super::plan(conn, kabag, DocumentType::Rpjmd, None, period, judul, Some(Content::Rpjmd(content()?)))?;
    docs::transition(conn, kabag, id, Action::Submit, "", None)?;
    docs::transition(conn, kabag, id, Action::Assign, "", Some(reviewer.user_id))?;
    docs::transition(conn, reviewer, id, Action::StartReview, "", None)?;
    docs::transition(conn, reviewer, id, Action::Approve, "Sesuai Perda RPJMD", None)?;
    Ok(id)
}
