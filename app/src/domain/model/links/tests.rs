use super::*;
use crate::domain::model::{IkuContent, PkContent, PkLevel, RenstraContent, RpjmdContent, Structured, Target};

fn add(s: &mut dyn Structured, kind: NodeKind, parent: Option<&NodeKey>, uraian: &str) -> NodeKey {
    let key = s.insert_node(kind, parent, None).unwrap();
    s.set_field(&key, Field::Uraian, uraian).unwrap();
    key
}

fn measure(s: &mut dyn Structured, parent: &NodeKey, name: &str, first_target: u32) -> NodeKey {
    let key = add(s, NodeKind::Indikator, Some(parent), name);
    s.set_field(&key, Field::Satuan, "%").unwrap();
    s.set_field(&key, Field::Baseline, "80").unwrap();
    for (i, f) in Field::TARGETS.iter().enumerate() {
        s.set_field(&key, *f, &(first_target + i as u32).to_string()).unwrap();
    }
    key
}

/// A Renstra 2025–2029 with a tujuan, its sasaran and one program of two sub kegiatan, each
/// measured. Keys: tujuan r1, its indicator r2, sasaran r3, its indicator r4, program r5.
fn renstra() -> RenstraContent {
    let mut r = RenstraContent::new(2025);
    let tujuan = add(&mut r, NodeKind::Tujuan, None, "Meningkatnya mutu pendidikan");
    measure(&mut r, &tujuan, "Indeks pendidikan", 70);
    let sasaran = add(&mut r, NodeKind::Sasaran, Some(&tujuan), "Meningkatnya akses pendidikan dasar");
    measure(&mut r, &sasaran, "Angka partisipasi murni SD", 95);
    let program = add(&mut r, NodeKind::Program, Some(&sasaran), "Program Pengelolaan Pendidikan");
    r.set_field(&program, Field::Kode, "1.01.02").unwrap();
    measure(&mut r, &program, "Persentase sekolah terakreditasi", 60);
    let kegiatan = add(&mut r, NodeKind::Kegiatan, Some(&program), "Pengelolaan Pendidikan SD");
    for (i, pagu) in [("0003", "1.500.000.000"), ("0023", "250.000.000")] {
        let sub = add(&mut r, NodeKind::SubKegiatan, Some(&kegiatan), "Sub kegiatan");
        r.set_field(&sub, Field::Kode, &format!("1.01.02.2.01.{i}")).unwrap();
        r.set_field(&sub, Field::Pagu2, pagu).unwrap();
    }
    r
}

fn rpjmd() -> RpjmdContent {
    let mut r = RpjmdContent::new(2025);
    let misi = add(&mut r, NodeKind::Misi, Some(&NodeKey::new("r1")), "Mewujudkan SDM unggul");
    let tujuan = add(&mut r, NodeKind::Tujuan, Some(&misi), "Meningkatnya kualitas SDM");
    measure(&mut r, &tujuan, "Indeks pembangunan manusia", 71);
    let sasaran = add(&mut r, NodeKind::Sasaran, Some(&tujuan), "Meningkatnya kualitas pendidikan");
    measure(&mut r, &sasaran, "Rata-rata lama sekolah", 8);
    r
}

fn key_of(outline: &[Node], uraian: &str) -> NodeKey {
    outline.iter().find(|n| n.field(Field::Uraian) == Some(uraian)).map(|n| n.key.clone()).unwrap()
}

#[test]
fn each_kind_of_link_names_only_the_places_it_serves() {
    use NodeKind::*;
    assert!(LinkKind::PkToUpperPk.accepts(PkKinerja, None));
    assert!(!LinkKind::PkToUpperPk.accepts(PkAnggaran, None), "a budget row is no indicator");
    assert!(LinkKind::RenstraToRpjmd.accepts(Sasaran, Some(Tujuan)));
    assert!(!LinkKind::RenstraToRpjmd.accepts(Indikator, Some(Sasaran)), "a Renstra sasaran serves a sasaran");
    assert!(LinkKind::PkToRpjmd.accepts(Indikator, Some(Sasaran)));
    assert!(!LinkKind::PkToRpjmd.accepts(Sasaran, Some(Tujuan)), "the Bupati promises indicators");
    assert!(LinkKind::IkuToRenstra.accepts(Indikator, Some(Tujuan)));
    assert!(!LinkKind::IkuToRenstra.accepts(Indikator, Some(Program)), "a program's indicator is no IKU");
}

#[test]
fn a_link_the_target_does_not_offer_is_refused_and_submitting_needs_every_link_once_the_target_exists() {
    let plan = renstra();
    let outline = plan.outline();
    let sasaran_indicator = key_of(&outline, "Angka partisipasi murni SD");
    let program_indicator = key_of(&outline, "Persentase sekolah terakreditasi");
    let mut iku = IkuContent::new(2025);
    for _ in 0..4 {
        iku.insert_node(NodeKind::Iku, None, None).unwrap();
    }
    iku.set_field(&NodeKey::new("r1"), Field::Acuan, &format!("7/{sasaran_indicator}")).unwrap();
    iku.set_field(&NodeKey::new("r2"), Field::Acuan, &format!("7/{program_indicator}")).unwrap();
    iku.set_field(&NodeKey::new("r3"), Field::Acuan, &format!("8/{sasaran_indicator}")).unwrap();
    let at = |key: &str| Anchor::Field { node: NodeKey::new(key), field: Field::Acuan }.encode();

    let saving = check(&iku.links(), Some((7, &outline)), false);
    assert_eq!(saving.get(&at("r1")), None);
    let refused = saving.get(&at("r2")).unwrap();
    assert_eq!(refused.id, "indikator acuan tidak ada dalam Renstra PD ini periode ini");
    assert!(saving.get(&at("r3")).is_some(), "another document's place is refused");
    assert_eq!(saving.get(&at("r4")), None, "a draft may leave a link to choose later");

    let submitting = check(&iku.links(), Some((7, &outline)), true);
    assert_eq!(
        submitting.get(&at("r4")).unwrap().id,
        "pilih indikator tujuan atau sasaran Renstra yang menjadi IKU ini"
    );
    let no_renstra = check(&iku.links(), None, true);
    assert_eq!(no_renstra.get(&at("r4")), None, "without a Renstra there is nothing to choose from");
    assert!(no_renstra.get(&at("r1")).is_some(), "but a link still names a place that exists");
}

