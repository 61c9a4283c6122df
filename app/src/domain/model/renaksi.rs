//! The Rencana Aksi as data (SAKIP reference §3.5): for each indicator of one PK, how its year's
//! target is spread over the periods of the year — the four quarters, or the twelve months where
//! the Pemda plans monthly — what will be done to reach it and the budget planned for it. Its
//! rows are the PK's indicators (made from the PK, linked to its rows, never added or removed by
//! hand); the indicator, its unit and the year's target are the PK's and are not edited here.
//!
//! Realisation is not part of this content: it is entered period by period once the plan is
//! approved, without reopening the review of the targets (`service::renaksi`), and capaian is
//! computed from both ([`RencanaAksiContent::capaian`]).

use super::iku::{
    AGREGASI, AGREGASI_CHOICES, IkuContent, POLARITAS, POLARITAS_CHOICES, Rentang, code_of, optional_rentang,
    parse_choice, range_needs_bounds, ranges_without_bounds, rentang_text,
};
use super::links::{Acuan, LinkKind, Links};
use super::pk::{PkContent, Target};
use super::{Choice, Column, Field, FieldKind, Node, NodeKey, NodeKind, Polaritas, SetFieldError, Structured};
use crate::domain::angka::parse_rupiah;
use crate::domain::capaian::{
    Aggregation, Bands, Cap, Capaian, NegativeFormula, OrdinalScale, Polarity, Refusal, Rule, Status, ZeroTarget,
    capaian, capaian_so_far,
};
use crate::domain::format::format_rupiah;
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

/// How a year is divided for planning and reporting; a Pemda setting, fixed on the document when
/// it is made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pembagian {
    #[default]
    Triwulan,
    Bulan,
}

const TRIWULAN: [&str; 4] = ["I", "II", "III", "IV"];
const BULAN: [(&str, &str); 12] = [
    ("Januari", "January"),
    ("Februari", "February"),
    ("Maret", "March"),
    ("April", "April"),
    ("Mei", "May"),
    ("Juni", "June"),
    ("Juli", "July"),
    ("Agustus", "August"),
    ("September", "September"),
    ("Oktober", "October"),
    ("November", "November"),
    ("Desember", "December"),
];

impl Pembagian {
    /// How many periods the year has: 4 or 12.
    pub fn periods(self) -> usize {
        match self {
            Pembagian::Triwulan => 4,
            Pembagian::Bulan => 12,
        }
    }

    /// How the form offers it.
    pub fn label(self) -> Msg {
        match self {
            Pembagian::Triwulan => Msg::new("Per triwulan (I–IV)", "By quarter (I–IV)"),
            Pembagian::Bulan => Msg::new("Per bulan (Januari–Desember)", "By month (January–December)"),
        }
    }

    /// `Triwulan II` / `Maret`.
    pub fn name(self, period: usize) -> Msg {
        match self {
            Pembagian::Triwulan => {
                let n = TRIWULAN.get(period).copied().unwrap_or("?");
                Msg::new(format!("Triwulan {n}"), format!("Quarter {n}"))
            }
            Pembagian::Bulan => {
                let (id, en) = BULAN.get(period).copied().unwrap_or(("?", "?"));
                Msg::new(id, en)
            }
        }
    }
}

/// The plan for one indicator of the PK.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AksiRow {
    pub key: NodeKey,
    pub sasaran: String,
    pub indikator: String,
    pub satuan: String,
    /// The year's target, as the PK promises it.
    pub target: Option<Target>,
    pub polaritas: Option<Polaritas>,
    /// The band of a range indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rentang: Option<Rentang>,
    pub agregasi: Option<Aggregation>,
    /// The target of each period, the first first (as many as the year has periods).
    pub targets: Vec<Option<Target>>,
    /// What will be done to reach the targets.
    pub aksi: String,
    /// The budget planned for it, in whole rupiah.
    pub anggaran: Option<i64>,
    /// The PK row it plans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acuan: Option<Acuan>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RencanaAksiContent {
    /// Set when the document is made, never by the client.
    pub tahun: i32,
    /// Set when the document is made (the Pemda's setting then), never by the client.
    pub pembagian: Pembagian,
    pub rows: Vec<AksiRow>,
}

