//! Links between documents: a row or node of one document names the place of another document
//! it serves ([`Acuan`]). A lower PK's indicator serves an indicator of its pihak kedua's PK; the
//! Bupati's PK indicator is an RPJMD indicator; a Renstra tujuan or sasaran serves one of the
//! RPJMD; an IKU is a Renstra indicator. Each kind of link ([`LinkKind`]) says which document it
//! points at, which of that document's nodes it may name, and how a choice reads; the checks,
//! the choices offered and the move of a link to next year's document are written once, here.

use super::{Anchor, Field, Node, NodeKey, NodeKind, SetFieldError};
use crate::domain::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The place of another document a row or node serves.
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

/// A link as a cell or a suggestion writes it (`12/r3`); empty for none.
pub fn parse_choice(text: &str) -> Result<Option<Acuan>, SetFieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Acuan::parse(text).map(Some).ok_or_else(|| {
        SetFieldError::Invalid(Msg::new("pilih acuan dari daftar", "choose the linked place from the list"))
    })
}

/// The document a link points at, as the server finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// The pihak kedua's PK of the same year.
    UpperPk,
    /// The Pemda's RPJMD of the period (of the PK's year, for a PK).
    Rpjmd,
    /// The PD's own Renstra of the period.
    Renstra,
    /// The PK of the document's own official and year.
    OwnPk,
}

/// What links to what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A lower PK's indicator → an indicator of the pihak kedua's PK of the same year.
    PkToUpperPk,
    /// An indicator of the Bupati's PK → the RPJMD indicator it is.
    PkToRpjmd,
    /// A Renstra tujuan or sasaran → the RPJMD tujuan or sasaran it serves.
    RenstraToRpjmd,
    /// An IKU → the Renstra indicator (of a tujuan or sasaran) it is.
    IkuToRenstra,
    /// A row of a Rencana Aksi → the indicator of its PK it plans.
    AksiToPk,
}

/// The places of a content that carry a link, and what kind of link they carry.
pub struct Links<'a> {
    pub kind: LinkKind,
    pub places: Vec<(&'a NodeKey, Option<&'a Acuan>)>,
}

impl LinkKind {
    pub fn target(self) -> LinkTarget {
        match self {
            LinkKind::PkToUpperPk => LinkTarget::UpperPk,
            LinkKind::PkToRpjmd | LinkKind::RenstraToRpjmd => LinkTarget::Rpjmd,
            LinkKind::IkuToRenstra => LinkTarget::Renstra,
            LinkKind::AksiToPk => LinkTarget::OwnPk,
        }
    }

    /// Whether a node of the target, of `kind` under a parent of `parent`, may be linked to.
    pub fn accepts(self, kind: NodeKind, parent: Option<NodeKind>) -> bool {
        let statement = |k: Option<NodeKind>| matches!(k, Some(NodeKind::Tujuan | NodeKind::Sasaran));
        match self {
            LinkKind::PkToUpperPk | LinkKind::AksiToPk => kind == NodeKind::PkKinerja,
            LinkKind::PkToRpjmd | LinkKind::IkuToRenstra => kind == NodeKind::Indikator && statement(parent),
            LinkKind::RenstraToRpjmd => statement(Some(kind)),
        }
    }

    /// The heading of the link column.
    pub fn heading(self) -> Msg {
        match self {
            LinkKind::PkToUpperPk => Msg::new("Mendukung indikator atasan", "Serves the superior's indicator"),
            LinkKind::PkToRpjmd => Msg::new("Indikator RPJMD", "RPJMD indicator"),
            LinkKind::RenstraToRpjmd => Msg::new("Mendukung sasaran RPJMD", "Serves the RPJMD objective"),
            LinkKind::IkuToRenstra => Msg::new("Indikator Renstra", "Renstra indicator"),
            LinkKind::AksiToPk => Msg::new("Indikator PK", "PK indicator"),
        }
    }

    /// Why a link that names nothing of the target is refused.
    fn dangling(self) -> Msg {
        match self {
            LinkKind::PkToUpperPk => Msg::new(
                "indikator acuan tidak ada dalam PK atasan tahun ini",
                "the linked indicator is not in the superior's PK of this year",
            ),
            LinkKind::PkToRpjmd => Msg::new(
                "indikator acuan tidak ada dalam RPJMD periode ini",
                "the linked indicator is not in this period's RPJMD",
            ),
            LinkKind::RenstraToRpjmd => Msg::new(
                "sasaran acuan tidak ada dalam RPJMD periode ini",
                "the linked objective is not in this period's RPJMD",
            ),
            LinkKind::IkuToRenstra => Msg::new(
                "indikator acuan tidak ada dalam Renstra PD ini periode ini",
                "the linked indicator is not in this agency's Renstra of this period",
            ),
            LinkKind::AksiToPk => Msg::new(
                "indikator ini tidak ada dalam PK pejabat ini tahun ini",
                "this indicator is not in this official's PK of this year",
            ),
        }
    }

