//! The lists: the documents a user sees, the overdue list, the reviewer's queue, the
//! completeness board, the reviewers to assign, and the deadlines the clocks read.

use super::{field_error, name_of};
use crate::api::types::{CompletenessRow, DeadlineRow, DeadlineSettings, DocumentRow, OverdueRow};
use crate::domain::Msg;
use crate::domain::documents::DocumentType;
use crate::domain::format::{CivilDate, date_of_timestamp};
use crate::domain::review;
use crate::domain::roles::{Grants, Role};
use crate::domain::workflow::State;
use crate::error::AppError;
use crate::infra::audit;
use crate::infra::auth::SessionUser;
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::repo::documents::{self as docs, Doc};
use crate::infra::repo::{deadlines, names, rounds};
use serde_json::json;
use std::collections::HashMap;

/// Documents the user may see, newest first; optionally of one year or PD.
pub fn list(
    conn: &mut DbConn,
    grants: &Grants,
    tahun: Option<i32>,
    pd_filter: Option<i64>,
) -> Result<Vec<DocumentRow>, AppError> {
    let ids = docs::visible_ids(conn, &grants.pd_visibility(), tahun, pd_filter)?;
    let docs = docs::load_many(conn, &ids)?;
    to_rows(conn, &docs)
}

/// The user's overdue list, longest late first. Those who see every PD get every late
/// document; a reviewer (and nobody else) gets the documents assigned to them; a PD's users get
/// their PD's.
pub fn overdue(conn: &mut DbConn, user: &SessionUser) -> Result<Vec<OverdueRow>, AppError> {
    let only_reviewer = user.grants.0.iter().all(|g| g.role == Role::Reviewer);
    let rows = if only_reviewer && !user.grants.0.is_empty() {
        assigned_rows(conn, user.user_id, &State::VARIANTS)?
    } else {
        list(conn, &user.grants, None, None)?
    };
    let mut late: Vec<OverdueRow> = rows
        .into_iter()
        .filter_map(|row| {
            let lateness = review::lateness(row.due_days_left, row.service_days_left)?;
            let waiting_on = row.state.waiting_on(!row.reviewers.is_empty(), row.pd_id.is_none());
            Some(OverdueRow { row, lateness, waiting_on })
        })
        .collect();
    late.sort_by_key(|o| (std::cmp::Reverse(o.lateness.days()), o.row.id));
    Ok(late)
}

/// A reviewer's queue: documents assigned to them that wait for or are in review.
pub fn review_queue(conn: &mut DbConn, reviewer: i64) -> Result<Vec<DocumentRow>, AppError> {
    assigned_rows(conn, reviewer, &[State::Submitted, State::InReview])
}

/// The rows of the documents actively assigned to a reviewer in one of `states`, oldest change
/// first.
fn assigned_rows(conn: &mut DbConn, reviewer: i64, states: &[State]) -> Result<Vec<DocumentRow>, AppError> {
    let ids = docs::assigned_ids(conn, reviewer, states)?;
    let docs = docs::load_many(conn, &ids)?;
    to_rows(conn, &docs)
}

/// PD × document type for one fiscal year (five-year types count when their period covers it).
pub fn completeness(conn: &mut DbConn, tahun: i32, types: &[DocumentType]) -> Result<Vec<CompletenessRow>, AppError> {
    let pds = names::active_agencies(conn)?;
    let docs = docs::standings_of_year(conn, tahun)?;
    Ok(pds
        .into_iter()
        .map(|pd| CompletenessRow {
            cells: types
                .iter()
                .map(|t| {
                    // The least advanced document of the type decides the cell.
                    let state = docs
                        .iter()
                        .filter(|d| d.pd_id == Some(pd.id) && d.doc_type == t.esr_id())
                        .filter_map(|d| State::from_i64(d.state))
                        .min();
                    (*t, state)
                })
                .collect(),
            pd_id: pd.id,
            singkatan: pd.singkatan,
            nama: pd.nama,
        })
        .collect())
}

/// Active users holding the reviewer role, by name.
pub fn reviewers(conn: &mut DbConn) -> Result<Vec<(i64, String)>, DbError> {
    let ids = names::users_with_role(conn, Role::Reviewer, None)?;
    let mut names = names::user_names(conn, &ids)?;
    names.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(names)
}

pub(super) fn to_row(conn: &mut DbConn, doc: &Doc) -> Result<DocumentRow, AppError> {
    to_rows(conn, std::slice::from_ref(doc))?.pop().ok_or(AppError::Internal)
}

