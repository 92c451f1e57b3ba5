//! How booking requests are committed (`IMIGRASI_BOOKING_ENGINE`).
//!
//! - `direct`: each request in a write transaction of its own
//!   (`book::book`), about fourteen statements serialized on the session's
//!   row lock: at a release, one booking after the other.
//! - `grouped` (the default): one writer per process. Booking requests are
//!   queued to it; it takes what arrived within [`WINDOW`] (at most
//!   [`MAX_GROUP`]), decides and writes them in one transaction with
//!   set-based statements (`store::book_all`), commits, and only then
//!   answers each request: nothing acknowledged is lost. While a group
//!   commits the next one gathers, so the busier the release, the larger
//!   the groups. The database still enforces the capacity and one active
//!   booking per NIK, so several processes on one PostgreSQL stay correct.
//!   One bad request never fails its group: it is refused alone, and if the
//!   group as a whole cannot be written, each of its requests is booked
//!   alone through the direct path.
//!
//! Requests with an `Idempotency-Key`, WhatsApp turns and waitlist offers
//! are committed directly: each needs its own rows in the same transaction.

use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use imigrasi_platform::AppState;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::policy::Actor;
use sea_orm::{DatabaseTransaction, DbErr, RuntimeErr};
use tokio::sync::{mpsc, oneshot};

use super::book::Booked;
use super::{BookingError, Origin, settings};
use crate::store::{self, BookingRequest, BookingSettings, GroupItem, Outcome};

/// The most requests committed in one group.
pub const MAX_GROUP: usize = 256;
/// How long the writer waits for more requests after the first of a group.
pub const WINDOW: Duration = Duration::from_millis(2);
/// Requests that may wait for the writer before senders wait too.
const QUEUE: usize = 8192;

/// The booking engine (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BookingEngine {
    /// One transaction per request.
    Direct,
    /// One writer per process, committing requests in groups.
    #[default]
    Grouped,
}

impl BookingEngine {
    /// `direct` or `grouped`.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingEngine::Direct => "direct",
            BookingEngine::Grouped => "grouped",
        }
    }
}

impl FromStr for BookingEngine {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "direct" => Ok(BookingEngine::Direct),
            "grouped" => Ok(BookingEngine::Grouped),
            other => Err(format!(
                "unknown booking engine {other:?}: use direct or grouped"
            )),
        }
    }
}

impl std::fmt::Display for BookingEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The grouped engine's writer of one application, started on first use.
/// `imigrasi::Application::build` puts a fresh one in the service settings;
/// without one, requests are committed directly.
#[derive(Debug, Clone, Default)]
pub struct Writer(Arc<OnceLock<mpsc::Sender<Job>>>);

/// A queued request and where its answer goes.
#[derive(Debug)]
pub struct Job {
    req: BookingRequest,
    actor: Option<Actor>,
    request_id: String,
    reply: oneshot::Sender<Result<Booked, BookingError>>,
}

impl Job {
    fn origin(&self) -> Origin<'_> {
        Origin {
            actor: self.actor.as_ref(),
            request_id: &self.request_id,
        }
    }
}

/// Book `req` through this platform's engine.
pub(crate) async fn book(
    state: &AppState,
    req: BookingRequest,
    origin: Origin<'_>,
) -> Result<Booked, BookingError> {
    let writer = state.config.services.get::<Writer>();
    let writer = match (super::passport_settings(state).booking_engine, writer) {
        (BookingEngine::Grouped, Some(w)) => w,
        _ => return alone(&state.db, &settings(state), &req, origin).await,
    };
    store::precheck_known(&req.slot_id)?;
    let queue = writer.0.get_or_init(|| {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(state.db.clone(), settings(state), rx));
        tx
    });
    let (reply, answer) = oneshot::channel();
    let job = Job {
        req,
        actor: origin.actor.cloned(),
        request_id: origin.request_id.to_owned(),
        reply,
    };
    let stopped = || BookingError::Db(DbErr::Custom("the booking writer stopped".to_owned()));
    queue.send(job).await.map_err(|_| stopped())?;
    answer.await.map_err(|_| stopped())?
}

