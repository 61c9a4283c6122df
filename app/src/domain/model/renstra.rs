//! The Renstra PD as data (SAKIP reference §3.1): the PD's five-year plan as a tree — tujuan →
//! sasaran → program → kegiatan → sub kegiatan, with indicators at every level (satuan,
//! baseline, a target for each year and the target at the end of the period). Program, kegiatan
//! and sub kegiatan carry their national codes, checked level by level; the pagu of each year is
//! written on the sub kegiatan in whole rupiah and rolled up to its kegiatan and program; each
//! tujuan and sasaran links to the RPJMD sasaran it serves.

use super::links::{LinkKind, Links};
use super::tree::{self, TreeNode, TreeRules};
use super::{Anchor, Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenstraContent {
    /// The first year of the period; set from the period, never by the client.
    pub tahun_awal: i32,
    pub nodes: Vec<TreeNode>,
}

impl Default for RenstraContent {
    fn default() -> Self {
        RenstraContent::new(2025)
    }
}

impl RenstraContent {
    pub fn new(tahun_awal: i32) -> Self {
        RenstraContent { tahun_awal, nodes: Vec::new() }
    }

    /// The pagu of each year over the whole plan, in whole rupiah.
    pub fn total_pagu(&self, year: usize) -> i64 {
        self.nodes.iter().filter(|n| n.kind == NodeKind::SubKegiatan).filter_map(|n| n.pagu[year]).sum()
    }
}

const fn col(field: Field, kind: FieldKind, required: bool) -> Column {
    Column { field, kind, required }
}

const LINKED: [Column; 2] =
    [col(Field::Uraian, FieldKind::Sentence, false), col(Field::Acuan, FieldKind::Choice, false)];

/// A program or kegiatan: its pagu is the sum of what is under it.
const ROLLED_UP: [Column; 8] = [
    col(Field::Kode, FieldKind::Short, false),
    col(Field::Uraian, FieldKind::Sentence, false),
    col(Field::Pagu1, FieldKind::Computed, false),
    col(Field::Pagu2, FieldKind::Computed, false),
    col(Field::Pagu3, FieldKind::Computed, false),
    col(Field::Pagu4, FieldKind::Computed, false),
    col(Field::Pagu5, FieldKind::Computed, false),
    col(Field::PenanggungJawab, FieldKind::Sentence, false),
];

const SUB_KEGIATAN: [Column; 9] = [
    col(Field::Kode, FieldKind::Short, false),
    col(Field::Uraian, FieldKind::Sentence, false),
    col(Field::Pagu1, FieldKind::Rupiah, false),
    col(Field::Pagu2, FieldKind::Rupiah, false),
    col(Field::Pagu3, FieldKind::Rupiah, false),
    col(Field::Pagu4, FieldKind::Rupiah, false),
    col(Field::Pagu5, FieldKind::Rupiah, false),
    col(Field::PenanggungJawab, FieldKind::Sentence, false),
    col(Field::Lokasi, FieldKind::Short, false),
];

/// Every column of the tree, in the order a Renstra table reads.
const TREE: [Column; 18] = [
    col(Field::Kode, FieldKind::Short, false),
    col(Field::Uraian, FieldKind::Sentence, false),
    col(Field::Acuan, FieldKind::Choice, false),
    col(Field::Satuan, FieldKind::Short, false),
    col(Field::Baseline, FieldKind::Number, false),
    col(Field::Target1, FieldKind::Number, false),
    col(Field::Target2, FieldKind::Number, false),
    col(Field::Target3, FieldKind::Number, false),
    col(Field::Target4, FieldKind::Number, false),
    col(Field::Target5, FieldKind::Number, false),
    col(Field::TargetAkhir, FieldKind::Number, false),
    col(Field::Pagu1, FieldKind::Rupiah, false),
    col(Field::Pagu2, FieldKind::Rupiah, false),
    col(Field::Pagu3, FieldKind::Rupiah, false),
    col(Field::Pagu4, FieldKind::Rupiah, false),
    col(Field::Pagu5, FieldKind::Rupiah, false),
    col(Field::PenanggungJawab, FieldKind::Sentence, false),
    col(Field::Lokasi, FieldKind::Short, false),
];

fn children(parent: Option<NodeKind>) -> &'static [NodeKind] {
    use NodeKind::*;
    match parent {
        None => &[Tujuan],
        Some(Tujuan) => &[Sasaran, Indikator],
        Some(Sasaran) => &[Program, Indikator],
        Some(Program) => &[Kegiatan, Indikator],
        Some(Kegiatan) => &[SubKegiatan, Indikator],
        Some(SubKegiatan) => &[Indikator],
        Some(_) => &[],
    }
}

