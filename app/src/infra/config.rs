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
    /// Whether `public_url` was configured (not derived from `bind`): only then are requests
    /// for any other host name refused.
    pub public_url_configured: bool,
    pub cookie_secure: bool,
    pub session_idle_minutes: i64,
    pub session_max_hours: i64,
    pub login_window_minutes: i64,
    pub login_max_failures_per_account: i64,
    pub login_max_failures_per_ip: i64,
    /// How many proxies stand between the users and the server, each appending the address it
    /// saw to `X-Forwarded-For`: the client address is that many entries from the right. `0`: no
    /// proxy, the socket's peer is the client.
    pub trusted_proxies: usize,
    /// Where the built wasm/js/css live (`pkg/` below it).
    pub site_root: PathBuf,
    pub pool_size: u32,
    pub max_upload_bytes: u64,
    /// Where uploaded files are kept.
    pub file_store: FileStoreConfig,
    /// Outgoing mail; `None` means no email is ever sent (the in-app inbox still works).
    pub smtp: Option<SmtpConfig>,
    /// Threads that render pages and answer server functions, each request wholly on one of
    /// them (see `server::render`). `0` renders on the shared runtime (for measurements only).
    pub render_threads: usize,
    /// A page or server function that produces no next piece of its answer for this long is cut
    /// off and logged (a stalled stream).
    pub response_timeout_seconds: u64,
    /// A client must have sent its request headers this long after connecting (or after the
    /// previous answer on a kept-alive connection).
    pub header_timeout_seconds: u64,
    /// A request body that sends nothing for this long is cut off.
    pub idle_timeout_seconds: u64,
    /// The process exits when a runtime thread has made no progress for this long, so that its
    /// supervisor restarts it (see docs/OPERATIONS.md). `0` turns the watchdog off.
    pub watchdog_seconds: u64,
}

/// A value that must never reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStoreConfig {
    /// `<data_dir>/files`, the default.
    Local,
    /// An S3-compatible bucket (AWS, MinIO, Ceph, …).
    S3(S3Config),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    /// E.g. `http://127.0.0.1:9000` for MinIO; `None` means AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    /// Objects are stored below this prefix inside the bucket.
    pub prefix: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// STARTTLS on the submission port (587), the default.
    StartTls,
    /// TLS from the first byte (465).
    Tls,
    /// No encryption: only for a relay on the same host or a test server.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// The sender, e.g. `Akuntabel <sakip@okikab.go.id>`.
    pub from: String,
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
    trusted_proxies: Option<u64>,
    header_timeout_seconds: Option<u64>,
    idle_timeout_seconds: Option<u64>,
    site_root: Option<String>,
    pool_size: Option<u32>,
    max_upload_mb: Option<u64>,
    file_store: Option<String>,
    s3_bucket: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_access_key_id: Option<String>,
    s3_secret_access_key: Option<String>,
    s3_prefix: Option<String>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_security: Option<String>,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    smtp_from: Option<String>,
    render_threads: Option<u64>,
    response_timeout_seconds: Option<u64>,
    watchdog_seconds: Option<u64>,
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
        let mut file = match file_path {
            Some(path) => read_file(&path)?,
            None => FileConfig::default(),
        };
        let file_store = file_store_config(&env, &mut file)?;
        let smtp = smtp_config(&env, &mut file)?;

        let pick = |key: &str, from_file: Option<String>| env(key).or(from_file);
        let bind_text = pick("AKUNTABEL_BIND", file.bind).unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr = parse("AKUNTABEL_BIND", bind_text)?;
        let data_dir = PathBuf::from(pick("AKUNTABEL_DATA_DIR", file.data_dir).unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL")
            .or(env("AKUNTABEL_DATABASE_URL"))
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("akuntabel.db").display()));
        let configured_url = pick("AKUNTABEL_PUBLIC_URL", file.public_url);
        let public_url_configured = configured_url.is_some();
        let public_url = configured_url.unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_owned();
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
        // Like `int`, where 0 means "off".
        let count = |key: &str, from_file: Option<u64>, default: u64| -> Result<u64, ConfigError> {
            match env(key) {
                Some(v) => parse(key, v),
                None => Ok(from_file.unwrap_or(default)),
            }
        };
        let cores = std::thread::available_parallelism().map_or(2, usize::from) as u64;
        Ok(Config {
            file_store,
            smtp,
            bind,
            database_url,
            public_url,
            public_url_configured,
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
            trusted_proxies: count("AKUNTABEL_TRUSTED_PROXIES", file.trusted_proxies, 0)? as usize,
            site_root: PathBuf::from(
                pick("AKUNTABEL_SITE_ROOT", file.site_root).unwrap_or_else(|| "target/site".into()),
            ),
            pool_size: int("AKUNTABEL_POOL_SIZE", file.pool_size.map(i64::from), 8)? as u32,
            max_upload_bytes: int("AKUNTABEL_MAX_UPLOAD_MB", file.max_upload_mb.map(|v| v as i64), 20)? as u64
                * 1024
                * 1024,
            data_dir,
            render_threads: count("AKUNTABEL_RENDER_THREADS", file.render_threads, cores)? as usize,
            response_timeout_seconds: int(
                "AKUNTABEL_RESPONSE_TIMEOUT_SECONDS",
                file.response_timeout_seconds.map(|v| v as i64),
                30,
            )? as u64,
            watchdog_seconds: count("AKUNTABEL_WATCHDOG_SECONDS", file.watchdog_seconds, 20)?,
            header_timeout_seconds: int(
                "AKUNTABEL_HEADER_TIMEOUT_SECONDS",
                file.header_timeout_seconds.map(|v| v as i64),
                10,
            )? as u64,
            idle_timeout_seconds: int(
                "AKUNTABEL_IDLE_TIMEOUT_SECONDS",
                file.idle_timeout_seconds.map(|v| v as i64),
                30,
            )? as u64,
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

    /// The host (`name[:port]`, lower case, without the scheme's default port) that requests
    /// must be addressed to, when `public_url` was configured.
    pub fn public_host(&self) -> Option<String> {
        if !self.public_url_configured {
            return None;
        }
        let origin = self.public_origin();
        let (scheme, authority) = origin.split_once("://")?;
        Some(normal_host(authority, scheme == "https"))
    }

    /// Where uploaded files live, by their SHA-256.
    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }
}

