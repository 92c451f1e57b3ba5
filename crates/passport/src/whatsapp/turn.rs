//! A turn of the WhatsApp conversation: one message in, one reply out.
//!
//! The conversation is a menu; booking (office → date → session → type →
//! name, birth date, sex → NIK → confirm → a held booking, in
//! `turn/questions.rs`); `STATUS kode`; `BATAL kode` (with confirmation);
//! `BANTUAN`. Indonesian by default; English when the person writes in
//! English or asks (`EN`, `ENGLISH`). The state lives in
//! `passport_wa_conversations` and is forgotten after 30 minutes without a
//! message. Every message gets exactly one reply, through the outbox; a
//! message that cannot be understood gets a hint, never silence.
//!
//! Bookings use the web's own rules: the applicant is checked by
//! `check_applicant` (NIK format, birth date and sex against the NIK) and
//! booked by `store::book_in` with channel `whatsapp`, in one transaction
//! with the processed message id, the conversation and the reply
//! ([`wa::store_turn`]), so a message Meta delivers twice books once. The
//! NIK is asked last, checked in the message it arrives in and kept only as
//! the booking keeps it (blind index and masked form); replies never repeat
//! what was written. One active booking per WhatsApp number, unless the
//! number is linked to an account (then the account's limit applies).
//!
//! This module decides; it does not read text ([`super::parse`]), word
//! replies ([`super::wording`]) or run SQL and transactions ([`super::store`],
//! `crate::store`). The calls to the booking use cases (`check_applicant`,
//! `store::book_in`, `store::cancel`) are each in one small function here.

mod questions;

use std::sync::LazyLock;

use imigrasi_core::{BookingCode, IdentityError, OfficeZone, check_identity};
use imigrasi_platform::AppState;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr};

use super::conversation::{Conversation, Data, IDLE_MS, Step};
use super::parse::{self, Command};
use super::store::{self as wa, Stored, TurnOutcome};
use super::wording::{self, Reply, Say};
use crate::api::bookings::ApplicantBody;
use crate::app::{self, BookingError};
use crate::domain::BookingStatus;
use crate::store::{self, Applicant, BookingRequest, Origin, Slot};

/// Longest text considered (the rest is ignored).
const MAX_INPUT: usize = 500;
/// Most choices listed in one reply.
const MAX_CHOICES: usize = 9;

/// One incoming message.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// Meta's message id (`wamid…`).
    pub message_id: String,
    /// The sender's number.
    pub from: String,
    /// Our business number it was sent to.
    pub phone_number_id: String,
    /// The text, or `None` for a type we do not read (image, audio, …).
    pub text: Option<String>,
    /// The webhook request's id (for the audit log).
    pub request_id: String,
}

/// Messages of one number are handled one at a time in a process (other
/// processes are caught by the conversation's version).
static STRIPES: LazyLock<Vec<tokio::sync::Mutex<()>>> =
    LazyLock::new(|| (0..64).map(|_| tokio::sync::Mutex::new(())).collect());

fn stripe(number: &str) -> &'static tokio::sync::Mutex<()> {
    let h = number.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    &STRIPES[(h % STRIPES.len() as u64) as usize]
}

/// Handle one message: at most once per message id, with one reply.
pub async fn handle(state: &AppState, m: &Inbound) -> Result<(), DbErr> {
    let _guard = stripe(&m.from).lock().await;
    if wa::seen(&state.db, &m.message_id).await? {
        return Ok(());
    }
    for _ in 0..3 {
        let now = Timestamp::now();
        let stored = wa::load_conversation(&state.db, &m.from).await?;
        let before = stored.unwrap_or_else(|| Conversation::new(&m.from, &m.phone_number_id, now));
        let mut turn = Turn::new(state, before.clone(), now, &m.request_id);
        turn.conv.phone_number_id = m.phone_number_id.clone();
        match &m.text {
            Some(text) => turn.respond(text).await?,
            None => {
                turn.say(Say::UnsupportedType);
                turn.prompt_again(&state.db).await?;
            }
        }
        if let Some(Effect::Cancel(code)) = &turn.effect {
            let code = code.clone();
            turn.effect = None;
            turn.cancel_booking(&code).await?;
        }
        let stored = wa::store_turn(&state.db, &m.message_id, &before, now, async |txn| {
            if let Some(Effect::Book) = turn.effect {
                turn.effect = None;
                turn.book_collected(txn).await?;
            }
            Ok(TurnOutcome {
                reply: turn.reply.text(turn.lang()),
                notified: turn.notified.take(),
                conv: turn.conv,
            })
        })
        .await?;
        match stored {
            Stored::Done => return Ok(()),
            Stored::Duplicate => return Ok(()), // a concurrent delivery of the same message won
            Stored::Changed => continue,        // changed by another process: redo the turn
        }
    }
    Err(DbErr::Custom(
        "the conversation kept changing concurrently".into(),
    ))
}

