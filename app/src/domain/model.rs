//! The document model: what every structured SAKIP document is to the rest of the system.
//!
//! A structured document's content is a list of **nodes** (a table's rows, a tree's elements),
//! each with a stable key, an optional parent (so a tree — Renstra, the pohon kinerja — is the
//! same shape as a table) and **fields** named by [`Field`]. A type implements [`Structured`]
//! once: its outline (every node in reading order with the text of its fields), its columns per
//! kind of node, its validation and readiness to submit, and how a field is set from the text a
//! user typed or a reviewer suggested, how a node is inserted and removed. Everything else is
//! written once, here, against that interface:
//!
//! - the places a comment can anchor to ([`Anchor`]) and whether one exists in a version;
//! - the difference between two versions ([`diff`]), field by field;
//! - applying an accepted suggestion ([`apply_suggestion`]);
//! - the canonical JSON a version's hash is taken over ([`Content::canonical_json`]).
//!
//! The workflow, the threads, the suggestions, the diff view and the table editor call only
//! this module. A document whose tables are computed from other documents (the LKjIP) shows its
//! computed cells as fields of kind [`FieldKind::Computed`]: comments anchor to them, no
//! suggestion applies to them. Adding a type: `docs/ARCHITECTURE.md`, "Adding a document type".

pub mod iku;
pub mod links;
pub mod pk;
pub mod renaksi;
pub mod renstra;
pub mod rkt;
pub mod rpjmd;
pub mod tree;

use super::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

pub use iku::{IkuContent, IkuRow, Periode, Polaritas, Rentang};
pub use links::{Acuan, LinkKind, LinkTarget, Links};
pub use pk::{Pihak, PkAnggaranRow, PkContent, PkLevel, PkRow, Target, check_pihak_kedua};
pub use renaksi::{
    AksiRow, CATATAN_MAX, CapaianSettings, CapaianSettingsInput, CapaianSummary, Pembagian, Realisasi, RealisasiInput,
    RencanaAksiContent, RowCapaian,
};
pub use renstra::RenstraContent;
pub use rkt::RktContent;
pub use rpjmd::RpjmdContent;
pub use tree::TreeNode;

/// A period has five years; a five-year plan has a target for each.
pub const YEARS: usize = 5;

/// A node's key: stable across versions, so comments and diffs follow a row when others are
/// inserted before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeKey(pub String);

impl NodeKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first key of the form `r<n>` not used by `taken`: keys never reuse a removed row's
    /// key within a version, and stay short.
    pub fn next_free<'a>(taken: impl Iterator<Item = &'a NodeKey>) -> NodeKey {
        let highest =
            taken.filter_map(|k| k.0.strip_prefix('r').and_then(|n| n.parse::<u64>().ok())).max().unwrap_or(0);
        NodeKey(format!("r{}", highest + 1))
    }
}

impl std::fmt::Display for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every field of every structured type. The code is the stored name (in anchors), so a
/// variant's code never changes once it has landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Sasaran,
    Indikator,
    Target,
    Satuan,
    /// A program, kegiatan or sub kegiatan as written in a budget table.
    Uraian,
    /// Whole rupiah.
    Anggaran,
    Keterangan,
    /// The indicator of the upper document a row serves (`<document id>/<node key>`).
    Acuan,
    DefinisiOperasional,
    /// Why the indicator was chosen.
    Alasan,
    /// How it is computed.
    Formulasi,
    Polaritas,
    /// How the periods of a year add up (kumulatif, nilai akhir, rata-rata).
    Agregasi,
    /// The value before the period starts.
    Baseline,
    /// The targets of the years of a five-year period, the first year first.
    #[serde(rename = "target_1")]
    Target1,
    #[serde(rename = "target_2")]
    Target2,
    #[serde(rename = "target_3")]
    Target3,
    #[serde(rename = "target_4")]
    Target4,
    #[serde(rename = "target_5")]
    Target5,
    SumberData,
    PenanggungJawab,
    PeriodePelaporan,
    /// The target at the end of a five-year period (the "kondisi akhir").
    TargetAkhir,
    /// A national code (kode nomenklatur) of a program, kegiatan or sub kegiatan.
    Kode,
    /// The budget ceilings of the years of a five-year period, in whole rupiah.
    #[serde(rename = "pagu_1")]
    Pagu1,
    #[serde(rename = "pagu_2")]
    Pagu2,
    #[serde(rename = "pagu_3")]
    Pagu3,
    #[serde(rename = "pagu_4")]
    Pagu4,
    #[serde(rename = "pagu_5")]
    Pagu5,
    Lokasi,
    /// The targets of the periods of a year (four quarters or twelve months), the first first.
    #[serde(rename = "periode_1")]
    Periode1,
    #[serde(rename = "periode_2")]
    Periode2,
    #[serde(rename = "periode_3")]
    Periode3,
    #[serde(rename = "periode_4")]
    Periode4,
    #[serde(rename = "periode_5")]
    Periode5,
    #[serde(rename = "periode_6")]
    Periode6,
    #[serde(rename = "periode_7")]
    Periode7,
    #[serde(rename = "periode_8")]
    Periode8,
    #[serde(rename = "periode_9")]
    Periode9,
    #[serde(rename = "periode_10")]
    Periode10,
    #[serde(rename = "periode_11")]
    Periode11,
    #[serde(rename = "periode_12")]
    Periode12,
    /// What will be done to reach a target (a Rencana Aksi's actions).
    Aksi,
    /// The band a range indicator is kept in (`2,5 – 3,5`).
    Rentang,
}