/// A host as sent in `Host`, lower case and without the default port of the scheme.
pub fn normal_host(host: &str, https: bool) -> String {
    let host = host.trim().to_ascii_lowercase();
    let default_port = if https { ":443" } else { ":80" };
    host.strip_suffix(default_port).map(str::to_owned).unwrap_or(host)
}

/// A setting that is present and not blank.
fn given(env: &impl Fn(&str) -> Option<String>, key: &str, from_file: Option<String>) -> Option<String> {
    env(key).or(from_file).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn file_store_config(
    env: &impl Fn(&str) -> Option<String>,
    file: &mut FileConfig,
) -> Result<FileStoreConfig, ConfigError> {
    let kind = given(env, "AKUNTABEL_FILE_STORE", file.file_store.take()).unwrap_or_else(|| "local".into());
    match kind.to_ascii_lowercase().as_str() {
        "local" => Ok(FileStoreConfig::Local),
        "s3" => {
            let bucket =
                given(env, "AKUNTABEL_S3_BUCKET", file.s3_bucket.take()).ok_or_else(|| ConfigError::Value {
                    key: "AKUNTABEL_S3_BUCKET".into(),
                    value: String::new(),
                    reason: "required when AKUNTABEL_FILE_STORE=s3".into(),
                })?;
            let endpoint = given(env, "AKUNTABEL_S3_ENDPOINT", file.s3_endpoint.take());
            if let Some(url) = &endpoint
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(ConfigError::Value {
                    key: "AKUNTABEL_S3_ENDPOINT".into(),
                    value: url.clone(),
                    reason: "expected an http:// or https:// address".into(),
                });
            }
            Ok(FileStoreConfig::S3(S3Config {
                bucket,
                endpoint: endpoint.map(|u| u.trim_end_matches('/').to_owned()),
                region: given(env, "AKUNTABEL_S3_REGION", file.s3_region.take()).unwrap_or_else(|| "us-east-1".into()),
                access_key_id: given(env, "AKUNTABEL_S3_ACCESS_KEY_ID", file.s3_access_key_id.take()),
                secret_access_key: given(env, "AKUNTABEL_S3_SECRET_ACCESS_KEY", file.s3_secret_access_key.take())
                    .map(Secret),
                prefix: given(env, "AKUNTABEL_S3_PREFIX", file.s3_prefix.take())
                    .map(|p| p.trim_matches('/').to_owned())
                    .unwrap_or_default(),
            }))
        }
        _ => Err(ConfigError::Value {
            key: "AKUNTABEL_FILE_STORE".into(),
            value: kind,
            reason: "expected local or s3".into(),
        }),
    }
}