/// What was reported for one period of one row, as its latest entry says: the indicator's
/// value (a number in the row's unit or a grade; none where it was withdrawn — the period is not
/// reported, never 0), the budget spent in the period and a note (what held it back, what was
/// done). Each entry is the whole state of its row and period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Realisasi {
    pub node: NodeKey,
    /// 0-based: `0` is Triwulan I or Januari.
    pub period: usize,
    pub nilai: Option<Target>,
    /// The budget spent in the period, in whole rupiah; none: not reported.
    #[serde(default)]
    pub anggaran: Option<i64>,
    #[serde(default)]
    pub catatan: String,
}

/// A change to one period of one row, as typed: each part given replaces what the period had
/// (empty text clears it); a part left out stays as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealisasiInput {
    pub nilai: Option<String>,
    pub anggaran: Option<String>,
    pub catatan: Option<String>,
}

/// The longest note kept with a realisation.
pub const CATATAN_MAX: usize = 2000;

impl Realisasi {
    /// The latest of `entries` for a row and period: the one that counts.
    pub fn latest<'a>(entries: &'a [Realisasi], node: &NodeKey, period: usize) -> Option<&'a Realisasi> {
        entries.iter().rev().find(|r| &r.node == node && r.period == period)
    }
}

/// How a Pemda computes capaian: its formula for negative indicators, its cap and its bands;
/// and how its action plans divide the year unless one says otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CapaianSettings {
    pub negative_formula: NegativeFormula,
    pub cap: Cap,
    pub bands: Bands,
    #[serde(default)]
    pub pembagian: Pembagian,
}

/// The settings as the form writes them: the four band thresholds as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapaianSettingsInput {
    pub negative_formula: NegativeFormula,
    pub cap: Cap,
    /// Where perlu perhatian, mendekati target, tercapai and melampaui target begin (percent).
    pub batas: [String; 4],
    pub pembagian: Pembagian,
}

impl CapaianSettings {
    /// The form's values as they stand now.
    pub fn input(&self) -> CapaianSettingsInput {
        CapaianSettingsInput {
            negative_formula: self.negative_formula,
            cap: self.cap,
            batas: self.bands.thresholds().map(|t| crate::domain::format::format_decimal(t, 2)),
            pembagian: self.pembagian,
        }
    }

    /// Settings from the form: each threshold a number (`95`, `97,5`), each above the one
    /// before; errors keyed `batas_1` … `batas_4`.
    pub fn from_input(input: &CapaianSettingsInput) -> Result<CapaianSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut thresholds = [0.0; 4];
        for (i, text) in input.batas.iter().enumerate() {
            let key = format!("batas_{}", i + 1);
            match crate::domain::angka::parse_number(text) {
                Ok(v) if i > 0 && v <= thresholds[i - 1] => errors.add(
                    &key,
                    Msg::new("harus lebih besar dari batas sebelumnya", "must be above the previous threshold"),
                ),
                Ok(v) => thresholds[i] = v,
                Err(m) => errors.add(&key, m),
            }
        }
        errors.into_result(CapaianSettings {
            negative_formula: input.negative_formula,
            cap: input.cap,
            bands: Bands::from_thresholds(thresholds),
            pembagian: input.pembagian,
        })
    }
}

/// One row's capaian: of each period (its realisation against its target), and of the year so
/// far as the row's aggregation adds the periods up, with the band it falls in; and its budget,
/// planned and spent so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowCapaian {
    pub key: NodeKey,
    pub per_period: Vec<Result<Capaian, Refusal>>,
    pub so_far: Result<Capaian, Refusal>,
    pub status: Option<Status>,
    /// The budget planned for the row.
    pub anggaran: Option<i64>,
    /// The budget spent so far: the sum of the periods that reported it; none when none has.
    pub terserap: Option<i64>,
}

impl RowCapaian {
    /// The share of the planned budget spent so far, in percent (none without a plan above 0 or
    /// without spending reported).
    pub fn serapan(&self) -> Option<f64> {
        serapan(self.anggaran?, self.terserap?)
    }
}

