use super::*;
use crate::domain::model::{Content, PkRow};

fn pk() -> PkContent {
    let row = |key: &str, indikator: &str, target: &str, satuan: &str| PkRow {
        key: NodeKey::new(key),
        sasaran: "Meningkatnya mutu pendidikan dasar".into(),
        indikator: indikator.into(),
        target: Target::parse(target).ok(),
        satuan: satuan.into(),
        acuan: None,
    };
    PkContent {
        rows: vec![
            row("r1", "Jumlah ruang kelas baru", "100", "unit"),
            row("r2", "Angka putus sekolah SD", "0,4", "%"),
            row("r3", "Opini BPK atas laporan keuangan dinas", "WTP", "predikat"),
        ],
        ..PkContent::default()
    }
}

fn plan(pembagian: Pembagian) -> RencanaAksiContent {
    RencanaAksiContent::from_pk(2026, pembagian, 9, &pk())
}

fn set(p: &mut RencanaAksiContent, key: &str, field: Field, text: &str) {
    p.set_field(&NodeKey::new(key), field, text).unwrap();
}

fn real(key: &str, period: usize, text: &str) -> Realisasi {
    Realisasi {
        node: NodeKey::new(key),
        period,
        nilai: (!text.is_empty()).then(|| Target::parse(text).unwrap()),
        anggaran: None,
        catatan: String::new(),
    }
}

fn percent(c: &Result<Capaian, Refusal>) -> f64 {
    match c {
        Ok(Capaian::Percent(v)) => (v * 100.0).round() / 100.0,
        other => panic!("no percentage: {other:?}"),
    }
}

#[test]
fn a_plan_is_made_from_its_pk_one_row_per_indicator_divided_into_quarters_or_months() {
    let quarterly = plan(Pembagian::Triwulan);
    assert_eq!(quarterly.rows.len(), 3);
    assert_eq!(quarterly.rows[0].acuan, Some(Acuan { document_id: 9, node: NodeKey::new("r1") }));
    assert_eq!(quarterly.rows[0].targets.len(), 4);
    assert_eq!(quarterly.column_label(NodeKind::Indikator, Field::Periode2).id, "Triwulan II");
    assert_eq!(quarterly.column_label(NodeKind::Indikator, Field::Target).id, "Target 2026");
    assert_eq!(quarterly.columns(NodeKind::Indikator).len(), 12);
    let monthly = plan(Pembagian::Bulan);
    assert_eq!(monthly.rows[0].targets.len(), 12);
    assert_eq!(monthly.column_label(NodeKind::Indikator, Field::Periode12).en, "December");
    assert_eq!(monthly.columns(NodeKind::Indikator).len(), 20);
    assert!(quarterly.validate().is_ok(), "{:?}", quarterly.validate());
}

#[test]
fn what_the_pk_says_is_not_edited_here_and_rows_are_neither_added_nor_removed() {
    let mut p = plan(Pembagian::Triwulan);
    let key = NodeKey::new("r1");
    assert_eq!(p.set_field(&key, Field::Indikator, "lain"), Err(SetFieldError::NotEditable));
    assert_eq!(p.set_field(&key, Field::Target, "5"), Err(SetFieldError::NotEditable));
    assert_eq!(p.set_field(&key, Field::Periode5, "5"), Err(SetFieldError::NotEditable), "a quarter has no fifth");
    assert!(p.insert_node(NodeKind::Indikator, None, None).is_none());
    assert!(!p.remove_node(&key));
    assert!(p.fixed_rows());

    // A client that sends other rows, another year or an edited indicator keeps only its plan.
    let stored = p.clone();
    let mut sent = p.clone();
    sent.tahun = 1999;
    sent.pembagian = Pembagian::Bulan;
    sent.rows[0].indikator = "Diganti".into();
    sent.rows[0].targets[0] = Target::parse("10").ok();
    sent.rows[0].aksi = "Lelang pembangunan RKB".into();
    sent.rows.remove(1);
    let mut content = Content::RencanaAksi(sent);
    content.keep_fixed(&Content::RencanaAksi(stored.clone()));
    let Content::RencanaAksi(kept) = content else { unreachable!() };
    assert_eq!((kept.tahun, kept.pembagian, kept.rows.len()), (2026, Pembagian::Triwulan, 3));
    assert_eq!(kept.rows[0].indikator, "Jumlah ruang kelas baru");
    assert_eq!(
        (kept.rows[0].targets[0].clone(), kept.rows[0].aksi.as_str()),
        (Target::parse("10").ok(), "Lelang pembangunan RKB")
    );
    assert_eq!(kept.rows[1], stored.rows[1], "a row the client left out stays as it was");
}

