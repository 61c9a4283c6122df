//! The axum side of Akuntabel: the router with its security layer, file routes, and the command
//! line (`serve`, `migrate`, `create-admin`, `demo`, `backup`, `restore`).

pub mod backup;
pub mod cli;
pub mod demo;
pub mod files;
pub mod listen;
pub mod render;
pub mod router;
pub mod security;
pub mod uploads;
pub mod watchdog;
