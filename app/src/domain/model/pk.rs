//! The Perjanjian Kinerja as data: the level of the official who promises, table 1
//! (`No | Sasaran | Indikator | Target | Satuan`) and table 2 (`No | Program/Kegiatan |
//! Anggaran (Rp) | Keterangan` with its total), headed the way the regulation heads them for
//! that level (SAKIP reference §3.4).

use super::links::{Acuan, LinkKind, Links};
use super::tree::TreeNode;
use super::{Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::angka::{parse_number, parse_rupiah};
use crate::domain::format::{format_decimal, format_rupiah};
use crate::domain::master::Eselon;
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Whose agreement it is; it decides the headings and who the pihak kedua is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PkLevel {
    /// The Bupati / Wali Kota: a one-party statement.
    KepalaDaerah,
    /// JPT Pratama: the Kepala PD, to the Bupati.
    #[default]
    EselonII,
    /// Administrator: a Kabid, Sekretaris or Camat, to the Kepala PD.
    EselonIII,
    /// Pengawas: a Kasubbag or Kasi, to the Administrator.
    EselonIV,
    /// Pelaksana / fungsional, to the Pengawas.
    Pelaksana,
}

impl PkLevel {
    pub const VARIANTS: [PkLevel; 5] =
        [PkLevel::KepalaDaerah, PkLevel::EselonII, PkLevel::EselonIII, PkLevel::EselonIV, PkLevel::Pelaksana];

    /// The level of an official's agreement.
    pub fn of(eselon: Eselon) -> PkLevel {
        match eselon {
            Eselon::KepalaDaerah | Eselon::WakilKepalaDaerah => PkLevel::KepalaDaerah,
            Eselon::IIa | Eselon::IIb => PkLevel::EselonII,
            Eselon::IIIa | Eselon::IIIb => PkLevel::EselonIII,
            Eselon::IVa | Eselon::IVb => PkLevel::EselonIV,
            Eselon::Fungsional | Eselon::Pelaksana => PkLevel::Pelaksana,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            PkLevel::KepalaDaerah => Msg::new("Kepala Daerah", "Regional head"),
            PkLevel::EselonII => Msg::new("JPT Pratama (Eselon II)", "Senior executive (echelon II)"),
            PkLevel::EselonIII => Msg::new("Administrator (Eselon III)", "Administrator (echelon III)"),
            PkLevel::EselonIV => Msg::new("Pengawas (Eselon IV)", "Supervisor (echelon IV)"),
            PkLevel::Pelaksana => Msg::new("Pelaksana / Fungsional", "Staff / functional"),
        }
    }

    /// The heading of table 1's sasaran column.
    pub fn sasaran_heading(self) -> Msg {
        match self {
            PkLevel::KepalaDaerah => Msg::new("Sasaran Strategis (RPJMD)", "Strategic objective (RPJMD)"),
            PkLevel::EselonII => Msg::new("Sasaran Strategis", "Strategic objective"),
            PkLevel::EselonIII => Msg::new("Sasaran Program", "Programme objective"),
            PkLevel::EselonIV => Msg::new("Sasaran Kegiatan", "Activity objective"),
            PkLevel::Pelaksana => Msg::new("Sasaran Sub Kegiatan / RHK", "Sub-activity objective / RHK"),
        }
    }

    /// The heading of table 2's first column.
    pub fn budget_heading(self) -> Msg {
        match self {
            PkLevel::KepalaDaerah | PkLevel::EselonII => Msg::new("Program", "Programme"),
            PkLevel::EselonIII => Msg::new("Program / Kegiatan", "Programme / activity"),
            PkLevel::EselonIV => Msg::new("Kegiatan / Sub Kegiatan", "Activity / sub-activity"),
            PkLevel::Pelaksana => Msg::new("Sub Kegiatan", "Sub-activity"),
        }
    }
}

/// A target: a number in the indicator's unit, or a grade of an ordinal scale (Opini BPK,
/// the SAKIP grades). Stored as a JSON number or the grade's text.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Angka(f64),
    Predikat(String),
}

