//! The Indikator Kinerja Utama as data (SAKIP reference §3.2): one row per key indicator of the
//! strategic objectives, with the manual a reviewer reads it by (definisi operasional, alasan,
//! formulasi, sumber data, penanggung jawab), which way is better (polaritas), how its periods add
//! up (agregasi), how often it is reported, the baseline and a target for each year of the
//! five-year period.

use super::links::{Acuan, LinkKind, Links};
use super::pk::Target;
use super::tree::TreeNode;
use super::{Choice, Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::angka::parse_number;
use crate::domain::capaian::Aggregation;
use crate::domain::format::format_decimal;
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

use super::YEARS;

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Polaritas {
    /// Semakin tinggi semakin baik.
    Positif,
    /// Semakin rendah semakin baik.
    Negatif,
    /// Tetap di dalam rentang (inflasi, misalnya).
    Rentang,
}

/// The band a range (maintain) indicator is kept in, both ends included: typed `2,5 – 3,5`,
/// `2,5 s.d. 3,5` or `3 ± 0,5`, shown `2,5 – 3,5`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rentang {
    pub bawah: f64,
    pub atas: f64,
}

// Equality of bands is equality of their ends; an end is never NaN (refused on parsing).
impl Eq for Rentang {}

impl Rentang {
    pub fn parse(text: &str) -> Result<Rentang, Msg> {
        let text = text.trim();
        let refuse = || {
            Msg::new(
                format!("“{text}” bukan rentang; tulis batas bawah dan atas, misalnya 2,5 – 3,5 atau 3 ± 0,5"),
                format!("“{text}” is not a range; write its lower and upper bound, e.g. 2,5 – 3,5 or 3 ± 0,5"),
            )
        };
        let number = |part: &str| parse_number(part).map_err(|_| refuse());
        let (bawah, atas) = if let Some((centre, spread)) = text.split_once('±').or_else(|| text.split_once("+/-")) {
            let (centre, spread) = (number(centre)?, number(spread)?);
            (centre - spread, centre + spread)
        } else {
            let (low, high) = split_range(text).ok_or_else(refuse)?;
            (number(low)?, number(high)?)
        };
        if bawah >= atas {
            return Err(Msg::new(
                format!("“{text}”: batas bawah rentang harus lebih kecil dari batas atasnya"),
                format!("“{text}”: the range's lower bound must be below its upper bound"),
            ));
        }
        Ok(Rentang { bawah, atas })
    }

    /// `2,5 – 3,5`.
    pub fn text(&self) -> String {
        format!("{} – {}", format_decimal(self.bawah, 4), format_decimal(self.atas, 4))
    }
}

/// `2,5 – 3,5` → (`2,5`, `3,5`): split at a dash between the bounds (not a leading minus sign)
/// or at "s.d." / "s/d" / "sampai".
fn split_range(text: &str) -> Option<(&str, &str)> {
    for word in [" s.d. ", " s.d ", " s/d ", " sampai ", "–", "—"] {
        if let Some(found) = text.split_once(word) {
            return Some(found);
        }
    }
    // A hyphen after the first number: skip a leading sign, then find one after a digit or a space.
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let at = text[start..].find('-').map(|i| start + i)?;
    Some((&text[..at], &text[at + 1..]))
}

/// How often the indicator is measured and reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Periode {
    Bulanan,
    Triwulanan,
    Semesteran,
    Tahunan,
}

pub(super) const POLARITAS: [(Polaritas, Choice); 3] = [
    (
        Polaritas::Positif,
        Choice { code: "positif", id: "Positif (makin tinggi makin baik)", en: "Positive (higher is better)" },
    ),
    (
        Polaritas::Negatif,
        Choice { code: "negatif", id: "Negatif (makin rendah makin baik)", en: "Negative (lower is better)" },
    ),
    (
        Polaritas::Rentang,
        Choice { code: "rentang", id: "Rentang (tetap dalam batas)", en: "Range (stay within bounds)" },
    ),
];

pub(super) const AGREGASI: [(Aggregation, Choice); 3] = [
    (Aggregation::Kumulatif, Choice { code: "kumulatif", id: "Kumulatif", en: "Cumulative" }),
    (Aggregation::NilaiAkhir, Choice { code: "nilai_akhir", id: "Nilai akhir", en: "Last value" }),
    (Aggregation::RataRata, Choice { code: "rata_rata", id: "Rata-rata", en: "Average" }),
];

const PERIODE: [(Periode, Choice); 4] = [
    (Periode::Bulanan, Choice { code: "bulanan", id: "Bulanan", en: "Monthly" }),
    (Periode::Triwulanan, Choice { code: "triwulanan", id: "Triwulanan", en: "Quarterly" }),
    (Periode::Semesteran, Choice { code: "semesteran", id: "Semesteran", en: "Half-yearly" }),
    (Periode::Tahunan, Choice { code: "tahunan", id: "Tahunan", en: "Yearly" }),
];