impl Field {
    pub const VARIANTS: [Field; 44] = [
        Field::Sasaran,
        Field::Indikator,
        Field::Target,
        Field::Satuan,
        Field::Uraian,
        Field::Anggaran,
        Field::Keterangan,
        Field::Acuan,
        Field::DefinisiOperasional,
        Field::Alasan,
        Field::Formulasi,
        Field::Polaritas,
        Field::Agregasi,
        Field::Baseline,
        Field::Target1,
        Field::Target2,
        Field::Target3,
        Field::Target4,
        Field::Target5,
        Field::SumberData,
        Field::PenanggungJawab,
        Field::PeriodePelaporan,
        Field::TargetAkhir,
        Field::Kode,
        Field::Pagu1,
        Field::Pagu2,
        Field::Pagu3,
        Field::Pagu4,
        Field::Pagu5,
        Field::Lokasi,
        Field::Periode1,
        Field::Periode2,
        Field::Periode3,
        Field::Periode4,
        Field::Periode5,
        Field::Periode6,
        Field::Periode7,
        Field::Periode8,
        Field::Periode9,
        Field::Periode10,
        Field::Periode11,
        Field::Periode12,
        Field::Aksi,
        Field::Rentang,
    ];

    /// The targets of a year's periods: the first four are the quarters, all twelve the months.
    pub const PERIODE: [Field; 12] = [
        Field::Periode1,
        Field::Periode2,
        Field::Periode3,
        Field::Periode4,
        Field::Periode5,
        Field::Periode6,
        Field::Periode7,
        Field::Periode8,
        Field::Periode9,
        Field::Periode10,
        Field::Periode11,
        Field::Periode12,
    ];

    /// The yearly budget ceilings of a five-year plan, the first year first.
    pub const PAGU: [Field; 5] = [Field::Pagu1, Field::Pagu2, Field::Pagu3, Field::Pagu4, Field::Pagu5];

    /// The yearly targets of a five-year plan, the first year first.
    pub const TARGETS: [Field; 5] = [Field::Target1, Field::Target2, Field::Target3, Field::Target4, Field::Target5];

