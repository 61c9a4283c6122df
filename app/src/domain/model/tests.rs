use super::*;

fn row(key: &str, indikator: &str, target: &str) -> PkRow {
    PkRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya mutu pendidikan".into(),
        indikator: indikator.into(),
        target: target.into(),
        satuan: "%".into(),
    }
}

fn pk(rows: Vec<PkRow>) -> Content {
    Content::Pk(PkContent { rows })
}

fn field(node: &str, field: Field) -> Anchor {
    Anchor::Field { node: NodeKey::new(node), field }
}

#[test]
fn an_empty_document_is_not_ready_to_submit() {
    assert!(Content::Files.ready_to_submit(0).is_err());
    assert!(Content::Files.ready_to_submit(1).is_ok());
    assert!(pk(vec![]).ready_to_submit(3).unwrap_err().id.contains("Tabel PK masih kosong"));
    assert!(pk(vec![PkRow::default()]).ready_to_submit(0).is_ok());
}

#[test]
fn the_diff_lists_added_removed_and_changed_rows_with_old_and_new_values() {
    let old = pk(vec![row("a", "Angka partisipasi murni", "95"), row("b", "Rata-rata lama sekolah", "8,5")]);
    let new = pk(vec![row("a", "Angka partisipasi murni SD", "96"), row("c", "Angka putus sekolah", "0,5")]);
    let d = diff(&old, &[("lampiran.pdf".into(), "1".repeat(64))], &new, &[("lampiran-2.pdf".into(), "2".repeat(64))]);
    assert_eq!(d.added.iter().map(|n| n.key.as_str()).collect::<Vec<_>>(), vec!["c"]);
    assert_eq!(d.removed.iter().map(|n| n.key.as_str()).collect::<Vec<_>>(), vec!["b"]);
    assert_eq!(d.removed[0].summary(), "Meningkatnya mutu pendidikan · Rata-rata lama sekolah · 8,5 · %");
    assert_eq!(
        d.changed,
        vec![
            FieldChange {
                node: NodeKey::new("a"),
                field: Field::Indikator,
                old: "Angka partisipasi murni".into(),
                new: "Angka partisipasi murni SD".into()
            },
            FieldChange { node: NodeKey::new("a"), field: Field::Target, old: "95".into(), new: "96".into() },
        ]
    );
    assert_eq!(d.files_removed.len(), 1);
    assert_eq!(d.files_added.len(), 1);
    assert!(d.touches(&field("a", Field::Target)));
    assert!(!d.touches(&field("a", Field::Satuan)));
    assert!(d.touches(&Anchor::Node(NodeKey::new("b"))));
}

#[test]
fn anchors_round_trip_through_their_stored_form() {
    for anchor in [
        Anchor::Document,
        Anchor::Node(NodeKey::new("r1")),
        field("r1", Field::Target),
        // A key may itself hold a colon: the field is what follows the last one.
        field("sasaran:2", Field::Indikator),
        Anchor::FilePage { sha256: "a".repeat(64), page: 3 },
    ] {
        assert_eq!(Anchor::decode(&anchor.encode()), Some(anchor));
    }
    assert_eq!(Anchor::decode("field:r1:anggaran_tidak_ada"), None);
    assert_eq!(Anchor::decode("file:abc:0"), None);
    assert_eq!(Anchor::decode("row:"), None);
    assert_eq!(Anchor::decode("document:x"), None);
}

