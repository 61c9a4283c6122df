//! The one error type at the server-function boundary. Each variant has a stable snake_case code
//! and a message in Bahasa Indonesia with English alongside; internal causes are logged once, where
//! they are turned into [`AppError::Internal`], and never shown to the user.

use crate::domain::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use server_fn_error::*;

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Silakan masuk terlebih dahulu")]
    Unauthenticated,
    #[error("Anda tidak berhak melakukan tindakan ini")]
    Forbidden,
    #[error("Data tidak ditemukan")]
    NotFound,
    #[error("Nama pengguna atau kata sandi salah")]
    InvalidCredentials,
    #[error("Terlalu banyak percobaan masuk yang gagal; coba lagi dalam {minutes} menit")]
    Throttled { minutes: i64 },
    #[error("Periksa isian yang ditandai")]
    Validation(FieldErrors),
    /// The request is sound but the data is not in a state that allows it (HTTP 409); the
    /// [`Refusal`] says which, with a stable code.
    #[error("{1}")]
    Conflict(Refusal, Msg),
    #[error("Terjadi kesalahan pada server; data Anda tidak berubah. Coba lagi")]
    Internal,
    #[error("Gagal menghubungi server: {0}")]
    Transport(String),
    /// The request itself could not be read (arguments missing or malformed).
    #[error("Permintaan tidak dapat dibaca: {0}")]
    BadRequest(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Throttled { .. } => "throttled",
            AppError::Validation(_) => "validation",
            AppError::Conflict(refusal, _) => refusal.code(),
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
            AppError::BadRequest(_) => "bad_request",
        }
    }

    pub fn msg(&self) -> Msg {
        let en = match self {
            AppError::Unauthenticated => "Please log in first".to_owned(),
            AppError::Forbidden => "You are not allowed to do this".to_owned(),
            AppError::NotFound => "Not found".to_owned(),
            AppError::InvalidCredentials => "Wrong user name or password".to_owned(),
            AppError::Throttled { minutes } => format!("Too many failed logins; try again in {minutes} minutes"),
            AppError::Validation(_) => "Check the marked fields".to_owned(),
            AppError::Conflict(_, msg) => msg.en.clone(),
            AppError::Internal => "The server failed; your data is unchanged. Try again".to_owned(),
            AppError::Transport(reason) => format!("Cannot reach the server: {reason}"),
            AppError::BadRequest(reason) => format!("The request cannot be read: {reason}"),
        };
        Msg::new(self.to_string(), en)
    }

    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Throttled { .. } => 429,
            AppError::Validation(_) => 422,
            AppError::BadRequest(_) => 400,
            AppError::Conflict(..) => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }

    pub fn conflict(refusal: Refusal, id: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict(refusal, Msg::new(id, en))
    }

    /// The refusal behind a conflict, if this is one.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            AppError::Conflict(refusal, _) => Some(*refusal),
            _ => None,
        }
    }
}

/// Why the state of the data refuses a request. Each has a stable snake_case code (the error's
/// [`AppError::code`]) that clients, logs and tests match on; the message says it to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// Someone else saved the record since it was loaded.
    StaleRevision,
    /// Someone else changed the record's state at the same moment; the other change won.
    ChangedMeanwhile,
    /// The document's state does not allow the action.
    WrongState,
    /// Review comments are still open.
    OpenThreads,
    /// The working copy cannot be changed in this state.
    NotEditable,
    /// There is nothing to review yet (no file, no row).
    EmptySubmission,
    /// The reviewer is already assigned to the document.
    AlreadyAssigned,
    /// Comments need an open review round.
    NoOpenRound,
    /// The comment thread is already resolved.
    ThreadResolved,
    /// The suggestion was already accepted or rejected.
    SuggestionDecided,
    /// The row a suggestion is for is no longer in the draft.
    RowGone,
    /// The same data already exists.
    Duplicate,
    /// The last administrator cannot lose the role or be deactivated.
    LastAdmin,
    /// An administrator cannot lock themselves out.
    OwnAccount,
    /// Separation of duties: no one approves or forwards what they submitted.
    OwnWork,
    /// The password an administrator set must be replaced first.
    PasswordChangeRequired,
    /// The account is deactivated.
    AccountInactive,
    /// The Pemda profile must be saved first.
    PemdaNotConfigured,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::StaleRevision => "stale_revision",
            Refusal::ChangedMeanwhile => "changed_meanwhile",
            Refusal::WrongState => "wrong_state",
            Refusal::OpenThreads => "open_threads",
            Refusal::NotEditable => "not_editable",
            Refusal::EmptySubmission => "empty_submission",
            Refusal::AlreadyAssigned => "already_assigned",
            Refusal::NoOpenRound => "no_open_round",
            Refusal::ThreadResolved => "thread_resolved",
            Refusal::SuggestionDecided => "suggestion_decided",
            Refusal::RowGone => "row_gone",
            Refusal::Duplicate => "duplicate",
            Refusal::LastAdmin => "last_admin",
            Refusal::OwnAccount => "own_account",
            Refusal::OwnWork => "own_work",
            Refusal::PasswordChangeRequired => "password_change_required",
            Refusal::AccountInactive => "account_inactive",
            Refusal::PemdaNotConfigured => "pemda_not_configured",
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Validation(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request's arguments did not decode (on the server, decoding is of arguments).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest(value.to_string()),
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => AppError::BadRequest(value.to_string()),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{AppError, Refusal};
    use crate::infra::db::DbError;

    /// A query's error keeps its meaning whether it comes straight from diesel or through a
    /// repository's `DbError`: a missing row is "not found", a unique key taken meanwhile is a
    /// duplicate; everything else is logged once, here, and shown as an internal error.
    impl From<DbError> for AppError {
        fn from(error: DbError) -> Self {
            match error {
                DbError::Query(diesel::result::Error::NotFound) => AppError::NotFound,
                DbError::Query(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {
                    AppError::conflict(Refusal::Duplicate, "data yang sama sudah ada", "the same data already exists")
                }
                other => {
                    tracing::error!(error = %other, "database failure");
                    AppError::Internal
                }
            }
        }
    }

    impl From<diesel::result::Error> for AppError {
        fn from(error: diesel::result::Error) -> Self {
            AppError::from(DbError::Query(error))
        }
    }
}
