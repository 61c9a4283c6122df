use super::*;
use crate::domain::model::{Acuan, Content, FieldChange, apply_suggestion, diff};

fn add(r: &mut RenstraContent, kind: NodeKind, parent: Option<&NodeKey>, uraian: &str) -> NodeKey {
    let key = r.insert_node(kind, parent, None).unwrap();
    r.set_field(&key, Field::Uraian, uraian).unwrap();
    key
}

fn measure(r: &mut RenstraContent, parent: &NodeKey, name: &str) -> NodeKey {
    let key = add(r, NodeKind::Indikator, Some(parent), name);
    r.set_field(&key, Field::Satuan, "%").unwrap();
    for (i, f) in Field::TARGETS.iter().enumerate() {
        r.set_field(&key, *f, &format!("{}", 90 + i)).unwrap();
    }
    key
}

/// One branch from a tujuan down to two sub kegiatan, every level measured and coded.
fn plan() -> (RenstraContent, [NodeKey; 6]) {
    let mut r = RenstraContent::new(2025);
    let tujuan = add(&mut r, NodeKind::Tujuan, None, "Meningkatnya mutu pendidikan dasar");
    measure(&mut r, &tujuan, "Angka partisipasi murni SD");
    let sasaran = add(&mut r, NodeKind::Sasaran, Some(&tujuan), "Meningkatnya akses pendidikan dasar");
    measure(&mut r, &sasaran, "Angka partisipasi kasar SD");
    let program = add(&mut r, NodeKind::Program, Some(&sasaran), "Program Pengelolaan Pendidikan");
    r.set_field(&program, Field::Kode, "1.01.02").unwrap();
    measure(&mut r, &program, "Persentase sekolah terakreditasi");
    let kegiatan = add(&mut r, NodeKind::Kegiatan, Some(&program), "Pengelolaan Pendidikan Sekolah Dasar");
    r.set_field(&kegiatan, Field::Kode, "1.01.02.2.01.").unwrap();
    measure(&mut r, &kegiatan, "Persentase SD memenuhi SPM");
    let sub1 = add(&mut r, NodeKind::SubKegiatan, Some(&kegiatan), "Pembangunan Ruang Kelas Baru");
    r.set_field(&sub1, Field::Kode, "1.01.02.2.01.0003").unwrap();
    measure(&mut r, &sub1, "Jumlah ruang kelas baru");
    let sub2 = add(&mut r, NodeKind::SubKegiatan, Some(&kegiatan), "Penyediaan Biaya Operasional Pendidikan");
    r.set_field(&sub2, Field::Kode, "1.01.02.2.01.0023").unwrap();
    measure(&mut r, &sub2, "Jumlah sekolah penerima BOSDA");
    (r, [tujuan, sasaran, program, kegiatan, sub1, sub2])
}

#[test]
fn national_codes_are_checked_level_by_level_with_or_without_trailing_dots() {
    assert_eq!(parse_kode(NodeKind::Program, "1.02.02").as_deref(), Ok("1.02.02"));
    assert_eq!(parse_kode(NodeKind::Program, " x.xx.01. ").as_deref(), Ok("X.XX.01"));
    assert_eq!(parse_kode(NodeKind::Kegiatan, "1.02.02.2.01.").as_deref(), Ok("1.02.02.2.01"));
    assert_eq!(parse_kode(NodeKind::SubKegiatan, "1.02.02.2.01.0001").as_deref(), Ok("1.02.02.2.01.0001"));
    let refused = parse_kode(NodeKind::SubKegiatan, "1.2.2.2.1.1").unwrap_err();
    assert_eq!(refused.id, "“1.2.2.2.1.1” bukan kode sub kegiatan yang sah; tulis seperti 1.02.02.2.01.0001");
    assert!(parse_kode(NodeKind::Kegiatan, "1.02.02").is_err(), "a program's code is not a kegiatan's");
    assert!(parse_kode(NodeKind::Program, "1.XX.0A").is_err());
    let (mut r, [tujuan, .., kegiatan, _, _]) = plan();
    assert_eq!(r.set_field(&tujuan, Field::Kode, "1.01"), Err(SetFieldError::NotEditable), "a tujuan has no code");
    assert!(matches!(r.set_field(&kegiatan, Field::Kode, "1.01.02.2"), Err(SetFieldError::Invalid(_))));
    assert_eq!(r.outline().iter().find(|n| n.key == kegiatan).and_then(|n| n.field(Field::Kode)), Some("1.01.02.2.01"));
}

#[test]
fn a_code_continues_its_parents_code() {
    let (mut r, [.., kegiatan, sub1, _]) = plan();
    assert!(r.validate().is_ok(), "{:?}", r.validate());
    r.set_field(&sub1, Field::Kode, "1.02.02.2.01.0003").unwrap();
    let errors = r.validate().unwrap_err();
    let at = Anchor::Field { node: sub1, field: Field::Kode }.encode();
    assert_eq!(
        errors.get(&at).map(|m| m.id.as_str()),
        Some("kode sub kegiatan harus diawali kode induknya (1.01.02.2.01)")
    );
    let _ = kegiatan;
}

