//! Akuntabel: components, routes, server functions, the pure `domain`, and (with `ssr`) the
//! server-only infrastructure. `server/` serves it; `frontend/` hydrates it in the browser.

#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod infra;
pub mod ui;

pub use ui::{App, shell};
