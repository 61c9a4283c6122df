//! What every plan shaped as a tree shares (the RPJMD now; the Renstra and the pohon kinerja
//! next): its nodes are kept flat in reading order (a node, then everything under it), each
//! naming its parent and its kind; the type says which kinds go under which ([`TreeRules`]) and
//! which fields each kind has. Numbering, inserting under a parent or after a sibling, removing
//! a subtree, setting a field from typed text and checking the shape a client sent are written
//! once, here.

use super::links::Acuan;
use super::pk::Target;
use super::{Anchor, Column, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError};
use crate::domain::angka::parse_rupiah;
use crate::domain::format::format_rupiah;
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

use super::YEARS;

fn none_set<T>(values: &[Option<T>; YEARS]) -> bool {
    values.iter().all(Option::is_none)
}

/// One node of a plan's tree. Which fields it has depends on its kind (the type's columns); the
/// others stay empty and are not stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    pub key: NodeKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<NodeKey>,
    pub kind: NodeKind,
    /// The statement: the visi, a misi, a tujuan, a sasaran, an indicator's name.
    #[serde(default)]
    pub uraian: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub satuan: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Target>,
    /// The target of each year of the period, the first year first.
    #[serde(default, skip_serializing_if = "none_set")]
    pub targets: [Option<Target>; YEARS],
    /// The target at the end of the period (the "kondisi akhir").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_akhir: Option<Target>,
    /// A program's, kegiatan's or sub kegiatan's national code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kode: String,
    /// The pagu of each year in whole rupiah, where it is written (a sub kegiatan).
    #[serde(default, skip_serializing_if = "none_set")]
    pub pagu: [Option<i64>; YEARS],
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub penanggung_jawab: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lokasi: String,
    /// The node of the plan above (an RPJMD sasaran) this one serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acuan: Option<Acuan>,
}

impl TreeNode {
    pub fn new(key: NodeKey, kind: NodeKind, parent: Option<NodeKey>) -> Self {
        TreeNode {
            key,
            parent,
            kind,
            uraian: String::new(),
            satuan: String::new(),
            baseline: None,
            targets: Default::default(),
            target_akhir: None,
            kode: String::new(),
            pagu: Default::default(),
            penanggung_jawab: String::new(),
            lokasi: String::new(),
            acuan: None,
        }
    }

    /// The values a capaian is computed over, which must all be numbers or all grades.
    pub fn values(&self) -> impl Iterator<Item = &Target> {
        self.baseline.iter().chain(self.targets.iter().flatten()).chain(self.target_akhir.iter())
    }
}

/// The columns of an indicator in every plan: its name, unit, baseline, a target for each
/// year and the target at the end of the period.
pub const INDICATOR: [Column; 9] = [
    Column { field: Field::Uraian, kind: FieldKind::Sentence, required: false },
    Column { field: Field::Satuan, kind: FieldKind::Short, required: false },
    Column { field: Field::Baseline, kind: FieldKind::Number, required: false },
    Column { field: Field::Target1, kind: FieldKind::Number, required: false },
    Column { field: Field::Target2, kind: FieldKind::Number, required: false },
    Column { field: Field::Target3, kind: FieldKind::Number, required: false },
    Column { field: Field::Target4, kind: FieldKind::Number, required: false },
    Column { field: Field::Target5, kind: FieldKind::Number, required: false },
    Column { field: Field::TargetAkhir, kind: FieldKind::Number, required: false },
];

/// What a type says about its tree.
pub struct TreeRules {
    /// The kinds that may stand under a node of this kind; `None`: at the top.
    pub children: fn(Option<NodeKind>) -> &'static [NodeKind],
    /// The fields a node of this kind has.
    pub columns: fn(NodeKind) -> &'static [Column],
    /// Whether the tree has one root that goes unnumbered (the RPJMD's visi), so that the level
    /// under it counts from 1.
    pub single_root: bool,
}

fn target_text(t: &Option<Target>) -> String {
    t.as_ref().map(Target::text).unwrap_or_default()
}

