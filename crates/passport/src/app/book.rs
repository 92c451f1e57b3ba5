//! Booking an appointment: through the API (optionally idempotent), the
//! web form, WhatsApp; a returned place offered to the waitlist books
//! through [`crate::store::book_in`] inside the returning transaction.

use std::sync::Arc;

use axum::http::StatusCode;
use imigrasi_core::{CheckedIdentity, OfficeZone};
use imigrasi_platform::db::Db;
use imigrasi_platform::idempotency::{
    self, IdempotencyKey, Outcome, Request, Reservation, StoredAnswer,
};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, db};
use sea_orm::{DatabaseTransaction, DbErr};

use super::{BookingError, Origin, settings};
use crate::domain::{PassportType, Purpose, ServiceKind};
use crate::store::{self, Booking, BookingRequest, BookingSettings, Slot};

/// The idempotency scope of the booking route.
pub const IDEMPOTENCY_SCOPE: &str = "POST /api/v1/passport/bookings";

/// The command: who books which session for whom.
#[derive(Debug, Clone)]
pub struct Book {
    /// The slot.
    pub slot_id: String,
    /// The applicant, checked against the NIK (`imigrasi_core::check_identity`).
    pub applicant: CheckedIdentity,
    /// Passport type.
    pub passport_type: PassportType,
    /// New passport, renewal, replacement or data change.
    pub service: ServiceKind,
    /// Years of validity (5 or 10).
    pub validity_years: u8,
    /// Purpose of travel.
    pub purpose: Purpose,
    /// Declared married (the 10-year rule).
    pub married: bool,
    /// `api`, `web`, `whatsapp`.
    pub channel: &'static str,
}

/// A booking just made, with its session and the office's zone.
#[derive(Debug, Clone)]
pub struct Booked {
    /// The booking (awaiting payment).
    pub booking: Booking,
    /// Its session, counters updated.
    pub slot: Slot,
    /// The office's time zone.
    pub zone: OfficeZone,
}

/// What an idempotent booking answers.
#[derive(Debug)]
pub enum Answer {
    /// Booked now; the body as rendered (and stored for a retry).
    Fresh(serde_json::Value),
    /// The same request was answered before: its answer.
    Replay(StoredAnswer),
}

fn request(state: &AppState, account: Option<&Actor>, cmd: &Book) -> BookingRequest {
    let a = &cmd.applicant;
    BookingRequest {
        account_id: account.map(|a| a.id.clone()),
        slot_id: cmd.slot_id.trim().to_owned(),
        applicant: settings(state).applicant(&a.nik, &a.full_name, a.birth_date, a.sex),
        passport_type: cmd.passport_type,
        service: cmd.service,
        validity_years: cmd.validity_years,
        purpose: cmd.purpose,
        married: cmd.married,
        channel: cmd.channel,
        waitlist_id: None,
    }
}

fn authorize(actor: Option<&Actor>) -> Result<(), BookingError> {
    match actor {
        Some(a) => {
            policy::authorize(a, Permission::BookAppointment).map_err(|_| BookingError::Forbidden)
        }
        None => Ok(()),
    }
}

/// Book inside a write transaction the caller commits, with the office's
/// zone (the direct engine's step).
pub(crate) async fn book_in(
    settings: &BookingSettings,
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    origin: Origin<'_>,
) -> Result<Booked, BookingError> {
    let (booking, slot) =
        store::book_in(txn, req, settings, origin, jiff::Timestamp::now()).await?;
    // Inside the transaction: asking the pool for a second connection here
    // could wait on ourselves under load.
    let zone = store::office_zone(txn, &booking.office_code).await?;
    Ok(Booked {
        booking,
        slot,
        zone,
    })
}

/// Book inside a transaction the caller owns (the WhatsApp turn, whose
/// reply commits with the booking). The request is already checked.
pub async fn book_within(
    txn: &DatabaseTransaction,
    state: &AppState,
    req: &BookingRequest,
    origin: Origin<'_>,
    now: jiff::Timestamp,
) -> Result<(Booking, Slot), BookingError> {
    Ok(store::book_in(txn, req, &settings(state), origin, now).await?)
}