/// The grades a target may be, best first within each scale (SAKIP reference §5).
pub const PREDIKAT: [&str; 11] = ["WTP", "WDP", "TW", "TMP", "AA", "A", "BB", "B", "CC", "C", "D"];

impl Target {
    /// What a user typed: a number the Indonesian way, or a grade.
    pub fn parse(text: &str) -> Result<Target, Msg> {
        let grade = text.trim().to_uppercase();
        if let Some(known) = PREDIKAT.iter().find(|p| **p == grade) {
            return Ok(Target::Predikat((*known).to_owned()));
        }
        parse_number(text).map(Target::Angka).map_err(|m| {
            Msg::new(
                format!("{}, atau predikat ({})", m.id, PREDIKAT.join(", ")),
                format!("{}, or a grade ({})", m.en, PREDIKAT.join(", ")),
            )
        })
    }

    /// `72,5`, `WTP`.
    pub fn text(&self) -> String {
        match self {
            Target::Angka(v) => format_decimal(*v, 4),
            Target::Predikat(p) => p.clone(),
        }
    }
}

// Equality of targets is equality of what they say; a target is never NaN (refused on parsing).
impl Eq for Target {}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Target::Angka(v) => s.serialize_f64(*v),
            Target::Predikat(p) => s.serialize_str(p),
        }
    }
}

/// A number, or text: a grade, or a number as the first PK tables stored it (`"72,5"`). Written
/// by hand rather than as an untagged enum, whose buffering would weigh on the browser bundle.
impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Target;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a grade")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Target, E> {
                if v.is_finite() { Ok(Target::Angka(v)) } else { Err(E::custom("a target is a finite number")) }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Target, E> {
                Target::parse(v).map_err(|m| E::custom(m.en))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// One row of table 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkRow {
    pub key: NodeKey,
    pub sasaran: String,
    pub indikator: String,
    pub target: Option<Target>,
    pub satuan: String,
    /// The upper PK's indicator this one serves; for the Bupati's own PK, the RPJMD indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acuan: Option<Acuan>,
}

/// One row of table 2: a program, kegiatan or sub kegiatan and its budget.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkAnggaranRow {
    pub key: NodeKey,
    pub uraian: String,
    /// Whole rupiah.
    pub anggaran: Option<i64>,
    pub keterangan: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkContent {
    #[serde(default)]
    pub level: PkLevel,
    pub rows: Vec<PkRow>,
    #[serde(default)]
    pub anggaran: Vec<PkAnggaranRow>,
}

impl PkContent {
    pub fn new(level: PkLevel) -> Self {
        PkContent { level, ..PkContent::default() }
    }

