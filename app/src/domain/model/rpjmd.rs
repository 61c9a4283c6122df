//! The RPJMD as data: the Pemda's five-year plan as a tree — the visi, its misi, each misi's
//! tujuan, each tujuan's sasaran, and the indicators of every tujuan and sasaran with their
//! satuan, baseline, a target for each year of the period and the target at its end. Renstra,
//! IKU and the Bupati's PK align to its sasaran.

use super::tree::{self, TreeNode, TreeRules};
use super::{Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpjmdContent {
    /// The first year of the period; set from the period when the document is made, never by
    /// the client.
    pub tahun_awal: i32,
    /// The visi first, then everything under it in reading order.
    pub nodes: Vec<TreeNode>,
}

impl Default for RpjmdContent {
    fn default() -> Self {
        RpjmdContent::new(2025)
    }
}

impl RpjmdContent {
    /// An RPJMD starts with its visi, to be written, and nothing under it.
    pub fn new(tahun_awal: i32) -> Self {
        RpjmdContent { tahun_awal, nodes: vec![TreeNode::new(NodeKey::new("r1"), NodeKind::Visi, None)] }
    }
}

const STATEMENT: [Column; 1] = [Column { field: Field::Uraian, kind: FieldKind::Sentence, required: false }];

fn children(parent: Option<NodeKind>) -> &'static [NodeKind] {
    match parent {
        None => &[NodeKind::Visi],
        Some(NodeKind::Visi) => &[NodeKind::Misi],
        Some(NodeKind::Misi) => &[NodeKind::Tujuan],
        Some(NodeKind::Tujuan) => &[NodeKind::Sasaran, NodeKind::Indikator],
        Some(NodeKind::Sasaran) => &[NodeKind::Indikator],
        Some(_) => &[],
    }
}

fn columns(kind: NodeKind) -> &'static [Column] {
    match kind {
        NodeKind::Indikator => &tree::INDICATOR,
        NodeKind::Visi | NodeKind::Misi | NodeKind::Tujuan | NodeKind::Sasaran => &STATEMENT,
        _ => &[],
    }
}

const RULES: TreeRules = TreeRules { children, columns, single_root: true };

impl Structured for RpjmdContent {
    fn outline(&self) -> Vec<Node> {
        tree::outline(&self.nodes, &RULES)
    }

    fn columns(&self, kind: NodeKind) -> &'static [Column] {
        columns(kind)
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[]
    }

    fn child_kinds(&self, kind: NodeKind) -> &'static [NodeKind] {
        children(Some(kind))
    }

    fn tree_columns(&self) -> Option<&'static [Column]> {
        Some(&tree::INDICATOR)
    }

    fn table_title(&self, _kind: NodeKind) -> Msg {
        Msg::new("Visi, misi, tujuan, sasaran dan indikator", "Vision, missions, goals, objectives and indicators")
    }

    fn column_label(&self, kind: NodeKind, field: Field) -> Msg {
        tree::plan_heading(self.tahun_awal, kind, field).unwrap_or_else(|| field.label())
    }

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = super::common_checks(self);
        tree::check_plan(&self.nodes, &RULES, &mut errors);
        if self.nodes.first().is_none_or(|n| n.kind != NodeKind::Visi)
            || self.nodes.iter().filter(|n| n.kind == NodeKind::Visi).count() != 1
        {
            errors.add(
                "document",
                Msg::new("RPJMD mempunyai tepat satu visi, di awal", "an RPJMD has exactly one visi, first"),
            );
        }
        errors.into_result(())
    }

    fn readiness(&self) -> Result<(), Msg> {
        let outline = self.outline();
        if !self.nodes.iter().any(|n| n.kind == NodeKind::Misi) {
            return Err(Msg::new(
                "RPJMD belum berisi misi: tambahkan misi di bawah visi sebelum diajukan",
                "The RPJMD has no misi yet: add the missions under the visi before submitting",
            ));
        }
        let rules: [(NodeKind, NodeKind, &str, &str); 4] = [
            (NodeKind::Misi, NodeKind::Tujuan, "belum mempunyai tujuan", "has no goal yet"),
            (NodeKind::Tujuan, NodeKind::Sasaran, "belum mempunyai sasaran", "has no objective yet"),
            (NodeKind::Tujuan, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
            (NodeKind::Sasaran, NodeKind::Indikator, "belum mempunyai indikator", "has no indicator yet"),
        ];
        for (kind, child, id, en) in rules {
            let missing = tree::without_child(&self.nodes, &outline, kind, child);
            if !missing.is_empty() {
                let (list_id, list_en) = tree::places(&missing);
                return Err(Msg::new(format!("{list_id} {id}"), format!("{list_en} {en}")));
            }
        }
        tree::statements_written(&self.nodes, &outline)?;
        tree::indicators_measured(&self.nodes, &outline, super::YEARS)
    }

    fn set_field(&mut self, node: &NodeKey, field: Field, text: &str) -> Result<(), SetFieldError> {
        tree::set_field(&mut self.nodes, &RULES, node, field, text)
    }

    /// The one visi is there from the start; anything else goes where the tree allows it.
    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey> {
        if kind == NodeKind::Visi {
            return None;
        }
        tree::insert(&mut self.nodes, &RULES, kind, parent, after)
    }

    /// Everything but the visi may be removed.
    fn remove_node(&mut self, node: &NodeKey) -> bool {
        if self.nodes.iter().any(|n| &n.key == node && n.kind == NodeKind::Visi) {
            return false;
        }
        tree::remove(&mut self.nodes, node)
    }
}

#[cfg(test)]
mod tests;