fn smtp_config(
    env: &impl Fn(&str) -> Option<String>,
    file: &mut FileConfig,
) -> Result<Option<SmtpConfig>, ConfigError> {
    let Some(host) = given(env, "AKUNTABEL_SMTP_HOST", file.smtp_host.take()) else {
        return Ok(None);
    };
    let security_text =
        given(env, "AKUNTABEL_SMTP_SECURITY", file.smtp_security.take()).unwrap_or_else(|| "starttls".into());
    let security = match security_text.to_ascii_lowercase().as_str() {
        "starttls" => SmtpSecurity::StartTls,
        "tls" => SmtpSecurity::Tls,
        "none" => SmtpSecurity::None,
        _ => {
            return Err(ConfigError::Value {
                key: "AKUNTABEL_SMTP_SECURITY".into(),
                value: security_text,
                reason: "expected starttls, tls or none".into(),
            });
        }
    };
    let port = match env("AKUNTABEL_SMTP_PORT") {
        Some(v) => parse("AKUNTABEL_SMTP_PORT", v)?,
        None => file.smtp_port.unwrap_or(match security {
            SmtpSecurity::Tls => 465,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::None => 25,
        }),
    };
    let from = given(env, "AKUNTABEL_SMTP_FROM", file.smtp_from.take()).ok_or_else(|| ConfigError::Value {
        key: "AKUNTABEL_SMTP_FROM".into(),
        value: String::new(),
        reason: "required when AKUNTABEL_SMTP_HOST is set (the sender address of every email)".into(),
    })?;
    Ok(Some(SmtpConfig {
        host,
        port,
        security,
        username: given(env, "AKUNTABEL_SMTP_USERNAME", file.smtp_username.take()),
        password: given(env, "AKUNTABEL_SMTP_PASSWORD", file.smtp_password.take()).map(Secret),
        from,
    }))
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
    fn without_smtp_settings_no_mail_is_configured_and_files_stay_local() {
        let config = load(&[]).unwrap();
        assert_eq!(config.smtp, None);
        assert_eq!(config.file_store, FileStoreConfig::Local);
    }

    #[test]
    fn an_smtp_host_needs_a_sender_and_the_password_never_prints() {
        let err = load(&[("AKUNTABEL_SMTP_HOST", "mail.okikab.go.id")]).unwrap_err();
        assert!(err.to_string().contains("AKUNTABEL_SMTP_FROM"));
        let config = load(&[
            ("AKUNTABEL_SMTP_HOST", "mail.okikab.go.id"),
            ("AKUNTABEL_SMTP_FROM", "Akuntabel <sakip@okikab.go.id>"),
            ("AKUNTABEL_SMTP_PASSWORD", "rahasia-sekali"),
        ])
        .unwrap();
        let smtp = config.smtp.clone().unwrap();
        assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::StartTls));
        assert!(!format!("{config:?}").contains("rahasia-sekali"));
    }

    #[test]
    fn an_s3_store_needs_a_bucket_and_an_http_endpoint() {
        let err = load(&[("AKUNTABEL_FILE_STORE", "s3")]).unwrap_err();
        assert!(err.to_string().contains("AKUNTABEL_S3_BUCKET"));
        let err = load(&[
            ("AKUNTABEL_FILE_STORE", "s3"),
            ("AKUNTABEL_S3_BUCKET", "b"),
            ("AKUNTABEL_S3_ENDPOINT", "minio:9000"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("AKUNTABEL_S3_ENDPOINT"));
        let config = load(&[
            ("AKUNTABEL_FILE_STORE", "s3"),
            ("AKUNTABEL_S3_BUCKET", "sakip"),
            ("AKUNTABEL_S3_ENDPOINT", "http://127.0.0.1:9000/"),
            ("AKUNTABEL_S3_PREFIX", "/oki/"),
        ])
        .unwrap();
        let FileStoreConfig::S3(s3) = config.file_store else { panic!("expected s3") };
        assert_eq!((s3.endpoint.as_deref(), s3.prefix.as_str()), (Some("http://127.0.0.1:9000"), "oki"));
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = load(&[("AKUNTABEL_SESSION_IDLE_MINUTES", "sepuluh")]).unwrap_err();
        assert!(err.to_string().contains("AKUNTABEL_SESSION_IDLE_MINUTES"));
    }
}