fn serapan(anggaran: i64, terserap: i64) -> Option<f64> {
    (anggaran > 0).then(|| terserap as f64 / anggaran as f64 * 100.0)
}

impl RencanaAksiContent {
    /// The plan of one PK (document `pk_id`): a row for each of its indicators, linked to it,
    /// with its sasaran, unit and target, to be spread over the periods of `pembagian`.
    pub fn from_pk(tahun: i32, pembagian: Pembagian, pk_id: i64, pk: &PkContent) -> RencanaAksiContent {
        let rows = pk
            .rows
            .iter()
            .map(|r| AksiRow {
                key: r.key.clone(),
                sasaran: r.sasaran.clone(),
                indikator: r.indikator.clone(),
                satuan: r.satuan.clone(),
                target: r.target.clone(),
                agregasi: Some(Aggregation::Kumulatif),
                targets: vec![None; pembagian.periods()],
                acuan: Some(Acuan { document_id: pk_id, node: r.key.clone() }),
                ..AksiRow::default()
            })
            .collect();
        RencanaAksiContent { tahun, pembagian, rows }
    }

    /// Next year's plan (`next`, made from next year's PK) started from this one: each of its
    /// rows keeps the polarity, aggregation, actions and budget of this year's row for the
    /// indicator of the same name; the period targets are left to plan again.
    pub fn carried_into(&self, mut next: RencanaAksiContent) -> RencanaAksiContent {
        for row in &mut next.rows {
            if let Some(old) = self.rows.iter().find(|o| same_indicator(&o.indikator, &row.indikator)) {
                row.polaritas = old.polaritas;
                row.rentang = old.rentang;
                row.agregasi = old.agregasi;
                row.aksi = old.aksi.clone();
                row.anggaran = old.anggaran;
            }
        }
        next
    }

    /// Takes the polarity (with a range's band) and aggregation of each row that is a key indicator of the PD's IKU
    /// (`iku`, found by the indicator's name) from it: what the IKU says of an indicator holds
    /// for its action plan too.
    pub fn take_from_iku(&mut self, iku: &IkuContent) {
        for row in &mut self.rows {
            if let Some(key) = iku.rows.iter().find(|k| same_indicator(&k.indikator, &row.indikator)) {
                row.polaritas = key.polaritas.or(row.polaritas);
                row.rentang = key.rentang.or(row.rentang);
                row.agregasi = key.agregasi.or(row.agregasi);
            }
        }
    }

    /// Takes from the stored plan what a client may not change: the year, how it is divided,
    /// the rows themselves and what each takes from the PK (sasaran, indicator, unit, the year's
    /// target, the link); only the planned values come from `self`, row by row.
    pub fn keep_fixed(&mut self, stored: &RencanaAksiContent) {
        let sent = std::mem::take(&mut self.rows);
        let periods = stored.pembagian.periods();
        self.tahun = stored.tahun;
        self.pembagian = stored.pembagian;
        self.rows = stored
            .rows
            .iter()
            .map(|old| match sent.iter().find(|r| r.key == old.key) {
                Some(new) => AksiRow {
                    polaritas: new.polaritas,
                    rentang: new.rentang,
                    agregasi: new.agregasi,
                    targets: (0..periods).map(|p| new.targets.get(p).cloned().flatten()).collect(),
                    aksi: new.aksi.clone(),
                    anggaran: new.anggaran,
                    ..old.clone()
                },
                None => old.clone(),
            })
            .collect();
    }