    pub fn code(self) -> &'static str {
        match self {
            Field::Sasaran => "sasaran",
            Field::Indikator => "indikator",
            Field::Target => "target",
            Field::Satuan => "satuan",
            Field::Uraian => "uraian",
            Field::Anggaran => "anggaran",
            Field::Keterangan => "keterangan",
            Field::Acuan => "acuan",
            Field::DefinisiOperasional => "definisi_operasional",
            Field::Alasan => "alasan",
            Field::Formulasi => "formulasi",
            Field::Polaritas => "polaritas",
            Field::Agregasi => "agregasi",
            Field::Baseline => "baseline",
            Field::Target1 => "target_1",
            Field::Target2 => "target_2",
            Field::Target3 => "target_3",
            Field::Target4 => "target_4",
            Field::Target5 => "target_5",
            Field::SumberData => "sumber_data",
            Field::PenanggungJawab => "penanggung_jawab",
            Field::PeriodePelaporan => "periode_pelaporan",
            Field::TargetAkhir => "target_akhir",
            Field::Kode => "kode",
            Field::Pagu1 => "pagu_1",
            Field::Pagu2 => "pagu_2",
            Field::Pagu3 => "pagu_3",
            Field::Pagu4 => "pagu_4",
            Field::Pagu5 => "pagu_5",
            Field::Lokasi => "lokasi",
            Field::Periode1 => "periode_1",
            Field::Periode2 => "periode_2",
            Field::Periode3 => "periode_3",
            Field::Periode4 => "periode_4",
            Field::Periode5 => "periode_5",
            Field::Periode6 => "periode_6",
            Field::Periode7 => "periode_7",
            Field::Periode8 => "periode_8",
            Field::Periode9 => "periode_9",
            Field::Periode10 => "periode_10",
            Field::Periode11 => "periode_11",
            Field::Periode12 => "periode_12",
            Field::Aksi => "aksi",
            Field::Rentang => "rentang",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Self::VARIANTS.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Field::Sasaran => Msg::new("Sasaran", "Objective"),
            Field::Indikator => Msg::new("Indikator", "Indicator"),
            Field::Target => Msg::new("Target", "Target"),
            Field::Satuan => Msg::new("Satuan", "Unit"),
            Field::Uraian => Msg::new("Program / Kegiatan", "Programme / activity"),
            Field::Anggaran => Msg::new("Anggaran (Rp)", "Budget (Rp)"),
            Field::Keterangan => Msg::new("Keterangan", "Remarks"),
            Field::Acuan => Msg::new("Mendukung indikator atasan", "Serves the superior's indicator"),
            Field::DefinisiOperasional => Msg::new("Definisi operasional", "Operational definition"),
            Field::Alasan => Msg::new("Alasan pemilihan", "Reason for choosing it"),
            Field::Formulasi => Msg::new("Formulasi / cara pengukuran", "Formula / how it is measured"),
            Field::Polaritas => Msg::new("Polaritas", "Polarity"),
            Field::Agregasi => Msg::new("Agregasi", "Aggregation"),
            Field::Baseline => Msg::new("Baseline", "Baseline"),
            Field::Target1 => Msg::new("Target tahun ke-1", "Target, year 1"),
            Field::Target2 => Msg::new("Target tahun ke-2", "Target, year 2"),
            Field::Target3 => Msg::new("Target tahun ke-3", "Target, year 3"),
            Field::Target4 => Msg::new("Target tahun ke-4", "Target, year 4"),
            Field::Target5 => Msg::new("Target tahun ke-5", "Target, year 5"),
            Field::SumberData => Msg::new("Sumber data", "Data source"),
            Field::PenanggungJawab => Msg::new("Penanggung jawab", "Responsible unit"),
            Field::PeriodePelaporan => Msg::new("Periode pelaporan", "Reporting period"),
            Field::TargetAkhir => Msg::new("Target akhir periode", "End-of-period target"),
            Field::Kode => Msg::new("Kode", "Code"),
            Field::Pagu1 => Msg::new("Pagu tahun ke-1", "Budget, year 1"),
            Field::Pagu2 => Msg::new("Pagu tahun ke-2", "Budget, year 2"),
            Field::Pagu3 => Msg::new("Pagu tahun ke-3", "Budget, year 3"),
            Field::Pagu4 => Msg::new("Pagu tahun ke-4", "Budget, year 4"),
            Field::Pagu5 => Msg::new("Pagu tahun ke-5", "Budget, year 5"),
            Field::Lokasi => Msg::new("Lokasi", "Location"),
            Field::Aksi => Msg::new("Rencana aksi", "Planned actions"),
            Field::Rentang => Msg::new("Rentang", "Range"),
            other => {
                let n = Field::PERIODE.iter().position(|f| *f == other).map_or(0, |i| i + 1);
                Msg::new(format!("Target periode ke-{n}"), format!("Target, period {n}"))
            }
        }
    }
}

/// What a node is: a row of one of a document's tables, or a level of its tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A row of the PK's first table: sasaran, indikator, target, satuan.
    PkKinerja,
    /// A row of the PK's budget table: program or kegiatan, anggaran, keterangan.
    PkAnggaran,
    /// A key indicator of an IKU.
    Iku,
    /// The RPJMD's one visi, the root of its tree.
    Visi,
    Misi,
    Tujuan,
    Sasaran,
    /// An indicator of the node above it (a tujuan's, a sasaran's, a program's …).
    Indikator,
    Program,
    Kegiatan,
    SubKegiatan,
}

