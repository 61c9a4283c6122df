//! Email for notifications, through SMTP when it is configured; nothing is sent when it is not.
//!
//! The in-app inbox (`notifications`) is the record. A notification is mailed by a background
//! worker, never inside the request that caused it: a slow or broken mail server cannot delay
//! or fail a workflow step. The worker takes notifications of the last 24 hours whose recipient
//! has an email address, sends each once, and after a failure tries again later (1, 2, 4, …
//! minutes, at most [`MAX_ATTEMPTS`] times), keeping the last error beside the notification.
//! Each notification is claimed before it is sent, so several app servers on one database send
//! it once.

use super::AppState;
use super::config::{Config, SmtpSecurity};
use super::db::{Db, DbError, now};
use super::schema::{notifications, users};
use crate::with_conn;
use diesel::prelude::*;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub const MAX_ATTEMPTS: i64 = 8;
/// Notifications older than this are not mailed (the inbox still has them).
pub const MAIL_WINDOW_SECONDS: i64 = 24 * 3600;
/// How often the worker looks for notifications to mail.
pub const WORKER_INTERVAL: Duration = Duration::from_secs(20);
const BATCH: i64 = 100;
/// How long a worker holds a notification it is sending.
const LEASE_SECONDS: i64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("AKUNTABEL_SMTP_FROM {0:?} is not an email address: {1}")]
    BadSender(String, String),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("{0}")]
    Message(String),
    #[error("{0}")]
    Db(#[from] DbError),
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    /// `host:port`, for log lines.
    pub server: String,
}

impl Mailer {
    /// The mailer of the configuration, or `None` when no SMTP server is configured.
    pub fn from_config(config: &Config) -> Result<Option<Mailer>, MailError> {
        let Some(smtp) = &config.smtp else {
            return Ok(None);
        };
        let from: Mailbox = smtp.from.parse().map_err(|e| MailError::BadSender(smtp.from.clone(), format!("{e}")))?;
        let builder = match smtp.security {
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        };
        let mut builder = builder.port(smtp.port).timeout(Some(Duration::from_secs(30)));
        if let Some(username) = &smtp.username {
            let password = smtp.password.as_ref().map(|p| p.0.clone()).unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            public_url: config.public_url.clone(),
            server: format!("{}:{}", smtp.host, smtp.port),
        }))
    }

    async fn send(&self, pending: &Pending) -> Result<(), MailError> {
        let to = Mailbox::new(
            Some(pending.nama.clone()),
            pending.email.parse().map_err(|e| MailError::Message(format!("alamat {:?}: {e}", pending.email)))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!("[Akuntabel] {}", pending.message_id))
            .singlepart(
                // Quoted-printable keeps the text readable in the raw message and safe for any
                // relay, whatever characters a document title holds.
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::QuotedPrintable)
                    .body(body(&self.public_url, pending)),
            )
            .map_err(|e| MailError::Message(e.to_string()))?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// One notification waiting to be mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: i64,
    pub email: String,
    pub nama: String,
    pub document_id: Option<i64>,
    pub message_id: String,
    pub message_en: String,
    pub attempts: i64,
}

/// The plain-text body: Indonesian first, English below, and a link to the document.
pub fn body(public_url: &str, n: &Pending) -> String {
    let link = |label: &str| match n.document_id {
        Some(id) => format!("\n{label}: {public_url}/dokumen/{id}\n"),
        None => format!("\n{label}: {public_url}/kotak-masuk\n"),
    };
    format!(
        "Yth. {nama},\n\n{id_text}\n{link_id}\n---\n{en_text}\n{link_en}\n--\nSurel ini dikirim otomatis oleh \
         Akuntabel; pemberitahuan yang sama ada di Kotak Masuk aplikasi.\nThis email was sent automatically by \
         Akuntabel; the same notice is in the app's inbox.\n",
        nama = n.nama,
        id_text = n.message_id,
        link_id = link("Buka"),
        en_text = n.message_en,
        link_en = link("Open"),
    )
}

/// Minutes to wait before the next attempt after `attempts` failures: 1, 2, 4, … (capped at 2 h).
pub fn retry_delay_seconds(attempts: i64) -> i64 {
    60 * (1_i64 << attempts.clamp(0, 7)).min(120)
}

