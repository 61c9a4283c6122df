//! The five-year plans a story starts from: the Pemda's RPJMD for a period, made by the kabag.

use crate::TestApp;
use crate::review::{People, save_working};
use akuntabel_app::domain::model::{Content, Field, NodeKey, NodeKind, RpjmdContent, Structured};
use serde_json::json;

/// The visi with one misi, one tujuan and one sasaran, each measured by one indicator; the key
/// of the sasaran's indicator (`r6`) comes back with it. Keys: visi `r1`, misi `r2`, tujuan `r3`,
/// its indicator `r4`, sasaran `r5`.
pub fn rpjmd_plan(mut r: RpjmdContent) -> (RpjmdContent, NodeKey) {
    let visi = r.nodes[0].key.clone();
    let mut add = |kind, parent: &NodeKey, text: &str| {
        let key = r.insert_node(kind, Some(parent), None).unwrap();
        r.set_field(&key, Field::Uraian, text).unwrap();
        key
    };
    let misi = add(NodeKind::Misi, &visi, "Meningkatkan kualitas sumber daya manusia");
    let tujuan = add(NodeKind::Tujuan, &misi, "Meningkatnya kualitas sumber daya manusia");
    let ipm = add(NodeKind::Indikator, &tujuan, "Indeks Pembangunan Manusia");
    let sasaran = add(NodeKind::Sasaran, &tujuan, "Meningkatnya mutu pendidikan");
    let rls = add(NodeKind::Indikator, &sasaran, "Rata-rata lama sekolah");
    r.set_field(&visi, Field::Uraian, "Kabupaten yang maju dan sejahtera").unwrap();
    let measures =
        [(&ipm, "poin", ["70", "70,5", "71", "71,5", "72"]), (&rls, "tahun", ["7,9", "8", "8,1", "8,2", "8,3"])];
    for (key, satuan, targets) in measures {
        r.set_field(key, Field::Satuan, satuan).unwrap();
        for (field, target) in Field::TARGETS.iter().zip(targets) {
            r.set_field(key, *field, target).unwrap();
        }
    }
    (r, rls)
}

/// The RPJMD of `period`, made by the kabag and saved with [`rpjmd_plan`]; its id.
pub async fn rpjmd(app: &TestApp, p: &People, period: i64) -> i64 {
    let input = json!({ "input": { "doc_type": "Rpjmd", "pd_id": null, "tahun": null, "period_id": period, "official_id": null, "judul": "RPJMD Kabupaten 2025–2029" } });
    let id: i64 = app.call(&p.kabag, "create_document", input).await.unwrap();
    let (content, _) = rpjmd_plan(RpjmdContent::new(2025));
    save_working(app, &p.kabag, id, Content::Rpjmd(content)).await.unwrap();
    id
}