fn text_of(n: &TreeNode, field: Field) -> String {
    let year = |fields: &[Field; YEARS]| fields.iter().position(|f| *f == field);
    match field {
        Field::Uraian => n.uraian.clone(),
        Field::Satuan => n.satuan.clone(),
        Field::Baseline => target_text(&n.baseline),
        Field::TargetAkhir => target_text(&n.target_akhir),
        Field::Kode => n.kode.clone(),
        Field::PenanggungJawab => n.penanggung_jawab.clone(),
        Field::Lokasi => n.lokasi.clone(),
        Field::Acuan => n.acuan.as_ref().map(Acuan::code).unwrap_or_default(),
        _ => match (year(&Field::TARGETS), year(&Field::PAGU)) {
            (Some(i), _) => target_text(&n.targets[i]),
            (_, Some(i)) => n.pagu[i].map(format_rupiah).unwrap_or_default(),
            _ => String::new(),
        },
    }
}

/// A rupiah field computed on a node (a program's pagu): the sum of the values written under it,
/// or nothing when none is.
fn rolled_up(nodes: &[TreeNode], at: usize, field: Field) -> String {
    let Some(year) = Field::PAGU.iter().position(|f| *f == field) else { return String::new() };
    let values: Vec<i64> = nodes[at + 1..subtree_end(nodes, at)].iter().filter_map(|n| n.pagu[year]).collect();
    if values.is_empty() { String::new() } else { format_rupiah(values.iter().sum()) }
}

/// Every node in reading order, numbered as a reader counts: each kind counted on its own under
/// its parent (`Tujuan 1.2`, `Sasaran 1.2.1`, and `Indikator 1.2.1` beside it), a single root
/// (the visi) unnumbered so its children count from 1.
pub fn outline(nodes: &[TreeNode], rules: &TreeRules) -> Vec<Node> {
    let mut numbers: std::collections::HashMap<&NodeKey, String> = std::collections::HashMap::new();
    let mut counts: std::collections::HashMap<(Option<&NodeKey>, NodeKind), usize> = std::collections::HashMap::new();
    nodes
        .iter()
        .enumerate()
        .map(|(at, n)| {
            let count = counts.entry((n.parent.as_ref(), n.kind)).or_default();
            *count += 1;
            let number = match n.parent.as_ref().and_then(|p| numbers.get(p)) {
                Some(p) if !p.is_empty() => format!("{p}.{count}"),
                _ if n.parent.is_none() && rules.single_root => String::new(),
                _ => count.to_string(),
            };
            numbers.insert(&n.key, number.clone());
            let fields = (rules.columns)(n.kind)
                .iter()
                .map(|c| match c.kind {
                    FieldKind::Computed => (c.field, rolled_up(nodes, at, c.field)),
                    _ => (c.field, text_of(n, c.field)),
                })
                .collect();
            Node { key: n.key.clone(), parent: n.parent.clone(), kind: n.kind, number, fields }
        })
        .collect()
}

/// Sets a field of a node from typed text; a field its kind does not have is not editable.
pub fn set_field(
    nodes: &mut [TreeNode],
    rules: &TreeRules,
    key: &NodeKey,
    field: Field,
    text: &str,
) -> Result<(), SetFieldError> {
    let node = nodes.iter_mut().find(|n| &n.key == key).ok_or(SetFieldError::NodeGone)?;
    let column = (rules.columns)(node.kind).iter().find(|c| c.field == field);
    if column.is_none_or(|c| c.kind == FieldKind::Computed) {
        return Err(SetFieldError::NotEditable);
    }
    let text = text.trim();
    let year = |fields: &[Field; YEARS]| fields.iter().position(|f| *f == field);
    match field {
        Field::Uraian => node.uraian = text.to_owned(),
        Field::Satuan => node.satuan = text.to_owned(),
        Field::Baseline => node.baseline = super::optional_target(text)?,
        Field::TargetAkhir => node.target_akhir = super::optional_target(text)?,
        Field::Kode => node.kode = text.to_owned(),
        Field::PenanggungJawab => node.penanggung_jawab = text.to_owned(),
        Field::Lokasi => node.lokasi = text.to_owned(),
        Field::Acuan => node.acuan = super::links::parse_choice(text)?,
        _ => match (year(&Field::TARGETS), year(&Field::PAGU)) {
            (Some(i), _) => node.targets[i] = super::optional_target(text)?,
            (_, Some(i)) if text.is_empty() => node.pagu[i] = None,
            (_, Some(i)) => node.pagu[i] = Some(parse_rupiah(text).map_err(SetFieldError::Invalid)?),
            _ => return Err(SetFieldError::NotEditable),
        },
    }
    Ok(())
}

