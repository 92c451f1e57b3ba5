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
//! A request with an `Idempotency-Key` reserves its key in the group's
//! transaction and stores its answer there, so a retry gets the same
//! answer. WhatsApp turns and waitlist offers are committed directly: each
//! has rows of its own in the same transaction.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use imigrasi_platform::AppState;
use imigrasi_platform::db::{self, Db, LostConnection};
use imigrasi_platform::idempotency::{self, IdempotencyError, Outcome as Reserved, Reservation};
use imigrasi_platform::policy::Actor;
use sea_orm::{DatabaseTransaction, DbErr, RuntimeErr};
use tokio::sync::{mpsc, oneshot};

use super::book::{Answer, Booked, Once, once_alone};
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
    once: Option<Once>,
    reply: oneshot::Sender<Result<Done, BookingError>>,
}

/// A queued request's answer.
#[derive(Debug)]
enum Done {
    /// Booked (a request without a key).
    Booked(Box<Booked>),
    /// The answer of a request with a key.
    Answer(Answer),
}

impl Job {
    fn origin(&self) -> Origin<'_> {
        Origin {
            actor: self.actor.as_ref(),
            request_id: &self.request_id,
        }
    }
}

fn stopped() -> BookingError {
    BookingError::Db(DbErr::Custom("the booking writer stopped".to_owned()))
}

/// Book `req` through this platform's engine.
pub(crate) async fn book(
    state: &AppState,
    req: BookingRequest,
    origin: Origin<'_>,
) -> Result<Booked, BookingError> {
    let Some(queue) = queue(state) else {
        return alone(&state.db, &settings(state), &req, origin).await;
    };
    match submit(queue, req, origin, None).await? {
        Done::Booked(booked) => Ok(*booked),
        Done::Answer(_) => Err(stopped()),
    }
}

/// Book an idempotent request through this platform's engine.
pub(crate) async fn book_once(
    state: &AppState,
    req: BookingRequest,
    origin: Origin<'_>,
    once: Once,
) -> Result<Answer, BookingError> {
    let Some(queue) = queue(state) else {
        return once_alone(&state.db, &settings(state), &req, origin, &once).await;
    };
    // A retry answered already is answered again, full session or not.
    if let Some(answer) =
        idempotency::lookup(&state.db, &once.request(), jiff::Timestamp::now()).await?
    {
        return Ok(Answer::Replay(answer));
    }
    match submit(queue, req, origin, Some(once)).await? {
        Done::Answer(answer) => Ok(answer),
        Done::Booked(_) => Err(stopped()),
    }
}

/// The writer's queue, started on first use; none with the direct engine.
fn queue(state: &AppState) -> Option<&mpsc::Sender<Job>> {
    let writer = state.config.services.get::<Writer>()?;
    if super::passport_settings(state).booking_engine != BookingEngine::Grouped {
        return None;
    }
    Some(writer.0.get_or_init(|| {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(state.db.clone(), settings(state), rx));
        tx
    }))
}