    /// A PK started from a five-year plan's `nodes` (the RPJMD for the Bupati, the PD's Renstra
    /// for a Kepala PD) for the year at index `year` of its period: a table-1 row for each
    /// indicator of a sasaran — the sasaran, the indicator, its target that year and its satuan
    /// — linked to that indicator when `link_to` is the plan's id; a table-2 row for each
    /// program with a pagu that year (the sum over its sub kegiatan). The planner then drops,
    /// adds and adjusts rows.
    pub fn from_plan(level: PkLevel, year: usize, nodes: &[TreeNode], link_to: Option<i64>) -> PkContent {
        let by_key: HashMap<&NodeKey, &TreeNode> = nodes.iter().map(|n| (&n.key, n)).collect();
        let parent = |n: &TreeNode| n.parent.as_ref().and_then(|p| by_key.get(p).copied());
        let rows = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Indikator)
            .filter_map(|n| parent(n).filter(|p| p.kind == NodeKind::Sasaran).map(|s| (s, n)))
            .enumerate()
            .map(|(i, (s, n))| PkRow {
                key: NodeKey::new(format!("r{}", i + 1)),
                sasaran: s.uraian.clone(),
                indikator: n.uraian.clone(),
                target: n.targets.get(year).cloned().flatten(),
                satuan: n.satuan.clone(),
                acuan: link_to.map(|document_id| Acuan { document_id, node: n.key.clone() }),
            })
            .collect::<Vec<_>>();
        let mut pagu: HashMap<&NodeKey, i64> = HashMap::new();
        for n in nodes.iter().filter(|n| n.kind == NodeKind::SubKegiatan) {
            let mut program = Some(n);
            while let Some(node) = program.filter(|a| a.kind != NodeKind::Program) {
                program = parent(node);
            }
            if let (Some(program), Some(value)) = (program.map(|p| &p.key), n.pagu.get(year).copied().flatten()) {
                *pagu.entry(program).or_default() += value;
            }
        }
        let anggaran = nodes
            .iter()
            .filter_map(|n| pagu.get(&n.key).map(|amount| (n, *amount)))
            .enumerate()
            .map(|(i, (p, amount))| PkAnggaranRow {
                key: NodeKey::new(format!("r{}", rows.len() + i + 1)),
                uraian: format!("{} {}", p.kode, p.uraian).trim().to_owned(),
                anggaran: Some(amount),
                keterangan: String::new(),
            })
            .collect();
        PkContent { level, rows, anggaran }
    }

    /// The kind of link its indicators carry: the Bupati's PK names RPJMD indicators, every
    /// other PK the indicators of its pihak kedua's PK.
    pub fn link_kind(&self) -> LinkKind {
        if self.level == PkLevel::KepalaDaerah { LinkKind::PkToRpjmd } else { LinkKind::PkToUpperPk }
    }

    pub fn links(&self) -> Links<'_> {
        Links { kind: self.link_kind(), places: self.rows.iter().map(|r| (&r.key, r.acuan.as_ref())).collect() }
    }

    /// This PK as the start of next year's: both tables as they are, at `level` (the official's
    /// level now), each link moved by `moved` (to the same indicator of next year's upper PK or
    /// RPJMD) or left empty.
    pub fn carried_forward(&self, level: PkLevel, moved: impl Fn(&Acuan) -> Option<Acuan>) -> PkContent {
        PkContent {
            level,
            rows: self.rows.iter().map(|r| PkRow { acuan: r.acuan.as_ref().and_then(&moved), ..r.clone() }).collect(),
            anggaran: self.anggaran.clone(),
        }
    }

    /// Table 2's total, in whole rupiah.
    pub fn total_anggaran(&self) -> i64 {
        self.anggaran.iter().filter_map(|r| r.anggaran).sum()
    }
}

const KINERJA_COLUMNS: [Column; 5] = [
    Column { field: Field::Sasaran, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Indikator, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Target, kind: FieldKind::Number, required: true },
    Column { field: Field::Satuan, kind: FieldKind::Short, required: true },
    Column { field: Field::Acuan, kind: FieldKind::Choice, required: false },
];

const ANGGARAN_COLUMNS: [Column; 3] = [
    Column { field: Field::Uraian, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Anggaran, kind: FieldKind::Rupiah, required: true },
    Column { field: Field::Keterangan, kind: FieldKind::Sentence, required: false },
];

fn kinerja_node(i: usize, r: &PkRow) -> Node {
    Node {
        key: r.key.clone(),
        parent: None,
        kind: NodeKind::PkKinerja,
        number: (i + 1).to_string(),
        fields: vec![
            (Field::Sasaran, r.sasaran.clone()),
            (Field::Indikator, r.indikator.clone()),
            (Field::Target, r.target.as_ref().map(Target::text).unwrap_or_default()),
            (Field::Satuan, r.satuan.clone()),
            (Field::Acuan, r.acuan.as_ref().map(Acuan::code).unwrap_or_default()),
        ],
    }
}