#[test]
fn a_plan_is_submitted_once_each_indicator_has_a_target_in_some_period() {
    let mut p = plan(Pembagian::Triwulan);
    assert_eq!(
        p.readiness().unwrap_err().id,
        "Indikator 1, 2, 3: isi target paling sedikit satu periode sebelum diajukan"
    );
    set(&mut p, "r1", Field::Periode4, "100");
    set(&mut p, "r2", Field::Periode4, "0,4");
    set(&mut p, "r3", Field::Periode4, "WTP");
    assert_eq!(p.readiness().unwrap_err().id, "Indikator 1, 2, 3: pilih polaritas dan agregasinya sebelum diajukan");
    for key in ["r1", "r2", "r3"] {
        set(&mut p, key, Field::Polaritas, "positif");
    }
    assert_eq!(p.readiness(), Ok(()));
    set(&mut p, "r3", Field::Periode1, "90");
    assert!(p.validate().is_err(), "a grade indicator's period target is a grade");
}

#[test]
fn capaian_follows_each_rows_polarity_and_aggregation_and_a_missing_realisation_is_not_zero() {
    let mut p = plan(Pembagian::Triwulan);
    for (i, t) in ["20", "30", "25", "25"].iter().enumerate() {
        set(&mut p, "r1", Field::PERIODE[i], t);
    }
    set(&mut p, "r1", Field::Polaritas, "positif");
    set(&mut p, "r1", Field::Agregasi, "kumulatif");
    for (i, t) in ["0,5", "0,5", "0,45", "0,4"].iter().enumerate() {
        set(&mut p, "r2", Field::PERIODE[i], t);
    }
    set(&mut p, "r2", Field::Polaritas, "negatif");
    set(&mut p, "r2", Field::Agregasi, "nilai_akhir");
    let entries = [
        real("r1", 0, "16"),
        real("r1", 1, "36"),
        real("r1", 2, "10"),
        real("r1", 2, ""), // withdrawn: Triwulan III is not reported again
        real("r2", 0, "0,6"),
        real("r2", 1, "0,45"),
    ];
    let settings = CapaianSettings::default();
    let c = p.capaian(&entries, &settings);
    assert_eq!(percent(&c[0].per_period[0]), 80.0);
    assert_eq!(percent(&c[0].per_period[1]), 120.0);
    assert_eq!(c[0].per_period[2], Ok(Capaian::NotReported));
    assert_eq!(percent(&c[0].so_far), 104.0, "kumulatif: 52 of 50");
    assert_eq!(c[0].status, Some(Status::Tercapai));
    // Negative, last value, (2T − R)/T: 0,45 against 0,5 in Triwulan II.
    assert_eq!(percent(&c[1].per_period[0]), 80.0);
    assert_eq!(percent(&c[1].so_far), 110.0);
    assert_eq!(c[1].status, Some(Status::MelampauiTarget));
    assert_eq!(c[2].so_far, Ok(Capaian::NotReported), "nothing reported is not 0");
    assert_eq!(c[2].status, None);

    let other = CapaianSettings { negative_formula: NegativeFormula::TargetOverRealisation, ..settings.clone() };
    assert_eq!(percent(&p.capaian(&entries, &other)[1].so_far), 111.11);
}

#[test]
fn graded_indicators_are_compared_on_their_scale_and_refusals_say_why() {
    let mut p = plan(Pembagian::Triwulan);
    set(&mut p, "r3", Field::Periode4, "WTP");
    set(&mut p, "r3", Field::Agregasi, "nilai_akhir");
    let settings = CapaianSettings::default();
    let c = p.capaian(&[real("r3", 3, "WDP")], &settings);
    assert_eq!(percent(&c[2].so_far), 75.0, "WDP (3) against WTP (4)");
    set(&mut p, "r3", Field::Agregasi, "kumulatif");
    let c = p.capaian(&[real("r3", 3, "WDP")], &settings);
    assert_eq!(c[2].so_far, Err(Refusal::OrdinalNotAdditive));
    let c = p.capaian(&[real("r3", 3, "87")], &settings);
    assert!(matches!(c[2].per_period[3], Err(Refusal::UnknownGrade { .. })), "a number is not on the scale");
    set(&mut p, "r1", Field::Polaritas, "rentang");
    let c = p.capaian(&[real("r1", 0, "5")], &settings);
    assert_eq!(c[0].so_far, Err(Refusal::RangeWithoutBounds));
    assert!(!Refusal::RangeWithoutBounds.msg().id.is_empty());
    let c = p.capaian(&[real("r2", 0, "0,3")], &settings);
    assert_eq!(c[1].per_period[0], Err(Refusal::MissingTarget { period: 0 }), "a realisation with no target");
}