#[test]
fn the_choices_read_as_the_plan_numbers_its_places() {
    let outline = renstra().outline();
    let choices = choices(LinkKind::IkuToRenstra, 7, &outline);
    let texts: Vec<&str> = choices.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, ["Indikator 1.1 · Indeks pendidikan (%)", "Indikator 1.1.1 · Angka partisipasi murni SD (%)"]);
    assert_eq!(Acuan::parse(&choices[1].0).map(|a| a.document_id), Some(7));
    let rpjmd = rpjmd().outline();
    let statements = super::choices(LinkKind::RenstraToRpjmd, 1, &rpjmd);
    assert_eq!(
        statements.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
        ["Tujuan 1.1 · Meningkatnya kualitas SDM", "Sasaran 1.1.1 · Meningkatnya kualitas pendidikan"]
    );
}

#[test]
fn an_iku_started_from_the_renstra_has_a_linked_row_for_each_sasaran_indicator() {
    let plan = renstra();
    let iku = IkuContent::from_renstra(2025, 7, &plan.nodes);
    assert_eq!(iku.rows.len(), 1, "the tujuan's and the program's indicators are not sasaran indicators");
    let row = &iku.rows[0];
    assert_eq!(
        (row.sasaran.as_str(), row.indikator.as_str(), row.satuan.as_str()),
        ("Meningkatnya akses pendidikan dasar", "Angka partisipasi murni SD", "%")
    );
    assert_eq!(row.baseline, Some(Target::Angka(80.0)));
    assert_eq!(row.targets[4], Some(Target::Angka(99.0)));
    assert!(check(&iku.links(), Some((7, &plan.outline())), true).is_empty(), "every row is linked");
    assert_eq!(row.polaritas, Some(crate::domain::model::Polaritas::Positif), "its targets rise");
    assert!(iku.validate().is_ok(), "{:?}", iku.validate());
    assert!(iku.readiness().is_err(), "the manual is still the planner's to write");

    let mut falling = renstra();
    let stunting = key_of(&falling.outline(), "Angka partisipasi murni SD");
    for (i, f) in Field::TARGETS.iter().enumerate() {
        falling.set_field(&stunting, *f, &(18 - 2 * i).to_string()).unwrap();
    }
    let iku = IkuContent::from_renstra(2025, 7, &falling.nodes);
    assert_eq!(iku.rows[0].polaritas, Some(crate::domain::model::Polaritas::Negatif), "its targets fall");
}

#[test]
fn a_pk_started_from_a_plan_takes_that_years_targets_and_each_programs_pagu() {
    let plan = renstra();
    let pk = PkContent::from_plan(PkLevel::EselonII, 1, &plan.nodes, None);
    assert_eq!(pk.rows.len(), 1);
    assert_eq!(pk.rows[0].target, Some(Target::Angka(96.0)), "the second year's target");
    assert_eq!(pk.rows[0].acuan, None, "a Kepala PD links to the Bupati's PK, which the planner chooses");
    assert_eq!(pk.anggaran.len(), 1);
    assert_eq!(pk.anggaran[0].uraian, "1.01.02 Program Pengelolaan Pendidikan");
    assert_eq!(pk.anggaran[0].anggaran, Some(1_750_000_000), "the sum over its sub kegiatan that year");
    assert!(pk.validate().is_ok(), "{:?}", pk.validate());
    let first_year = PkContent::from_plan(PkLevel::EselonII, 0, &plan.nodes, None);
    assert!(first_year.anggaran.is_empty(), "a program without a pagu that year has no budget row to fill");
    assert!(first_year.validate().is_ok());

    let rpjmd = rpjmd();
    let bupati = PkContent::from_plan(PkLevel::KepalaDaerah, 0, &rpjmd.nodes, Some(1));
    assert_eq!(bupati.rows[0].indikator, "Rata-rata lama sekolah");
    assert!(check(&bupati.links(), Some((1, &rpjmd.outline())), true).is_empty());
    assert!(bupati.anggaran.is_empty());
}

#[test]
fn a_link_moves_to_next_years_place_of_the_same_name_or_is_left_to_choose() {
    let old = rpjmd().outline();
    let mut next = rpjmd();
    let sasaran = key_of(&next.outline(), "Meningkatnya kualitas pendidikan");
    measure(&mut next, &sasaran, "Harapan lama sekolah", 12);
    let new = next.outline();
    let linked = Acuan { document_id: 1, node: key_of(&old, "Rata-rata lama sekolah") };
    let kind = LinkKind::PkToRpjmd;
    let moved_to = moved(kind, &linked, Some((1, &old)), Some((2, &new)));
    assert_eq!(moved_to, Some(Acuan { document_id: 2, node: key_of(&new, "Rata-rata lama sekolah") }));
    let elsewhere = Acuan { document_id: 9, ..linked.clone() };
    assert_eq!(moved(kind, &elsewhere, Some((1, &old)), Some((2, &new))), None);
    assert_eq!(moved(kind, &linked, Some((1, &old)), None), None);
}