fn columns(kind: NodeKind) -> &'static [Column] {
    match kind {
        NodeKind::Tujuan | NodeKind::Sasaran => &LINKED,
        NodeKind::Program | NodeKind::Kegiatan => &ROLLED_UP,
        NodeKind::SubKegiatan => &SUB_KEGIATAN,
        NodeKind::Indikator => &tree::INDICATOR,
        _ => &[],
    }
}

const RULES: TreeRules = TreeRules { children, columns, single_root: false };

/// The segments of a national code at each level: program `1.02.02`, kegiatan `1.02.02.2.01`,
/// sub kegiatan `1.02.02.2.01.0001` (Kepmendagri 050-5889/2021).
fn segments(kind: NodeKind) -> &'static [usize] {
    match kind {
        NodeKind::Program => &[1, 2, 2],
        NodeKind::Kegiatan => &[1, 2, 2, 1, 2],
        NodeKind::SubKegiatan => &[1, 2, 2, 1, 2, 4],
        _ => &[],
    }
}

/// A national code as written (`1.02.02.2.01.0001`, with or without trailing dots or spaces),
/// checked against its level: each segment of digits of its length; the urusan and bidang of a
/// program serving every urusan may be `X` / `XX`.
pub fn parse_kode(kind: NodeKind, text: &str) -> Result<String, Msg> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let cleaned = cleaned.trim_end_matches('.').to_uppercase();
    let want = segments(kind);
    let parts: Vec<&str> = cleaned.split('.').collect();
    let fits = parts.len() == want.len()
        && parts.iter().zip(want).enumerate().all(|(i, (p, n))| {
            p.len() == *n && (p.chars().all(|c| c.is_ascii_digit()) || (i < 2 && p.chars().all(|c| c == 'X')))
        });
    if fits {
        return Ok(cleaned);
    }
    let example = match kind {
        NodeKind::Program => "1.02.02",
        NodeKind::Kegiatan => "1.02.02.2.01",
        _ => "1.02.02.2.01.0001",
    };
    let level = kind.label();
    Err(Msg::new(
        format!("“{}” bukan kode {} yang sah; tulis seperti {example}", text.trim(), level.id.to_lowercase()),
        format!("“{}” is not a valid {} code; write it like {example}", text.trim(), level.en.to_lowercase()),
    ))
}

/// Sets a program's, kegiatan's or sub kegiatan's code from typed text, checked for its level.
pub(super) fn set_kode(nodes: &mut [TreeNode], node: &NodeKey, text: &str) -> Result<(), SetFieldError> {
    let n = nodes.iter_mut().find(|n| &n.key == node).ok_or(SetFieldError::NodeGone)?;
    if segments(n.kind).is_empty() {
        return Err(SetFieldError::NotEditable);
    }
    n.kode = if text.trim().is_empty() {
        String::new()
    } else {
        parse_kode(n.kind, text).map_err(SetFieldError::Invalid)?
    };
    Ok(())
}

/// Adds to `errors` each code that does not continue its parent's: kegiatan `1.02.02.2.01`
/// stands under program `1.02.02`.
pub(super) fn check_codes(nodes: &[TreeNode], errors: &mut FieldErrors) {
    // A code continues its parent's: kegiatan 1.02.02.2.01 stands under program 1.02.02.
    for n in nodes.iter().filter(|n| !n.kode.is_empty()) {
        let parent = n.parent.as_ref().and_then(|p| nodes.iter().find(|m| &m.key == p));
        if let Some(parent) = parent.filter(|p| !p.kode.is_empty() && !segments(p.kind).is_empty())
            && !n.kode.starts_with(&format!("{}.", parent.kode))
        {
            errors.add(
                &Anchor::Field { node: n.key.clone(), field: Field::Kode }.encode(),
                Msg::new(
                    format!("kode {} harus diawali kode induknya ({})", n.kind.label().id.to_lowercase(), parent.kode),
                    format!(
                        "a {} code must begin with its parent's ({})",
                        n.kind.label().en.to_lowercase(),
                        parent.kode
                    ),
                ),
            );
        }
    }
}