#[test]
fn anchors_travel_as_typed_json_not_as_strings() {
    let json = serde_json::to_string(&field("a", Field::Target)).unwrap();
    assert_eq!(json, r#"{"Field":{"node":"a","field":"target"}}"#);
    assert!(serde_json::from_str::<Anchor>(r#"{"Field":{"node":"a","field":"anggaran_x"}}"#).is_err());
}

#[test]
fn canonical_json_has_sorted_keys_and_no_whitespace_and_keeps_the_stored_shape() {
    let a = pk(vec![row("a", "x", "1")]);
    assert_eq!(
        a.canonical_json(),
        r#"{"Pk":{"rows":[{"indikator":"x","key":"a","sasaran":"Meningkatnya mutu pendidikan","satuan":"%","target":"1"}]}}"#
    );
    let b: Content = serde_json::from_str(&a.canonical_json()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn empty_required_cells_are_reported_by_their_anchor_with_the_field_named() {
    let content = pk(vec![row("a", "", "95")]);
    let errors = content.validate().unwrap_err();
    let msg = errors.get(&field("a", Field::Indikator).encode()).expect("the indicator cell is named");
    assert_eq!(msg.id, "Indikator wajib diisi");
    assert!(errors.get(&field("a", Field::Sasaran).encode()).is_none(), "sasaran may repeat the row above");
}

#[test]
fn a_repeated_row_key_is_refused() {
    let errors = pk(vec![row("a", "x", "1"), row("a", "y", "2")]).validate().unwrap_err();
    assert!(errors.get("row:a").is_some());
}

#[test]
fn an_anchor_exists_only_where_the_content_has_that_place() {
    let content = pk(vec![row("a", "x", "1")]);
    assert!(field("a", Field::Target).exists_in(&content, &[]));
    assert!(!field("b", Field::Target).exists_in(&content, &[]));
    assert!(Anchor::Node(NodeKey::new("a")).exists_in(&content, &[]));
    assert!(!Anchor::FilePage { sha256: "a".repeat(64), page: 1 }.exists_in(&content, &[]));
    assert!(Anchor::FilePage { sha256: "a".repeat(64), page: 1 }.exists_in(&content, &["a".repeat(64)]));
}

#[test]
fn an_accepted_suggestion_sets_the_field_and_a_removed_row_refuses_it() {
    let mut content = pk(vec![row("a", "x", "1")]);
    apply_suggestion(&mut content, &field("a", Field::Target), " 96 ").unwrap();
    assert_eq!(content.outline()[0].field(Field::Target), Some("96"));
    assert_eq!(apply_suggestion(&mut content, &field("gone", Field::Target), "1"), Err(SetFieldError::NodeGone));
    assert_eq!(apply_suggestion(&mut content, &Anchor::Node(NodeKey::new("a")), "1"), Err(SetFieldError::NotEditable));
    assert!(suggestible(&content, &field("a", Field::Target)).is_ok());
    assert!(suggestible(&content, &Anchor::Document).is_err());
}

#[test]
fn labels_name_the_row_by_its_position_and_the_field_in_both_languages() {
    let content = pk(vec![row("r7", "x", "1"), row("r3", "y", "2")]);
    let outline = content.outline();
    let label = field("r3", Field::Target).label(&outline, &[]);
    assert_eq!((label.id.as_str(), label.en.as_str()), ("Baris 2 · Target", "Row 2 · Target"));
    let files = [("LKjIP.pdf".to_owned(), "b".repeat(64))];
    let label = Anchor::FilePage { sha256: "b".repeat(64), page: 3 }.label(&outline, &files);
    assert_eq!(label.id, "LKjIP.pdf, hlm. 3");
}

#[test]
fn rows_are_inserted_after_a_given_row_with_a_fresh_key_and_removed_by_key() {
    let mut content = PkContent { rows: vec![row("r1", "x", "1"), row("r2", "y", "2")] };
    let key = content.insert_node(NodeKind::PkKinerja, None, Some(&NodeKey::new("r1"))).unwrap();
    assert_eq!(key, NodeKey::new("r3"));
    assert_eq!(content.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["r1", "r3", "r2"]);
    assert!(content.remove_node(&NodeKey::new("r1")));
    assert!(!content.remove_node(&NodeKey::new("r1")));
    let key = content.insert_node(NodeKind::PkKinerja, None, None).unwrap();
    assert_eq!(key, NodeKey::new("r4"), "a removed row's key is not handed out again while higher keys exist");
    assert_eq!(content.rows.last().unwrap().key, key);
}