impl NodeKind {
    /// A stable name, for the page's markup and tests.
    pub fn code(self) -> &'static str {
        match self {
            NodeKind::PkKinerja => "pk_kinerja",
            NodeKind::PkAnggaran => "pk_anggaran",
            NodeKind::Iku => "iku",
            NodeKind::Visi => "visi",
            NodeKind::Misi => "misi",
            NodeKind::Tujuan => "tujuan",
            NodeKind::Sasaran => "sasaran",
            NodeKind::Indikator => "indikator",
            NodeKind::Program => "program",
            NodeKind::Kegiatan => "kegiatan",
            NodeKind::SubKegiatan => "sub_kegiatan",
        }
    }

    /// How a reader names one node of this kind, before its number: "Baris 2".
    pub fn label(self) -> Msg {
        match self {
            NodeKind::PkKinerja => Msg::new("Baris", "Row"),
            NodeKind::PkAnggaran => Msg::new("Anggaran, baris", "Budget, row"),
            NodeKind::Iku | NodeKind::Indikator => Msg::new("Indikator", "Indicator"),
            NodeKind::Visi => Msg::new("Visi", "Vision"),
            NodeKind::Misi => Msg::new("Misi", "Mission"),
            NodeKind::Tujuan => Msg::new("Tujuan", "Goal"),
            NodeKind::Sasaran => Msg::new("Sasaran", "Objective"),
            NodeKind::Program => Msg::new("Program", "Programme"),
            NodeKind::Kegiatan => Msg::new("Kegiatan", "Activity"),
            NodeKind::SubKegiatan => Msg::new("Sub Kegiatan", "Sub-activity"),
        }
    }
}

/// How a field is edited and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    /// A short value on one line (a unit, a code).
    Short,
    /// Whole sentences: the cell wraps and grows.
    Sentence,
    /// A number in id-ID form (`1.234,5`).
    Number,
    /// Whole rupiah.
    Rupiah,
    /// One of a list the page offers (a link to another document's node).
    Choice,
    /// Computed from other data: shown and commented on, never edited or suggested.
    Computed,
}

/// One column of a table editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub field: Field,
    pub kind: FieldKind,
    pub required: bool,
}

/// One value of a closed list (a polarity, an aggregation): stored as `code`, shown as its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub code: &'static str,
    pub id: &'static str,
    pub en: &'static str,
}

impl Choice {
    pub fn label(self) -> Msg {
        Msg::new(self.id, self.en)
    }
}

/// One node as the rest of the system sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub key: NodeKey,
    pub parent: Option<NodeKey>,
    pub kind: NodeKind,
    /// Its number as a reader counts: `2` in a table, `1.2.3` in a tree.
    pub number: String,
    /// The text of each field, in column order.
    pub fields: Vec<(Field, String)>,
}

impl Node {
    pub fn field(&self, field: Field) -> Option<&str> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str())
    }

    /// "Baris 2" / "Row 2"; an unnumbered node (the visi) by its kind alone.
    pub fn label(&self) -> Msg {
        let kind = self.kind.label();
        if self.number.is_empty() {
            return kind;
        }
        Msg::new(format!("{} {}", kind.id, self.number), format!("{} {}", kind.en, self.number))
    }

    /// The fields joined, for a line in a diff.
    pub fn summary(&self) -> String {
        self.fields.iter().map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect::<Vec<_>>().join(" · ")
    }
}

/// Why a field could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetFieldError {
    /// The node is no longer in the content.
    NodeGone,
    /// The node has no such field, or it is computed.
    NotEditable,
    /// The text is not a valid value for the field.
    Invalid(Msg),
}