fn anggaran_node(i: usize, r: &PkAnggaranRow) -> Node {
    Node {
        key: r.key.clone(),
        parent: None,
        kind: NodeKind::PkAnggaran,
        number: (i + 1).to_string(),
        fields: vec![
            (Field::Uraian, r.uraian.clone()),
            (Field::Anggaran, r.anggaran.map(format_rupiah).unwrap_or_default()),
            (Field::Keterangan, r.keterangan.clone()),
        ],
    }
}

impl Structured for PkContent {
    fn outline(&self) -> Vec<Node> {
        let kinerja = self.rows.iter().enumerate().map(|(i, r)| kinerja_node(i, r));
        kinerja.chain(self.anggaran.iter().enumerate().map(|(i, r)| anggaran_node(i, r))).collect()
    }

    fn columns(&self, kind: NodeKind) -> &'static [Column] {
        match kind {
            NodeKind::PkKinerja => &KINERJA_COLUMNS,
            NodeKind::PkAnggaran => &ANGGARAN_COLUMNS,
            _ => &[],
        }
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::PkKinerja, NodeKind::PkAnggaran]
    }

    fn table_title(&self, kind: NodeKind) -> Msg {
        match kind {
            NodeKind::PkKinerja => {
                Msg::new("Tabel 1 · Sasaran dan indikator kinerja", "Table 1 · Objectives and indicators")
            }
            NodeKind::PkAnggaran => Msg::new("Tabel 2 · Anggaran", "Table 2 · Budget"),
            other => other.label(),
        }
    }

    fn column_label(&self, kind: NodeKind, field: Field) -> Msg {
        match (kind, field) {
            (NodeKind::PkKinerja, Field::Sasaran) => self.level.sasaran_heading(),
            (NodeKind::PkAnggaran, Field::Uraian) => self.level.budget_heading(),
            (NodeKind::PkKinerja, Field::Acuan) => self.link_kind().heading(),
            _ => field.label(),
        }
    }

    fn total(&self, kind: NodeKind, field: Field) -> Option<i64> {
        (kind == NodeKind::PkAnggaran && field == Field::Anggaran).then(|| self.total_anggaran())
    }

    fn validate(&self) -> Result<(), FieldErrors> {
        super::common_checks(self).into_result(())
    }

    fn readiness(&self) -> Result<(), Msg> {
        if self.rows.is_empty() {
            return Err(Msg::new(
                "Tabel PK masih kosong: isi paling sedikit satu baris sasaran dan indikator sebelum diajukan",
                "The PK table is empty: fill in at least one row of objective and indicator before submitting",
            ));
        }
        Ok(())
    }

    fn set_field(&mut self, node: &NodeKey, field: Field, text: &str) -> Result<(), SetFieldError> {
        let text = text.trim();
        if let Some(row) = self.rows.iter_mut().find(|r| &r.key == node) {
            match field {
                Field::Sasaran => row.sasaran = text.to_owned(),
                Field::Indikator => row.indikator = text.to_owned(),
                Field::Satuan => row.satuan = text.to_owned(),
                Field::Target if text.is_empty() => row.target = None,
                Field::Target => row.target = Some(Target::parse(text).map_err(SetFieldError::Invalid)?),
                Field::Acuan => row.acuan = super::links::parse_choice(text)?,
                _ => return Err(SetFieldError::NotEditable),
            }
            return Ok(());
        }
        let row = self.anggaran.iter_mut().find(|r| &r.key == node).ok_or(SetFieldError::NodeGone)?;
        match field {
            Field::Uraian => row.uraian = text.to_owned(),
            Field::Keterangan => row.keterangan = text.to_owned(),
            Field::Anggaran if text.is_empty() => row.anggaran = None,
            Field::Anggaran => row.anggaran = Some(parse_rupiah(text).map_err(SetFieldError::Invalid)?),
            _ => return Err(SetFieldError::NotEditable),
        }
        Ok(())
    }

    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey> {
        if parent.is_some() {
            return None;
        }
        let key = NodeKey::next_free(self.rows.iter().map(|r| &r.key).chain(self.anggaran.iter().map(|r| &r.key)));
        match kind {
            NodeKind::PkKinerja => {
                let at = super::position_after(self.rows.iter().map(|r| &r.key), after, self.rows.len());
                self.rows.insert(at, PkRow { key: key.clone(), ..PkRow::default() });
            }
            NodeKind::PkAnggaran => {
                let at = super::position_after(self.anggaran.iter().map(|r| &r.key), after, self.anggaran.len());
                self.anggaran.insert(at, PkAnggaranRow { key: key.clone(), ..PkAnggaranRow::default() });
            }
            _ => return None,
        }
        Some(key)
    }

    fn remove_node(&mut self, node: &NodeKey) -> bool {
        let before = self.rows.len() + self.anggaran.len();
        self.rows.retain(|r| &r.key != node);
        self.anggaran.retain(|r| &r.key != node);
        self.rows.len() + self.anggaran.len() != before
    }
}

