//! The command line. Configuration comes from the environment and `akuntabel.toml` (see README).

use crate::{backup, demo, router};
use akuntabel_app::domain::master::{UserInput, validate_user};
use akuntabel_app::domain::roles::{Grant, Role};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::AppState;
use akuntabel_app::infra::config::Config;
use akuntabel_app::infra::db::Db;
use akuntabel_app::infra::files::FileStore;
use akuntabel_app::infra::password;
use akuntabel_app::service::users;
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(name = "akuntabel", version, about = "Akuntabel — pengelola dokumen SAKIP / SAKIP document manager")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the application (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account (the password is asked for, or read from stdin).
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        nama: String,
        /// Read the password from standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Load a demo Pemda (agencies, officials, one user per role) and print the logins.
    Demo {
        /// Go on serving after loading.
        #[arg(long)]
        serve: bool,
    },
    /// Write one archive with a consistent snapshot of the database and the stored files.
    Backup {
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Restore an archive made by `backup` into an empty database.
    Restore {
        #[arg(long, short)]
        input: PathBuf,
    },
    /// The hash-chained audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every link of the chain; name the first broken one (and exit with an error).
    Verify,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Config(#[from] akuntabel_app::infra::config::ConfigError),
    #[error("{0}")]
    Db(#[from] akuntabel_app::infra::db::DbError),
    #[error("{0}")]
    App(String),
    #[error("{0}")]
    Backup(#[from] backup::BackupError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("rantai audit putus pada entri #{0}: {1} / the audit chain is broken at entry #{0}")]
    BrokenChain(i64, String),
}

impl From<AppError> for CliError {
    fn from(error: AppError) -> Self {
        match &error {
            AppError::Validation(fields) => {
                CliError::App(fields.0.iter().map(|(f, m)| format!("{f}: {}", m.id)).collect::<Vec<_>>().join("; "))
            }
            other => CliError::App(other.msg().id),
        }
    }
}

/// Opens the database (running pending migrations) and assembles the shared state.
pub fn open_state(config: Config) -> Result<AppState, CliError> {
    let db = Db::open(&config.database_url, config.pool_size)?;
    let leptos_options = LeptosOptions::builder()
        .output_name("akuntabel")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir(crate::router::bundle_dir(&config.site_root))
        .site_addr(config.bind)
        .build();
    let files = FileStore::open(&config).map_err(|e| CliError::App(e.to_string()))?;
    Ok(AppState { db, config: Arc::new(config), files, leptos_options })
}

pub async fn run(cli: Cli, started: Instant) -> Result<(), CliError> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(open_state(config)?, started).await,
        Command::Migrate => {
            open_state(config)?;
            println!("Migrasi selesai / migrations applied");
            Ok(())
        }
        Command::CreateAdmin { username, nama, password_stdin } => {
            let state = open_state(config)?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_owned()
            } else {
                rpassword::prompt_password("Kata sandi / password: ")?
            };
            let clean = validate_user(&UserInput { username, nama, password, email: String::new() }, true)
                .map_err(AppError::from)?;
            if let Some(msg) = password::weakness(&clean.password, &[&clean.username, &clean.nama]) {
                let mut errors = akuntabel_app::domain::FieldErrors::new();
                errors.add("password", msg);
                return Err(AppError::Validation(errors).into());
            }
            let id = tokio::task::spawn_blocking(move || create_admin(&state, &clean))
                .await
                .map_err(|e| CliError::App(e.to_string()))??;
            println!("Admin dibuat / admin created (id {id})");
            Ok(())
        }
        Command::Demo { serve: and_serve } => {
            let state = open_state(config)?;
            let loader = state.clone();
            let logins = tokio::task::spawn_blocking(move || {
                let mut conn = loader.db.get()?;
                demo::load(&mut conn)
            })
            .await
            .map_err(|e| CliError::App(e.to_string()))??;
            println!("{}", demo::describe(&logins, &state.config.public_url));
            if and_serve { serve(state, started).await } else { Ok(()) }
        }
        Command::Backup { output } => {
            let state = open_state(config)?;
            let summary = tokio::task::spawn_blocking(move || backup::write(&state, &output))
                .await
                .map_err(|e| CliError::App(e.to_string()))??;
            println!("{summary}");
            Ok(())
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let state = open_state(config)?;
            let report = tokio::task::spawn_blocking(move || {
                let mut conn = state.db.get()?;
                akuntabel_app::infra::audit::verify(&mut conn)
            })
            .await
            .map_err(|e| CliError::App(e.to_string()))??;
            match report.first_broken {
                None => {
                    println!("Rantai audit utuh / the audit chain is intact: {} entri/entries", report.entries);
                    Ok(())
                }
                Some((id, reason)) => Err(CliError::BrokenChain(id, reason)),
            }
        }
        Command::Restore { input } => {
            let state = open_state(config)?;
            let summary = tokio::task::spawn_blocking(move || backup::restore(&state, &input))
                .await
                .map_err(|e| CliError::App(e.to_string()))??;
            println!("{summary}");
            Ok(())
        }
    }
}

fn create_admin(state: &AppState, clean: &UserInput) -> Result<i64, CliError> {
    let hash = password::hash_password(&clean.password).map_err(CliError::App)?;
    let mut conn = state.db.get()?;
    let id = users::create_user(&mut conn, None, &clean.username, &clean.nama, None, &hash.0, false)?;
    users::add_grant(&mut conn, None, id, Grant { role: Role::Admin, pd_id: None })?;
    Ok(id)
}

async fn serve(state: AppState, started: Instant) -> Result<(), CliError> {
    let bind = state.config.bind;
    let public_url = state.config.public_url.clone();
    state.files.check().await.map_err(|e| CliError::App(format!("{e} ({})", state.files.location)))?;
    tracing::info!(location = %state.files.location, "file store ready");
    akuntabel_app::infra::mail::spawn_worker(&state).map_err(|e| CliError::App(e.to_string()))?;
    let pool = crate::render::RenderPool::from_config(&state.config);
    if state.config.watchdog_seconds > 0 {
        let limit = std::time::Duration::from_secs(state.config.watchdog_seconds);
        let threads = pool.handle().cloned();
        crate::watchdog::spawn(
            tokio::runtime::Handle::current(),
            threads,
            limit,
            crate::watchdog::exit_for_restart(limit),
        )?;
    }
    let timeouts = crate::listen::Timeouts {
        header: std::time::Duration::from_secs(state.config.header_timeout_seconds),
        idle: std::time::Duration::from_secs(state.config.idle_timeout_seconds),
    };
    let app = router::build_with(state, pool);
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(
        address = %bind,
        public_url = %public_url,
        duration_ms = started.elapsed().as_millis() as u64,
        "Akuntabel listening on http://{bind}"
    );
    // Tells systemd (Type=notify) that the server is up; nothing happens without NOTIFY_SOCKET.
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Ready]);
    crate::listen::serve(listener, app, timeouts, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