async fn submit(
    queue: &mpsc::Sender<Job>,
    req: BookingRequest,
    origin: Origin<'_>,
    once: Option<Once>,
) -> Result<Done, BookingError> {
    store::precheck_known(&req.slot_id)?;
    let (reply, answer) = oneshot::channel();
    let job = Job {
        req,
        actor: origin.actor.cloned(),
        request_id: origin.request_id.to_owned(),
        once,
        reply,
    };
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

/// What the group decided for one request.
enum Decision {
    /// Its answer.
    Answer(Result<Done, BookingError>),
    /// To be booked in a transaction of its own, after the group.
    Alone,
}

/// Commit one group and answer its requests.
async fn commit(database: &Db, settings: &BookingSettings, jobs: Vec<Job>) {
    metrics::counter!("imigrasi_booking_groups_total").increment(1);
    metrics::counter!("imigrasi_booking_group_requests_total").increment(jobs.len() as u64);
    let decisions = match decide(database, settings, &jobs).await {
        Ok(decisions) => decisions,
        Err(e) if e.connection_lost() => {
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
    for (job, decision) in jobs.into_iter().zip(decisions) {
        match decision {
            Decision::Answer(answer) => {
                let _ = job.reply.send(answer);
            }
            Decision::Alone => book_alone(database, settings, job),
        }
    }
}

/// Decide and commit one group: the keys of idempotent requests are
/// reserved first (a replay is answered from its stored answer; a key met
/// twice in one group waits for the group), then the bookings
/// (`store::book_all`), then each idempotent answer is stored, or its key
/// given up when refused.
async fn decide(
    database: &Db,
    settings: &BookingSettings,
    jobs: &[Job],
) -> Result<Vec<Decision>, BookingError> {
    let now = jiff::Timestamp::now();
    let txn = db::begin_write(database).await?;
    let mut decisions: Vec<Option<Decision>> = jobs.iter().map(|_| None).collect();
    let mut reservations: Vec<Option<Reservation>> = jobs.iter().map(|_| None).collect();
    let mut keys = HashSet::new();
    for (i, job) in jobs.iter().enumerate() {
        let Some(once) = &job.once else { continue };
        if !keys.insert((once.account_id.as_str(), once.key.as_str())) {
            decisions[i] = Some(Decision::Alone);
            continue;
        }
        match idempotency::reserve(&txn, &once.request(), now).await {
            Ok(Reserved::Reserved(r)) => reservations[i] = Some(r),
            Ok(Reserved::Replay(answer)) => {
                decisions[i] = Some(Decision::Answer(Ok(Done::Answer(Answer::Replay(answer)))));
            }
            Err(IdempotencyError::Db(e)) => return Err(e.into()),
            Err(e) => decisions[i] = Some(Decision::Answer(Err(e.into()))),
        }
    }
    let chosen: Vec<usize> = (0..jobs.len())
        .filter(|&i| decisions[i].is_none())
        .collect();
    let items: Vec<GroupItem<'_>> = chosen
        .iter()
        .map(|&i| GroupItem {
            req: &jobs[i].req,
            origin: jobs[i].origin(),
        })
        .collect();
    let outcomes = store::book_all(&txn, &items, settings, now).await?;
    for (&i, outcome) in chosen.iter().zip(outcomes) {
        let reservation = reservations[i].take();
        decisions[i] = Some(match (outcome, &jobs[i].once, reservation) {
            (Outcome::Booked(booked), once, reservation) => {
                let (booking, slot, zone) = *booked;
                let booked = Booked {
                    booking,
                    slot,
                    zone,
                };
                match (once, reservation) {
                    (Some(once), Some(r)) => {
                        let body = once.complete(&txn, r, &booked).await?;
                        Decision::Answer(Ok(Done::Answer(Answer::Fresh(body))))
                    }
                    _ => Decision::Answer(Ok(Done::Booked(Box::new(booked)))),
                }
            }
            (refused_or_alone, _, reservation) => {
                if let Some(r) = reservation {
                    idempotency::release(&txn, r).await?;
                }
                match refused_or_alone {
                    Outcome::Refused(e) => Decision::Answer(Err(e.into())),
                    _ => Decision::Alone,
                }
            }
        });
    }
    txn.commit().await?;
    decisions
        .into_iter()
        .map(|d| {
            d.ok_or_else(|| DbErr::Custom("a request of the group was not decided".into()).into())
        })
        .collect()
}

/// Book a request of a group in a transaction of its own, without holding
/// up the writer.
fn book_alone(database: &Db, settings: &BookingSettings, job: Job) {
    let (database, settings) = (database.clone(), settings.clone());
    tokio::spawn(async move {
        let origin = job.origin();
        let answer = match &job.once {
            Some(once) => once_alone(&database, &settings, &job.req, origin, once)
                .await
                .map(Done::Answer),
            None => alone(&database, &settings, &job.req, origin)
                .await
                .map(|b| Done::Booked(Box::new(b))),
        };
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