    pub fn links(&self) -> Links<'_> {
        Links { kind: LinkKind::AksiToPk, places: self.rows.iter().map(|r| (&r.key, r.acuan.as_ref())).collect() }
    }

    /// The budget planned over all rows, in whole rupiah.
    pub fn total_anggaran(&self) -> i64 {
        self.rows.iter().filter_map(|r| r.anggaran).sum()
    }

    /// Capaian of every row from the realisations entered so far, oldest first (the latest of
    /// each row and period counts), by the Pemda's `settings`.
    pub fn capaian(&self, realisasi: &[Realisasi], settings: &CapaianSettings) -> Vec<RowCapaian> {
        self.rows
            .iter()
            .map(|row| {
                let entries: Vec<Option<&Realisasi>> =
                    (0..self.pembagian.periods()).map(|p| Realisasi::latest(realisasi, &row.key, p)).collect();
                let values: Vec<Option<&Target>> = entries.iter().map(|e| e.and_then(|e| e.nilai.as_ref())).collect();
                let spent = entries.iter().filter_map(|e| e.and_then(|e| e.anggaran));
                let terserap = spent.clone().next().map(|_| spent.sum());
                RowCapaian { anggaran: row.anggaran, terserap, ..row_capaian(row, &values, settings) }
            })
            .collect()
    }

    /// The entry that `input` makes of what row `node` reported for `period` so far (the latest
    /// of `realisasi`): checked against the plan — a period of its year, a value of the kind of
    /// its targets, whole rupiah, a note of at most [`CATATAN_MAX`] characters; errors keyed
    /// `periode`, `nilai`, `anggaran` and `catatan`. `None` when it changes nothing.
    pub fn entry(
        &self,
        realisasi: &[Realisasi],
        node: &NodeKey,
        period: usize,
        input: &RealisasiInput,
    ) -> Result<Option<Realisasi>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(row) = self.rows.iter().find(|r| &r.key == node) else {
            errors.add("node", Msg::new("indikator tidak ada di rencana aksi ini", "no such indicator in this plan"));
            return Err(errors);
        };
        if period >= self.pembagian.periods() {
            errors.add(
                "periode",
                Msg::new("periode di luar tahun rencana aksi", "the period is outside the action plan's year"),
            );
            return Err(errors);
        }
        let before = Realisasi::latest(realisasi, node, period);
        let mut entry = Realisasi {
            node: node.clone(),
            period,
            nilai: before.and_then(|b| b.nilai.clone()),
            anggaran: before.and_then(|b| b.anggaran),
            catatan: before.map(|b| b.catatan.clone()).unwrap_or_default(),
        };
        if let Some(text) = &input.nilai {
            match text.trim() {
                "" => entry.nilai = None,
                typed => match Target::parse(typed) {
                    Ok(value)
                        if super::mixed_kinds(
                            row.target.iter().chain(row.targets.iter().flatten()).chain([&value]),
                        ) =>
                    {
                        errors.add(
                            "nilai",
                            Msg::new(
                                "realisasi harus sejenis dengan targetnya: angka, atau predikat yang sama skalanya",
                                "the realisation must be of the target's kind: a number, or a grade of its scale",
                            ),
                        )
                    }
                    Ok(value) => entry.nilai = Some(value),
                    Err(m) => errors.add("nilai", m),
                },
            }
        }
        if let Some(text) = &input.anggaran {
            match text.trim() {
                "" => entry.anggaran = None,
                typed => match parse_rupiah(typed) {
                    Ok(v) => entry.anggaran = Some(v),
                    Err(m) => errors.add("anggaran", m),
                },
            }
        }
        if let Some(text) = &input.catatan {
            let text = text.trim();
            if text.chars().count() > CATATAN_MAX {
                errors.add(
                    "catatan",
                    Msg::new(
                        format!("catatan paling banyak {CATATAN_MAX} karakter"),
                        format!("a note holds at most {CATATAN_MAX} characters"),
                    ),
                );
            } else {
                entry.catatan = text.to_owned();
            }
        }
        let unchanged = match before {
            Some(b) => *b == entry,
            None => entry.nilai.is_none() && entry.anggaran.is_none() && entry.catatan.is_empty(),
        };
        errors.into_result((!unchanged).then_some(entry))
    }
}

/// Whether two indicators are the same one, by their names as typed (case and spacing aside).
fn same_indicator(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// A summary of many indicators' capaian (a PD's year, on the dashboards): how many there are,
/// how many have reported, the mean capaian of those with a figure, how many fall in each band
/// (`Status::VARIANTS` order) and how many cannot be computed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CapaianSummary {
    pub indikator: usize,
    pub dilaporkan: usize,
    pub rata_rata: Option<f64>,
    pub per_status: [usize; 5],
    pub ditolak: usize,
    /// The budget planned over the indicators, and spent so far, in whole rupiah.
    pub anggaran: i64,
    pub terserap: i64,
}