/// What one structured type implements, once.
pub trait Structured {
    /// Every node in reading order.
    fn outline(&self) -> Vec<Node>;
    /// The columns of a node of this kind, in order.
    fn columns(&self, kind: NodeKind) -> &'static [Column];
    /// The kinds of node a user may add at the top level (a table's row kind).
    fn top_kinds(&self) -> &'static [NodeKind];
    /// The kinds a user may add under a node of `kind` (a tree's next level); none in a table.
    fn child_kinds(&self, _kind: NodeKind) -> &'static [NodeKind] {
        &[]
    }
    /// A tree's one table: every column any of its kinds has, in order; each node fills those
    /// its kind has ([`Structured::columns`]). `None` for a document of flat tables.
    fn tree_columns(&self) -> Option<&'static [Column]> {
        None
    }
    /// The heading above the table of one kind of node.
    fn table_title(&self, kind: NodeKind) -> Msg {
        kind.label()
    }
    /// A column's heading, which may depend on the content (the PK's level).
    fn column_label(&self, _kind: NodeKind, field: Field) -> Msg {
        field.label()
    }
    /// The values a choice column offers when its list is closed (polaritas); empty where the
    /// page supplies them (a link to another document's node).
    fn choices(&self, _kind: NodeKind, _field: Field) -> &'static [Choice] {
        &[]
    }
    /// The total of a rupiah column, where the table shows one.
    /// Whether its rows are fixed (made from another document): no row is added or removed by hand.
    fn fixed_rows(&self) -> bool {
        false
    }

    fn total(&self, _kind: NodeKind, _field: Field) -> Option<i64> {
        None
    }
    /// Every rule of the type; errors are keyed by the encoded [`Anchor`] of the place.
    fn validate(&self) -> Result<(), FieldErrors>;
    /// Whether there is enough to be worth a reviewer's time.
    fn readiness(&self) -> Result<(), Msg>;
    /// Sets a field from text as a user types it.
    fn set_field(&mut self, node: &NodeKey, field: Field, text: &str) -> Result<(), SetFieldError>;
    /// Adds an empty node of `kind` under `parent`, after `after` (or at the end); returns its key.
    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey>;
    /// Removes a node and everything under it.
    fn remove_node(&mut self, node: &NodeKey) -> bool;
}

/// A document's content: upload-only, or one of the structured types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Content {
    /// Upload-only documents: everything is in the attached files.
    #[default]
    Files,
    Pk(PkContent),
    Iku(IkuContent),
    Rpjmd(RpjmdContent),
    Renstra(RenstraContent),
    Rkt(RktContent),
    RencanaAksi(RencanaAksiContent),
}

impl Content {
    /// A new document's content: empty, of its type's kind.
    pub fn empty_for(doc_type: super::documents::DocumentType) -> Content {
        use super::documents::DocumentType;
        match doc_type {
            DocumentType::PerjanjianKinerja => Content::Pk(PkContent::default()),
            DocumentType::Iku => Content::Iku(IkuContent::default()),
            DocumentType::Rpjmd => Content::Rpjmd(RpjmdContent::default()),
            DocumentType::Renstra => Content::Renstra(RenstraContent::default()),
            DocumentType::RenjaRkt => Content::Rkt(RktContent::default()),
            DocumentType::RencanaAksi => Content::RencanaAksi(RencanaAksiContent::default()),
            _ => Content::Files,
        }
    }

    /// Copies from the stored content what the client may not change in a working copy: a PK's
    /// level (from its official's echelon), a five-year plan's first year (from its period), a
    /// yearly plan's year; a Rencana Aksi's rows and what they take from the PK.
    pub fn keep_fixed(&mut self, stored: &Content) {
        match (self, stored) {
            (Content::Pk(new), Content::Pk(old)) => new.level = old.level,
            (Content::Iku(new), Content::Iku(old)) => new.tahun_awal = old.tahun_awal,
            (Content::Rpjmd(new), Content::Rpjmd(old)) => new.tahun_awal = old.tahun_awal,
            (Content::Renstra(new), Content::Renstra(old)) => new.tahun_awal = old.tahun_awal,
            (Content::Rkt(new), Content::Rkt(old)) => new.tahun = old.tahun,
            (Content::RencanaAksi(new), Content::RencanaAksi(old)) => new.keep_fixed(old),
            _ => {}
        }
    }

    pub fn structured(&self) -> Option<&dyn Structured> {
        match self {
            Content::Files => None,
            Content::Pk(c) => Some(c),
            Content::Iku(c) => Some(c),
            Content::Rpjmd(c) => Some(c),
            Content::Renstra(c) => Some(c),
            Content::Rkt(c) => Some(c),
            Content::RencanaAksi(c) => Some(c),
        }
    }

