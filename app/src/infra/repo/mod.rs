//! The repositories: the only place SQL is written for documents, their review and the master
//! data. One module per group of tables; each reads rows into `Queryable`/`Selectable` structs
//! and writes `NewX` structs (`XValues` where an insert and an update write the same fields).
//! Nothing here knows the DTOs of `api` or decides who may do what: that is `service` (the use
//! cases) and `domain::access`.

pub mod agencies;
pub mod audit_log;
pub mod deadlines;
pub mod documents;
pub mod events;
pub mod files;
pub mod names;
pub mod notifications;
pub mod officials;
pub mod pemda;
pub mod pengaturan;
pub mod periods;
pub mod perubahan;
pub mod realisasi;
pub mod rounds;
pub mod threads;
pub mod users;
pub mod versions;
