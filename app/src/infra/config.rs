//! Configuration: defaults, then an optional TOML file, then environment variables (strongest).
//! The README's configuration table lists every key.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// The address users type, e.g. `https://sakip.okikab.go.id`; used for the Origin check and
    /// to decide whether cookies are `Secure`.
    pub public_url: String,
    pub cookie_secure: bool,
    pub session_idle_minutes: i64,
    pub session_max_hours: i64,
    pub login_window_minutes: i64,
    pub login_max_failures_per_account: i64,
    pub login_max_failures_per_ip: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// Where the built wasm/js/css live (`pkg/` below it).
    pub site_root: PathBuf,
    pub pool_size: u32,
    pub max_upload_bytes: u64,
}

/// The keys of the TOML file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    cookie_secure: Option<bool>,
    session_idle_minutes: Option<i64>,
    session_max_hours: Option<i64>,
    login_window_minutes: Option<i64>,
    login_max_failures_per_account: Option<i64>,
    login_max_failures_per_ip: Option<i64>,
    trust_proxy: Option<bool>,
    site_root: Option<String>,
    pool_size: Option<u32>,
    max_upload_mb: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
    #[error("configuration value {key}={value:?} is not valid: {reason}")]
    Value { key: String, value: String, reason: String },
}

fn parse<T: std::str::FromStr>(key: &str, value: String) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e: T::Err| ConfigError::Value { key: key.to_owned(), value, reason: e.to_string() })
}

fn parse_bool(key: &str, value: String) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Value { key: key.to_owned(), value, reason: "expected true or false".into() }),
    }
}

impl Config {
    /// Reads `AKUNTABEL_CONFIG` (or `./akuntabel.toml` when it exists) and the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::load(|key| std::env::var(key).ok())
    }

    /// `env` is the environment lookup, passed in so tests need not change the process's.
    pub fn load(env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let file_path = env("AKUNTABEL_CONFIG").map(PathBuf::from).or_else(|| {
            let default = PathBuf::from("akuntabel.toml");
            default.exists().then_some(default)
        });
        let file = match file_path {
            Some(path) => read_file(&path)?,
            None => FileConfig::default(),
        };

        let pick = |key: &str, from_file: Option<String>| env(key).or(from_file);
        let bind_text = pick("AKUNTABEL_BIND", file.bind).unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr = parse("AKUNTABEL_BIND", bind_text)?;
        let data_dir = PathBuf::from(pick("AKUNTABEL_DATA_DIR", file.data_dir).unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL")
            .or(env("AKUNTABEL_DATABASE_URL"))
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("akuntabel.db").display()));
        let public_url = pick("AKUNTABEL_PUBLIC_URL", file.public_url)
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_owned();
        let cookie_secure = match env("AKUNTABEL_COOKIE_SECURE") {
            Some(v) => parse_bool("AKUNTABEL_COOKIE_SECURE", v)?,
            None => file.cookie_secure.unwrap_or_else(|| public_url.starts_with("https://")),
        };
        let int = |key: &str, from_file: Option<i64>, default: i64| -> Result<i64, ConfigError> {
            let value = match env(key) {
                Some(v) => parse(key, v)?,
                None => from_file.unwrap_or(default),
            };
            if value <= 0 {
                return Err(ConfigError::Value {
                    key: key.into(),
                    value: value.to_string(),
                    reason: "must be positive".into(),
                });
            }
            Ok(value)
        };
        let trust_proxy = match env("AKUNTABEL_TRUST_PROXY") {
            Some(v) => parse_bool("AKUNTABEL_TRUST_PROXY", v)?,
            None => file.trust_proxy.unwrap_or(false),
        };
        Ok(Config {
            bind,
            database_url,
            public_url,
            cookie_secure,
            session_idle_minutes: int("AKUNTABEL_SESSION_IDLE_MINUTES", file.session_idle_minutes, 60)?,
            session_max_hours: int("AKUNTABEL_SESSION_MAX_HOURS", file.session_max_hours, 12)?,
            login_window_minutes: int("AKUNTABEL_LOGIN_WINDOW_MINUTES", file.login_window_minutes, 15)?,
            login_max_failures_per_account: int(
                "AKUNTABEL_LOGIN_MAX_FAILURES_PER_ACCOUNT",
                file.login_max_failures_per_account,
                5,
            )?,
            login_max_failures_per_ip: int("AKUNTABEL_LOGIN_MAX_FAILURES_PER_IP", file.login_max_failures_per_ip, 30)?,
            trust_proxy,
            site_root: PathBuf::from(
                pick("AKUNTABEL_SITE_ROOT", file.site_root).unwrap_or_else(|| "target/site".into()),
            ),
            pool_size: int("AKUNTABEL_POOL_SIZE", file.pool_size.map(i64::from), 8)? as u32,
            max_upload_bytes: int("AKUNTABEL_MAX_UPLOAD_MB", file.max_upload_mb.map(|v| v as i64), 20)? as u64
                * 1024
                * 1024,
            data_dir,
        })
    }

    /// The `scheme://host[:port]` that browsers send as `Origin`.
    pub fn public_origin(&self) -> String {
        let url = self.public_url.as_str();
        match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => url[..i + 3 + j].to_owned(),
                None => url.to_owned(),
            },
            None => url.to_owned(),
        }
    }

    /// Where uploaded files live, by their SHA-256.
    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::File { path: path.display().to_string(), reason: e.to_string() })?;
    toml::from_str(&text).map_err(|e| ConfigError::File { path: path.display().to_string(), reason: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::load(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_sqlite_in_the_data_directory_on_localhost_port_3000() {
        let config = load(&[("AKUNTABEL_CONFIG", "/nonexistent/none.toml")]);
        assert!(config.is_err(), "a named but missing file is an error");
        let config = load(&[]).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/akuntabel.db");
        assert!(!config.cookie_secure);
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure() {
        let config = load(&[("AKUNTABEL_PUBLIC_URL", "https://sakip.example.go.id/")]).unwrap();
        assert!(config.cookie_secure);
        assert_eq!(config.public_origin(), "https://sakip.example.go.id");
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = load(&[("AKUNTABEL_SESSION_IDLE_MINUTES", "sepuluh")]).unwrap_err();
        assert!(err.to_string().contains("AKUNTABEL_SESSION_IDLE_MINUTES"));
    }
}
