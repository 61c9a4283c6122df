use super::links::moved;
use super::*;

fn row(key: &str, indikator: &str, target: &str) -> PkRow {
    PkRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya mutu pendidikan".into(),
        indikator: indikator.into(),
        target: Some(Target::parse(target).unwrap()),
        satuan: "%".into(),
        acuan: None,
    }
}

fn pk(rows: Vec<PkRow>) -> Content {
    Content::Pk(PkContent { rows, ..PkContent::default() })
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
        r#"{"Pk":{"anggaran":[],"level":"EselonII","rows":[{"indikator":"x","key":"a","sasaran":"Meningkatnya mutu pendidikan","satuan":"%","target":1.0}]}}"#
    );
    let b: Content = serde_json::from_str(&a.canonical_json()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_pk_stored_before_the_budget_table_and_numeric_targets_still_reads() {
    let stored = r#"{"Pk":{"rows":[{"indikator":"x","key":"a","sasaran":"s","satuan":"%","target":"72,5"}]}}"#;
    let Content::Pk(pk) = serde_json::from_str::<Content>(stored).unwrap() else { panic!("a PK") };
    assert_eq!(pk.rows[0].target, Some(Target::Angka(72.5)));
    assert_eq!((pk.level, pk.anggaran.len()), (PkLevel::EselonII, 0));
}

#[test]
fn empty_required_cells_are_reported_by_their_anchor_with_the_field_named() {
    let content = pk(vec![row("a", "", "95")]);
    let errors = content.validate().unwrap_err();
    let msg = errors.get(&field("a", Field::Indikator).encode()).expect("the indicator cell is named");
    assert_eq!(msg.id, "Indikator wajib diisi");
    assert!(errors.get(&field("a", Field::Sasaran).encode()).is_none(), "a filled cell is not reported");
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
    let mut content = PkContent { rows: vec![row("r1", "x", "1"), row("r2", "y", "2")], ..PkContent::default() };
    let key = content.insert_node(NodeKind::PkKinerja, None, Some(&NodeKey::new("r1"))).unwrap();
    assert_eq!(key, NodeKey::new("r3"));
    assert_eq!(content.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["r1", "r3", "r2"]);
    assert!(content.remove_node(&NodeKey::new("r1")));
    assert!(!content.remove_node(&NodeKey::new("r1")));
    let key = content.insert_node(NodeKind::PkKinerja, None, None).unwrap();
    assert_eq!(key, NodeKey::new("r4"), "a removed row's key is not handed out again while higher keys exist");
    assert_eq!(content.rows.last().unwrap().key, key);
}

#[test]
fn a_pk_target_is_a_number_or_a_grade_and_anything_else_is_refused_with_a_reason() {
    let mut content = pk(vec![row("a", "x", "1")]);
    for (typed, shown) in [("72,5", "72,5"), ("1.234,5", "1.234,5"), ("4.25", "4,25"), ("wtp", "WTP"), ("BB", "BB")] {
        apply_suggestion(&mut content, &field("a", Field::Target), typed).unwrap();
        assert_eq!(content.outline()[0].field(Field::Target), Some(shown), "{typed}");
    }
    let Err(SetFieldError::Invalid(msg)) = apply_suggestion(&mut content, &field("a", Field::Target), "sembilan puluh")
    else {
        panic!("refused")
    };
    assert!(msg.id.contains("bukan angka") && msg.id.contains("WTP"), "{msg:?}");
    assert_eq!(content.outline()[0].field(Field::Target), Some("BB"), "a refused value changes nothing");
}

#[test]
fn the_budget_table_takes_whole_rupiah_and_totals_them() {
    let mut pk = PkContent::new(PkLevel::EselonIII);
    let a = pk.insert_node(NodeKind::PkAnggaran, None, None).unwrap();
    let b = pk.insert_node(NodeKind::PkAnggaran, None, None).unwrap();
    pk.set_field(&a, Field::Uraian, "Program Pengelolaan Pendidikan").unwrap();
    pk.set_field(&a, Field::Anggaran, "Rp 1.500.000.000").unwrap();
    pk.set_field(&b, Field::Anggaran, "250.000.000").unwrap();
    assert_eq!(pk.total(NodeKind::PkAnggaran, Field::Anggaran), Some(1_750_000_000));
    assert!(matches!(pk.set_field(&b, Field::Anggaran, "1.000,50"), Err(SetFieldError::Invalid(_))));
    let errors = pk.validate().unwrap_err();
    assert_eq!(
        errors.get(&field(b.as_str(), Field::Uraian).encode()).map(|m| m.id.as_str()),
        Some("Program / Kegiatan wajib diisi")
    );
    assert!(errors.get(&field(b.as_str(), Field::Keterangan).encode()).is_none(), "keterangan is optional");
    let outline = pk.outline();
    assert_eq!(outline[1].field(Field::Anggaran), Some("Rp250.000.000"));
    assert_eq!(Anchor::Node(b).label(&outline, &[]).id, "Anggaran, baris 2");
}

#[test]
fn each_level_heads_its_tables_the_way_the_regulation_does() {
    let heading = |level: PkLevel, kind, field| PkContent::new(level).column_label(kind, field).id;
    assert_eq!(heading(PkLevel::KepalaDaerah, NodeKind::PkKinerja, Field::Sasaran), "Sasaran Strategis (RPJMD)");
    assert_eq!(heading(PkLevel::EselonII, NodeKind::PkKinerja, Field::Sasaran), "Sasaran Strategis");
    assert_eq!(heading(PkLevel::EselonIII, NodeKind::PkKinerja, Field::Sasaran), "Sasaran Program");
    assert_eq!(heading(PkLevel::EselonIV, NodeKind::PkKinerja, Field::Sasaran), "Sasaran Kegiatan");
    assert_eq!(heading(PkLevel::Pelaksana, NodeKind::PkKinerja, Field::Sasaran), "Sasaran Sub Kegiatan / RHK");
    assert_eq!(heading(PkLevel::EselonIII, NodeKind::PkAnggaran, Field::Uraian), "Program / Kegiatan");
    assert_eq!(heading(PkLevel::EselonIV, NodeKind::PkAnggaran, Field::Uraian), "Kegiatan / Sub Kegiatan");
    use crate::domain::master::Eselon;
    assert_eq!(PkLevel::of(Eselon::IIIb), PkLevel::EselonIII);
    assert_eq!(PkLevel::of(Eselon::KepalaDaerah), PkLevel::KepalaDaerah);
}

#[test]
fn the_pihak_kedua_follows_the_echelon_chain_within_the_pd() {
    use crate::domain::master::Eselon;
    let p = |eselon, pd: Option<i64>| Pihak { eselon, pd_id: pd };
    let bupati = p(Eselon::KepalaDaerah, None);
    let (kadis, kabid, kasi, staf) =
        (p(Eselon::IIb, Some(1)), p(Eselon::IIIb, Some(1)), p(Eselon::IVa, Some(1)), p(Eselon::Pelaksana, Some(1)));
    let kabid_elsewhere = p(Eselon::IIIa, Some(2));
    assert!(check_pihak_kedua(bupati, None).is_ok(), "the Bupati's PK has one party");
    assert!(check_pihak_kedua(bupati, Some(kadis)).is_err());
    assert!(check_pihak_kedua(kadis, Some(bupati)).is_ok());
    assert!(check_pihak_kedua(kadis, None).unwrap_err().id.contains("pilih pihak kedua"));
    assert!(check_pihak_kedua(kadis, Some(kabid)).unwrap_err().id.contains("Bupati"));
    assert!(check_pihak_kedua(kabid, Some(kadis)).is_ok());
    assert!(check_pihak_kedua(kabid, Some(p(Eselon::IIa, Some(2)))).unwrap_err().id.contains("PD yang sama"));
    assert!(check_pihak_kedua(kasi, Some(kabid)).is_ok());
    assert!(check_pihak_kedua(kasi, Some(kadis)).is_ok(), "a UPTD head reports to the PD head");
    assert!(check_pihak_kedua(kasi, Some(kabid_elsewhere)).is_err());
    assert!(check_pihak_kedua(kasi, Some(bupati)).is_err());
    assert!(check_pihak_kedua(staf, Some(kasi)).is_ok());
    assert!(check_pihak_kedua(staf, Some(kadis)).is_err());
}

fn iku_row(key: &str) -> IkuRow {
    IkuRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya derajat kesehatan masyarakat".into(),
        indikator: "Prevalensi stunting pada balita".into(),
        definisi_operasional: "Persentase balita dengan tinggi badan menurut umur di bawah −2 SD".into(),
        formulasi: "Balita stunting ÷ balita diukur × 100%".into(),
        satuan: "%".into(),
        polaritas: Some(Polaritas::Negatif),
        targets: ["18", "16", "14", "12", "10"].map(|t| Target::parse(t).ok()),
        ..IkuRow::default()
    }
}

