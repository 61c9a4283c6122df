//! The five-year plans a story starts from: the Pemda's RPJMD for a period, made by the kabag,
//! and a PD's Renstra serving it, made by the PD's planner.

use crate::TestApp;
use crate::review::{People, save_working};
use akuntabel_app::domain::model::{
    Acuan, Content, Field, NodeKey, NodeKind, RenstraContent, RpjmdContent, Structured,
};
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

/// Tujuan → sasaran → program → kegiatan → sub kegiatan, each measured; the sub kegiatan with
/// its pagu. Returns the content and the keys of the sasaran, the program and the sub kegiatan.
pub fn renstra_plan() -> (RenstraContent, NodeKey, NodeKey, NodeKey) {
    let mut r = RenstraContent::new(2025);
    let add = |r: &mut RenstraContent, kind, parent: Option<&NodeKey>, kode: &str, text: &str| {
        let key = r.insert_node(kind, parent, None).unwrap();
        r.set_field(&key, Field::Uraian, text).unwrap();
        if !kode.is_empty() {
            r.set_field(&key, Field::Kode, kode).unwrap();
        }
        let ind = r.insert_node(NodeKind::Indikator, Some(&key), None).unwrap();
        r.set_field(&ind, Field::Uraian, &format!("Indikator {text}")).unwrap();
        r.set_field(&ind, Field::Satuan, "%").unwrap();
        for (f, t) in Field::TARGETS.iter().zip(["80", "82", "84", "86", "88"]) {
            r.set_field(&ind, *f, t).unwrap();
        }
        key
    };
    let tujuan = add(&mut r, NodeKind::Tujuan, None, "", "Meningkatnya mutu pendidikan dasar");
    let sasaran = add(&mut r, NodeKind::Sasaran, Some(&tujuan), "", "Meningkatnya akses pendidikan dasar");
    let program = add(&mut r, NodeKind::Program, Some(&sasaran), "1.01.02", "Program Pengelolaan Pendidikan");
    let kegiatan =
        add(&mut r, NodeKind::Kegiatan, Some(&program), "1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar");
    let sub = add(&mut r, NodeKind::SubKegiatan, Some(&kegiatan), "1.01.02.2.01.0003", "Pembangunan Ruang Kelas Baru");
    for (f, rp) in
        Field::PAGU.iter().zip(["1.500.000.000", "1.500.000.000", "1.600.000.000", "1.700.000.000", "1.800.000.000"])
    {
        r.set_field(&sub, *f, rp).unwrap();
    }
    (r, sasaran, program, sub)
}

/// Disdik's Renstra of `period` made by the planner with [`renstra_plan`], its tujuan and
/// sasaran serving the RPJMD's (`r3`, `r5`); its id and content.
pub async fn renstra(app: &TestApp, p: &People, period: i64, rpjmd: i64) -> (i64, RenstraContent) {
    let input = json!({ "input": { "doc_type": "Renstra", "pd_id": p.disdik, "tahun": null, "period_id": period, "official_id": null, "judul": "Renstra Dinas Pendidikan 2025–2029" } });
    let id: i64 = app.call(&p.planner, "create_document", input).await.unwrap();
    let (mut content, sasaran, _, _) = renstra_plan();
    let tujuan = content.nodes[0].key.clone();
    for (key, serves) in [(&tujuan, "r3"), (&sasaran, "r5")] {
        content.set_field(key, Field::Acuan, &Acuan { document_id: rpjmd, node: NodeKey::new(serves) }.code()).unwrap();
    }
    save_working(app, &p.planner, id, Content::Renstra(content.clone())).await.unwrap();
    (id, content)
}