/// Book for `account` (none for channels without an account), through the
/// platform's engine (`engine`: grouped or direct). The slot's counter
/// decides (a full slot is refused before any write when it is known to be
/// full).
pub async fn book(
    state: &AppState,
    account: Option<&Actor>,
    origin: Origin<'_>,
    cmd: Book,
) -> Result<Booked, BookingError> {
    authorize(account)?;
    let req = request(state, account, &cmd);
    super::engine::book(state, req, origin).await
}

/// Book once per `Idempotency-Key`: the same key and request give the first
/// answer again (`render` makes it from the booking), the same key with
/// another request is refused (`idempotency_key_reused`). Through the
/// platform's engine, like [`book`].
pub async fn book_once<R>(
    state: &AppState,
    account: &Actor,
    origin: Origin<'_>,
    cmd: Book,
    key: &IdempotencyKey,
    render: R,
) -> Result<Answer, BookingError>
where
    R: Fn(&Booked) -> Result<serde_json::Value, DbErr> + Send + Sync + 'static,
{
    authorize(Some(account))?;
    let req = request(state, Some(account), &cmd);
    let fingerprint = idempotency::fingerprint(&[
        req.slot_id.as_bytes(),
        req.applicant.nik_index.as_bytes(),
        req.applicant.full_name.as_bytes(),
        req.applicant.birth_date.to_string().as_bytes(),
        req.applicant.sex.as_str().as_bytes(),
        req.passport_type.as_str().as_bytes(),
        req.service.as_str().as_bytes(),
        &[req.validity_years],
        req.purpose.as_str().as_bytes(),
        &[u8::from(req.married)],
    ]);
    let once = Once {
        account_id: account.id.clone(),
        key: key.clone(),
        fingerprint,
        render: Box::new(render),
    };
    super::engine::book_once(state, req, origin, once).await
}

/// Makes an idempotent booking's answer from the booking.
pub(crate) type Render =
    Box<dyn Fn(&Booked) -> Result<serde_json::Value, DbErr> + Send + Sync + 'static>;

/// What makes a booking request idempotent: its key and fingerprint, and
/// how its answer is made to be stored.
pub(crate) struct Once {
    /// The account asking.
    pub account_id: String,
    /// The client's key.
    pub key: IdempotencyKey,
    /// The request's fingerprint.
    pub fingerprint: String,
    /// The answer from the booking.
    pub render: Render,
}

impl std::fmt::Debug for Once {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Once")
            .field("account_id", &self.account_id)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Once {
    /// The idempotency request.
    pub fn request(&self) -> Request<'_> {
        Request {
            account_id: &self.account_id,
            scope: IDEMPOTENCY_SCOPE,
            key: &self.key,
            fingerprint: &self.fingerprint,
        }
    }

    /// Store `booked`'s answer under the reserved key, in its transaction.
    pub async fn complete(
        &self,
        txn: &DatabaseTransaction,
        reservation: Reservation,
        booked: &Booked,
    ) -> Result<serde_json::Value, DbErr> {
        let body = (self.render)(booked)?;
        let stored = StoredAnswer::new(StatusCode::CREATED, body.clone());
        idempotency::complete(txn, reservation, &stored).await?;
        Ok(body)
    }
}

/// Book an idempotent request in a transaction of its own (the direct
/// engine).
pub(crate) async fn once_alone(
    database: &Db,
    settings: &BookingSettings,
    req: &BookingRequest,
    origin: Origin<'_>,
    once: &Once,
) -> Result<Answer, BookingError> {
    let now = jiff::Timestamp::now();
    // A retry answered already is answered again, full session or not.
    if let Some(answer) = idempotency::lookup(database, &once.request(), now).await? {
        return Ok(Answer::Replay(answer));
    }
    store::precheck_full(database, &req.slot_id).await?;
    db::write(database, |txn: Arc<DatabaseTransaction>| async move {
        let reservation = match idempotency::reserve(&*txn, &once.request(), now).await? {
            Outcome::Replay(answer) => return Ok(Answer::Replay(answer)),
            Outcome::Reserved(r) => r,
        };
        let booked = book_in(settings, &txn, req, origin).await?;
        let body = once.complete(&txn, reservation, &booked).await?;
        Ok(Answer::Fresh(body))
    })
    .await
}
