//! Structured document content, the places comments anchor to, and the difference between two
//! versions. The workflow does not care which type a document is: upload-only documents have no
//! structured content, a PK has a table of rows; later types add variants here.

use super::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

/// One row of a PK's first table (`No | Sasaran | Indikator | Target | Satuan`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkRow {
    /// Stable across versions, so comments and diffs follow a row when others are inserted.
    pub key: String,
    pub sasaran: String,
    pub indikator: String,
    pub target: String,
    pub satuan: String,
}

pub const PK_FIELDS: [&str; 4] = ["sasaran", "indikator", "target", "satuan"];

impl PkRow {
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "sasaran" => Some(&self.sasaran),
            "indikator" => Some(&self.indikator),
            "target" => Some(&self.target),
            "satuan" => Some(&self.satuan),
            _ => None,
        }
    }

    pub fn set_field(&mut self, name: &str, value: String) -> bool {
        match name {
            "sasaran" => self.sasaran = value,
            "indikator" => self.indikator = value,
            "target" => self.target = value,
            "satuan" => self.satuan = value,
            _ => return false,
        }
        true
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Content {
    /// Upload-only documents: everything is in the attached files.
    #[default]
    Files,
    Pk {
        rows: Vec<PkRow>,
    },
}

impl Content {
    /// Canonical JSON: the bytes a version's hash is taken over. Object keys are sorted
    /// (serde_json's map is ordered), no whitespace.
    pub fn canonical_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        value.to_string()
    }

    pub fn rows(&self) -> &[PkRow] {
        match self {
            Content::Files => &[],
            Content::Pk { rows } => rows,
        }
    }
}

/// Checks structured content; errors are keyed `row:<key>:<field>`.
pub fn validate(content: &Content) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Content::Pk { rows } = content {
        let mut keys = std::collections::BTreeSet::new();
        for row in rows {
            if row.key.trim().is_empty() || !keys.insert(row.key.clone()) {
                errors.add(
                    &format!("row:{}", row.key),
                    Msg::new("kunci baris kosong atau ganda", "empty or repeated row key"),
                );
            }
            for field in ["indikator", "target", "satuan"] {
                if row.field(field).is_some_and(|v| v.trim().is_empty()) {
                    errors.add(&format!("row:{}:{field}", row.key), Msg::new("wajib diisi", "required"));
                }
            }
        }
    }
    errors.into_result(())
}

/// Whether there is anything to review: an upload-only document needs a file, a structured one
/// at least one row. A reviewer's time is not spent on an empty submission.
pub fn ready_to_submit(content: &Content, file_count: usize) -> Result<(), Msg> {
    match content {
        Content::Files if file_count == 0 => Err(Msg::new(
            "Dokumen belum berisi berkas: unggah berkasnya (PDF, DOCX atau XLSX) sebelum diajukan",
            "The document has no file yet: upload it (PDF, DOCX or XLSX) before submitting",
        )),
        Content::Pk { rows } if rows.is_empty() => Err(Msg::new(
            "Tabel PK masih kosong: isi paling sedikit satu baris sasaran dan indikator sebelum diajukan",
            "The PK table is empty: fill in at least one row of objective and indicator before submitting",
        )),
        _ => Ok(()),
    }
}

/// Where a comment points.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Anchor {
    Document,
    Row(String),
    Field { row: String, field: String },
    FilePage { sha256: String, page: u32 },
}

impl Anchor {
    /// The stored form: `document`, `row:<key>`, `field:<key>:<field>`, `file:<sha256>:<page>`.
    pub fn encode(&self) -> String {
        match self {
            Anchor::Document => "document".into(),
            Anchor::Row(key) => format!("row:{key}"),
            Anchor::Field { row, field } => format!("field:{row}:{field}"),
            Anchor::FilePage { sha256, page } => format!("file:{sha256}:{page}"),
        }
    }

    pub fn decode(text: &str) -> Option<Anchor> {
        let mut parts = text.splitn(3, ':');
        match (parts.next()?, parts.next(), parts.next()) {
            ("document", None, None) => Some(Anchor::Document),
            ("row", Some(key), None) if !key.is_empty() => Some(Anchor::Row(key.into())),
            ("field", Some(row), Some(field)) if PK_FIELDS.contains(&field) => {
                Some(Anchor::Field { row: row.into(), field: field.into() })
            }
            ("file", Some(sha), Some(page)) if sha.len() == 64 => {
                Some(Anchor::FilePage { sha256: sha.into(), page: page.parse().ok().filter(|p| *p >= 1)? })
            }
            _ => None,
        }
    }

    /// Whether the place exists in this content and these files.
    pub fn exists_in(&self, content: &Content, files: &[String]) -> bool {
        match self {
            Anchor::Document => true,
            Anchor::Row(key) => content.rows().iter().any(|r| &r.key == key),
            Anchor::Field { row, field } => content.rows().iter().any(|r| &r.key == row && r.field(field).is_some()),
            Anchor::FilePage { sha256, .. } => files.contains(sha256),
        }
    }

