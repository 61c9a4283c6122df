//! Server functions, one file per feature. Each reads: authorise → load → call the domain →
//! persist → return plain data. Endpoints are fixed (`/api/<name>`) and take JSON.

pub mod dashboard;
pub mod documents;
pub mod master;
pub mod session;
pub mod types;