const fn choices<T, const N: usize>(table: &'static [(T, Choice); N]) -> [Choice; N] {
    let mut out = [Choice { code: "", id: "", en: "" }; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].1;
        i += 1;
    }
    out
}

pub(super) const POLARITAS_CHOICES: [Choice; 3] = choices(&POLARITAS);
pub(super) const AGREGASI_CHOICES: [Choice; 3] = choices(&AGREGASI);
const PERIODE_CHOICES: [Choice; 4] = choices(&PERIODE);

/// The code a value of a closed list is stored and offered as.
pub(super) fn code_of<T: PartialEq>(table: &[(T, Choice)], value: &Option<T>) -> String {
    value.as_ref().and_then(|v| table.iter().find(|(t, _)| t == v)).map(|(_, c)| c.code.to_owned()).unwrap_or_default()
}

/// A value of a closed list from its code or its label, as a user or a suggestion writes it.
pub(super) fn parse_choice<T: Copy>(
    table: &[(T, Choice)],
    field: Field,
    text: &str,
) -> Result<Option<T>, SetFieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let wanted = text.to_lowercase();
    let found = table.iter().find(|(_, c)| {
        c.code == wanted || c.id.to_lowercase() == wanted || c.id.to_lowercase().starts_with(&format!("{wanted} ("))
    });
    match found {
        Some((value, _)) => Ok(Some(*value)),
        None => {
            let codes = table.iter().map(|(_, c)| c.code).collect::<Vec<_>>().join(", ");
            let label = field.label();
            Err(SetFieldError::Invalid(Msg::new(
                format!("{} harus salah satu dari: {codes}", label.id),
                format!("{} must be one of: {codes}", label.en),
            )))
        }
    }
}

/// The polarity a row of targets points to: negative where the last target is a smaller
/// number than the first, positive otherwise (grades, unchanged or rising targets).
fn trend(targets: &[Option<Target>; YEARS]) -> Polaritas {
    let numbers: Vec<f64> = targets
        .iter()
        .filter_map(|t| match t {
            Some(Target::Angka(v)) => Some(*v),
            _ => None,
        })
        .collect();
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) if last < first => Polaritas::Negatif,
        _ => Polaritas::Positif,
    }
}

/// One key indicator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IkuRow {
    pub key: NodeKey,
    pub sasaran: String,
    pub indikator: String,
    pub definisi_operasional: String,
    pub alasan: String,
    pub formulasi: String,
    pub satuan: String,
    pub polaritas: Option<Polaritas>,
    /// The band of a range indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rentang: Option<Rentang>,
    pub agregasi: Option<Aggregation>,
    pub baseline: Option<Target>,
    /// The target of each year of the period, the first year first.
    pub targets: [Option<Target>; YEARS],
    pub sumber_data: String,
    pub penanggung_jawab: String,
    pub periode_pelaporan: Option<Periode>,
    /// The Renstra indicator (of a tujuan or sasaran) this key indicator is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acuan: Option<Acuan>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IkuContent {
    /// The first year of the period (its targets' first column); set from the period when the
    /// document is made, never by the client.
    pub tahun_awal: i32,
    pub rows: Vec<IkuRow>,
}

impl Default for IkuContent {
    fn default() -> Self {
        IkuContent { tahun_awal: 2025, rows: Vec::new() }
    }
}

impl IkuContent {
    pub fn new(tahun_awal: i32) -> Self {
        IkuContent { tahun_awal, rows: Vec::new() }
    }

    /// An IKU started from the PD's Renstra (document `renstra_id`, its nodes): one row for each
    /// indicator of a sasaran, linked to it, with the sasaran, the indicator, its satuan,
    /// baseline and targets, and the polarity its targets point to (negative where the last
    /// year's target is below the first's, positive otherwise) for the planner to confirm. The
    /// manual (definisi operasional, formulasi, …) is the planner's to write, and rows are
    /// dropped or added as the PD chooses its key indicators.
    pub fn from_renstra(tahun_awal: i32, renstra_id: i64, nodes: &[TreeNode]) -> IkuContent {
        let sasaran =
            |key: &Option<NodeKey>| nodes.iter().find(|n| Some(&n.key) == key.as_ref() && n.kind == NodeKind::Sasaran);
        let rows = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Indikator)
            .filter_map(|n| sasaran(&n.parent).map(|s| (s, n)))
            .enumerate()
            .map(|(i, (s, n))| IkuRow {
                key: NodeKey::new(format!("r{}", i + 1)),
                sasaran: s.uraian.clone(),
                indikator: n.uraian.clone(),
                satuan: n.satuan.clone(),
                baseline: n.baseline.clone(),
                targets: n.targets.clone(),
                polaritas: Some(trend(&n.targets)),
                acuan: Some(Acuan { document_id: renstra_id, node: n.key.clone() }),
                ..IkuRow::default()
            })
            .collect();
        IkuContent { tahun_awal, rows }
    }

    pub fn links(&self) -> Links<'_> {
        Links { kind: LinkKind::IkuToRenstra, places: self.rows.iter().map(|r| (&r.key, r.acuan.as_ref())).collect() }
    }
}

