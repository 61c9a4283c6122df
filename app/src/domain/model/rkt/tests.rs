use super::*;
use crate::domain::model::{Anchor, Content, RenstraContent, Target};

fn add(s: &mut dyn Structured, kind: NodeKind, parent: Option<&NodeKey>, uraian: &str) -> NodeKey {
    let key = s.insert_node(kind, parent, None).unwrap();
    s.set_field(&key, Field::Uraian, uraian).unwrap();
    key
}

/// A Renstra 2025–2029: a tujuan with its indicator, a sasaran with its indicator (targets
/// 95…99), a program, a kegiatan and a sub kegiatan (pagu 2026: Rp1,5 miliar) with its own.
fn renstra() -> RenstraContent {
    let mut r = RenstraContent::new(2025);
    let measure = |r: &mut RenstraContent, parent: &NodeKey, name: &str| {
        let key = add(r, NodeKind::Indikator, Some(parent), name);
        r.set_field(&key, Field::Satuan, "%").unwrap();
        for (i, f) in Field::TARGETS.iter().enumerate() {
            r.set_field(&key, *f, &(95 + i).to_string()).unwrap();
        }
    };
    let tujuan = add(&mut r, NodeKind::Tujuan, None, "Meningkatnya mutu pendidikan");
    measure(&mut r, &tujuan, "Indeks pendidikan");
    let sasaran = add(&mut r, NodeKind::Sasaran, Some(&tujuan), "Meningkatnya akses pendidikan dasar");
    measure(&mut r, &sasaran, "Angka partisipasi murni SD");
    let program = add(&mut r, NodeKind::Program, Some(&sasaran), "Program Pengelolaan Pendidikan");
    r.set_field(&program, Field::Kode, "1.01.02").unwrap();
    let kegiatan = add(&mut r, NodeKind::Kegiatan, Some(&program), "Pengelolaan Pendidikan SD");
    r.set_field(&kegiatan, Field::Kode, "1.01.02.2.01").unwrap();
    let sub = add(&mut r, NodeKind::SubKegiatan, Some(&kegiatan), "Pembangunan Ruang Kelas Baru");
    r.set_field(&sub, Field::Kode, "1.01.02.2.01.0003").unwrap();
    r.set_field(&sub, Field::Pagu2, "1.500.000.000").unwrap();
    r.set_field(&sub, Field::Lokasi, "Kayuagung").unwrap();
    measure(&mut r, &sub, "Jumlah ruang kelas baru");
    r
}

fn node<'a>(outline: &'a [Node], uraian: &str) -> &'a Node {
    outline.iter().find(|n| n.field(Field::Uraian) == Some(uraian)).unwrap()
}

#[test]
fn an_rkt_starts_from_the_renstra_below_its_tujuan_with_that_years_targets_and_pagu() {
    let rkt = RktContent::from_renstra(2026, 1, &renstra().nodes);
    let outline = rkt.outline();
    let labels: Vec<String> = outline.iter().map(|n| n.label().id).collect();
    assert_eq!(
        labels,
        ["Sasaran 1", "Indikator 1.1", "Program 1.1", "Kegiatan 1.1.1", "Sub Kegiatan 1.1.1.1", "Indikator 1.1.1.1.1"],
        "the tujuan and its indicator stay in the Renstra"
    );
    let indicator = node(&outline, "Angka partisipasi murni SD");
    assert_eq!((indicator.field(Field::Satuan), indicator.field(Field::Target1)), (Some("%"), Some("96")));
    let program = node(&outline, "Program Pengelolaan Pendidikan");
    assert_eq!(program.field(Field::Pagu1), Some("Rp1.500.000.000"), "the program's pagu is its sub kegiatan's");
    let sub = node(&outline, "Pembangunan Ruang Kelas Baru");
    assert_eq!((sub.field(Field::Kode), sub.field(Field::Lokasi)), (Some("1.01.02.2.01.0003"), Some("Kayuagung")));
    assert_eq!(rkt.total_pagu(), 1_500_000_000);
    assert_eq!(rkt.column_label(NodeKind::Indikator, Field::Target1).id, "Target 2026");
    assert_eq!(rkt.column_label(NodeKind::SubKegiatan, Field::Pagu1).id, "Pagu 2026 (Rp)");
    assert!(rkt.validate().is_ok(), "{:?}", rkt.validate());
    assert_eq!(rkt.readiness(), Ok(()));
    let beyond = RktContent::from_renstra(2031, 6, &renstra().nodes);
    assert!(beyond.nodes.iter().all(|n| n.targets[0].is_none() && n.pagu[0].is_none()), "no year of the period");
}

