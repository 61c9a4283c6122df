//! Review rounds: comment threads, suggested edits, comment text, and the clocks (due dates and
//! the three-month service time).

use super::documents::DocumentType;
use super::format::{CivilDate, days_in_month};
use super::msg::Msg;
use super::roles::{Grants, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadState {
    Open = 1,
    /// The PD says "sudah diperbaiki" and points at the version that fixes it.
    Fixed = 2,
    /// Only the reviewer resolves.
    Resolved = 3,
}

impl ThreadState {
    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(v: i64) -> Option<Self> {
        [Self::Open, Self::Fixed, Self::Resolved].into_iter().find(|s| s.as_i64() == v)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Open => Msg::new("Terbuka", "Open"),
            Self::Fixed => Msg::new("Sudah diperbaiki", "Marked fixed"),
            Self::Resolved => Msg::new("Selesai", "Resolved"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionState {
    Pending = 1,
    Accepted = 2,
    Rejected = 3,
}

impl SuggestionState {
    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(v: i64) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Rejected].into_iter().find(|s| s.as_i64() == v)
    }
}

pub const MAX_COMMENT_CHARS: usize = 5_000;

/// Comment text is plain text: control characters other than line breaks and tabs are dropped,
/// line breaks are normalised, and the length is bounded. The interface escapes it on output.
pub fn sanitize_comment(text: &str) -> Result<String, Msg> {
    let cleaned: String =
        text.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        return Err(Msg::new("catatan tidak boleh kosong", "a comment cannot be empty"));
    }
    if cleaned.chars().count() > MAX_COMMENT_CHARS {
        return Err(Msg::new(
            format!("catatan paling panjang {MAX_COMMENT_CHARS} karakter"),
            format!("a comment has at most {MAX_COMMENT_CHARS} characters"),
        ));
    }
    Ok(cleaned)
}

/// The same day `months` later (the last day of the month when it has fewer days).
pub fn add_months(date: CivilDate, months: u32) -> CivilDate {
    let total = date.month - 1 + months;
    let year = date.year + (total / 12) as i32;
    let month = total % 12 + 1;
    let day = date.day.min(days_in_month(year, month));
    CivilDate { year, month, day }
}

/// The default due date of a document type for fiscal year `tahun` (SAKIP reference §4): a PK
/// one month after the DPA date, a PD's LKjIP at the end of February of the next year, the
/// Pemda's LKjIP on 31 March of the next year. `None` where no default exists.
pub fn default_due_date(
    doc_type: DocumentType,
    tahun: i32,
    pemda_level: bool,
    dpa: Option<CivilDate>,
) -> Option<CivilDate> {
    match doc_type {
        DocumentType::PerjanjianKinerja => dpa.map(|d| add_months(d, 1)),
        DocumentType::LaporanKinerja if pemda_level => CivilDate::new(tahun + 1, 3, 31),
        DocumentType::LaporanKinerja => CivilDate::new(tahun + 1, 2, days_in_month(tahun + 1, 2)),
        _ => None,
    }
}

/// Service time: three months from the disposition (seed `001_*`).
pub const SERVICE_MONTHS: u32 = 3;

/// Days left until `due` (negative: overdue).
pub fn days_left(today: CivilDate, due: CivilDate) -> i64 {
    due.days_since_epoch() - today.days_since_epoch()
}

/// Why a document is on someone's overdue list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lateness {
    /// Past the due date of its type and still not approved.
    Deadline { days: i64 },
    /// Past the three-month service time of the review, counted from the disposition.
    Service { days: i64 },
}

impl Lateness {
    pub fn days(self) -> i64 {
        match self {
            Lateness::Deadline { days } | Lateness::Service { days } => days,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Lateness::Deadline { days } => {
                Msg::new(format!("lewat tenggat {days} hari"), format!("{days} days past the due date"))
            }
            Lateness::Service { days } => Msg::new(
                format!("waktu layanan reviu lewat {days} hari"),
                format!("review service time exceeded by {days} days"),
            ),
        }
    }
}