    /// The row a comment belongs beside, if any.
    pub fn row(&self) -> Option<&str> {
        match self {
            Anchor::Row(key) | Anchor::Field { row: key, .. } => Some(key),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub row: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What changed between two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentDiff {
    pub added: Vec<PkRow>,
    pub removed: Vec<PkRow>,
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
            Anchor::Row(key) => {
                self.added.iter().chain(&self.removed).any(|r| &r.key == key)
                    || self.changed.iter().any(|c| &c.row == key)
            }
            Anchor::Field { row, field } => {
                self.removed.iter().any(|r| &r.key == row)
                    || self.changed.iter().any(|c| &c.row == row && &c.field == field)
            }
            Anchor::FilePage { sha256, .. } => self.files_removed.iter().any(|(_, s)| s == sha256),
        }
    }
}

/// Rows added, removed and changed (field by field, old → new), and files replaced.
pub fn diff(
    old: &Content,
    old_files: &[(String, String)],
    new: &Content,
    new_files: &[(String, String)],
) -> ContentDiff {
    let mut out = ContentDiff::default();
    for row in new.rows() {
        match old.rows().iter().find(|r| r.key == row.key) {
            None => out.added.push(row.clone()),
            Some(before) => {
                for field in PK_FIELDS {
                    let (a, b) = (before.field(field).unwrap_or(""), row.field(field).unwrap_or(""));
                    if a != b {
                        out.changed.push(FieldChange {
                            row: row.key.clone(),
                            field: field.into(),
                            old: a.into(),
                            new: b.into(),
                        });
                    }
                }
            }
        }
    }
    out.removed = old.rows().iter().filter(|r| !new.rows().iter().any(|n| n.key == r.key)).cloned().collect();
    out.files_added = new_files.iter().filter(|f| !old_files.iter().any(|o| o.1 == f.1)).cloned().collect();
    out.files_removed = old_files.iter().filter(|f| !new_files.iter().any(|n| n.1 == f.1)).cloned().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_document_is_not_ready_to_submit() {
        assert!(ready_to_submit(&Content::Files, 0).is_err());
        assert!(ready_to_submit(&Content::Files, 1).is_ok());
        assert!(ready_to_submit(&Content::Pk { rows: vec![] }, 3).unwrap_err().id.contains("Tabel PK masih kosong"));
        assert!(ready_to_submit(&Content::Pk { rows: vec![PkRow::default()] }, 0).is_ok());
    }

    fn row(key: &str, indikator: &str, target: &str) -> PkRow {
        PkRow {
            key: key.into(),
            sasaran: "Meningkatnya mutu pendidikan".into(),
            indikator: indikator.into(),
            target: target.into(),
            satuan: "%".into(),
        }
    }

    #[test]
    fn the_diff_lists_added_removed_and_changed_rows_with_old_and_new_values() {
        let old = Content::Pk {
            rows: vec![row("a", "Angka partisipasi murni", "95"), row("b", "Rata-rata lama sekolah", "8,5")],
        };
        let new = Content::Pk {
            rows: vec![row("a", "Angka partisipasi murni SD", "96"), row("c", "Angka putus sekolah", "0,5")],
        };
        let d =
            diff(&old, &[("lampiran.pdf".into(), "1".repeat(64))], &new, &[("lampiran-2.pdf".into(), "2".repeat(64))]);
        assert_eq!(d.added.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), vec!["c"]);
        assert_eq!(d.removed.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), vec!["b"]);
        assert_eq!(
            d.changed,
            vec![
                FieldChange {
                    row: "a".into(),
                    field: "indikator".into(),
                    old: "Angka partisipasi murni".into(),
                    new: "Angka partisipasi murni SD".into()
                },
                FieldChange { row: "a".into(), field: "target".into(), old: "95".into(), new: "96".into() },
            ]
        );
        assert_eq!(d.files_removed.len(), 1);
        assert_eq!(d.files_added.len(), 1);
        assert!(d.touches(&Anchor::Field { row: "a".into(), field: "target".into() }));
        assert!(!d.touches(&Anchor::Field { row: "a".into(), field: "satuan".into() }));
        assert!(d.touches(&Anchor::Row("b".into())));
    }

    #[test]
    fn anchors_round_trip_through_their_stored_form() {
        for anchor in [
            Anchor::Document,
            Anchor::Row("r1".into()),
            Anchor::Field { row: "r1".into(), field: "target".into() },
            Anchor::FilePage { sha256: "a".repeat(64), page: 3 },
        ] {
            assert_eq!(Anchor::decode(&anchor.encode()), Some(anchor));
        }
        assert_eq!(Anchor::decode("field:r1:anggaran"), None);
        assert_eq!(Anchor::decode("file:abc:0"), None);
    }

    #[test]
    fn canonical_json_has_sorted_keys_and_no_whitespace() {
        let a = Content::Pk { rows: vec![row("a", "x", "1")] };
        assert_eq!(
            a.canonical_json(),
            r#"{"Pk":{"rows":[{"indikator":"x","key":"a","sasaran":"Meningkatnya mutu pendidikan","satuan":"%","target":"1"}]}}"#
        );
        let b: Content = serde_json::from_str(&a.canonical_json()).unwrap();
        assert_eq!(a.canonical_json(), b.canonical_json());
    }

    #[test]
    fn empty_pk_cells_are_reported_by_row_and_field() {
        let content = Content::Pk { rows: vec![row("a", "", "95")] };
        let errors = validate(&content).unwrap_err();
        assert!(errors.get("row:a:indikator").is_some());
    }
}