#[test]
fn next_years_plan_keeps_this_years_way_of_working_for_the_same_indicators() {
    let mut p = plan(Pembagian::Bulan);
    set(&mut p, "r2", Field::Polaritas, "negatif");
    set(&mut p, "r2", Field::Aksi, "Pendampingan sekolah rawan putus sekolah");
    set(&mut p, "r2", Field::Anggaran, "Rp 50.000.000");
    set(&mut p, "r2", Field::Periode1, "0,5");
    let mut next_pk = pk();
    next_pk.rows.remove(0);
    next_pk.rows[0].key = NodeKey::new("k7");
    next_pk.rows[0].indikator = " angka putus sekolah sd".into();
    let next = p.carried_into(RencanaAksiContent::from_pk(2027, Pembagian::Bulan, 12, &next_pk));
    assert_eq!((next.tahun, next.pembagian, next.rows.len()), (2027, Pembagian::Bulan, 2));
    let row = &next.rows[0];
    assert_eq!(row.acuan, Some(Acuan { document_id: 12, node: NodeKey::new("k7") }));
    assert_eq!(
        (row.polaritas, row.aksi.as_str(), row.anggaran),
        (Some(Polaritas::Negatif), "Pendampingan sekolah rawan putus sekolah", Some(50_000_000))
    );
    assert!(row.targets.iter().all(Option::is_none), "the periods are planned again");
    assert_eq!(p.total_anggaran(), 50_000_000);
}

#[test]
fn the_capaian_settings_reach_the_browser_unchanged() {
    let settings = CapaianSettings::default();
    let json = serde_json::to_string(&settings).unwrap();
    assert_eq!(serde_json::from_str::<CapaianSettings>(&json).unwrap(), settings);
}

#[test]
fn a_summary_counts_indicators_reports_and_bands_and_averages_only_what_has_a_figure() {
    let mut p = plan(Pembagian::Triwulan);
    set(&mut p, "r1", Field::Periode1, "20");
    set(&mut p, "r2", Field::Periode1, "0,5");
    set(&mut p, "r2", Field::Polaritas, "negatif");
    set(&mut p, "r3", Field::Polaritas, "rentang");
    let settings = CapaianSettings::default();
    let rows = p.capaian(&[real("r1", 0, "10"), real("r2", 0, "0,45"), real("r3", 0, "WTP")], &settings);
    let mut summary = CapaianSummary::default();
    summary.add(&rows);
    assert_eq!((summary.indikator, summary.dilaporkan, summary.ditolak), (3, 2, 1));
    assert_eq!(summary.rata_rata, Some(80.0), "(50 + 110) / 2");
    assert_eq!(summary.per_status, [1, 0, 0, 0, 1], "one kritis, one melampaui");
    summary.add(&p.capaian(&[], &settings));
    assert_eq!((summary.indikator, summary.dilaporkan, summary.rata_rata), (6, 2, Some(80.0)));
}

#[test]
fn a_pemdas_settings_are_typed_as_four_rising_thresholds_and_change_the_bands() {
    let default = CapaianSettings::default();
    assert_eq!(default.input().batas, ["60", "80", "95", "105"].map(String::from));
    let mut input = default.input();
    input.batas = ["50", "75", "90", "100,5"].map(String::from);
    input.cap = Cap::At100;
    let settings = CapaianSettings::from_input(&input).unwrap();
    assert_eq!(settings.bands.status(Capaian::Percent(92.0)), Some(Status::Tercapai));
    assert_eq!(settings.bands.status(Capaian::Percent(100.5)), Some(Status::Tercapai), "melampaui is strictly above");
    assert_eq!(settings.input(), input, "what the form shows is what it saved");
    input.batas = ["50", "95", "90", "seratus"].map(String::from);
    let errors = CapaianSettings::from_input(&input).unwrap_err();
    assert_eq!(errors.get("batas_3").map(|m| m.id.as_str()), Some("harus lebih besar dari batas sebelumnya"));
    assert!(errors.get("batas_4").is_some_and(|m| m.id.contains("bukan angka")));
    assert_eq!(errors.get("batas_2"), None);
}