/// The coded nodes (program, kegiatan, sub kegiatan) still without a code, as a refusal.
pub(super) fn codes_written(nodes: &[TreeNode], outline: &[Node]) -> Result<(), Msg> {
    let uncoded = tree::labels_where(nodes, outline, |n| !segments(n.kind).is_empty() && n.kode.is_empty());
    if uncoded.is_empty() {
        return Ok(());
    }
    let (list_id, list_en) = tree::places(&uncoded);
    Err(Msg::new(
        format!("{list_id}: isi kode nomenklaturnya sebelum diajukan"),
        format!("{list_en}: fill in its national code before submitting"),
    ))
}

impl RenstraContent {
    /// Each tujuan and sasaran links to the RPJMD tujuan or sasaran it serves.
    pub fn links(&self) -> Links<'_> {
        let linked = self.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Tujuan | NodeKind::Sasaran));
        Links { kind: LinkKind::RenstraToRpjmd, places: linked.map(|n| (&n.key, n.acuan.as_ref())).collect() }
    }
}

impl Structured for RenstraContent {
    fn outline(&self) -> Vec<Node> {
        tree::outline(&self.nodes, &RULES)
    }

    fn columns(&self, kind: NodeKind) -> &'static [Column] {
        columns(kind)
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Tujuan]
    }

    fn child_kinds(&self, kind: NodeKind) -> &'static [NodeKind] {
        children(Some(kind))
    }

    fn tree_columns(&self) -> Option<&'static [Column]> {
        Some(&TREE)
    }

    fn table_title(&self, _kind: NodeKind) -> Msg {
        Msg::new("Tujuan, sasaran, program, kegiatan dan sub kegiatan", "Goals, objectives, programmes and activities")
    }

    fn column_label(&self, kind: NodeKind, field: Field) -> Msg {
        let year = |i: usize| self.tahun_awal + i as i32;
        match field {
            Field::Acuan => LinkKind::RenstraToRpjmd.heading(),
            Field::PenanggungJawab => Msg::new("Unit penanggung jawab", "Responsible unit"),
            _ => match Field::PAGU.iter().position(|f| *f == field) {
                Some(i) => Msg::new(format!("Pagu {} (Rp)", year(i)), format!("Budget {} (Rp)", year(i))),
                None => tree::plan_heading(self.tahun_awal, kind, field).unwrap_or_else(|| field.label()),
            },
        }
    }

    fn total(&self, _kind: NodeKind, field: Field) -> Option<i64> {
        Field::PAGU.iter().position(|f| *f == field).map(|i| self.total_pagu(i))
    }

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = super::common_checks(self);
        tree::check_plan(&self.nodes, &RULES, &mut errors);
        check_codes(&self.nodes, &mut errors);
        errors.into_result(())
    }

    fn readiness(&self) -> Result<(), Msg> {
        if self.nodes.is_empty() {
            return Err(Msg::new(
                "Renstra masih kosong: isi tujuan, sasaran dan programnya sebelum diajukan",
                "The Renstra is empty: fill in its goals, objectives and programmes before submitting",
            ));
        }
        let outline = self.outline();
        let rules: [(NodeKind, NodeKind, &str, &str); 7] = [
            (NodeKind::Tujuan, NodeKind::Sasaran, "belum mempunyai sasaran", "has no objective yet"),
            (NodeKind::Sasaran, NodeKind::Program, "belum mempunyai program", "has no programme yet"),
            (NodeKind::Tujuan, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::Sasaran, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::Program, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::Kegiatan, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::SubKegiatan, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
        ];
        for (kind, child, id, en) in rules {
            let missing = tree::without_child(&self.nodes, &outline, kind, child);
            if !missing.is_empty() {
                let (list_id, list_en) = tree::places(&missing);
                return Err(Msg::new(format!("{list_id} {id}"), format!("{list_en} {en}")));
            }
        }
        codes_written(&self.nodes, &outline)?;
        tree::statements_written(&self.nodes, &outline)?;
        tree::indicators_measured(&self.nodes, &outline, super::YEARS)
    }

    fn set_field(&mut self, node: &NodeKey, field: Field, text: &str) -> Result<(), SetFieldError> {
        if field == Field::Kode {
            return set_kode(&mut self.nodes, node, text);
        }
        tree::set_field(&mut self.nodes, &RULES, node, field, text)
    }

    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey> {
        tree::insert(&mut self.nodes, &RULES, kind, parent, after)
    }

    fn remove_node(&mut self, node: &NodeKey) -> bool {
        tree::remove(&mut self.nodes, node)
    }
}

#[cfg(test)]
mod tests;
