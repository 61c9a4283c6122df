//! The pure core: rules that the browser and the server must agree on.
//!
//! Nothing here touches a database, a file, the network or the UI framework; it is compiled into
//! the wasm bundle too, so a form validates with exactly the code the server runs again.

pub mod access;
pub mod angka;
pub mod capaian;
pub mod documents;
pub mod format;
pub mod master;
pub mod model;
pub mod msg;
pub mod nip;
pub mod perubahan;
pub mod review;
pub mod roles;
pub mod workflow;

pub use msg::{FieldErrors, Msg};