#[test]
fn an_rkt_is_submitted_only_with_its_indicators_targets_and_every_sub_kegiatans_pagu() {
    assert!(RktContent::new(2026).readiness().unwrap_err().id.starts_with("RKT masih kosong"));
    let mut rkt = RktContent::from_renstra(2026, 1, &renstra().nodes);
    let sub = node(&rkt.outline(), "Pembangunan Ruang Kelas Baru").key.clone();
    rkt.set_field(&sub, Field::Pagu1, "").unwrap();
    assert_eq!(rkt.readiness().unwrap_err().id, "Sub Kegiatan 1.1.1.1: isi pagu 2026 sebelum diajukan");
    rkt.set_field(&sub, Field::Pagu1, "Rp 1.250.000.000").unwrap();
    let indicator = node(&rkt.outline(), "Jumlah ruang kelas baru").key.clone();
    rkt.set_field(&indicator, Field::Target1, "").unwrap();
    assert_eq!(rkt.readiness().unwrap_err().id, "Indikator 1.1.1.1.1: isi satuan dan targetnya sebelum diajukan");
    rkt.remove_node(&indicator);
    assert_eq!(rkt.readiness().unwrap_err().id, "Sub Kegiatan 1.1.1.1 belum mempunyai indikator");
    let sasaran = add(&mut rkt, NodeKind::Sasaran, None, "Meningkatnya tata kelola");
    assert_eq!(rkt.readiness().unwrap_err().id, "Sasaran 2 belum mempunyai indikator");
    assert!(rkt.insert_node(NodeKind::Tujuan, None, None).is_none(), "an RKT has no tujuan");
    assert!(rkt.insert_node(NodeKind::Kegiatan, Some(&sasaran), None).is_none(), "a kegiatan stands under a program");
}

#[test]
fn an_rkt_checks_codes_and_values_like_the_renstra_and_its_year_stays_the_servers() {
    let mut rkt = RktContent::from_renstra(2026, 1, &renstra().nodes);
    let sub = node(&rkt.outline(), "Pembangunan Ruang Kelas Baru").key.clone();
    assert!(matches!(rkt.set_field(&sub, Field::Kode, "1.01.02"), Err(SetFieldError::Invalid(_))));
    rkt.set_field(&sub, Field::Kode, "1.01.03.2.01.0003").unwrap();
    let errors = rkt.validate().unwrap_err();
    let at = Anchor::Field { node: sub.clone(), field: Field::Kode }.encode();
    assert_eq!(
        errors.get(&at).map(|m| m.id.as_str()),
        Some("kode sub kegiatan harus diawali kode induknya (1.01.02.2.01)")
    );
    let program = node(&rkt.outline(), "Program Pengelolaan Pendidikan").key.clone();
    assert_eq!(
        rkt.set_field(&program, Field::Pagu1, "5"),
        Err(SetFieldError::NotEditable),
        "a program's pagu is summed"
    );
    let indicator = node(&rkt.outline(), "Angka partisipasi murni SD").key.clone();
    assert_eq!(rkt.set_field(&indicator, Field::Target2, "97"), Err(SetFieldError::NotEditable), "one year only");
    rkt.set_field(&indicator, Field::Target1, "wtp").unwrap();
    assert_eq!(rkt.nodes.iter().find(|n| n.key == indicator).unwrap().targets[0], Some(Target::Predikat("WTP".into())));

    let mut sent = Content::Rkt(RktContent { tahun: 1999, ..rkt.clone() });
    sent.keep_fixed(&Content::Rkt(rkt.clone()));
    assert!(matches!(sent, Content::Rkt(RktContent { tahun: 2026, .. })));
    let next = rkt.carried_forward();
    assert_eq!((next.tahun, next.nodes.len()), (2027, rkt.nodes.len()));
}