fn input(nilai: Option<&str>, anggaran: Option<&str>, catatan: Option<&str>) -> RealisasiInput {
    RealisasiInput {
        nilai: nilai.map(str::to_owned),
        anggaran: anggaran.map(str::to_owned),
        catatan: catatan.map(str::to_owned),
    }
}

#[test]
fn an_entry_changes_only_the_parts_typed_and_a_change_to_nothing_is_none() {
    let p = plan(Pembagian::Triwulan);
    let r1 = NodeKey::new("r1");
    let first = p.entry(&[], &r1, 0, &input(Some("16"), None, None)).unwrap().unwrap();
    assert_eq!((first.nilai.clone(), first.anggaran), (Target::parse("16").ok(), None));
    let so_far = vec![first.clone()];
    let spent =
        p.entry(&so_far, &r1, 0, &input(None, Some("Rp 1.500.000"), Some(" tertunda hujan "))).unwrap().unwrap();
    assert_eq!(spent.nilai, first.nilai, "the value stays");
    assert_eq!((spent.anggaran, spent.catatan.as_str()), (Some(1_500_000), "tertunda hujan"));
    assert_eq!(p.entry(&so_far, &r1, 0, &input(Some(" 16 "), None, None)), Ok(None), "the same value again");
    assert_eq!(p.entry(&[], &r1, 1, &input(Some(""), Some(""), Some(""))), Ok(None), "clearing an empty period");
    let cleared = p.entry(&so_far, &r1, 0, &input(Some(""), None, None)).unwrap().unwrap();
    assert_eq!(cleared.nilai, None, "withdrawn: not reported again");
}

#[test]
fn every_bad_part_of_an_entry_is_named_at_once() {
    let p = plan(Pembagian::Triwulan);
    let long = "x".repeat(CATATAN_MAX + 1);
    let errors = p.entry(&[], &NodeKey::new("r3"), 3, &input(Some("90"), Some("-5"), Some(&long))).unwrap_err();
    assert!(errors.get("nilai").is_some_and(|m| m.id.contains("sejenis")), "a number for a grade: {errors:?}");
    assert!(errors.get("anggaran").is_some_and(|m| m.id.contains("negatif")), "{errors:?}");
    assert!(errors.get("catatan").is_some_and(|m| m.id.contains("2000")), "{errors:?}");
    let errors = p.entry(&[], &NodeKey::new("r1"), 4, &input(Some("1"), None, None)).unwrap_err();
    assert!(errors.get("periode").is_some(), "a quarter has no fifth");
    assert!(p.entry(&[], &NodeKey::new("zz"), 0, &input(Some("1"), None, None)).unwrap_err().get("node").is_some());
}

#[test]
fn the_budget_spent_is_summed_over_the_periods_that_reported_it_and_set_against_the_plan() {
    let mut p = plan(Pembagian::Triwulan);
    set(&mut p, "r1", Field::Anggaran, "400.000.000");
    let spent = |period, rupiah| Realisasi { anggaran: Some(rupiah), ..real("r1", period, "") };
    let entries = [spent(0, 50_000_000), spent(1, 90_000_000), spent(1, 70_000_000)];
    let rows = p.capaian(&entries, &CapaianSettings::default());
    assert_eq!(
        (rows[0].anggaran, rows[0].terserap),
        (Some(400_000_000), Some(120_000_000)),
        "the latest of a period counts"
    );
    assert_eq!(rows[0].serapan(), Some(30.0));
    assert_eq!((rows[1].terserap, rows[1].serapan()), (None, None), "nothing reported is not 0");
    assert_eq!(rows[0].so_far, Ok(Capaian::NotReported), "spending is not a realisation of the indicator");
    let mut summary = CapaianSummary::default();
    summary.add(&rows);
    assert_eq!((summary.anggaran, summary.terserap, summary.serapan()), (400_000_000, 120_000_000, Some(30.0)));
}

