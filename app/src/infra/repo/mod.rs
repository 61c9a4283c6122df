//! The repositories: the only place SQL is written for documents and their review. One module per
//! group of tables; each reads rows into `Queryable`/`Selectable` structs and writes `NewX`
//! structs. Nothing here knows the DTOs of `api` or decides who may do what: that is
//! `service` (the use cases) and `domain::access`.

pub mod deadlines;
pub mod documents;
pub mod events;
pub mod files;
pub mod names;
pub mod notifications;
pub mod rounds;
pub mod threads;
pub mod versions;