/// Book one request in a transaction of its own (the direct engine).
pub(crate) async fn alone(
    database: &Db,
    settings: &BookingSettings,
    req: &BookingRequest,
    origin: Origin<'_>,
) -> Result<Booked, BookingError> {
    store::precheck_full(database, &req.slot_id).await?;
    db::write(database, |txn: Arc<DatabaseTransaction>| async move {
        super::book::book_in(settings, &txn, req, origin).await
    })
    .await
}

/// The writer: gather a group, commit it, answer it; until every sender
/// is gone (the application stopped).
async fn run(database: Db, settings: BookingSettings, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_GROUP);
    loop {
        if queue.recv_many(&mut jobs, MAX_GROUP).await == 0 {
            return;
        }
        let window = tokio::time::sleep(WINDOW);
        tokio::pin!(window);
        while jobs.len() < MAX_GROUP {
            tokio::select! {
                () = &mut window => break,
                got = {
                    let room = MAX_GROUP - jobs.len();
                    queue.recv_many(&mut jobs, room)
                } => {
                    if got == 0 {
                        break;
                    }
                }
            }
        }
        commit(&database, &settings, std::mem::take(&mut jobs)).await;
    }
}

/// Commit one group and answer its requests.
async fn commit(database: &Db, settings: &BookingSettings, jobs: Vec<Job>) {
    let now = jiff::Timestamp::now();
    metrics::counter!("imigrasi_booking_groups_total").increment(1);
    metrics::counter!("imigrasi_booking_group_requests_total").increment(jobs.len() as u64);
    let decided = async {
        let txn = db::begin_write(database).await?;
        let items: Vec<GroupItem<'_>> = jobs
            .iter()
            .map(|j| GroupItem {
                req: &j.req,
                origin: j.origin(),
            })
            .collect();
        let outcomes = store::book_all(&txn, &items, settings, now).await?;
        txn.commit().await?;
        Ok::<_, DbErr>(outcomes)
    }
    .await;
    let outcomes = match decided {
        Ok(outcomes) => outcomes,
        Err(e) if db::is_unavailable(&e) => {
            // Perhaps during the commit: whether it committed is unknown,
            // so every request of the group is answered 503 (a client asks
            // again, and a booked NIK is then refused `already_booked`).
            tracing::warn!(error = %e, size = jobs.len(), "database lost while committing a booking group");
            for job in jobs {
                let lost = DbErr::Conn(RuntimeErr::Internal(e.to_string()));
                let _ = job.reply.send(Err(BookingError::Db(lost)));
            }
            return;
        }
        Err(e) => {
            tracing::warn!(error = %e, size = jobs.len(), "a booking group failed; booking its requests one by one");
            for job in jobs {
                book_alone(database, settings, job);
            }
            return;
        }
    };
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Booked(booked) => {
                let (booking, slot, zone) = *booked;
                let _ = job.reply.send(Ok(Booked {
                    booking,
                    slot,
                    zone,
                }));
            }
            Outcome::Refused(e) => {
                let _ = job.reply.send(Err(e.into()));
            }
            Outcome::Alone => book_alone(database, settings, job),
        }
    }
}

/// Book a request of a group that failed in a transaction of its own,
/// without holding up the writer.
fn book_alone(database: &Db, settings: &BookingSettings, job: Job) {
    let (database, settings) = (database.clone(), settings.clone());
    tokio::spawn(async move {
        let answer = alone(&database, &settings, &job.req, job.origin()).await;
        let _ = job.reply.send(answer);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_parse_and_print() {
        assert_eq!("direct".parse(), Ok(BookingEngine::Direct));
        assert_eq!(" grouped ".parse(), Ok(BookingEngine::Grouped));
        assert!("fast".parse::<BookingEngine>().is_err());
        assert_eq!(BookingEngine::default(), BookingEngine::Grouped);
        assert_eq!(BookingEngine::Direct.to_string(), "direct");
    }
}