    pub fn structured_mut(&mut self) -> Option<&mut dyn Structured> {
        match self {
            Content::Files => None,
            Content::Pk(c) => Some(c),
            Content::Iku(c) => Some(c),
            Content::Rpjmd(c) => Some(c),
            Content::Renstra(c) => Some(c),
            Content::Rkt(c) => Some(c),
            Content::RencanaAksi(c) => Some(c),
        }
    }

    /// Canonical JSON: the bytes a version's hash is taken over. Object keys are sorted
    /// (serde_json's map is ordered), no whitespace.
    pub fn canonical_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        value.to_string()
    }

    /// How a reader names a place, a field headed as its table heads it (`Indikator 1 · Target
    /// 2027`, `Baris 2 · Sasaran Program`); other places as [`Anchor::label`] names them.
    pub fn place_label(&self, anchor: &Anchor, outline: &[Node], files: &[(String, String)]) -> Msg {
        if let (Anchor::Field { node, field }, Some(s)) = (anchor, self.structured())
            && let Some(n) = outline.iter().find(|n| &n.key == node)
        {
            let (place, heading) = (n.label(), s.column_label(n.kind, *field));
            return Msg::new(format!("{} · {}", place.id, heading.id), format!("{} · {}", place.en, heading.en));
        }
        anchor.label(outline, files)
    }

    /// The places that link to another document (a PK's indicators, a Renstra's tujuan and
    /// sasaran, an IKU's rows) and the kind of link; none for a type without links.
    pub fn links(&self) -> Option<Links<'_>> {
        match self {
            Content::Pk(c) => Some(c.links()),
            Content::Iku(c) => Some(c.links()),
            Content::Renstra(c) => Some(c.links()),
            Content::RencanaAksi(c) => Some(c.links()),
            Content::Rpjmd(_) | Content::Rkt(_) | Content::Files => None,
        }
    }

    /// A five-year plan's first year and its tree; none for any other type.
    pub fn plan_tree(&self) -> Option<(i32, &[TreeNode])> {
        match self {
            Content::Rpjmd(c) => Some((c.tahun_awal, &c.nodes)),
            Content::Renstra(c) => Some((c.tahun_awal, &c.nodes)),
            _ => None,
        }
    }

    /// Every node; none for an upload-only document.
    pub fn outline(&self) -> Vec<Node> {
        self.structured().map(|s| s.outline()).unwrap_or_default()
    }

    pub fn validate(&self) -> Result<(), FieldErrors> {
        self.structured().map_or(Ok(()), |s| s.validate())
    }

    /// Whether there is anything to review: an upload-only document needs a file, a structured
    /// one what its type says. A reviewer's time is not spent on an empty submission.
    pub fn ready_to_submit(&self, file_count: usize) -> Result<(), Msg> {
        match self.structured() {
            None if file_count == 0 => Err(Msg::new(
                "Dokumen belum berisi berkas: unggah berkasnya (PDF, DOCX atau XLSX) sebelum diajukan",
                "The document has no file yet: upload it (PDF, DOCX or XLSX) before submitting",
            )),
            None => Ok(()),
            Some(s) => s.readiness(),
        }
    }
}

/// Where a comment points.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Anchor {
    Document,
    /// A row or a node of a tree.
    Node(NodeKey),
    /// One field of a node.
    Field {
        node: NodeKey,
        field: Field,
    },
    FilePage {
        sha256: String,
        page: u32,
    },
}

impl Anchor {
    /// The stored form: `document`, `row:<key>`, `field:<key>:<field>`, `file:<sha256>:<page>`.
    /// Only storage uses it; everything else passes the enum.
    pub fn encode(&self) -> String {
        match self {
            Anchor::Document => "document".into(),
            Anchor::Node(key) => format!("row:{key}"),
            Anchor::Field { node, field } => format!("field:{node}:{}", field.code()),
            Anchor::FilePage { sha256, page } => format!("file:{sha256}:{page}"),
        }
    }