/// One party of a PK as the echelon chain sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pihak {
    pub eselon: Eselon,
    /// `None` for the Bupati / Wali Kota.
    pub pd_id: Option<i64>,
}

/// Whether `kedua` may be the pihak kedua of `pertama`'s PK (SAKIP reference §3.4): the Bupati's
/// PK is a one-party statement; a Kepala PD promises to the Bupati; an Administrator to the head
/// of the same PD; a Pengawas to an Administrator of the same PD (or its head, where the unit has
/// no Administrator above it, as a UPTD); a Pelaksana to a Pengawas of the same PD (or an
/// Administrator). The refusal says who is expected.
pub fn check_pihak_kedua(pertama: Pihak, kedua: Option<Pihak>) -> Result<(), Msg> {
    let level = PkLevel::of(pertama.eselon);
    let same_pd = |k: &Pihak| k.pd_id.is_some() && k.pd_id == pertama.pd_id;
    let (fits, expected) = match (level, kedua) {
        (PkLevel::KepalaDaerah, None) => return Ok(()),
        (PkLevel::KepalaDaerah, Some(_)) => (
            false,
            Msg::new(
                "PK Kepala Daerah adalah pernyataan sepihak, tanpa pihak kedua",
                "The regional head's PK is a one-party statement, without a second party",
            ),
        ),
        (_, None) => (
            false,
            Msg::new(
                "pilih pihak kedua (atasan langsung pejabat ini)",
                "choose the second party (the official's superior)",
            ),
        ),
        (PkLevel::EselonII, Some(k)) => (
            k.eselon == Eselon::KepalaDaerah,
            Msg::new(
                "pihak kedua PK Kepala PD adalah Bupati/Wali Kota",
                "a PD head's second party is the regional head",
            ),
        ),
        (PkLevel::EselonIII, Some(k)) => (
            PkLevel::of(k.eselon) == PkLevel::EselonII && same_pd(&k),
            Msg::new(
                "pihak kedua PK Administrator adalah Kepala PD yang sama",
                "an Administrator's second party is the head of the same PD",
            ),
        ),
        (PkLevel::EselonIV, Some(k)) => (
            matches!(PkLevel::of(k.eselon), PkLevel::EselonIII | PkLevel::EselonII) && same_pd(&k),
            Msg::new(
                "pihak kedua PK Pengawas adalah Administrator (atau Kepala PD) pada PD yang sama",
                "a Supervisor's second party is an Administrator (or the head) of the same PD",
            ),
        ),
        (PkLevel::Pelaksana, Some(k)) => (
            matches!(PkLevel::of(k.eselon), PkLevel::EselonIV | PkLevel::EselonIII) && same_pd(&k),
            Msg::new(
                "pihak kedua PK Pelaksana adalah Pengawas (atau Administrator) pada PD yang sama",
                "a staff member's second party is a Supervisor (or an Administrator) of the same PD",
            ),
        ),
    };
    if fits { Ok(()) } else { Err(expected) }
}