/// Why the applicant's details were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// The birth date or sex does not match the NIK.
    Mismatch,
    /// Not a valid NIK.
    InvalidNik,
    /// Anything else (a detail collected earlier is no longer accepted).
    Other,
}

/// Check the applicant's details with the web's own rules
/// (`imigrasi_core::check_identity`).
fn check(state: &AppState, body: &ApplicantBody) -> Result<Applicant, Refused> {
    let c = check_identity(body.input()).map_err(|e| match e {
        IdentityError::Mismatch(_) => Refused::Mismatch,
        IdentityError::Nik(_) => Refused::InvalidNik,
        IdentityError::Fields(_) => Refused::Other,
    })?;
    Ok(app::settings(state).applicant(&c.nik, &c.full_name, c.birth_date, c.sex))
}

/// Book inside the turn's transaction (the reply and the booking commit
/// together): `app::book::book_within`.
async fn book(
    txn: &DatabaseTransaction,
    state: &AppState,
    req: &BookingRequest,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<(store::Booking, Slot), BookingError> {
    app::book::book_within(txn, state, req, origin, now).await
}

/// Cancel in its own transaction (`app::changes::cancel_checked`: the
/// linked number has shown it owns the booking).
async fn cancel(
    state: &AppState,
    code: &str,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<store::Booking, BookingError> {
    app::changes::cancel_checked(state, origin, code, now).await
}

/// A change the turn asks for, made with the store's own functions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Effect {
    /// Book with the collected data (inside the turn's transaction).
    Book,
    /// Cancel this booking (its own transaction, before the turn's).
    Cancel(String),
}

struct Turn<'a> {
    state: &'a AppState,
    conv: Conversation,
    now: Timestamp,
    request_id: &'a str,
    reply: Reply,
    effect: Option<Effect>,
    notified: Option<store::Booking>,
}

impl<'a> Turn<'a> {
    fn new(state: &'a AppState, conv: Conversation, now: Timestamp, request_id: &'a str) -> Self {
        Turn {
            state,
            conv,
            now,
            request_id,
            reply: Reply::default(),
            effect: None,
            notified: None,
        }
    }

    fn lang(&self) -> Lang {
        self.conv.lang
    }

    fn say(&mut self, what: Say<'_>) {
        self.reply.say(self.conv.lang, what);
    }

    fn reset(&mut self) {
        self.conv.step = Step::Menu;
        self.conv.data = Data::default();
    }