/// The index just past a node's subtree.
fn subtree_end(nodes: &[TreeNode], at: usize) -> usize {
    let mut inside = vec![nodes[at].key.clone()];
    let mut end = at + 1;
    while end < nodes.len() && nodes[end].parent.as_ref().is_some_and(|p| inside.contains(p)) {
        inside.push(nodes[end].key.clone());
        end += 1;
    }
    end
}

/// Adds an empty node of `kind` under `parent`, right after the subtree of the sibling `after`
/// (or after its parent's last descendant); `None` where the kind may not stand there.
pub fn insert(
    nodes: &mut Vec<TreeNode>,
    rules: &TreeRules,
    kind: NodeKind,
    parent: Option<&NodeKey>,
    after: Option<&NodeKey>,
) -> Option<NodeKey> {
    let parent_kind = match parent {
        Some(p) => Some(nodes.iter().find(|n| &n.key == p)?.kind),
        None => None,
    };
    if !(rules.children)(parent_kind).contains(&kind) {
        return None;
    }
    let sibling = after.and_then(|a| nodes.iter().position(|n| &n.key == a && n.parent.as_ref() == parent));
    let at = match (sibling, parent) {
        (Some(i), _) => subtree_end(nodes, i),
        (None, Some(p)) => subtree_end(nodes, nodes.iter().position(|n| &n.key == p)?),
        (None, None) => nodes.len(),
    };
    let key = NodeKey::next_free(nodes.iter().map(|n| &n.key));
    nodes.insert(at, TreeNode::new(key.clone(), kind, parent.cloned()));
    Some(key)
}

/// Removes a node and everything under it.
pub fn remove(nodes: &mut Vec<TreeNode>, key: &NodeKey) -> bool {
    let Some(at) = nodes.iter().position(|n| &n.key == key) else { return false };
    let end = subtree_end(nodes, at);
    nodes.drain(at..end);
    true
}

/// The shape a client sent, checked: each parent stands before its children and is still open
/// (nodes in reading order, so no cycle and no orphan), and each kind stands where the type
/// allows it. Errors keyed by the node's anchor.
pub fn check_shape(nodes: &[TreeNode], rules: &TreeRules) -> FieldErrors {
    let mut errors = FieldErrors::new();
    // The chain of open ancestors of the node being read.
    let mut open: Vec<(&NodeKey, NodeKind)> = Vec::new();
    for n in nodes {
        let parent_kind = match &n.parent {
            None => {
                open.clear();
                None
            }
            Some(p) => match open.iter().rposition(|(k, _)| *k == p) {
                Some(i) => {
                    open.truncate(i + 1);
                    Some(open[i].1)
                }
                None => {
                    errors.add(
                        &Anchor::Node(n.key.clone()).encode(),
                        Msg::new(
                            format!("{} tidak berada di bawah induknya", n.kind.label().id),
                            format!("{} is not under its parent", n.kind.label().en),
                        ),
                    );
                    continue;
                }
            },
        };
        if !(rules.children)(parent_kind).contains(&n.kind) {
            let under = parent_kind.map(|k| k.label()).unwrap_or_else(|| Msg::new("tingkat teratas", "the top level"));
            errors.add(
                &Anchor::Node(n.key.clone()).encode(),
                Msg::new(
                    format!("{} tidak dapat berada di bawah {}", n.kind.label().id, under.id),
                    format!("a {} cannot stand under {}", n.kind.label().en, under.en),
                ),
            );
        }
        open.push((&n.key, n.kind));
    }
    errors
}

