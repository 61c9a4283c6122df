use super::*;
use crate::domain::model::{Anchor, Content, FieldChange, Target, apply_suggestion, diff};

fn key(k: &str) -> NodeKey {
    NodeKey::new(k)
}

/// Visi → 2 misi; misi 1 → tujuan with an indicator and a sasaran with an indicator.
fn plan() -> RpjmdContent {
    let mut r = RpjmdContent::new(2025);
    let visi = key("r1");
    r.set_field(&visi, Field::Uraian, "Kabupaten yang maju, sehat dan berdaya saing").unwrap();
    let misi = r.insert_node(NodeKind::Misi, Some(&visi), None).unwrap();
    r.set_field(&misi, Field::Uraian, "Meningkatkan kualitas sumber daya manusia").unwrap();
    let tujuan = r.insert_node(NodeKind::Tujuan, Some(&misi), None).unwrap();
    r.set_field(&tujuan, Field::Uraian, "Meningkatnya kualitas pendidikan dan kesehatan").unwrap();
    let ind = r.insert_node(NodeKind::Indikator, Some(&tujuan), None).unwrap();
    fill_indicator(&mut r, &ind, "Indeks Pembangunan Manusia", "indeks");
    let sasaran = r.insert_node(NodeKind::Sasaran, Some(&tujuan), None).unwrap();
    r.set_field(&sasaran, Field::Uraian, "Meningkatnya mutu pendidikan").unwrap();
    let ind = r.insert_node(NodeKind::Indikator, Some(&sasaran), None).unwrap();
    fill_indicator(&mut r, &ind, "Rata-rata lama sekolah", "tahun");
    let misi2 = r.insert_node(NodeKind::Misi, Some(&visi), Some(&misi)).unwrap();
    r.set_field(&misi2, Field::Uraian, "Mewujudkan tata kelola pemerintahan yang baik").unwrap();
    r
}

fn fill_indicator(r: &mut RpjmdContent, node: &NodeKey, name: &str, satuan: &str) {
    r.set_field(node, Field::Uraian, name).unwrap();
    r.set_field(node, Field::Satuan, satuan).unwrap();
    r.set_field(node, Field::Baseline, "70,1").unwrap();
    for (i, f) in Field::TARGETS.iter().enumerate() {
        r.set_field(node, *f, &format!("70,{}", i + 2)).unwrap();
    }
    r.set_field(node, Field::TargetAkhir, "70.6").unwrap();
}

fn labels(r: &RpjmdContent) -> Vec<String> {
    r.outline().iter().map(|n| n.label().id).collect()
}

#[test]
fn a_new_rpjmd_starts_with_its_visi_and_its_tree_is_numbered_as_a_reader_counts() {
    assert_eq!(labels(&RpjmdContent::new(2025)), ["Visi"]);
    let r = plan();
    assert_eq!(
        labels(&r),
        ["Visi", "Misi 1", "Tujuan 1.1", "Indikator 1.1.1", "Sasaran 1.1.1", "Indikator 1.1.1.1", "Misi 2"]
    );
    let outline = r.outline();
    assert_eq!(outline[5].parent, Some(outline[4].key.clone()), "the indicator stands under its sasaran");
    assert_eq!(outline[5].field(Field::TargetAkhir), Some("70,6"));
    assert_eq!(outline[1].field(Field::Satuan), None, "a misi has no unit");
    assert!(r.validate().is_ok());
    assert_eq!(r.readiness().unwrap_err().id, "Misi 2 belum mempunyai tujuan");
    let mut r = r;
    r.remove_node(&outline[6].key);
    assert!(r.readiness().is_ok(), "{:?}", r.readiness());
}

#[test]
fn a_node_goes_only_where_the_tree_allows_it_and_after_a_siblings_whole_subtree() {
    let mut r = plan();
    let visi = key("r1");
    assert_eq!(r.insert_node(NodeKind::Indikator, Some(&visi), None), None, "no indicator under the visi");
    assert_eq!(r.insert_node(NodeKind::Visi, None, None), None, "one visi");
    assert_eq!(r.insert_node(NodeKind::Misi, None, None), None, "a misi stands under the visi");
    // A tujuan inserted after tujuan 1.1 comes after its indicators and sasaran, not between.
    let misi = r.outline()[1].key.clone();
    let tujuan = r.outline()[2].key.clone();
    let second = r.insert_node(NodeKind::Tujuan, Some(&misi), Some(&tujuan)).unwrap();
    assert_eq!(r.outline()[6].key, second);
    assert_eq!(labels(&r)[6], "Tujuan 1.2");
    assert!(!r.remove_node(&visi), "the visi stays");
    assert!(r.remove_node(&tujuan));
    assert_eq!(labels(&r), ["Visi", "Misi 1", "Tujuan 1.1", "Misi 2"], "a node goes with everything under it");
}

