//! The Perjanjian Kinerja as data: the level of the official who promises, table 1
//! (`No | Sasaran | Indikator | Target | Satuan`) and table 2 (`No | Program/Kegiatan |
//! Anggaran (Rp) | Keterangan` with its total), headed the way the regulation heads them for
//! that level (SAKIP reference §3.4).

use super::{Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::angka::{parse_number, parse_rupiah};
use crate::domain::format::{format_decimal, format_rupiah};
use crate::domain::master::Eselon;
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

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

/// The indicator of the upper PK (the pihak kedua's, same year) that a row serves.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acuan {
    pub document_id: i64,
    pub node: NodeKey,
}

impl Acuan {
    /// `12/r3`: how a cell and a suggestion carry it.
    pub fn code(&self) -> String {
        format!("{}/{}", self.document_id, self.node)
    }

    pub fn parse(text: &str) -> Option<Acuan> {
        let (doc, node) = text.trim().split_once('/')?;
        let document_id = doc.parse().ok().filter(|id: &i64| *id > 0)?;
        (!node.is_empty()).then(|| Acuan { document_id, node: NodeKey::new(node) })
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
    /// The upper PK's indicator this one serves (none for the Bupati's own PK).
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

    /// The links that do not point at an indicator of `upper` (the pihak kedua's PK of the
    /// year, as `(document id, its outline)`), keyed by anchor; and, when `submitting` and an
    /// upper PK exists, the rows that have no link yet. A Bupati's PK has no upper PK.
    pub fn check_links(&self, upper: Option<(i64, &[Node])>, submitting: bool) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for row in &self.rows {
            let anchor = super::Anchor::Field { node: row.key.clone(), field: Field::Acuan }.encode();
            match (&row.acuan, upper) {
                (Some(acuan), Some((doc, nodes)))
                    if acuan.document_id == doc
                        && nodes.iter().any(|n| n.key == acuan.node && n.kind == NodeKind::PkKinerja) => {}
                (Some(_), _) => errors.add(
                    &anchor,
                    Msg::new(
                        "indikator acuan tidak ada dalam PK atasan tahun ini",
                        "the linked indicator is not in the superior's PK of this year",
                    ),
                ),
                (None, Some(_)) if submitting && self.level != PkLevel::KepalaDaerah => errors.add(
                    &anchor,
                    Msg::new(
                        "pilih indikator PK atasan yang didukung indikator ini",
                        "choose the superior's PK indicator this one serves",
                    ),
                ),
                (None, _) => {}
            }
        }
        errors
    }

    /// This PK as the start of next year's: both tables as they are, at `level` (the official's
    /// level now), each link moved from the indicator it named in `old_upper` to the indicator
    /// of the same name in `new_upper` (the pihak kedua's PK of the next year), or left empty.
    pub fn carried_forward(
        &self,
        level: PkLevel,
        old_upper: Option<(i64, &[Node])>,
        new_upper: Option<(i64, &[Node])>,
    ) -> PkContent {
        let name = |nodes: &[Node], key: &NodeKey| {
            nodes
                .iter()
                .find(|n| &n.key == key && n.kind == NodeKind::PkKinerja)
                .and_then(|n| n.field(Field::Indikator))
                .map(|t| t.trim().to_lowercase())
        };
        let moved = |acuan: &Acuan| -> Option<Acuan> {
            let (old_id, old_nodes) = old_upper?;
            let (new_id, new_nodes) = new_upper?;
            let wanted = (acuan.document_id == old_id).then(|| name(old_nodes, &acuan.node)).flatten()?;
            let node = new_nodes
                .iter()
                .find(|n| n.kind == NodeKind::PkKinerja && name(new_nodes, &n.key).as_ref() == Some(&wanted))?;
            Some(Acuan { document_id: new_id, node: node.key.clone() })
        };
        PkContent {
            level,
            rows: self.rows.iter().map(|r| PkRow { acuan: r.acuan.as_ref().and_then(moved), ..r.clone() }).collect(),
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

/// The Bupati's PK serves the RPJMD directly: no upper PK column.
const KINERJA_COLUMNS_BUPATI: [Column; 4] =
    [KINERJA_COLUMNS[0], KINERJA_COLUMNS[1], KINERJA_COLUMNS[2], KINERJA_COLUMNS[3]];

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
            NodeKind::PkKinerja if self.level == PkLevel::KepalaDaerah => &KINERJA_COLUMNS_BUPATI,
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
                Field::Acuan if text.is_empty() => row.acuan = None,
                Field::Acuan => {
                    row.acuan = Some(Acuan::parse(text).ok_or_else(|| {
                        SetFieldError::Invalid(Msg::new(
                            "pilih indikator PK atasan dari daftar",
                            "choose an indicator of the superior's PK from the list",
                        ))
                    })?)
                }
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