/// The larger of the two kinds of lateness, from the days left on each clock (negative: late).
pub fn lateness(due_days_left: Option<i64>, service_days_left: Option<i64>) -> Option<Lateness> {
    let deadline = due_days_left.filter(|d| *d < 0).map(|d| Lateness::Deadline { days: -d });
    let service = service_days_left.filter(|d| *d < 0).map(|d| Lateness::Service { days: -d });
    match (deadline, service) {
        (Some(a), Some(b)) => Some(if b.days() > a.days() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Separation of duties: a thread is closed by the reviewer who opened it, or by the kabag who
/// leads the review — never by the PD it was written to.
pub fn may_resolve(user_id: i64, grants: &Grants, opened_by: i64) -> bool {
    (opened_by == user_id && grants.has_role(Role::Reviewer)) || grants.has_role(Role::KabagOrganisasi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_late_by_whichever_clock_ran_out_longest_ago() {
        assert_eq!(lateness(None, None), None);
        assert_eq!(lateness(Some(0), Some(5)), None, "the due day itself is not late");
        assert_eq!(lateness(Some(-3), None), Some(Lateness::Deadline { days: 3 }));
        assert_eq!(lateness(Some(-3), Some(-10)), Some(Lateness::Service { days: 10 }));
        assert_eq!(lateness(Some(-30), Some(-10)), Some(Lateness::Deadline { days: 30 }));
        assert_eq!(Lateness::Deadline { days: 3 }.label().id, "lewat tenggat 3 hari");
    }

    fn d(y: i32, m: u32, day: u32) -> CivilDate {
        CivilDate::new(y, m, day).unwrap()
    }

    #[test]
    fn default_deadlines_follow_the_regulation() {
        assert_eq!(
            default_due_date(DocumentType::PerjanjianKinerja, 2026, false, Some(d(2026, 1, 31))),
            Some(d(2026, 2, 28))
        );
        assert_eq!(default_due_date(DocumentType::PerjanjianKinerja, 2026, false, None), None);
        assert_eq!(default_due_date(DocumentType::LaporanKinerja, 2027, false, None), Some(d(2028, 2, 29)));
        assert_eq!(default_due_date(DocumentType::LaporanKinerja, 2026, true, None), Some(d(2027, 3, 31)));
        assert_eq!(add_months(d(2026, 11, 30), SERVICE_MONTHS), d(2027, 2, 28));
        assert_eq!(days_left(d(2026, 3, 1), d(2026, 3, 31)), 30);
        assert_eq!(days_left(d(2026, 4, 2), d(2026, 3, 31)), -2);
    }

    #[test]
    fn comments_are_plain_text_without_control_characters() {
        assert_eq!(sanitize_comment("  Target\u{0}  belum\r\nsesuai\u{7} ").unwrap(), "Target  belum\nsesuai");
        assert!(sanitize_comment(" \n ").is_err());
        assert!(sanitize_comment(&"x".repeat(MAX_COMMENT_CHARS + 1)).is_err());
        // Markup is kept as text; the interface shows it escaped.
        assert_eq!(sanitize_comment("<b>tebal</b>").unwrap(), "<b>tebal</b>");
    }

    fn grants(role: crate::domain::roles::Role) -> Grants {
        Grants(vec![crate::domain::roles::Grant { role, pd_id: None }])
    }

    #[test]
    fn the_reviewer_who_opened_a_thread_may_resolve_it() {
        assert!(may_resolve(7, &grants(Role::Reviewer), 7));
    }

    #[test]
    fn another_reviewer_may_not_resolve_a_thread_they_did_not_open() {
        assert!(!may_resolve(8, &grants(Role::Reviewer), 7));
    }

    #[test]
    fn the_kabag_may_resolve_any_thread() {
        assert!(may_resolve(9, &grants(Role::KabagOrganisasi), 7));
    }

    #[test]
    fn the_pd_a_thread_was_written_to_may_not_resolve_it_even_as_its_author() {
        let planner = Grants(vec![crate::domain::roles::Grant { role: Role::PerencanaPd, pd_id: Some(1) }]);
        assert!(!may_resolve(7, &planner, 7));
    }
}