const COLUMNS: [Column; 19] = [
    Column { field: Field::Sasaran, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Indikator, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Acuan, kind: FieldKind::Choice, required: false },
    Column { field: Field::DefinisiOperasional, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Alasan, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Formulasi, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Satuan, kind: FieldKind::Short, required: true },
    Column { field: Field::Polaritas, kind: FieldKind::Choice, required: true },
    Column { field: Field::Rentang, kind: FieldKind::Short, required: false },
    Column { field: Field::Agregasi, kind: FieldKind::Choice, required: false },
    Column { field: Field::Baseline, kind: FieldKind::Number, required: false },
    Column { field: Field::Target1, kind: FieldKind::Number, required: true },
    Column { field: Field::Target2, kind: FieldKind::Number, required: true },
    Column { field: Field::Target3, kind: FieldKind::Number, required: true },
    Column { field: Field::Target4, kind: FieldKind::Number, required: true },
    Column { field: Field::Target5, kind: FieldKind::Number, required: true },
    Column { field: Field::SumberData, kind: FieldKind::Sentence, required: false },
    Column { field: Field::PenanggungJawab, kind: FieldKind::Sentence, required: false },
    Column { field: Field::PeriodePelaporan, kind: FieldKind::Choice, required: false },
];

/// The year index (0-based) of a target field.
fn year_of(field: Field) -> Option<usize> {
    Field::TARGETS.iter().position(|f| *f == field)
}

fn target_text(t: &Option<Target>) -> String {
    t.as_ref().map(Target::text).unwrap_or_default()
}

pub(super) fn rentang_text(r: &Option<Rentang>) -> String {
    r.as_ref().map(Rentang::text).unwrap_or_default()
}

/// A range typed in a cell (empty: none).
pub(super) fn optional_rentang(text: &str) -> Result<Option<Rentang>, SetFieldError> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { Rentang::parse(text).map(Some).map_err(SetFieldError::Invalid) }
}

/// The rows (numbered from 1) whose polarity is a range without its band.
pub(super) fn ranges_without_bounds<'a>(
    rows: impl Iterator<Item = (Option<Polaritas>, Option<&'a Rentang>)>,
) -> Option<String> {
    let rows: Vec<String> = rows
        .enumerate()
        .filter(|(_, (p, r))| *p == Some(Polaritas::Rentang) && r.is_none())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    (!rows.is_empty()).then(|| rows.join(", "))
}

/// "Indikator 2: polaritas rentang perlu batas bawah dan atas".
pub(super) fn range_needs_bounds(rows: &str) -> Msg {
    Msg::new(
        format!("Indikator {rows}: polaritasnya rentang; isi rentangnya (batas bawah dan atas) sebelum diajukan"),
        format!(
            "Indicator {rows}: its polarity is a range; fill in the range (lower and upper bound) before submitting"
        ),
    )
}

fn node(i: usize, r: &IkuRow) -> Node {
    let mut fields = vec![
        (Field::Sasaran, r.sasaran.clone()),
        (Field::Indikator, r.indikator.clone()),
        (Field::Acuan, r.acuan.as_ref().map(Acuan::code).unwrap_or_default()),
        (Field::DefinisiOperasional, r.definisi_operasional.clone()),
        (Field::Alasan, r.alasan.clone()),
        (Field::Formulasi, r.formulasi.clone()),
        (Field::Satuan, r.satuan.clone()),
        (Field::Polaritas, code_of(&POLARITAS, &r.polaritas)),
        (Field::Rentang, rentang_text(&r.rentang)),
        (Field::Agregasi, code_of(&AGREGASI, &r.agregasi)),
        (Field::Baseline, target_text(&r.baseline)),
    ];
    fields.extend(Field::TARGETS.iter().zip(&r.targets).map(|(f, t)| (*f, target_text(t))));
    fields.extend([
        (Field::SumberData, r.sumber_data.clone()),
        (Field::PenanggungJawab, r.penanggung_jawab.clone()),
        (Field::PeriodePelaporan, code_of(&PERIODE, &r.periode_pelaporan)),
    ]);
    Node { key: r.key.clone(), parent: None, kind: NodeKind::Iku, number: (i + 1).to_string(), fields }
}

