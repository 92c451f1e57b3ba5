//! Delivering the outbox: e-mail over SMTP and WhatsApp through the Graph
//! API, with retries and exponential backoff, at most once per message id.
//!
//! [`deliver_due`] claims the rows due now (see [`crate::outbox`]), renders
//! each in its language ([`templates`]), sends it and records the outcome.
//! [`spawn`] runs it every few seconds in `imigrasi serve`; tests call it
//! directly with their own [`Delivery`].
//!
//! A worker that dies mid-send leaves its row `sending` with a lease; once
//! the lease expires (60 s) the next run claims and sends it again, so a
//! message is never lost. Sends time out well inside the lease, so a live
//! worker never loses its row to another one; a row marked `sent` is never
//! claimed again.

pub mod admin;
pub mod email;
pub mod templates;
pub mod whatsapp_client;

use std::time::Duration;

use sea_orm::DbErr;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;

use crate::db::Db;
use crate::outbox::{self, Claimed, status};
use crate::state::{AppState, Config};

pub use admin::{NotifyApi, router};
pub use email::Mailer;
pub use whatsapp_client::WhatsAppClient;

/// How long a claim lasts before another worker may take the row over.
pub const LEASE: Duration = Duration::from_secs(60);
/// How often the worker looks for due messages.
pub const POLL_INTERVAL: Duration = Duration::from_secs(3);
/// Rows claimed per round.
pub const BATCH: u64 = 50;

/// A configuration mistake found at start-up.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct SetupError(pub String);

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Handed to the SMTP server or the Graph API.
    Sent,
    /// No transport configured: written to the log.
    Logged,
}

/// Why a send failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Retrying cannot help (bad address, refused for good).
    pub permanent: bool,
    /// What went wrong (no personal data beyond the address).
    pub message: String,
}

impl SendError {
    /// A failure worth retrying later.
    pub fn transient(message: impl Into<String>) -> SendError {
        SendError {
            permanent: false,
            message: message.into(),
        }
    }

    /// A failure retrying cannot fix.
    pub fn permanent(message: impl Into<String>) -> SendError {
        SendError {
            permanent: true,
            message: message.into(),
        }
    }
}

/// The transports and limits of a delivery run.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// E-mail.
    pub mailer: Mailer,
    /// WhatsApp.
    pub whatsapp: WhatsAppClient,
    /// Claim lease.
    pub lease: Duration,
    /// Rows claimed per round.
    pub batch: u64,
}

/// The settings a [`Delivery`] is built from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `smtp://…`, or none to log e-mail.
    pub smtp_url: Option<String>,
    /// Sender address.
    pub mail_from: String,
    /// Graph API base (`http://…`).
    pub whatsapp_api_base: String,
    /// Graph API token, or none to log WhatsApp messages.
    pub whatsapp_token: Option<SecretString>,
}

impl Settings {
    /// The delivery settings of a configuration.
    pub fn from_config(c: &Config) -> Settings {
        Settings {
            smtp_url: c.smtp_url.as_ref().map(|u| u.expose_secret().to_owned()),
            mail_from: c.mail_from.clone(),
            whatsapp_api_base: c.whatsapp_api_base.clone(),
            whatsapp_token: c.whatsapp_token.clone(),
        }
    }
}

impl Delivery {
    /// Build the transports; a bad URL or address is a [`SetupError`].
    pub fn new(s: &Settings) -> Result<Delivery, SetupError> {
        Ok(Delivery {
            mailer: Mailer::new(s.smtp_url.as_deref(), &s.mail_from)?,
            whatsapp: WhatsAppClient::new(&s.whatsapp_api_base, s.whatsapp_token.clone())?,
            lease: LEASE,
            batch: BATCH,
        })
    }