/// The list rows of several documents, with a fixed number of queries however many there are.
fn to_rows(conn: &mut DbConn, docs: &[Doc]) -> Result<Vec<DocumentRow>, AppError> {
    let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let mut pd_ids: Vec<i64> = docs.iter().filter_map(|d| d.pd_id).collect();
    pd_ids.sort_unstable();
    pd_ids.dedup();
    let pds = names::pd_abbreviations(conn, &pd_ids)?;
    let mut official_ids: Vec<i64> = docs.iter().filter_map(|d| d.official_id).collect();
    official_ids.sort_unstable();
    official_ids.dedup();
    let officials = names::official_names(conn, &official_ids)?;
    let assigned = rounds::active_assignments(conn, &ids)?;
    let mut reviewers_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for a in &assigned {
        reviewers_of.entry(a.document_id).or_default().push(a.reviewer_id);
    }
    let mut reviewer_ids: Vec<i64> = assigned.iter().map(|a| a.reviewer_id).collect();
    reviewer_ids.sort_unstable();
    reviewer_ids.dedup();
    let names = names::user_names(conn, &reviewer_ids)?;
    let due_dates = DueDates::load(conn, docs.iter().filter_map(|d| d.tahun).collect())?;
    let today = date_of_timestamp(now());
    Ok(docs
        .iter()
        .map(|doc| {
            let due = due_dates.of(doc);
            let service_due = doc
                .dispositioned_at
                .filter(|_| doc.state.in_service())
                .map(|at| review::add_months(date_of_timestamp(at), review::SERVICE_MONTHS));
            DocumentRow {
                id: doc.id,
                doc_type: doc.doc_type,
                pd_id: doc.pd_id,
                pd_singkatan: doc.pd_id.and_then(|pd| pds.get(&pd).cloned()),
                tahun: doc.tahun.map(|t| t as i32),
                official: doc.official_id.and_then(|o| officials.get(&o).cloned()),
                judul: doc.judul.clone(),
                state: doc.state,
                revision: doc.revision,
                updated_at: doc.updated_at,
                due,
                due_days_left: due.filter(|_| doc.state.before_approval()).map(|d| review::days_left(today, d)),
                service_due,
                service_days_left: service_due.map(|d| review::days_left(today, d)),
                reviewers: reviewers_of
                    .get(&doc.id)
                    .map(|ids| ids.iter().map(|id| name_of(&names, *id)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// The deadlines and DPA dates of some fiscal years, read once for a whole list.
struct DueDates {
    explicit: HashMap<(i64, i64), CivilDate>,
    dpa: HashMap<i64, CivilDate>,
}

impl DueDates {
    fn load(conn: &mut DbConn, mut years: Vec<i64>) -> Result<DueDates, DbError> {
        years.sort_unstable();
        years.dedup();
        let explicit = deadlines::of_years(conn, &years)?;
        let dpa = deadlines::dpa_dates(conn, &years)?;
        Ok(DueDates {
            explicit: explicit
                .into_iter()
                .filter_map(|d| CivilDate::parse_iso(&d.due_date).map(|date| ((d.tahun, d.doc_type), date)))
                .collect(),
            dpa: dpa
                .into_iter()
                .filter_map(|d| d.tanggal_dpa.as_deref().and_then(CivilDate::parse_iso).map(|date| (d.tahun, date)))
                .collect(),
        })
    }

    fn of(&self, doc: &Doc) -> Option<CivilDate> {
        let tahun = doc.tahun?;
        if let Some(date) = self.explicit.get(&(tahun, doc.doc_type.esr_id())) {
            return Some(*date);
        }
        review::default_due_date(doc.doc_type, tahun as i32, doc.pd_id.is_none(), self.dpa.get(&tahun).copied())
    }
}

// ---------------------------------------------------------------- Deadlines

pub fn set_deadline(
    conn: &mut DbConn,
    actor: i64,
    tahun: i32,
    doc_type: DocumentType,
    due: CivilDate,
) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        deadlines::set(conn, actor, i64::from(tahun), doc_type.esr_id(), &due.iso())?;
        audit::append(
            conn,
            Some(actor),
            "tenggat",
            None,
            "ditetapkan",
            json!({ "tahun": tahun, "jenis": doc_type.esr_id(), "tanggal": due.iso() }),
        )?;
        Ok(())
    })
}

pub fn set_dpa_date(conn: &mut DbConn, actor: i64, tahun: i32, date: CivilDate) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        if deadlines::set_dpa_date(conn, i64::from(tahun), &date.iso())? == 0 {
            return Err(field_error(
                "tahun",
                Msg::new("tahun ini tidak ada dalam periode mana pun", "this year is in no period"),
            ));
        }
        audit::append(
            conn,
            Some(actor),
            "tahun_anggaran",
            None,
            "tanggal DPA ditetapkan",
            json!({ "tahun": tahun, "tanggal": date.iso() }),
        )?;
        Ok(())
    })
}

/// The deadline settings of one fiscal year: the DPA date and, per document type, the date the
/// admin set (or `None`) beside the regulation's defaults for a PD and for the Pemda.
pub fn deadline_settings(conn: &mut DbConn, tahun: i32) -> Result<DeadlineSettings, DbError> {
    let dpa = deadlines::dpa_date(conn, i64::from(tahun))?;
    let year_known = dpa.is_some();
    let dpa = dpa.flatten().as_deref().and_then(CivilDate::parse_iso);
    let set = deadlines::of_year(conn, i64::from(tahun))?;
    let rows = DocumentType::VARIANTS
        .iter()
        .filter(|t| !t.is_five_year())
        .map(|t| DeadlineRow {
            doc_type: *t,
            set: set.iter().find(|d| d.doc_type == t.esr_id()).and_then(|d| CivilDate::parse_iso(&d.due_date)),
            default_pd: review::default_due_date(*t, tahun, false, dpa),
            default_pemda: review::default_due_date(*t, tahun, true, dpa),
        })
        .collect();
    Ok(DeadlineSettings { tahun, year_known, tanggal_dpa: dpa, rows })
}