#[test]
fn every_iku_column_takes_what_a_user_types_and_shows_it_back() {
    let mut iku = IkuContent { tahun_awal: 2025, rows: vec![IkuRow { key: NodeKey::new("r1"), ..IkuRow::default() }] };
    let typed = [
        (Field::Sasaran, "Meningkatnya derajat kesehatan masyarakat", "Meningkatnya derajat kesehatan masyarakat"),
        (Field::Indikator, "Usia harapan hidup", "Usia harapan hidup"),
        (Field::DefinisiOperasional, "Rata-rata tahun hidup", "Rata-rata tahun hidup"),
        (Field::Alasan, "Indikator RPJMD", "Indikator RPJMD"),
        (Field::Formulasi, "Hasil BPS", "Hasil BPS"),
        (Field::Satuan, "tahun", "tahun"),
        (Field::Polaritas, "Positif", "positif"),
        (Field::Agregasi, "nilai akhir", "nilai_akhir"),
        (Field::Baseline, "69,1", "69,1"),
        (Field::Target1, "69,3", "69,3"),
        (Field::Target2, "69.5", "69,5"),
        (Field::Target3, "69,7", "69,7"),
        (Field::Target4, "69,9", "69,9"),
        (Field::Target5, "70,1", "70,1"),
        (Field::SumberData, "BPS Kabupaten", "BPS Kabupaten"),
        (Field::PenanggungJawab, "Bidang Kesehatan Masyarakat", "Bidang Kesehatan Masyarakat"),
        (Field::PeriodePelaporan, "TAHUNAN", "tahunan"),
    ];
    let key = NodeKey::new("r1");
    for (field, text, _) in typed {
        iku.set_field(&key, field, text).unwrap_or_else(|e| panic!("{field:?} refused {text}: {e:?}"));
    }
    let node = &iku.outline()[0];
    for (field, _, shown) in typed {
        assert_eq!(node.field(field), Some(shown), "{field:?}");
    }
    let columns: Vec<Field> = iku.columns(NodeKind::Iku).iter().map(|c| c.field).collect();
    assert_eq!(
        columns,
        node.fields.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        "the columns are the outline's fields"
    );
    assert!(iku.validate().is_ok());
}