    /// The delivery of a configuration.
    pub fn from_config(c: &Config) -> Result<Delivery, SetupError> {
        Delivery::new(&Settings::from_config(c))
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Handed to a transport.
    pub sent: usize,
    /// Written to the log.
    pub logged: usize,
    /// Failed, to be retried.
    pub retrying: usize,
    /// Given up.
    pub failed: usize,
}

impl Report {
    /// Messages settled or rescheduled in the run.
    pub fn total(&self) -> usize {
        self.sent + self.logged + self.retrying + self.failed
    }
}

async fn send_one(db: &Db, d: &Delivery, c: &Claimed) -> Result<Outcome, SendError> {
    let row = &c.row;
    let rendered = templates::render(db, &row.template, row.lang, &row.payload)
        .await
        .map_err(|e| SendError::transient(format!("rendering: {e}")))?;
    match row.channel.as_str() {
        "email" => {
            d.mailer
                .send(
                    &row.id,
                    &row.recipient,
                    &rendered,
                    &row.lang.t("notify-footer"),
                )
                .await
        }
        "whatsapp" => {
            let phone_number_id = row
                .payload
                .get("phone_number_id")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            d.whatsapp
                .send_text(
                    &row.id,
                    &row.template,
                    phone_number_id,
                    &row.recipient,
                    &rendered.as_text(),
                )
                .await
        }
        other => Err(SendError::permanent(format!("unknown channel {other}"))),
    }
}

/// Deliver every message due at `now`, batch after batch, until none is
/// left. Safe to run in several processes at once.
pub async fn deliver_due(db: &Db, d: &Delivery, now: jiff::Timestamp) -> Result<Report, DbErr> {
    deliver(db, d, now, None).await
}

/// [`deliver_due`], stopping between two messages once `stop` turns true
/// (claimed rows not sent yet are handed back at once).
async fn deliver(
    db: &Db,
    d: &Delivery,
    now: jiff::Timestamp,
    stop: Option<&watch::Receiver<bool>>,
) -> Result<Report, DbErr> {
    let stopping = || stop.is_some_and(|s| *s.borrow());
    let mut report = Report::default();
    loop {
        if stopping() {
            return Ok(report);
        }
        let claimed = outbox::claim_due(db, now, d.lease, d.batch).await?;
        if claimed.is_empty() {
            return Ok(report);
        }
        for (i, c) in claimed.iter().enumerate() {
            if stopping() {
                for rest in &claimed[i..] {
                    outbox::release(db, rest).await?;
                }
                return Ok(report);
            }
            let result = if c.row.attempts > outbox::MAX_ATTEMPTS {
                // Its worker died during the last allowed attempt.
                Err(SendError::permanent(
                    "gave up: the last attempt was interrupted",
                ))
            } else {
                send_one(db, d, c).await
            };
            let done_at = now.max(jiff::Timestamp::now());
            let channel = c.row.channel.clone();
            match result {
                Ok(outcome) => {
                    let to = match outcome {
                        Outcome::Sent => status::SENT,
                        Outcome::Logged => status::LOGGED,
                    };
                    if outbox::mark_done(db, c, to, done_at).await? {
                        match outcome {
                            Outcome::Sent => report.sent += 1,
                            Outcome::Logged => report.logged += 1,
                        }
                        metrics::counter!("outbox_messages_total", "channel" => channel, "outcome" => to)
                            .increment(1);
                    } else {
                        tracing::warn!(outbox_id = %c.row.id, "outbox claim lost before marking sent");
                    }
                }
                Err(e) => {
                    let written =
                        outbox::mark_failed(db, c, &e.message, e.permanent, done_at).await?;
                    tracing::warn!(
                        outbox_id = %c.row.id,
                        channel = %c.row.channel,
                        attempts = c.row.attempts,
                        status = written.unwrap_or("claim lost"),
                        error = %e.message,
                        "outbox delivery failed"
                    );
                    let outcome = match written {
                        Some(status::FAILED) => {
                            report.failed += 1;
                            "failed"
                        }
                        Some(_) => {
                            report.retrying += 1;
                            "retrying"
                        }
                        None => "claim_lost",
                    };
                    metrics::counter!("outbox_messages_total", "channel" => channel, "outcome" => outcome)
                        .increment(1);
                }
            }
        }
    }
}

/// The running delivery worker.
#[derive(Debug)]
pub struct Worker {
    stop: watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

impl Worker {
    /// Stop between two messages (waiting at most `grace` for the one being
    /// sent), so that a restart does not cut a send in half; claimed rows
    /// not sent yet are handed back.
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut handle = self.handle;
        if tokio::time::timeout(grace, &mut handle).await.is_err() {
            // Its row is resent once the lease expires.
            handle.abort();
        }
    }
}

/// Run the delivery worker (only when `config.outbox_worker` is on). Check
/// the settings first with [`Delivery::from_config`]: here a bad setting is
/// logged and the worker does not start.
pub fn spawn(state: AppState) -> Option<Worker> {
    if !state.config.outbox_worker {
        return None;
    }
    let delivery = match Delivery::from_config(&state.config) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "outbox delivery disabled");
            return None;
        }
    };
    if matches!(delivery.mailer, Mailer::Log) {
        tracing::info!("no IMIGRASI_SMTP_URL: e-mail is written to the log and /admin/outbox");
    }
    if !delivery.whatsapp.is_live() {
        tracing::info!(
            "no IMIGRASI_WHATSAPP_TOKEN: WhatsApp messages are not sent; read them on /admin/outbox"
        );
    }
    let (stop, mut stop_rx) = watch::channel(false);
    let handle = tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop_rx.changed() => {}
            }
            if *stop_rx.borrow() {
                return;
            }
            match deliver(&state.db, &delivery, jiff::Timestamp::now(), Some(&stop_rx)).await {
                Ok(r) if r.total() > 0 => tracing::info!(
                    sent = r.sent,
                    logged = r.logged,
                    retrying = r.retrying,
                    failed = r.failed,
                    "outbox delivered"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox delivery round failed"),
            }
        }
    });
    Some(Worker { stop, handle })
}
