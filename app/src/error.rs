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
    #[error("{0}")]
    Conflict(Msg),
    #[error("Terjadi kesalahan pada server; data Anda tidak berubah. Coba lagi")]
    Internal,
    #[error("Gagal menghubungi server: {0}")]
    Transport(String),
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
            AppError::Conflict(_) => "conflict",
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
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
            AppError::Conflict(msg) => msg.en.clone(),
            AppError::Internal => "The server failed; your data is unchanged. Try again".to_owned(),
            AppError::Transport(reason) => format!("Cannot reach the server: {reason}"),
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
            AppError::Conflict(_) => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }

    pub fn conflict(id: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict(Msg::new(id, en))
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
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::infra::db::DbError;

    impl From<DbError> for AppError {
        fn from(error: DbError) -> Self {
            tracing::error!(error = %error, "database failure");
            AppError::Internal
        }
    }

    impl From<diesel::result::Error> for AppError {
        fn from(error: diesel::result::Error) -> Self {
            match error {
                diesel::result::Error::NotFound => AppError::NotFound,
                diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                    AppError::conflict("data yang sama sudah ada", "the same data already exists")
                }
                other => AppError::from(DbError::Query(other)),
            }
        }
    }
}