    pub fn decode(text: &str) -> Option<Anchor> {
        let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
        match kind {
            "document" if rest.is_empty() => Some(Anchor::Document),
            "row" if !rest.is_empty() => Some(Anchor::Node(NodeKey::new(rest))),
            "field" => {
                let (node, field) = rest.rsplit_once(':')?;
                (!node.is_empty()).then_some(())?;
                Some(Anchor::Field { node: NodeKey::new(node), field: Field::from_code(field)? })
            }
            "file" => {
                let (sha, page) = rest.split_once(':')?;
                (sha.len() == 64).then_some(())?;
                Some(Anchor::FilePage { sha256: sha.into(), page: page.parse().ok().filter(|p| *p >= 1)? })
            }
            _ => None,
        }
    }

    /// Whether the place exists in this content and these files.
    pub fn exists_in(&self, content: &Content, files: &[String]) -> bool {
        match self {
            Anchor::Document => true,
            Anchor::Node(key) => content.outline().iter().any(|n| &n.key == key),
            Anchor::Field { node, field } => {
                content.outline().iter().any(|n| &n.key == node && n.field(*field).is_some())
            }
            Anchor::FilePage { sha256, page } => *page >= 1 && files.contains(sha256),
        }
    }

    /// The node a comment belongs beside, if any.
    pub fn node(&self) -> Option<&NodeKey> {
        match self {
            Anchor::Node(key) | Anchor::Field { node: key, .. } => Some(key),
            _ => None,
        }
    }

    /// How a reader names the place: `Baris 2 · Target`, `LKjIP.pdf, hlm. 3`. `outline` is the
    /// content the page shows; `files` are `(name, sha256)`.
    pub fn label(&self, outline: &[Node], files: &[(String, String)]) -> Msg {
        let node_label = |key: &NodeKey| {
            outline.iter().find(|n| &n.key == key).map(|n| n.label()).unwrap_or_else(|| {
                Msg::new(format!("Baris {key} (sudah dihapus)"), format!("Row {key} (since removed)"))
            })
        };
        match self {
            Anchor::Document => Msg::new("Dokumen", "Document"),
            Anchor::Node(key) => node_label(key),
            Anchor::Field { node, field } => {
                let (place, label) = (node_label(node), field.label());
                Msg::new(format!("{} · {}", place.id, label.id), format!("{} · {}", place.en, label.en))
            }
            Anchor::FilePage { sha256, page } => {
                let name = files.iter().find(|f| &f.1 == sha256).map(|f| f.0.clone());
                let page = super::format::format_integer(i64::from(*page));
                Msg::new(
                    format!("{}, hlm. {page}", name.clone().unwrap_or_else(|| "Berkas".into())),
                    format!("{}, p. {page}", name.unwrap_or_else(|| "File".into())),
                )
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub node: NodeKey,
    pub field: Field,
    pub old: String,
    pub new: String,
}

/// What changed between two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentDiff {
    pub added: Vec<Node>,
    pub removed: Vec<Node>,
    pub changed: Vec<FieldChange>,
    /// `(name, sha256)` of files present only in the new version.
    pub files_added: Vec<(String, String)>,
    pub files_removed: Vec<(String, String)>,
}

impl ContentDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.files_added.is_empty()
            && self.files_removed.is_empty()
    }

    /// Whether the place an anchor points to was touched by this change.
    pub fn touches(&self, anchor: &Anchor) -> bool {
        match anchor {
            Anchor::Document => false,
            Anchor::Node(key) => {
                self.added.iter().chain(&self.removed).any(|n| &n.key == key)
                    || self.changed.iter().any(|c| &c.node == key)
            }
            Anchor::Field { node, field } => {
                self.removed.iter().any(|n| &n.key == node)
                    || self.changed.iter().any(|c| &c.node == node && c.field == *field)
            }
            Anchor::FilePage { sha256, .. } => self.files_removed.iter().any(|(_, s)| s == sha256),
        }
    }
}

/// Nodes added, removed and changed (field by field, old → new), and files replaced, for any
/// type: the comparison runs over the outlines.
pub fn diff(
    old: &Content,
    old_files: &[(String, String)],
    new: &Content,
    new_files: &[(String, String)],
) -> ContentDiff {
    let (before, after) = (old.outline(), new.outline());
    let mut out = ContentDiff::default();
    for node in &after {
        match before.iter().find(|n| n.key == node.key) {
            None => out.added.push(node.clone()),
            Some(was) => {
                for (field, value) in &node.fields {
                    let old_value = was.field(*field).unwrap_or("");
                    if old_value != value {
                        out.changed.push(FieldChange {
                            node: node.key.clone(),
                            field: *field,
                            old: old_value.into(),
                            new: value.clone(),
                        });
                    }
                }
            }
        }
    }
    out.removed = before.into_iter().filter(|n| !after.iter().any(|a| a.key == n.key)).collect();
    out.files_added = new_files.iter().filter(|f| !old_files.iter().any(|o| o.1 == f.1)).cloned().collect();
    out.files_removed = old_files.iter().filter(|f| !new_files.iter().any(|n| n.1 == f.1)).cloned().collect();
    out
}