#[test]
fn a_tree_sent_in_the_wrong_shape_is_refused_naming_the_node() {
    let mut r = plan();
    // An indicator moved under a misi, and a sasaran whose tujuan does not exist.
    r.nodes[3].parent = Some(r.nodes[1].key.clone());
    r.nodes[4].parent = Some(key("r99"));
    let errors = r.validate().unwrap_err();
    let at = |k: &NodeKey| Anchor::Node(k.clone()).encode();
    assert_eq!(
        errors.get(&at(&r.nodes[3].key)).map(|m| m.id.as_str()),
        Some("Indikator tidak dapat berada di bawah Misi")
    );
    assert_eq!(errors.get(&at(&r.nodes[4].key)).map(|m| m.id.as_str()), Some("Sasaran tidak berada di bawah induknya"));
    let mut two = plan();
    two.nodes.push(TreeNode::new(key("r50"), NodeKind::Visi, None));
    assert!(two.validate().unwrap_err().get("document").is_some_and(|m| m.id.contains("tepat satu visi")));
}

#[test]
fn an_rpjmd_is_submitted_only_when_every_goal_and_objective_is_measured() {
    let mut r = RpjmdContent::new(2025);
    assert!(r.readiness().unwrap_err().id.contains("belum berisi misi"));
    r = plan();
    let outline = r.outline();
    r.remove_node(&outline[6].key);
    let (tujuan, sasaran) = (outline[2].key.clone(), outline[4].key.clone());
    let extra = r.insert_node(NodeKind::Sasaran, Some(&tujuan), Some(&sasaran)).unwrap();
    r.set_field(&extra, Field::Uraian, "Meningkatnya derajat kesehatan").unwrap();
    assert_eq!(r.readiness().unwrap_err().id, "Sasaran 1.1.2 belum mempunyai indikator");
    let ind = r.insert_node(NodeKind::Indikator, Some(&extra), None).unwrap();
    r.set_field(&ind, Field::Uraian, "Angka harapan hidup").unwrap();
    assert_eq!(r.readiness().unwrap_err().id, "Indikator 1.1.2.1: isi satuan dan target tiap tahun sebelum diajukan");
    assert_eq!(
        r.readiness().unwrap_err().en,
        "Indicator 1.1.2.1: fill in the unit and each year's target before submitting"
    );
    // A node just added may stay empty in a draft, not in a submission.
    r.set_field(&key("r1"), Field::Uraian, " ").unwrap();
    assert!(r.validate().is_ok(), "a draft saves with an empty statement");
    assert_eq!(r.readiness().unwrap_err().id, "Visi: isi uraiannya sebelum diajukan");
}

#[test]
fn an_rpjmd_field_takes_what_its_kind_has_and_heads_it_with_the_periods_years() {
    let mut r = plan();
    let misi = r.outline()[1].key.clone();
    assert_eq!(r.set_field(&misi, Field::Satuan, "%"), Err(SetFieldError::NotEditable));
    let ind = r.outline()[3].key.clone();
    assert!(matches!(r.set_field(&ind, Field::Target2, "tinggi"), Err(SetFieldError::Invalid(_))));
    r.set_field(&ind, Field::Target2, "BB").unwrap();
    let errors = r.validate().unwrap_err();
    assert!(
        errors
            .get(&Anchor::Field { node: ind, field: Field::Baseline }.encode())
            .is_some_and(|m| m.id.contains("semuanya predikat"))
    );
    assert_eq!(r.column_label(NodeKind::Indikator, Field::Target1).id, "Target 2025");
    assert_eq!(r.column_label(NodeKind::Indikator, Field::Baseline).id, "Kondisi awal 2024");
    assert_eq!(r.column_label(NodeKind::Indikator, Field::TargetAkhir).id, "Kondisi akhir 2029");
    assert_eq!(r.column_label(NodeKind::Misi, Field::Uraian).id, "Uraian");
    assert_eq!(r.child_kinds(NodeKind::Tujuan), [NodeKind::Sasaran, NodeKind::Indikator]);
}

#[test]
fn a_suggestion_on_an_rpjmd_target_applies_and_the_diff_names_the_indicator_and_the_year() {
    let old = Content::Rpjmd(plan());
    let mut new = old.clone();
    let ind = old.outline()[5].key.clone();
    apply_suggestion(&mut new, &Anchor::Field { node: ind.clone(), field: Field::Target3 }, "8,1").unwrap();
    let d = diff(&old, &[], &new, &[]);
    assert_eq!(
        d.changed,
        vec![FieldChange { node: ind.clone(), field: Field::Target3, old: "70,4".into(), new: "8,1".into() }]
    );
    let place = new.place_label(&Anchor::Field { node: ind, field: Field::Target3 }, &new.outline(), &[]);
    assert_eq!(place.id, "Indikator 1.1.1.1 · Target 2027");
    let stored = new.canonical_json();
    assert!(!stored.contains("\"satuan\":\"\""), "a statement stores no empty indicator fields: {stored}");
    assert_eq!(serde_json::from_str::<Content>(&stored).unwrap(), new);
    assert!(matches!(new, Content::Rpjmd(ref r) if r.nodes[5].targets[2] == Some(Target::Angka(8.1))));
}