    /// Why submitting is refused while a place has no link.
    fn missing(self) -> Msg {
        match self {
            LinkKind::PkToUpperPk => Msg::new(
                "pilih indikator PK atasan yang didukung indikator ini",
                "choose the superior's PK indicator this one serves",
            ),
            LinkKind::PkToRpjmd => Msg::new(
                "pilih indikator sasaran RPJMD yang diperjanjikan baris ini",
                "choose the RPJMD indicator this row promises",
            ),
            LinkKind::RenstraToRpjmd => Msg::new(
                "pilih tujuan atau sasaran RPJMD yang didukung",
                "choose the RPJMD goal or objective this one serves",
            ),
            LinkKind::IkuToRenstra => Msg::new(
                "pilih indikator tujuan atau sasaran Renstra yang menjadi IKU ini",
                "choose the Renstra indicator this key indicator is",
            ),
            LinkKind::AksiToPk => Msg::new(
                "baris ini tidak terhubung ke indikator PK-nya; buat ulang rencana aksi dari PK",
                "this row is not linked to its PK indicator; make the action plan again from the PK",
            ),
        }
    }

    /// How a choice of the link column reads: `2. Angka partisipasi … (95 %)` for a PK's
    /// indicator, `Sasaran 1.1.2 · Meningkatnya …` for a plan's statement, `Indikator 1.1.1.1 ·
    /// Angka partisipasi … (%)` for a plan's indicator.
    fn choice_text(self, n: &Node) -> String {
        let f = |field| n.field(field).unwrap_or_default().trim();
        match n.kind {
            NodeKind::PkKinerja => {
                format!("{}. {} ({} {})", n.number, f(Field::Indikator), f(Field::Target), f(Field::Satuan))
            }
            NodeKind::Indikator if !f(Field::Satuan).is_empty() => {
                format!("{} · {} ({})", n.label().id, f(Field::Uraian), f(Field::Satuan))
            }
            _ => format!("{} · {}", n.label().id, f(Field::Uraian)),
        }
    }

    /// The name a linked node is known by from year to year.
    fn name_of(n: &Node) -> Option<String> {
        let text = n.field(Field::Indikator).or(n.field(Field::Uraian))?.trim().to_lowercase();
        (!text.is_empty()).then_some(text)
    }
}

/// The nodes of a target's outline that `kind` may link to.
fn linkable(kind: LinkKind, outline: &[Node]) -> impl Iterator<Item = &Node> {
    let kinds: HashMap<&NodeKey, NodeKind> = outline.iter().map(|n| (&n.key, n.kind)).collect();
    outline.iter().filter(move |n| kind.accepts(n.kind, n.parent.as_ref().and_then(|p| kinds.get(p).copied())))
}

/// The choices of the link column: each node of the target (`(document id, its outline)`) the
/// link may name, as `(Acuan::code, how it reads)`.
pub fn choices(kind: LinkKind, target_id: i64, outline: &[Node]) -> Vec<(String, String)> {
    linkable(kind, outline)
        .map(|n| (Acuan { document_id: target_id, node: n.key.clone() }.code(), kind.choice_text(n)))
        .collect()
}

/// The links that name nothing the target (`(document id, its outline)`, once it exists) offers,
/// keyed by anchor; and, when `submitting` and the target exists, the places that name nothing.
pub fn check(links: &Links, target: Option<(i64, &[Node])>, submitting: bool) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let offered: Option<(i64, HashSet<&NodeKey>)> =
        target.map(|(id, outline)| (id, linkable(links.kind, outline).map(|n| &n.key).collect()));
    for (node, acuan) in &links.places {
        let anchor = Anchor::Field { node: (*node).clone(), field: Field::Acuan }.encode();
        match (acuan, &offered) {
            (Some(acuan), Some((id, keys))) if acuan.document_id == *id && keys.contains(&acuan.node) => {}
            (Some(_), _) => errors.add(&anchor, links.kind.dangling()),
            (None, Some(_)) if submitting => errors.add(&anchor, links.kind.missing()),
            (None, _) => {}
        }
    }
    errors
}

/// A link of this year's document moved to next year's target: to the node of the same name
/// (its indicator or statement, compared without case) in `new`, or none where there is none.
pub fn moved(kind: LinkKind, acuan: &Acuan, old: Option<(i64, &[Node])>, new: Option<(i64, &[Node])>) -> Option<Acuan> {
    let (old_id, old_nodes) = old?;
    let (new_id, new_nodes) = new?;
    if acuan.document_id != old_id {
        return None;
    }
    let wanted = linkable(kind, old_nodes).find(|n| n.key == acuan.node).and_then(LinkKind::name_of)?;
    let found = linkable(kind, new_nodes).find(|n| LinkKind::name_of(n).as_ref() == Some(&wanted))?;
    Some(Acuan { document_id: new_id, node: found.key.clone() })
}

#[cfg(test)]
mod tests;