/// The rules every type shares: each key present and unique, each required field filled.
/// Errors are keyed by the encoded anchor of the place.
pub fn common_checks(content: &dyn Structured) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut keys = std::collections::BTreeSet::new();
    for node in content.outline() {
        if node.key.as_str().trim().is_empty() || !keys.insert(node.key.clone()) {
            errors.add(
                &Anchor::Node(node.key.clone()).encode(),
                Msg::new("kunci baris kosong atau ganda", "empty or repeated row key"),
            );
        }
        for column in content.columns(node.kind).iter().filter(|c| c.required) {
            if node.field(column.field).is_none_or(|v| v.trim().is_empty()) {
                let label = column.field.label();
                errors.add(
                    &Anchor::Field { node: node.key.clone(), field: column.field }.encode(),
                    Msg::new(format!("{} wajib diisi", label.id), format!("{} is required", label.en)),
                );
            }
        }
    }
    errors
}

/// Whether a suggestion may be attached to this place: one editable field.
pub fn suggestible(content: &Content, anchor: &Anchor) -> Result<(), Msg> {
    let Anchor::Field { node, field } = anchor else {
        return Err(Msg::new("usulan nilai hanya untuk satu isian", "a suggested value is for one field"));
    };
    let kind = content.outline().into_iter().find(|n| &n.key == node).map(|n| n.kind);
    let editable = match (content.structured(), kind) {
        (Some(s), Some(kind)) => s.columns(kind).iter().any(|c| c.field == *field && c.kind != FieldKind::Computed),
        _ => false,
    };
    if editable {
        Ok(())
    } else {
        Err(Msg::new("isian ini dihitung, tidak dapat diusulkan", "this field is computed and takes no suggestion"))
    }
}

/// Whether `proposed` may be suggested for this place: the place takes a suggestion, and the
/// type would take the value (a polaritas from its list, a target that is a number or a grade),
/// so that a suggestion the PD accepts can always be applied.
pub fn check_suggestion(content: &Content, anchor: &Anchor, proposed: &str) -> Result<(), Msg> {
    suggestible(content, anchor)?;
    match apply_suggestion(&mut content.clone(), anchor, proposed) {
        Err(SetFieldError::Invalid(msg)) => Err(msg),
        _ => Ok(()),
    }
}

/// Applies an accepted suggestion to the working copy.
pub fn apply_suggestion(content: &mut Content, anchor: &Anchor, proposed: &str) -> Result<(), SetFieldError> {
    let Anchor::Field { node, field } = anchor else { return Err(SetFieldError::NotEditable) };
    match content.structured_mut() {
        Some(s) => s.set_field(node, *field, proposed),
        None => Err(SetFieldError::NotEditable),
    }
}

/// A target cell as typed: empty is no target yet; anything else a number or a grade.
pub(crate) fn optional_target(text: &str) -> Result<Option<Target>, SetFieldError> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { Target::parse(text).map(Some).map_err(SetFieldError::Invalid) }
}

/// Whether an indicator's values mix numbers and grades (a grade cannot be compared with a
/// number when capaian is computed).
pub fn mixed_kinds<'a>(values: impl Iterator<Item = &'a Target>) -> bool {
    let mut kinds = values.map(|t| matches!(t, Target::Angka(_)));
    match kinds.next() {
        Some(first) => kinds.any(|k| k != first),
        None => false,
    }
}

/// Where a row inserted after `after` goes: right below it, or at the end.
pub(crate) fn position_after<'a>(
    keys: impl Iterator<Item = &'a NodeKey>,
    after: Option<&NodeKey>,
    len: usize,
) -> usize {
    let found = after.and_then(|a| keys.enumerate().find(|(_, k)| *k == a).map(|(i, _)| i + 1));
    found.unwrap_or(len)
}

#[cfg(test)]
mod tests;