#[test]
fn the_pagu_is_written_on_each_sub_kegiatan_and_rolled_up_to_its_kegiatan_program_and_the_total() {
    let (mut r, [_, _, program, kegiatan, sub1, sub2]) = plan();
    r.set_field(&sub1, Field::Pagu1, "Rp 1.500.000.000").unwrap();
    r.set_field(&sub2, Field::Pagu1, "2.250.000.000").unwrap();
    r.set_field(&sub2, Field::Pagu2, "2.500.000.000").unwrap();
    let outline = r.outline();
    let pagu =
        |key: &NodeKey, f: Field| outline.iter().find(|n| &n.key == key).and_then(|n| n.field(f)).map(str::to_owned);
    assert_eq!(pagu(&kegiatan, Field::Pagu1).as_deref(), Some("Rp3.750.000.000"));
    assert_eq!(pagu(&program, Field::Pagu1).as_deref(), Some("Rp3.750.000.000"));
    assert_eq!(pagu(&program, Field::Pagu2).as_deref(), Some("Rp2.500.000.000"));
    assert_eq!(pagu(&program, Field::Pagu3).as_deref(), Some(""), "no pagu written is no pagu, not zero");
    assert_eq!(r.total(NodeKind::SubKegiatan, Field::Pagu1), Some(3_750_000_000));
    assert_eq!(r.set_field(&program, Field::Pagu1, "1"), Err(SetFieldError::NotEditable), "a program's pagu is summed");
    assert!(matches!(r.set_field(&sub1, Field::Pagu3, "1.500.000,50"), Err(SetFieldError::Invalid(_))));
    assert_eq!(r.column_label(NodeKind::SubKegiatan, Field::Pagu3).id, "Pagu 2027 (Rp)");
    // A reviewer's suggestion on a sub kegiatan's pagu shows in the diff at that year.
    let old = Content::Renstra(r.clone());
    let mut new = old.clone();
    apply_suggestion(&mut new, &Anchor::Field { node: sub1.clone(), field: Field::Pagu1 }, "1.250.000.000").unwrap();
    let changes = diff(&old, &[], &new, &[]).changed;
    assert!(changes.contains(&FieldChange {
        node: sub1,
        field: Field::Pagu1,
        old: "Rp1.500.000.000".into(),
        new: "Rp1.250.000.000".into()
    }));
    assert!(changes.iter().any(|c| c.node == program && c.field == Field::Pagu1), "the roll-up moves with it");
}

#[test]
fn a_renstra_is_numbered_level_by_level_and_submitted_only_when_every_level_is_measured_and_coded() {
    let (mut r, [tujuan, sasaran, program, ..]) = plan();
    let labels: Vec<String> =
        r.outline().iter().filter(|n| n.kind != NodeKind::Indikator).map(|n| n.label().id).collect();
    assert_eq!(
        labels,
        [
            "Tujuan 1",
            "Sasaran 1.1",
            "Program 1.1.1",
            "Kegiatan 1.1.1.1",
            "Sub Kegiatan 1.1.1.1.1",
            "Sub Kegiatan 1.1.1.1.2"
        ]
    );
    assert!(r.readiness().is_ok(), "{:?}", r.readiness());
    assert!(RenstraContent::new(2025).readiness().unwrap_err().id.contains("Renstra masih kosong"));
    let second = r.insert_node(NodeKind::Program, Some(&sasaran), Some(&program)).unwrap();
    r.set_field(&second, Field::Uraian, "Program Pendidik dan Tenaga Kependidikan").unwrap();
    assert_eq!(r.readiness().unwrap_err().id, "Program 1.1.2 belum mempunyai indikator");
    measure(&mut r, &second, "Persentase guru bersertifikat");
    assert_eq!(r.readiness().unwrap_err().id, "Program 1.1.2: isi kode nomenklaturnya sebelum diajukan");
    r.set_field(&second, Field::Kode, "1.01.03").unwrap();
    assert!(r.readiness().is_ok());
    assert_eq!(r.insert_node(NodeKind::Kegiatan, Some(&tujuan), None), None, "a kegiatan stands under a program");
    // A tujuan names the RPJMD sasaran it serves, chosen from the list the page gives.
    r.set_field(&tujuan, Field::Acuan, "3/r5").unwrap();
    assert_eq!(r.nodes[0].acuan, Some(Acuan { document_id: 3, node: NodeKey::new("r5") }));
    assert!(matches!(r.set_field(&tujuan, Field::Acuan, "sasaran 2"), Err(SetFieldError::Invalid(_))));
    let stored = Content::Renstra(r.clone()).canonical_json();
    assert_eq!(serde_json::from_str::<Content>(&stored).unwrap(), Content::Renstra(r));
}
