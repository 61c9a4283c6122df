//! The RKT / Renja as data (SAKIP reference §3.3): a PD's plan for one year, shaped as the
//! Renstra's tree below its tujuan — sasaran → program → kegiatan → sub kegiatan, with the
//! indicators of the sasaran and of each level under it, each with its unit and the year's
//! target, and the year's pagu written on the sub kegiatan and rolled up to its kegiatan and
//! program. It starts from the Renstra's targets and pagu of that year ([`RktContent::from_renstra`])
//! and is then edited; next year's starts from this one (copy forward).
//!
//! One year's target and pagu are the tree's first year columns (`Field::Target1`,
//! `Field::Pagu1`), headed with the plan's year.

use super::renstra::{check_codes, codes_written, set_kode};
use super::tree::{self, TreeNode, TreeRules};
use super::{Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RktContent {
    /// The plan's year; set when the document is made, never by the client.
    pub tahun: i32,
    pub nodes: Vec<TreeNode>,
}

impl Default for RktContent {
    fn default() -> Self {
        RktContent::new(2026)
    }
}

const fn col(field: Field, kind: FieldKind) -> Column {
    Column { field, kind, required: false }
}

const SASARAN: [Column; 1] = [col(Field::Uraian, FieldKind::Sentence)];

/// A program or kegiatan: its pagu is the sum of its sub kegiatan's.
const ROLLED_UP: [Column; 3] = [
    col(Field::Kode, FieldKind::Short),
    col(Field::Uraian, FieldKind::Sentence),
    col(Field::Pagu1, FieldKind::Computed),
];

const SUB_KEGIATAN: [Column; 4] = [
    col(Field::Kode, FieldKind::Short),
    col(Field::Uraian, FieldKind::Sentence),
    col(Field::Pagu1, FieldKind::Rupiah),
    col(Field::Lokasi, FieldKind::Short),
];

const INDICATOR: [Column; 3] = [
    col(Field::Uraian, FieldKind::Sentence),
    col(Field::Satuan, FieldKind::Short),
    col(Field::Target1, FieldKind::Number),
];

/// Every column of the tree, in the order an RKT table reads.
const TREE: [Column; 6] = [
    col(Field::Kode, FieldKind::Short),
    col(Field::Uraian, FieldKind::Sentence),
    col(Field::Satuan, FieldKind::Short),
    col(Field::Target1, FieldKind::Number),
    col(Field::Pagu1, FieldKind::Rupiah),
    col(Field::Lokasi, FieldKind::Short),
];

fn children(parent: Option<NodeKind>) -> &'static [NodeKind] {
    use NodeKind::*;
    match parent {
        None => &[Sasaran],
        Some(Sasaran) => &[Program, Indikator],
        Some(Program) => &[Kegiatan, Indikator],
        Some(Kegiatan) => &[SubKegiatan, Indikator],
        Some(SubKegiatan) => &[Indikator],
        Some(_) => &[],
    }
}

fn columns(kind: NodeKind) -> &'static [Column] {
    match kind {
        NodeKind::Sasaran => &SASARAN,
        NodeKind::Program | NodeKind::Kegiatan => &ROLLED_UP,
        NodeKind::SubKegiatan => &SUB_KEGIATAN,
        NodeKind::Indikator => &INDICATOR,
        _ => &[],
    }
}

const RULES: TreeRules = TreeRules { children, columns, single_root: false };

impl RktContent {
    pub fn new(tahun: i32) -> Self {
        RktContent { tahun, nodes: Vec::new() }
    }

    /// The RKT of `tahun` started from a Renstra's `nodes`, the year at index `year` of its
    /// period: every sasaran with everything under it (the tujuan and their own indicators
    /// stay in the Renstra), each indicator with its unit and that year's target, each sub
    /// kegiatan with its code, lokasi and that year's pagu. Keys are the Renstra's.
    pub fn from_renstra(tahun: i32, year: usize, nodes: &[TreeNode]) -> RktContent {
        let mut taken: HashSet<&NodeKey> = HashSet::new();
        let mut out = Vec::new();
        for n in nodes {
            let root = n.kind == NodeKind::Sasaran;
            if !root && !n.parent.as_ref().is_some_and(|p| taken.contains(p)) {
                continue;
            }
            taken.insert(&n.key);
            let mut copy = TreeNode::new(n.key.clone(), n.kind, if root { None } else { n.parent.clone() });
            copy.uraian = n.uraian.clone();
            copy.kode = n.kode.clone();
            copy.satuan = n.satuan.clone();
            copy.lokasi = n.lokasi.clone();
            copy.targets[0] = n.targets.get(year).cloned().flatten();
            copy.pagu[0] = n.pagu.get(year).copied().flatten();
            out.push(copy);
        }
        RktContent { tahun, nodes: out }
    }

    /// This RKT as the start of next year's: the same tree, targets and pagu, to be edited.
    pub fn carried_forward(&self) -> RktContent {
        RktContent { tahun: self.tahun + 1, nodes: self.nodes.clone() }
    }

    /// The year's pagu over the whole plan, in whole rupiah.
    pub fn total_pagu(&self) -> i64 {
        self.nodes.iter().filter(|n| n.kind == NodeKind::SubKegiatan).filter_map(|n| n.pagu[0]).sum()
    }
}

impl Structured for RktContent {
    fn outline(&self) -> Vec<Node> {
        tree::outline(&self.nodes, &RULES)
    }

    fn columns(&self, kind: NodeKind) -> &'static [Column] {
        columns(kind)
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Sasaran]
    }

    fn child_kinds(&self, kind: NodeKind) -> &'static [NodeKind] {
        children(Some(kind))
    }

    fn tree_columns(&self) -> Option<&'static [Column]> {
        Some(&TREE)
    }

    fn table_title(&self, _kind: NodeKind) -> Msg {
        Msg::new("Sasaran, program, kegiatan dan sub kegiatan", "Objectives, programmes and activities")
    }

    fn column_label(&self, kind: NodeKind, field: Field) -> Msg {
        let year = self.tahun;
        match field {
            Field::Target1 => Msg::new(format!("Target {year}"), format!("Target {year}")),
            Field::Pagu1 => Msg::new(format!("Pagu {year} (Rp)"), format!("Budget {year} (Rp)")),
            Field::Uraian if kind == NodeKind::Indikator => Msg::new("Indikator", "Indicator"),
            Field::Uraian => Msg::new("Uraian", "Statement"),
            _ => field.label(),
        }
    }

    fn total(&self, _kind: NodeKind, field: Field) -> Option<i64> {
        (field == Field::Pagu1).then(|| self.total_pagu())
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
                "RKT masih kosong: isi sasaran, indikator dan programnya sebelum diajukan",
                "The RKT is empty: fill in its objectives, indicators and programmes before submitting",
            ));
        }
        let outline = self.outline();
        let rules: [(NodeKind, NodeKind, &str, &str); 3] = [
            (NodeKind::Sasaran, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::Sasaran, NodeKind::Program, "belum mempunyai program", "has no programme yet"),
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
        let unfunded =
            tree::labels_where(&self.nodes, &outline, |n| n.kind == NodeKind::SubKegiatan && n.pagu[0].is_none());
        if !unfunded.is_empty() {
            let (list_id, list_en) = tree::places(&unfunded);
            return Err(Msg::new(
                format!("{list_id}: isi pagu {} sebelum diajukan", self.tahun),
                format!("{list_en}: fill in the {} budget before submitting", self.tahun),
            ));
        }
        tree::statements_written(&self.nodes, &outline)?;
        tree::indicators_measured(&self.nodes, &outline, 1)
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