impl CapaianSummary {
    /// Adds the capaian of the year so far of each row.
    pub fn add(&mut self, rows: &[RowCapaian]) {
        let mut sum = self.rata_rata.map_or(0.0, |m| m * self.dilaporkan as f64);
        for row in rows {
            self.indikator += 1;
            self.anggaran += row.anggaran.unwrap_or(0);
            self.terserap += row.terserap.unwrap_or(0);
            match &row.so_far {
                Ok(Capaian::Percent(v)) => {
                    self.dilaporkan += 1;
                    sum += v;
                    if let Some(i) = row.status.and_then(|s| Status::VARIANTS.iter().position(|v| *v == s)) {
                        self.per_status[i] += 1;
                    }
                }
                Ok(Capaian::NotReported) => {}
                Err(_) => self.ditolak += 1,
            }
        }
        self.rata_rata = (self.dilaporkan > 0).then(|| sum / self.dilaporkan as f64);
    }

    /// The share of the planned budget spent so far, in percent.
    pub fn serapan(&self) -> Option<f64> {
        serapan(self.anggaran, self.terserap)
    }
}

/// The scale a row's grades belong to (Opini BPK or the SAKIP grade), by its first grade.
fn scale_of(row: &AksiRow) -> Option<OrdinalScale> {
    let first = row.targets.iter().flatten().chain(row.target.iter()).find_map(|t| match t {
        Target::Predikat(p) => Some(p.clone()),
        Target::Angka(_) => None,
    })?;
    [OrdinalScale::opini_bpk(), OrdinalScale::nilai_sakip()].into_iter().find(|s| s.score(&first).is_ok())
}

/// A target or realisation as a number the engine compares: a grade by its score on `scale`.
fn value(t: &Target, scale: Option<&OrdinalScale>) -> Result<f64, Refusal> {
    match (t, scale) {
        (Target::Angka(v), None) => Ok(*v),
        (Target::Predikat(p), Some(s)) => s.score(p),
        (Target::Predikat(p), None) => Err(Refusal::UnknownGrade { scale: "angka".to_owned(), grade: p.clone() }),
        (Target::Angka(v), Some(s)) => {
            Err(Refusal::UnknownGrade { scale: s.name.clone(), grade: crate::domain::format::format_decimal(*v, 4) })
        }
    }
}

fn row_capaian(row: &AksiRow, realisasi: &[Option<&Target>], settings: &CapaianSettings) -> RowCapaian {
    let refused = |why: Refusal| RowCapaian {
        key: row.key.clone(),
        per_period: realisasi.iter().map(|_| Err(why.clone())).collect(),
        so_far: Err(why.clone()),
        status: None,
        anggaran: None,
        terserap: None,
    };
    let polarity = match (row.polaritas, row.rentang) {
        (Some(Polaritas::Positif) | None, _) => Polarity::Positive,
        (Some(Polaritas::Negatif), _) => Polarity::Negative,
        (Some(Polaritas::Rentang), Some(r)) => Polarity::Range { low: r.bawah, high: r.atas },
        (Some(Polaritas::Rentang), None) => return refused(Refusal::RangeWithoutBounds),
    };
    let scale = scale_of(row);
    let rule = Rule {
        polarity,
        negative_formula: settings.negative_formula,
        aggregation: row.agregasi.unwrap_or(Aggregation::Kumulatif),
        cap: settings.cap,
        zero_target: ZeroTarget::Unset,
        ordinal: scale.is_some(),
    };
    let numbers = |values: Vec<Option<&Target>>| -> Result<Vec<Option<f64>>, Refusal> {
        values.into_iter().map(|v| v.map(|t| value(t, scale.as_ref())).transpose()).collect()
    };
    let targets = match numbers(row.targets.iter().map(Option::as_ref).collect()) {
        Ok(t) => t,
        Err(why) => return refused(why),
    };
    // A range indicator is measured against its band in every period, whatever its targets.
    let targets = match polarity {
        Polarity::Range { low, high } => targets.iter().map(|t| t.or(Some((low + high) / 2.0))).collect(),
        _ => targets,
    };
    let reals = match numbers(realisasi.to_vec()) {
        Ok(r) => r,
        Err(why) => return refused(why),
    };
    let per_period = reals
        .iter()
        .enumerate()
        .map(|(p, r)| match (targets.get(p).copied().flatten(), r) {
            (_, None) => Ok(Capaian::NotReported),
            (Some(t), r) => capaian(&rule, t, *r),
            (None, Some(_)) => Err(Refusal::MissingTarget { period: p }),
        })
        .collect();
    let so_far = capaian_so_far(&rule, &targets, &reals);
    let status = so_far.as_ref().ok().and_then(|c| settings.bands.status(*c));
    RowCapaian { key: row.key.clone(), per_period, so_far, status, anggaran: None, terserap: None }
}