fn pending(db_conn: &mut super::db::DbConn, at: i64) -> Result<Vec<Pending>, DbError> {
    type Row = (i64, Option<String>, String, Option<i64>, String, String, i64);
    let rows: Vec<Row> = with_conn!(db_conn, |c| notifications::table
        .inner_join(users::table)
        .filter(notifications::emailed_at.is_null())
        .filter(notifications::email_attempts.lt(MAX_ATTEMPTS))
        .filter(notifications::created_at.ge(at - MAIL_WINDOW_SECONDS))
        .filter(notifications::email_next_at.is_null().or(notifications::email_next_at.le(at)))
        .filter(users::email.is_not_null())
        .filter(users::active.eq(true))
        .order(notifications::id)
        .limit(BATCH)
        .select((
            notifications::id,
            users::email,
            users::nama,
            notifications::document_id,
            notifications::message_id,
            notifications::message_en,
            notifications::email_attempts,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, email, nama, document_id, message_id, message_en, attempts)| {
            Some(Pending { id, email: email?, nama, document_id, message_id, message_en, attempts })
        })
        .collect())
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Mails what is waiting, once each; records success or the error and the next try.
pub async fn deliver_pending(db: &Db, mailer: &Mailer) -> Result<Delivery, MailError> {
    let at = now();
    let waiting = db.run(move |conn| pending(conn, at)).await?;
    let mut delivery = Delivery::default();
    for item in waiting {
        let id = item.id;
        // Claim the row first (a lease of LEASE_SECONDS), so that two app servers sharing one
        // database never both send it; a crash mid-send is retried once the lease runs out.
        let claimed = db
            .run(move |conn| {
                with_conn!(conn, |c| diesel::update(
                    notifications::table
                        .find(id)
                        .filter(notifications::emailed_at.is_null())
                        .filter(notifications::email_next_at.is_null().or(notifications::email_next_at.le(at)))
                )
                .set(notifications::email_next_at.eq(Some(at + LEASE_SECONDS)))
                .execute(c))
                .map_err(DbError::from)
            })
            .await?;
        if claimed == 0 {
            continue;
        }
        let outcome = mailer.send(&item).await;
        let attempts = item.attempts + 1;
        match outcome {
            Ok(()) => {
                delivery.sent += 1;
                db.run(move |conn| {
                    with_conn!(conn, |c| diesel::update(notifications::table.find(id))
                        .set((
                            notifications::emailed_at.eq(Some(now())),
                            notifications::email_attempts.eq(attempts),
                            notifications::email_error.eq(None::<String>),
                        ))
                        .execute(c))
                    .map_err(DbError::from)
                })
                .await?;
            }
            Err(error) => {
                delivery.failed += 1;
                tracing::warn!(notification = id, attempts, %error, "sending an email failed");
                let (text, next) = (error.to_string(), now() + retry_delay_seconds(attempts - 1));
                db.run(move |conn| {
                    with_conn!(conn, |c| diesel::update(notifications::table.find(id))
                        .set((
                            notifications::email_attempts.eq(attempts),
                            notifications::email_next_at.eq(Some(next)),
                            notifications::email_error.eq(Some(text.chars().take(500).collect::<String>())),
                        ))
                        .execute(c))
                    .map_err(DbError::from)
                })
                .await?;
            }
        }
    }
    Ok(delivery)
}

/// Starts the mail worker when SMTP is configured; logs either way so the operator knows.
pub fn spawn_worker(state: &AppState) -> Result<(), MailError> {
    let Some(mailer) = Mailer::from_config(&state.config)? else {
        tracing::info!("email is off: no AKUNTABEL_SMTP_HOST; notifications stay in the in-app inbox");
        return Ok(());
    };
    tracing::info!(server = %mailer.server, "email is on: notifications are also mailed");
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(WORKER_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match deliver_pending(&db, &mailer).await {
                Ok(Delivery { sent: 0, failed: 0 }) => {}
                Ok(d) => tracing::info!(sent = d.sent, failed = d.failed, "email pass"),
                Err(error) => tracing::error!(%error, "the email worker could not read its queue"),
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_two_hours() {
        let waits: Vec<i64> = (0..9).map(retry_delay_seconds).collect();
        assert_eq!(waits[..4], [60, 120, 240, 480]);
        assert_eq!(waits[8], 7200);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_body_speaks_indonesian_first_and_links_the_document() {
        let n = Pending {
            id: 1,
            email: "kabag@okikab.go.id".into(),
            nama: "Hj. Siti Aminah".into(),
            document_id: Some(42),
            message_id: "PK Dinas Pendidikan diajukan".into(),
            message_en: "PK of Dinas Pendidikan submitted".into(),
            attempts: 0,
        };
        let text = body("https://sakip.okikab.go.id", &n);
        assert!(text.starts_with("Yth. Hj. Siti Aminah,"));
        assert!(text.find("diajukan").unwrap() < text.find("submitted").unwrap());
        assert!(text.contains("https://sakip.okikab.go.id/dokumen/42"));
    }
}
