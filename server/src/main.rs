use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;

#[tokio::main]
async fn main() -> ExitCode {
    let started = Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,leptos=warn")),
        )
        .init();
    let cli = akuntabel_server::cli::Cli::parse();
    match akuntabel_server::cli::run(cli, started).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("akuntabel: {error}");
            ExitCode::FAILURE
        }
    }
}