const FIXED: [Column; 3] = [
    Column { field: Field::Indikator, kind: FieldKind::Computed, required: false },
    Column { field: Field::Target, kind: FieldKind::Computed, required: false },
    Column { field: Field::Satuan, kind: FieldKind::Computed, required: false },
];

const fn period(field: Field) -> Column {
    Column { field, kind: FieldKind::Number, required: false }
}

const REST: [Column; 5] = [
    Column { field: Field::Polaritas, kind: FieldKind::Choice, required: false },
    Column { field: Field::Rentang, kind: FieldKind::Short, required: false },
    Column { field: Field::Agregasi, kind: FieldKind::Choice, required: false },
    Column { field: Field::Aksi, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Anggaran, kind: FieldKind::Rupiah, required: false },
];

const fn columns_of<const N: usize>() -> [Column; N] {
    let mut out = [FIXED[0]; N];
    let mut i = 0;
    while i < 3 {
        out[i] = FIXED[i];
        i += 1;
    }
    while i < N - REST.len() {
        out[i] = period(Field::PERIODE[i - 3]);
        i += 1;
    }
    while i < N {
        out[i] = REST[i - (N - REST.len())];
        i += 1;
    }
    out
}

const QUARTERLY: [Column; 12] = columns_of::<12>();
const MONTHLY: [Column; 20] = columns_of::<20>();

fn text(t: &Option<Target>) -> String {
    t.as_ref().map(Target::text).unwrap_or_default()
}

fn node(i: usize, r: &AksiRow) -> Node {
    let mut fields = vec![
        (Field::Indikator, r.indikator.clone()),
        (Field::Target, text(&r.target)),
        (Field::Satuan, r.satuan.clone()),
    ];
    fields.extend(Field::PERIODE.iter().zip(&r.targets).map(|(f, t)| (*f, text(t))));
    fields.extend([
        (Field::Polaritas, code_of(&POLARITAS, &r.polaritas)),
        (Field::Rentang, rentang_text(&r.rentang)),
        (Field::Agregasi, code_of(&AGREGASI, &r.agregasi)),
        (Field::Aksi, r.aksi.clone()),
        (Field::Anggaran, r.anggaran.map(format_rupiah).unwrap_or_default()),
    ]);
    Node { key: r.key.clone(), parent: None, kind: NodeKind::Indikator, number: (i + 1).to_string(), fields }
}

impl Structured for RencanaAksiContent {
    fn outline(&self) -> Vec<Node> {
        self.rows.iter().enumerate().map(|(i, r)| node(i, r)).collect()
    }

