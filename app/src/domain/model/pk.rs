//! The Perjanjian Kinerja as data: its first table (`No | Sasaran | Indikator | Target | Satuan`).

use super::{Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError, Structured};
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

/// One row of a PK's first table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkRow {
    pub key: NodeKey,
    pub sasaran: String,
    pub indikator: String,
    pub target: String,
    pub satuan: String,
}

impl PkRow {
    fn field_mut(&mut self, field: Field) -> Option<&mut String> {
        match field {
            Field::Sasaran => Some(&mut self.sasaran),
            Field::Indikator => Some(&mut self.indikator),
            Field::Target => Some(&mut self.target),
            Field::Satuan => Some(&mut self.satuan),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkContent {
    pub rows: Vec<PkRow>,
}

const KINERJA_COLUMNS: [Column; 4] = [
    Column { field: Field::Sasaran, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Indikator, kind: FieldKind::Sentence, required: true },
    Column { field: Field::Target, kind: FieldKind::Short, required: true },
    Column { field: Field::Satuan, kind: FieldKind::Short, required: true },
];

impl Structured for PkContent {
    fn outline(&self) -> Vec<Node> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| Node {
                key: r.key.clone(),
                parent: None,
                kind: NodeKind::PkKinerja,
                number: (i + 1).to_string(),
                fields: vec![
                    (Field::Sasaran, r.sasaran.clone()),
                    (Field::Indikator, r.indikator.clone()),
                    (Field::Target, r.target.clone()),
                    (Field::Satuan, r.satuan.clone()),
                ],
            })
            .collect()
    }

    fn columns(&self, kind: NodeKind) -> &'static [Column] {
        match kind {
            NodeKind::PkKinerja => &KINERJA_COLUMNS,
        }
    }

    fn top_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::PkKinerja]
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
        let row = self.rows.iter_mut().find(|r| &r.key == node).ok_or(SetFieldError::NodeGone)?;
        let slot = row.field_mut(field).ok_or(SetFieldError::NotEditable)?;
        *slot = text.trim().to_owned();
        Ok(())
    }

    fn insert_node(&mut self, kind: NodeKind, parent: Option<&NodeKey>, after: Option<&NodeKey>) -> Option<NodeKey> {
        if kind != NodeKind::PkKinerja || parent.is_some() {
            return None;
        }
        let key = NodeKey::next_free(self.rows.iter().map(|r| &r.key));
        let at = after.and_then(|a| self.rows.iter().position(|r| &r.key == a)).map_or(self.rows.len(), |i| i + 1);
        self.rows.insert(at, PkRow { key: key.clone(), ..PkRow::default() });
        Some(key)
    }

    fn remove_node(&mut self, node: &NodeKey) -> bool {
        let before = self.rows.len();
        self.rows.retain(|r| &r.key != node);
        self.rows.len() != before
    }
}