#[test]
fn a_row_that_is_a_key_indicator_takes_its_polarity_and_aggregation_from_the_iku() {
    let mut p = plan(Pembagian::Triwulan);
    let mut iku = IkuContent::new(2025);
    iku.rows.push(crate::domain::model::IkuRow {
        indikator: "Angka  putus sekolah SD".into(),
        polaritas: Some(Polaritas::Negatif),
        agregasi: Some(Aggregation::RataRata),
        ..Default::default()
    });
    p.take_from_iku(&iku);
    assert_eq!((p.rows[1].polaritas, p.rows[1].agregasi), (Some(Polaritas::Negatif), Some(Aggregation::RataRata)));
    assert_eq!(
        (p.rows[0].polaritas, p.rows[0].agregasi),
        (None, Some(Aggregation::Kumulatif)),
        "not in the IKU: as made"
    );
}

#[test]
fn a_range_is_typed_the_ways_people_write_it_and_refused_with_a_reason_otherwise() {
    let band = |text: &str| Rentang::parse(text).map(|r| (r.bawah, r.atas));
    for text in ["2,5 – 3,5", "2,5-3,5", "2,5 s.d. 3,5", "2,5 s/d 3,5", "3 ± 0,5", "3 +/- 0,5", "2,5 sampai 3,5"] {
        assert_eq!(band(text), Ok((2.5, 3.5)), "{text}");
    }
    assert_eq!(band("-1 - 1"), Ok((-1.0, 1.0)), "a leading minus is a sign");
    assert_eq!(Rentang::parse("3 ± 0,5").unwrap().text(), "2,5 – 3,5");
    assert!(band("3,5 – 2,5").unwrap_err().id.contains("lebih kecil"));
    assert!(band("3").unwrap_err().id.contains("bukan rentang"));
    assert!(band("dua – tiga").unwrap_err().id.contains("bukan rentang"));
}

#[test]
fn a_range_indicator_is_measured_against_its_band_and_needs_one_to_be_submitted() {
    let mut p = plan(Pembagian::Triwulan);
    for (key, t) in [("r1", "25"), ("r2", "0,4"), ("r3", "WTP")] {
        set(&mut p, key, Field::Periode4, t);
        set(&mut p, key, Field::Polaritas, "positif");
    }
    set(&mut p, "r2", Field::Polaritas, "rentang");
    set(&mut p, "r2", Field::Agregasi, "nilai_akhir");
    assert!(p.readiness().unwrap_err().id.contains("Indikator 2: polaritasnya rentang"));
    let settings = CapaianSettings::default();
    let entries = [real("r2", 0, "0,5")];
    assert_eq!(p.capaian(&entries, &settings)[1].so_far, Err(Refusal::RangeWithoutBounds));

    set(&mut p, "r2", Field::Rentang, "0,3 – 0,5");
    assert_eq!(p.readiness(), Ok(()));
    let c = p.capaian(&[real("r2", 0, "0,5"), real("r2", 1, "0,6")], &settings);
    assert_eq!(percent(&c[1].per_period[0]), 100.0, "inside the band, though the quarter has no target");
    assert_eq!(percent(&c[1].so_far), 50.0, "half a band's width above it");
    assert_eq!(
        p.set_field(&NodeKey::new("r2"), Field::Rentang, "0,5 – 0,3").unwrap_err(),
        SetFieldError::Invalid(Rentang::parse("0,5 – 0,3").unwrap_err())
    );
}

#[test]
fn an_iku_range_indicator_needs_its_band_and_hands_it_to_the_action_plan() {
    let mut iku = IkuContent::new(2025);
    let key = iku.insert_node(NodeKind::Iku, None, None).unwrap();
    for (field, text) in [
        (Field::Sasaran, "Terkendalinya kasus gizi buruk"),
        (Field::Indikator, "Angka putus sekolah SD"),
        (Field::DefinisiOperasional, "Persentase siswa SD yang putus sekolah"),
        (Field::Formulasi, "Siswa putus sekolah / seluruh siswa × 100"),
        (Field::Polaritas, "rentang"),
    ] {
        iku.set_field(&key, field, text).unwrap();
    }
    assert!(iku.readiness().unwrap_err().id.contains("polaritasnya rentang"));
    iku.set_field(&key, Field::Rentang, "0,3 s.d. 0,5").unwrap();
    assert_eq!(iku.readiness(), Ok(()));
    let outline = iku.outline();
    assert_eq!(outline[0].field(Field::Rentang), Some("0,3 – 0,5"), "shown as a reader writes it");

    let mut p = plan(Pembagian::Triwulan);
    p.take_from_iku(&iku);
    assert_eq!((p.rows[1].polaritas, p.rows[1].rentang), (Some(Polaritas::Rentang), iku.rows[0].rentang));
}