#[test]
fn an_iku_closed_list_refuses_other_values_and_names_the_allowed_ones() {
    let mut iku = IkuContent { tahun_awal: 2025, rows: vec![iku_row("r1")] };
    let refused = iku.set_field(&NodeKey::new("r1"), Field::Polaritas, "naik");
    let Err(SetFieldError::Invalid(msg)) = refused else { panic!("{refused:?}") };
    assert_eq!(msg.id, "Polaritas harus salah satu dari: positif, negatif, rentang");
    assert_eq!(iku.rows[0].polaritas, Some(Polaritas::Negatif), "the last valid value stays");
    assert_eq!(
        iku.choices(NodeKind::Iku, Field::Agregasi).iter().map(|c| c.code).collect::<Vec<_>>(),
        ["kumulatif", "nilai_akhir", "rata_rata"]
    );
    assert!(iku.choices(NodeKind::Iku, Field::Sasaran).is_empty());
}

#[test]
fn an_iku_heads_its_targets_with_the_periods_years_and_needs_each_indicators_manual_to_be_submitted() {
    let mut iku = IkuContent { tahun_awal: 2025, rows: vec![] };
    assert_eq!(iku.column_label(NodeKind::Iku, Field::Target5).id, "Target 2029");
    assert!(iku.readiness().unwrap_err().id.contains("Tabel IKU masih kosong"));
    iku.rows = vec![iku_row("r1"), IkuRow { formulasi: String::new(), ..iku_row("r2") }];
    assert_eq!(iku.readiness().unwrap_err().id, "Indikator 2: isi definisi operasional dan formulasi sebelum diajukan");
    iku.rows[1].formulasi = "Balita stunting ÷ balita diukur × 100%".into();
    assert!(iku.readiness().is_ok());
}

#[test]
fn an_iku_row_mixing_grades_and_numbers_is_refused_and_a_missing_target_year_is_named() {
    let mut row = iku_row("r1");
    row.targets[1] = Target::parse("BB").ok();
    row.targets[3] = None;
    let errors = IkuContent { tahun_awal: 2025, rows: vec![row] }.validate().unwrap_err();
    let at = |field| Anchor::Field { node: NodeKey::new("r1"), field }.encode();
    assert!(errors.get(&at(Field::Baseline)).is_some_and(|m| m.id.contains("semuanya predikat")));
    assert_eq!(errors.get(&at(Field::Target4)).map(|m| m.id.as_str()), Some("Target tahun ke-4 wajib diisi"));
}