/// Whether a row's values are of one kind: the baseline and the targets all numbers, or all
/// grades of a scale.
fn mixed_targets(r: &IkuRow) -> bool {
    super::mixed_kinds(r.baseline.iter().chain(r.targets.iter().flatten()))
}

impl Structured for IkuContent {
    fn outline(&self) -> Vec<Node> {
        self.rows.iter().enumerate().map(|(i, r)| node(i, r)).collect()
    }

    fn columns(&self, _kind: NodeKind) -> &'static [Column] {
        &COLUMNS
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Iku]
    }

    fn table_title(&self, _kind: NodeKind) -> Msg {
        Msg::new("Indikator Kinerja Utama", "Key performance indicators")
    }

    fn column_label(&self, _kind: NodeKind, field: Field) -> Msg {
        match year_of(field) {
            Some(i) => {
                let year = self.tahun_awal + i as i32;
                Msg::new(format!("Target {year}"), format!("Target {year}"))
            }
            None if field == Field::Sasaran => Msg::new("Sasaran Strategis", "Strategic objective"),
            None if field == Field::Acuan => LinkKind::IkuToRenstra.heading(),
            None => field.label(),
        }
    }

    fn choices(&self, _kind: NodeKind, field: Field) -> &'static [Choice] {
        match field {
            Field::Polaritas => &POLARITAS_CHOICES,
            Field::Agregasi => &AGREGASI_CHOICES,
            Field::PeriodePelaporan => &PERIODE_CHOICES,
            _ => &[],
        }
    }

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = super::common_checks(self);
        for r in self.rows.iter().filter(|r| mixed_targets(r)) {
            errors.add(
                &super::Anchor::Field { node: r.key.clone(), field: Field::Baseline }.encode(),
                Msg::new(
                    "baseline dan target satu indikator harus semuanya angka atau semuanya predikat",
                    "an indicator's baseline and targets must all be numbers or all be grades",
                ),
            );
        }
        errors.into_result(())
    }

    fn readiness(&self) -> Result<(), Msg> {
        if self.rows.is_empty() {
            return Err(Msg::new(
                "Tabel IKU masih kosong: isi paling sedikit satu indikator sebelum diajukan",
                "The IKU table is empty: fill in at least one indicator before submitting",
            ));
        }
        // A reviewer judges an indicator by its manual: without a definition and a formula
        // there is nothing to review yet.
        let missing: Vec<String> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.definisi_operasional.trim().is_empty() || r.formulasi.trim().is_empty())
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if !missing.is_empty() {
            let rows = missing.join(", ");
            return Err(Msg::new(
                format!("Indikator {rows}: isi definisi operasional dan formulasi sebelum diajukan"),
                format!("Indicator {rows}: fill in the operational definition and the formula before submitting"),
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
        let target = super::optional_target;
        match field {
            Field::Sasaran => row.sasaran = text.to_owned(),
            Field::Indikator => row.indikator = text.to_owned(),
            Field::DefinisiOperasional => row.definisi_operasional = text.to_owned(),
            Field::Alasan => row.alasan = text.to_owned(),
            Field::Formulasi => row.formulasi = text.to_owned(),
            Field::Satuan => row.satuan = text.to_owned(),
            Field::Polaritas => row.polaritas = parse_choice(&POLARITAS, field, text)?,
            Field::Rentang => row.rentang = optional_rentang(text)?,
            Field::Agregasi => row.agregasi = parse_choice(&AGREGASI, field, text)?,
            Field::PeriodePelaporan => row.periode_pelaporan = parse_choice(&PERIODE, field, text)?,
            Field::Baseline => row.baseline = target(text)?,
            Field::SumberData => row.sumber_data = text.to_owned(),
            Field::PenanggungJawab => row.penanggung_jawab = text.to_owned(),
            Field::Acuan => row.acuan = super::links::parse_choice(text)?,
            other => match year_of(other) {
                Some(i) => row.targets[i] = target(text)?,
                None => return Err(SetFieldError::NotEditable),
            },
        }
        Ok(())
    }

    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey> {
        if parent.is_some() || kind != NodeKind::Iku {
            return None;
        }
        let key = NodeKey::next_free(self.rows.iter().map(|r| &r.key));
        let at = super::position_after(self.rows.iter().map(|r| &r.key), after, self.rows.len());
        self.rows.insert(at, IkuRow { key: key.clone(), ..IkuRow::default() });
        Some(key)
    }

    fn remove_node(&mut self, node: &NodeKey) -> bool {
        let before = self.rows.len();
        self.rows.retain(|r| &r.key != node);
        self.rows.len() != before
    }
}