    fn columns(&self, _kind: NodeKind) -> &'static [Column] {
        match self.pembagian {
            Pembagian::Triwulan => &QUARTERLY,
            Pembagian::Bulan => &MONTHLY,
        }
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Indikator]
    }

    fn fixed_rows(&self) -> bool {
        true
    }

    fn table_title(&self, _kind: NodeKind) -> Msg {
        Msg::new(format!("Rencana aksi {}", self.tahun), format!("Action plan {}", self.tahun))
    }

    fn column_label(&self, _kind: NodeKind, field: Field) -> Msg {
        match Field::PERIODE.iter().position(|f| *f == field) {
            Some(p) => self.pembagian.name(p),
            None if field == Field::Target => {
                Msg::new(format!("Target {}", self.tahun), format!("Target {}", self.tahun))
            }
            None => field.label(),
        }
    }

    fn choices(&self, _kind: NodeKind, field: Field) -> &'static [Choice] {
        match field {
            Field::Polaritas => &POLARITAS_CHOICES,
            Field::Agregasi => &AGREGASI_CHOICES,
            _ => &[],
        }
    }

    fn total(&self, _kind: NodeKind, field: Field) -> Option<i64> {
        (field == Field::Anggaran).then(|| self.total_anggaran())
    }

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = super::common_checks(self);
        for r in &self.rows {
            let at = |field| super::Anchor::Field { node: r.key.clone(), field }.encode();
            if r.targets.len() != self.pembagian.periods() {
                errors.add(
                    &super::Anchor::Node(r.key.clone()).encode(),
                    Msg::new(
                        "jumlah periode tidak sesuai pembagian tahun",
                        "the number of periods does not fit the year",
                    ),
                );
            }
            if super::mixed_kinds(r.target.iter().chain(r.targets.iter().flatten())) {
                errors.add(
                    &at(Field::Periode1),
                    Msg::new(
                        "target tahunan dan target periode harus semuanya angka atau semuanya predikat",
                        "the year's and the periods' targets must all be numbers or all be grades",
                    ),
                );
            }
        }
        errors.into_result(())
    }

    fn readiness(&self) -> Result<(), Msg> {
        if self.rows.is_empty() {
            return Err(Msg::new(
                "Rencana aksi belum berisi indikator: PK-nya belum mempunyai indikator",
                "The action plan has no indicator: its PK has none yet",
            ));
        }
        let rows_where = |pick: fn(&AksiRow) -> bool| -> Option<String> {
            let rows: Vec<String> =
                self.rows.iter().enumerate().filter(|(_, r)| pick(r)).map(|(i, _)| (i + 1).to_string()).collect();
            (!rows.is_empty()).then(|| rows.join(", "))
        };
        if let Some(rows) = rows_where(|r| r.targets.iter().all(Option::is_none)) {
            return Err(Msg::new(
                format!("Indikator {rows}: isi target paling sedikit satu periode sebelum diajukan"),
                format!("Indicator {rows}: fill in the target of at least one period before submitting"),
            ));
        }
        // Capaian cannot be read without knowing which way is better and how periods add up.
        if let Some(rows) = rows_where(|r| r.polaritas.is_none() || r.agregasi.is_none()) {
            return Err(Msg::new(
                format!("Indikator {rows}: pilih polaritas dan agregasinya sebelum diajukan"),
                format!("Indicator {rows}: choose its polarity and aggregation before submitting"),
            ));
        }
        if let Some(rows) = ranges_without_bounds(self.rows.iter().map(|r| (r.polaritas, r.rentang.as_ref()))) {
            return Err(range_needs_bounds(&rows));
        }
        Ok(())
    }

    fn set_field(&mut self, node: &NodeKey, field: Field, text: &str) -> Result<(), SetFieldError> {
        let row = self.rows.iter_mut().find(|r| &r.key == node).ok_or(SetFieldError::NodeGone)?;
        let text = text.trim();
        match field {
            Field::Polaritas => row.polaritas = parse_choice(&POLARITAS, field, text)?,
            Field::Rentang => row.rentang = optional_rentang(text)?,
            Field::Agregasi => row.agregasi = parse_choice(&AGREGASI, field, text)?,
            Field::Aksi => row.aksi = text.to_owned(),
            Field::Anggaran if text.is_empty() => row.anggaran = None,
            Field::Anggaran => row.anggaran = Some(parse_rupiah(text).map_err(SetFieldError::Invalid)?),
            other => match Field::PERIODE.iter().position(|f| *f == other).filter(|p| *p < row.targets.len()) {
                Some(p) => row.targets[p] = super::optional_target(text)?,
                None => return Err(SetFieldError::NotEditable),
            },
        }
        Ok(())
    }

    fn insert_node(&mut self, _kind: NodeKind, _parent: Option<&NodeKey>, _after: Option<&NodeKey>) -> Option<NodeKey> {
        None
    }

    fn remove_node(&mut self, _node: &NodeKey) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;