#[test]
fn an_iku_suggestion_applies_to_one_years_target_and_the_diff_names_that_year() {
    let old = Content::Iku(IkuContent { tahun_awal: 2025, rows: vec![iku_row("r1")] });
    let mut new = old.clone();
    apply_suggestion(&mut new, &field("r1", Field::Target3), "13,5").unwrap();
    let d = diff(&old, &[], &new, &[]);
    assert_eq!(
        d.changed,
        vec![FieldChange { node: NodeKey::new("r1"), field: Field::Target3, old: "14".into(), new: "13,5".into() }]
    );
    let stored = new.canonical_json();
    assert_eq!(serde_json::from_str::<Content>(&stored).unwrap(), new, "the canonical JSON reads back");
}

#[test]
fn every_fields_json_name_is_its_stored_code() {
    for f in Field::VARIANTS {
        assert_eq!(serde_json::to_value(f).unwrap(), serde_json::Value::from(f.code()));
        assert_eq!(Field::from_code(f.code()), Some(f));
    }
}

#[test]
fn a_suggested_value_the_field_cannot_take_is_refused_when_it_is_written_not_when_it_is_accepted() {
    let content = Content::Iku(IkuContent { tahun_awal: 2025, rows: vec![iku_row("r1")] });
    let refused = check_suggestion(&content, &field("r1", Field::Polaritas), "naik").unwrap_err();
    assert!(refused.id.starts_with("Polaritas harus salah satu dari"), "{refused:?}");
    assert!(check_suggestion(&content, &field("r1", Field::Target2), "tinggi").is_err());
    assert!(check_suggestion(&content, &field("r1", Field::Polaritas), "positif").is_ok());
    assert!(check_suggestion(&content, &Anchor::Node(NodeKey::new("r1")), "1").is_err());
}

#[test]
fn a_pk_carried_forward_keeps_its_tables_and_moves_each_link_to_the_same_indicator_of_next_years_upper_pk() {
    let upper = |rows: Vec<PkRow>| Content::Pk(PkContent { rows, ..PkContent::default() }).outline();
    let old_upper =
        upper(vec![row("u1", "Angka partisipasi murni SD", "97"), row("u2", "Rata-rata lama sekolah", "8")]);
    // Next year's upper PK lists the indicators in another order, under other keys, one dropped.
    let new_upper = upper(vec![row("k9", " angka partisipasi murni sd ", "98")]);
    let mut this = PkContent {
        level: PkLevel::EselonIII,
        rows: vec![row("a", "APM SD binaan", "97"), row("b", "RLS binaan", "8")],
        anggaran: vec![PkAnggaranRow {
            key: NodeKey::new("g1"),
            uraian: "Program".into(),
            anggaran: Some(5),
            keterangan: String::new(),
        }],
    };
    this.rows[0].acuan = Some(Acuan { document_id: 10, node: NodeKey::new("u1") });
    this.rows[1].acuan = Some(Acuan { document_id: 10, node: NodeKey::new("u2") });
    let kind = LinkKind::PkToUpperPk;
    let next =
        this.carried_forward(PkLevel::EselonIV, |a| moved(kind, a, Some((10, &old_upper)), Some((20, &new_upper))));
    assert_eq!(next.level, PkLevel::EselonIV, "the level is the official's now");
    assert_eq!(next.rows[0].acuan, Some(Acuan { document_id: 20, node: NodeKey::new("k9") }));
    assert_eq!(next.rows[1].acuan, None, "an indicator next year's upper PK no longer has is left to choose");
    assert_eq!(
        (next.rows[0].target.clone(), next.anggaran.clone()),
        (this.rows[0].target.clone(), this.anggaran.clone())
    );
    let without_upper = this.carried_forward(PkLevel::EselonIII, |a| moved(kind, a, Some((10, &old_upper)), None));
    assert!(without_upper.rows.iter().all(|r| r.acuan.is_none()));
}

#[test]
fn a_place_is_named_with_the_heading_its_table_gives_the_field() {
    let iku = Content::Iku(IkuContent { tahun_awal: 2025, rows: vec![iku_row("r1")] });
    let label = iku.place_label(&field("r1", Field::Target3), &iku.outline(), &[]);
    assert_eq!((label.id.as_str(), label.en.as_str()), ("Indikator 1 · Target 2027", "Indicator 1 · Target 2027"));
    let pk =
        Content::Pk(PkContent { level: PkLevel::EselonIII, rows: vec![row("a", "x", "1")], ..PkContent::default() });
    assert_eq!(pk.place_label(&field("a", Field::Sasaran), &pk.outline(), &[]).id, "Baris 1 · Sasaran Program");
    assert_eq!(pk.place_label(&Anchor::Document, &pk.outline(), &[]).id, "Dokumen");
}