    fn db(&self) -> &'a Db {
        &self.state.db
    }

    fn origin(&self) -> Origin<'a> {
        Origin {
            actor: None,
            request_id: self.request_id,
        }
    }

    async fn respond(&mut self, raw: &str) -> Result<(), DbErr> {
        let text: String = raw.trim().chars().take(MAX_INPUT).collect();
        let idle = db::millis(self.now) - self.conv.updated_at > IDLE_MS;
        if self.conv.step == Step::Expired || (self.conv.step != Step::Menu && idle) {
            self.reset();
            self.say(Say::Expired);
        }
        let fuzzy = matches!(self.conv.step, Step::Menu | Step::Expired);
        let cmd = Command::parse(&text, fuzzy);
        if self.conv.step == Step::Menu
            && !matches!(cmd, Command::Lang(_))
            && let Some(l) = parse::detect_lang(&text)
        {
            self.conv.lang = l;
        }
        match cmd {
            Command::Lang(l) => {
                self.conv.lang = l;
                self.say(Say::LangSet);
                return self.prompt_again(self.db()).await;
            }
            Command::Help => {
                self.say(Say::Help);
                return self.prompt_again(self.db()).await;
            }
            Command::Menu => {
                self.reset();
                self.say(Say::Menu);
                return Ok(());
            }
            Command::Status(code) => return self.status(code.as_deref()).await,
            Command::Cancel(Some(code)) => return self.ask_cancel(&code).await,
            Command::Cancel(None) if self.conv.step.is_booking() => {
                self.reset();
                self.say(Say::Stopped);
                self.say(Say::Menu);
                return Ok(());
            }
            _ => {}
        }
        match self.conv.step {
            Step::Menu | Step::Expired => self.menu(cmd).await,
            Step::CancelConfirm => self.cancel_answer(cmd).await,
            _ => self.answer(&text, cmd).await,
        }
    }

    /// Say the question of the current step again (after help or a
    /// language change).
    async fn prompt_again(&mut self, c: &impl sea_orm::ConnectionTrait) -> Result<(), DbErr> {
        match self.conv.step {
            Step::Menu | Step::Expired => {
                self.reset();
                self.say(Say::Menu);
                Ok(())
            }
            Step::CancelConfirm => {
                let code = self.conv.data.cancel_code.clone().unwrap_or_default();
                self.say(Say::CancelAgain { code: &code });
                Ok(())
            }
            _ => {
                if !self.prompt(c).await? {
                    self.advance(c).await?;
                }
                Ok(())
            }
        }
    }

    async fn menu(&mut self, cmd: Command) -> Result<(), DbErr> {
        match cmd {
            Command::Number(1) | Command::Book => self.start_booking().await,
            Command::Number(2) => self.status(None).await,
            Command::Number(3) | Command::Cancel(None) => {
                match wa::active_booking_of_number(self.db(), &self.conv.number).await? {
                    Some(code) => self.ask_cancel(&code).await,
                    None => {
                        self.say(Say::CancelAskCode);
                        Ok(())
                    }
                }
            }
            Command::Number(4) => {
                self.say(Say::Help);
                Ok(())
            }
            Command::Greeting => {
                self.say(Say::Welcome);
                self.say(Say::Menu);
                Ok(())
            }
            _ => {
                if self.conv.is_new {
                    self.say(Say::Welcome);
                } else {
                    self.say(Say::NotUnderstood);
                }
                self.say(Say::Menu);
                Ok(())
            }
        }
    }

    /// The office's name, the session's date and hours, and the zone.
    async fn booking_reply_parts(
        &self,
        b: &store::Booking,
    ) -> Result<(String, String, String, OfficeZone), DbErr> {
        let office = offices::find(self.db(), &b.office_code).await?;
        let zone = office
            .as_ref()
            .and_then(Office::zone)
            .unwrap_or(OfficeZone::Jakarta);
        let name = office.map(|o| o.name).unwrap_or(b.office_code.clone());
        let (date, time) = match store::slot(self.db(), &b.slot_id).await? {
            Some(s) => (
                wording::date_text(&s.date.to_string()),
                wording::time_text(&s, zone),
            ),
            None => ("-".into(), "-".into()),
        };
        Ok((name, date, time, zone))
    }

    /// A booking this number may see, by a code as typed.
    async fn own_booking(&self, code: &str) -> Result<Option<store::Booking>, DbErr> {
        match BookingCode::parse(code) {
            Ok(c) => wa::booking_for_number(self.db(), &self.conv.number, c.as_str()).await,
            Err(_) => Ok(None),
        }
    }

    async fn status(&mut self, code: Option<&str>) -> Result<(), DbErr> {
        let code = match code {
            Some(c) => Some(c.to_owned()),
            None => wa::active_booking_of_number(self.db(), &self.conv.number).await?,
        };
        let Some(code) = code else {
            self.say(Say::StatusAskCode);
            return Ok(());
        };
        let Some(b) = self.own_booking(&code).await? else {
            self.say(Say::CodeNotFound);
            return Ok(());
        };
        let (office, date, time, zone) = self.booking_reply_parts(&b).await?;
        self.reply
            .push(wording::status(self.lang(), &b, &office, &date, &time));
        if b.status == BookingStatus::AwaitingPayment {
            self.reply.push(wording::status_pay(self.lang(), &b, zone));
        }
        Ok(())
    }

    async fn ask_cancel(&mut self, code: &str) -> Result<(), DbErr> {
        let Some(b) = self.own_booking(code).await? else {
            self.say(Say::CodeNotFound);
            return Ok(());
        };
        if !b.status.is_active() {
            self.say(Say::CancelRefused {
                code: &b.code,
                status: b.status,
            });
            return Ok(());
        }
        let (office, date, time, _) = self.booking_reply_parts(&b).await?;
        self.conv.step = Step::CancelConfirm;
        self.conv.data = Data {
            cancel_code: Some(b.code.clone()),
            ..Data::default()
        };
        self.say(Say::CancelConfirm {
            code: &b.code,
            office: &office,
            date: &date,
            time: &time,
        });
        Ok(())
    }

    async fn cancel_answer(&mut self, cmd: Command) -> Result<(), DbErr> {
        let code = self.conv.data.cancel_code.clone().unwrap_or_default();
        match cmd {
            Command::Yes => {
                self.effect = Some(Effect::Cancel(code));
                Ok(())
            }
            Command::No => {
                self.reset();
                self.say(Say::CancelKept { code: &code });
                Ok(())
            }
            _ => {
                self.say(Say::CancelAgain { code: &code });
                Ok(())
            }
        }
    }

    /// Cancel with the store's own function (its own transaction).
    async fn cancel_booking(&mut self, code: &str) -> Result<(), DbErr> {
        self.reset();
        let Some(b) = wa::booking_for_number(self.db(), &self.conv.number, code).await? else {
            self.say(Say::CodeNotFound);
            return Ok(());
        };
        match cancel(self.state, &b.code, self.origin(), self.now).await {
            Ok(updated) => {
                self.say(Say::CancelDone {
                    code: &updated.code,
                });
                self.notified = Some(updated);
                Ok(())
            }
            Err(BookingError::Db(e)) => Err(e),
            Err(_) => {
                let now = store::find_by_code(self.db(), &b.code).await?.unwrap_or(b);
                if now.status == BookingStatus::Cancelled {
                    self.say(Say::CancelDone { code: &now.code });
                } else {
                    self.say(Say::CancelRefused {
                        code: &now.code,
                        status: now.status,
                    });
                }
                Ok(())
            }
        }
    }
}