/// The headings every five-year plan gives its columns: an indicator's name, the baseline the
/// year before the period, each year's target, the end of the period; `None` for the others.
pub fn plan_heading(tahun_awal: i32, kind: NodeKind, field: Field) -> Option<Msg> {
    let year = |i: usize| tahun_awal + i as i32;
    Some(match field {
        Field::Uraian if kind == NodeKind::Indikator => Msg::new("Indikator", "Indicator"),
        Field::Uraian => Msg::new("Uraian", "Statement"),
        Field::Baseline => Msg::new(format!("Kondisi awal {}", year(0) - 1), format!("Baseline {}", year(0) - 1)),
        Field::TargetAkhir => {
            Msg::new(format!("Kondisi akhir {}", year(YEARS - 1)), format!("End of period {}", year(YEARS - 1)))
        }
        _ => {
            let i = Field::TARGETS.iter().position(|f| *f == field)?;
            Msg::new(format!("Target {}", year(i)), format!("Target {}", year(i)))
        }
    })
}

/// The rules every plan's tree shares, added to `errors`: its shape, and each indicator's
/// baseline and targets all numbers or all grades.
pub fn check_plan(nodes: &[TreeNode], rules: &TreeRules, errors: &mut FieldErrors) {
    for (key, msg) in check_shape(nodes, rules).0 {
        errors.add(&key, msg);
    }
    for n in nodes.iter().filter(|n| super::mixed_kinds(n.values())) {
        errors.add(
            &Anchor::Field { node: n.key.clone(), field: Field::Baseline }.encode(),
            Msg::new(
                "kondisi awal dan target satu indikator harus semuanya angka atau semuanya predikat",
                "an indicator's baseline and targets must all be numbers or all be grades",
            ),
        );
    }
}

/// `Tujuan 1.1, Sasaran 1.1.2`: the first few places a rule names, in both languages.
pub fn places(labels: &[Msg]) -> (String, String) {
    let shown = &labels[..labels.len().min(5)];
    let more = if labels.len() > 5 { " …" } else { "" };
    let join = |pick: fn(&Msg) -> &str| shown.iter().map(pick).collect::<Vec<_>>().join(", ") + more;
    (join(|m| &m.id), join(|m| &m.en))
}

/// The labels (in `outline`, which lists `nodes` in the same order) of the nodes `pick` names.
pub fn labels_where(nodes: &[TreeNode], outline: &[Node], pick: impl Fn(&TreeNode) -> bool) -> Vec<Msg> {
    outline.iter().zip(nodes).filter(|(_, n)| pick(n)).map(|(o, _)| o.label()).collect()
}

/// Whether every node says what it is: a draft may hold a node just added and still empty, a
/// submission may not.
pub fn statements_written(nodes: &[TreeNode], outline: &[Node]) -> Result<(), Msg> {
    let empty = labels_where(nodes, outline, |n| n.uraian.trim().is_empty());
    if empty.is_empty() {
        return Ok(());
    }
    let (list_id, list_en) = places(&empty);
    Err(Msg::new(
        format!("{list_id}: isi uraiannya sebelum diajukan"),
        format!("{list_en}: write what it says before submitting"),
    ))
}

/// Whether every indicator is measured against its unit and the targets of its first `years`
/// years (all five in a five-year plan, one in a yearly plan), as a submission needs; the
/// refusal names the first few that are not.
pub fn indicators_measured(nodes: &[TreeNode], outline: &[Node], years: usize) -> Result<(), Msg> {
    let incomplete = labels_where(nodes, outline, |n| {
        n.kind == NodeKind::Indikator && (n.satuan.trim().is_empty() || n.targets[..years].iter().any(Option::is_none))
    });
    if incomplete.is_empty() {
        return Ok(());
    }
    let (list_id, list_en) = places(&incomplete);
    Err(Msg::new(
        format!("{list_id}: isi satuan dan target{} sebelum diajukan", if years > 1 { " tiap tahun" } else { "nya" }),
        format!(
            "{list_en}: fill in the unit and {} before submitting",
            if years > 1 { "each year's target" } else { "the target" }
        ),
    ))
}

/// The nodes of `kind` that have no child of `child` kind, as their labels in `outline`.
pub fn without_child(nodes: &[TreeNode], outline: &[Node], kind: NodeKind, child: NodeKind) -> Vec<Msg> {
    nodes
        .iter()
        .filter(|n| n.kind == kind && !nodes.iter().any(|c| c.kind == child && c.parent.as_ref() == Some(&n.key)))
        .filter_map(|n| outline.iter().find(|o| o.key == n.key).map(Node::label))
        .collect()
}
