//! The WhatsApp conversation: a menu; booking (office → date → session →
//! type → name, birth date, sex → NIK → confirm → a held booking);
//! `STATUS kode`; `BATAL kode` (with confirmation); `BANTUAN`.
//!
//! Indonesian by default; English when the person writes in English or
//! asks (`EN`, `ENGLISH`). The state (step and collected data) lives in
//! `passport_wa_conversations` and is forgotten after 30 minutes without a
//! message. Every message gets exactly one reply, through the outbox; a
//! message that cannot be understood gets a hint, never silence.
//!
//! Bookings use the web's own rules: the applicant is checked by
//! `check_applicant` (NIK format, birth date and sex against the NIK) and
//! booked by `store::book_in` with channel `whatsapp`, in one transaction
//! with the processed message id, the conversation and the reply, so a
//! message Meta delivers twice books once. The NIK is asked last, checked
//! in the message it arrives in and kept only as the booking keeps it
//! (blind index and masked form); replies never repeat what was written.
//!
//! One active booking per WhatsApp number, unless the number is linked to
//! an account (`passport_wa_numbers.account_id`; then the account's limit
//! applies). Linking a number to an account is not offered yet.

use std::sync::LazyLock;

use imigrasi_core::{BookingCode, Nik, NikError, OfficeZone, Rupiah, Sex};
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::templates::TEXT_TEMPLATE;
use imigrasi_platform::offices::{self, Office};
use imigrasi_platform::{AppState, outbox};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::store::{self as wa, Conversation};
use crate::api::booking_settings;
use crate::api::bookings::{ApplicantBody, check_applicant};
use crate::domain::{self, BookingStatus, Category, PassportType, ServiceKind};
use crate::store::{self, Applicant, BookError, BookingRequest, Origin, Slot};

/// A conversation idle this long starts over.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// Longest text considered (the rest is ignored).
const MAX_INPUT: usize = 500;
/// Most choices listed in one reply.
const MAX_CHOICES: usize = 9;

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The menu (nothing collected).
    Menu,
    /// Idle too long: what was collected has been forgotten.
    Expired,
    /// Waiting for an office.
    Office,
    /// Waiting for a date.
    Date,
    /// Waiting for a session.
    Session,
    /// Waiting for the passport type and service.
    Kind,
    /// Waiting for the applicant's name.
    Name,
    /// Waiting for the birth date.
    Birth,
    /// Waiting for the sex.
    Sex,
    /// Waiting for the NIK.
    Nik,
    /// Waiting for YES to book.
    Confirm,
    /// Waiting for YES to cancel `cancel_code`.
    CancelConfirm,
}

impl Step {
    const ALL: [Step; 12] = [
        Step::Menu,
        Step::Expired,
        Step::Office,
        Step::Date,
        Step::Session,
        Step::Kind,
        Step::Name,
        Step::Birth,
        Step::Sex,
        Step::Nik,
        Step::Confirm,
        Step::CancelConfirm,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Menu => "menu",
            Step::Expired => "expired",
            Step::Office => "office",
            Step::Date => "date",
            Step::Session => "session",
            Step::Kind => "kind",
            Step::Name => "name",
            Step::Birth => "birth",
            Step::Sex => "sex",
            Step::Nik => "nik",
            Step::Confirm => "confirm",
            Step::CancelConfirm => "cancel_confirm",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    fn is_booking(self) -> bool {
        !matches!(self, Step::Menu | Step::Expired | Step::CancelConfirm)
    }
}

/// What a conversation collected (only what a booking stores).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Data {
    /// Office code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The numbered choices of the current question (codes, dates, slot ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// Office-local date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Slot id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_id: Option<String>,
    /// `regular` or `electronic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passport_type: Option<String>,
    /// `new` or `renewal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Applicant's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Applicant's birth date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// `M` or `F`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Blind index of the NIK (never the NIK).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik_index: Option<String>,
    /// The NIK, masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik_masked: Option<String>,
    /// The booking to cancel once confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_code: Option<String>,
}

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
                turn.say("wa-unsupported-type");
                turn.prompt_again(&state.db).await?;
            }
        }
        if let Some(Effect::Cancel(code)) = &turn.effect {
            let code = code.clone();
            turn.effect = None;
            turn.cancel(&code).await?;
        }
        let txn = db::begin_write(&state.db).await?;
        if !wa::record_message(&txn, &m.message_id, &m.from, now).await? {
            return Ok(()); // a concurrent delivery of the same message won
        }
        if !wa::claim_conversation(&txn, &before, now).await? {
            continue; // changed by another process: redo the turn
        }
        wa::ensure_number(&txn, &m.from, now).await?;
        if let Some(Effect::Book) = turn.effect {
            turn.effect = None;
            turn.book(&txn).await?;
        }
        if let Some(b) = &turn.notified {
            wa::mark_notified(&txn, b).await?;
        }
        wa::save_conversation(&txn, &turn.conv, now).await?;
        let text = turn.reply_text();
        outbox::enqueue(
            &txn,
            outbox::Message {
                channel: "whatsapp",
                recipient: &m.from,
                template: TEXT_TEMPLATE,
                lang: turn.conv.lang,
                payload: serde_json::json!({"phone_number_id": m.phone_number_id, "text": text}),
            },
        )
        .await?;
        txn.commit().await?;
        return Ok(());
    }
    Err(DbErr::Custom(
        "the conversation kept changing concurrently".into(),
    ))
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
    replies: Vec<String>,
    effect: Option<Effect>,
    notified: Option<store::Booking>,
}

/// What the person asked for, read loosely (case, spacing, one typo).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Command {
    Lang(Lang),
    Help,
    Menu,
    Greeting,
    Status(Option<String>),
    Cancel(Option<String>),
    Yes,
    No,
    Restart,
    Book,
    Number(usize),
    Other,
}

const YES: &[&str] = &[
    "YA", "Y", "YES", "IYA", "IYAA", "YAA", "OK", "OKE", "OKAY", "SETUJU", "BENAR", "BETUL", "SIAP",
];
const NO: &[&str] = &[
    "TIDAK", "T", "NO", "N", "NGGAK", "GAK", "ENGGAK", "NOPE", "JANGAN", "BUKAN", "TDK",
];
const GREETINGS: &[&str] = &[
    "HALO",
    "HALLO",
    "HELO",
    "HELLO",
    "HAI",
    "HI",
    "HEY",
    "PAGI",
    "SIANG",
    "SORE",
    "MALAM",
    "SELAMAT",
    "ASSALAMUALAIKUM",
    "START",
    "MULAI",
    "GOOD",
];
const BOOK: &[&str] = &[
    "DAFTAR",
    "PESAN",
    "BOOK",
    "BOOKING",
    "ANTRE",
    "ANTRI",
    "ANTREAN",
    "JADWAL",
    "RESERVASI",
];

/// Edit distance of at most one (one letter changed, added, removed or two swapped).
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut i = 0;
    while i < a.len().min(b.len()) && a[i] == b[i] {
        i += 1;
    }
    if a.len() == b.len() {
        a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if a.len() > b.len() {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

fn is_word(token: &str, words: &[&str], fuzzy: bool) -> bool {
    words
        .iter()
        .any(|w| if fuzzy { near(token, w) } else { token == *w })
}

fn code_from(tokens: &[&str]) -> Option<String> {
    let joined: String = tokens
        .concat()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    (!joined.is_empty()).then_some(joined)
}

impl Command {
    /// Read a message; `fuzzy` forgives one typo in command words (only at
    /// the menu: while booking, "Batam" is a city, not a mistyped BATAL).
    fn parse(text: &str, fuzzy: bool) -> Command {
        let upper = text.trim().to_uppercase();
        let cleaned: String = upper
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '?' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let tokens: Vec<&str> = cleaned.split_whitespace().collect();
        let Some(first) = tokens.first().copied() else {
            return Command::Other;
        };
        let whole = tokens.join(" ");
        match whole.as_str() {
            "EN" | "ENG" | "ENGLISH" | "INGGRIS" | "BAHASA INGGRIS" | "IN ENGLISH"
            | "ENGLISH PLEASE" => return Command::Lang(Lang::En),
            "ID" | "INDO" | "INDONESIA" | "INDONESIAN" | "BAHASA" | "BAHASA INDONESIA" => {
                return Command::Lang(Lang::Id);
            }
            "?" => return Command::Help,
            "ULANG" | "RESTART" | "ULANGI" | "START OVER" => return Command::Restart,
            _ => {}
        }
        if tokens.len() == 1
            && let Ok(n) = first.parse::<usize>()
        {
            return Command::Number(n);
        }
        if tokens.len() <= 2 && is_word(first, &["BANTUAN", "HELP", "TOLONG", "INFO"], fuzzy) {
            return Command::Help;
        }
        if tokens.len() == 1 && is_word(first, &["MENU"], fuzzy) {
            return Command::Menu;
        }
        if is_word(first, &["STATUS", "CEK", "CHECK"], fuzzy) && tokens.len() <= 3 {
            return Command::Status(code_from(&tokens[1..]));
        }
        if is_word(first, &["BATAL", "BATALKAN", "CANCEL"], fuzzy) && tokens.len() <= 3 {
            return Command::Cancel(code_from(&tokens[1..]));
        }
        if tokens.len() <= 2 && is_word(first, YES, fuzzy) {
            return Command::Yes;
        }
        if tokens.len() <= 2 && is_word(first, NO, fuzzy) {
            return Command::No;
        }
        let asks_other = tokens.iter().any(|t| {
            is_word(
                t,
                &["BATAL", "BATALKAN", "CANCEL", "STATUS", "CEK", "CHECK"],
                fuzzy,
            )
        });
        if tokens.len() <= 10 && !asks_other && tokens.iter().any(|t| is_word(t, BOOK, fuzzy)) {
            return Command::Book;
        }
        if tokens.len() <= 3 && is_word(first, GREETINGS, fuzzy) {
            return Command::Greeting;
        }
        Command::Other
    }
}

/// English or Indonesian, when the words say so clearly.
pub fn detect_lang(text: &str) -> Option<Lang> {
    const EN: &[&str] = &[
        "hello",
        "hey",
        "help",
        "book",
        "booking",
        "cancel",
        "english",
        "please",
        "want",
        "would",
        "like",
        "appointment",
        "passport",
        "my",
        "the",
        "yes",
        "thanks",
        "thank",
        "you",
        "good",
        "morning",
        "afternoon",
        "evening",
        "i",
        "need",
        "how",
        "what",
        "schedule",
    ];
    const ID: &[&str] = &[
        "halo",
        "hallo",
        "bantuan",
        "daftar",
        "batal",
        "saya",
        "mau",
        "ingin",
        "paspor",
        "ya",
        "tidak",
        "terima",
        "kasih",
        "selamat",
        "pagi",
        "siang",
        "sore",
        "malam",
        "tolong",
        "bisa",
        "antre",
        "antri",
        "antrean",
        "pesan",
        "jadwal",
        "bagaimana",
        "apa",
        "kak",
        "pak",
        "bu",
        "indonesia",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let en = words.iter().filter(|w| EN.contains(w)).count();
    let id = words.iter().filter(|w| ID.contains(w)).count();
    match en.cmp(&id) {
        std::cmp::Ordering::Greater => Some(Lang::En),
        std::cmp::Ordering::Less => Some(Lang::Id),
        std::cmp::Ordering::Equal => None,
    }
}

/// Read a date written `17-08-1990`, `17/08/1990`, `17.08.1990` or `1990-08-17`.
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s
        .trim()
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Read a sex: L/M/laki-laki/pria/male → M, P/F/W/perempuan/wanita/female → F.
pub fn parse_sex(s: &str) -> Option<Sex> {
    let w = s.trim().to_uppercase();
    let w: String = w.chars().filter(|c| c.is_alphabetic()).collect();
    match w.as_str() {
        "L" | "M" | "LAKILAKI" | "LAKI" | "PRIA" | "COWOK" | "MALE" | "MAN" => Some(Sex::Male),
        "P" | "F" | "W" | "PEREMPUAN" | "WANITA" | "CEWEK" | "FEMALE" | "WOMAN" => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

/// A name as on the identity card: letters, spaces and `.,'-`, no digits.
pub fn parse_name(s: &str) -> Option<String> {
    let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    let ok = (2..=100).contains(&n)
        && name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '-'));
    ok.then_some(name)
}

fn date_text(d: &str) -> String {
    d.parse::<Date>()
        .map(|d| d.strftime("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| d.to_owned())
}

fn instant_text(ms: i64, zone: OfficeZone) -> String {
    format!(
        "{} {}",
        db::from_millis(ms)
            .to_zoned_datetime(zone.time_zone())
            .strftime("%d-%m-%Y %H:%M"),
        zone.abbreviation()
    )
}

fn time_text(slot: &Slot, zone: OfficeZone) -> String {
    format!(
        "{}–{} {}",
        store::hhmm(slot.start),
        store::hhmm(slot.end),
        zone.abbreviation()
    )
}

fn rupiah(n: i64) -> String {
    Rupiah::new(n).map(|r| r.to_string()).unwrap_or_default()
}

fn status_key(s: BookingStatus) -> String {
    format!("wa-status-{}", s.as_str().replace('_', "-"))
}

/// Slots of an office that can be booked now, with free places.
async fn open_slots(
    c: &impl ConnectionTrait,
    office: &Office,
    now: Timestamp,
    only: Option<Date>,
) -> Result<Vec<Slot>, DbErr> {
    let Some(zone) = office.zone() else {
        return Ok(vec![]);
    };
    let window = store::booking_window(c, &office.code).await?;
    let today = zone.local_date(now);
    let (from, to) = match only {
        Some(d) => (d, d),
        None => (
            today,
            domain::office_time::add_days(today, i64::from(window.max_advance_days.min(92))),
        ),
    };
    let tz = zone.time_zone();
    Ok(store::slots_between(c, &office.code, from, to)
        .await?
        .into_iter()
        .filter(|s| {
            s.remaining() > 0
                && domain::bookable(
                    &window,
                    &tz,
                    now,
                    s.date,
                    s.start,
                    s.end,
                    db::from_millis(s.release_at),
                )
                .is_ok()
        })
        .collect())
}

impl<'a> Turn<'a> {
    fn new(state: &'a AppState, conv: Conversation, now: Timestamp, request_id: &'a str) -> Self {
        Turn {
            state,
            conv,
            now,
            request_id,
            replies: Vec::new(),
            effect: None,
            notified: None,
        }
    }

    fn lang(&self) -> Lang {
        self.conv.lang
    }

    fn say(&mut self, key: &str) {
        let text = self.lang().t(key);
        self.replies.push(text);
    }

    fn say_args(&mut self, key: &str, args: &[(&str, &str)]) {
        let text = self.lang().t_args(key, args);
        self.replies.push(text);
    }

    /// A header line followed by `Label: value` lines.
    fn facts(&self, mut text: String, rows: &[(&str, &str)]) -> String {
        for (label, value) in rows {
            text.push_str(&format!("\n{}: {value}", self.lang().t(label)));
        }
        text
    }

    fn appointment(&self, date: &str, time: &str) -> String {
        self.lang()
            .t_args("wa-appointment", &[("date", date), ("time", time)])
    }

    fn reply_text(&self) -> String {
        if self.replies.is_empty() {
            self.lang().t("wa-not-understood")
        } else {
            self.replies.join("\n\n")
        }
    }

    fn reset(&mut self) {
        self.conv.step = Step::Menu;
        self.conv.data = Data::default();
    }

    fn db(&self) -> &'a Db {
        &self.state.db
    }

    async fn respond(&mut self, raw: &str) -> Result<(), DbErr> {
        let text: String = raw.trim().chars().take(MAX_INPUT).collect();
        let idle = db::millis(self.now) - self.conv.updated_at > IDLE_MS;
        if self.conv.step == Step::Expired || (self.conv.step != Step::Menu && idle) {
            self.reset();
            self.say("wa-expired");
        }
        let fuzzy = matches!(self.conv.step, Step::Menu | Step::Expired);
        let cmd = Command::parse(&text, fuzzy);
        if self.conv.step == Step::Menu
            && !matches!(cmd, Command::Lang(_))
            && let Some(l) = detect_lang(&text)
        {
            self.conv.lang = l;
        }
        match cmd {
            Command::Lang(l) => {
                self.conv.lang = l;
                self.say("wa-lang-set");
                return self.prompt_again(self.db()).await;
            }
            Command::Help => {
                self.say("wa-help");
                return self.prompt_again(self.db()).await;
            }
            Command::Menu => {
                self.reset();
                self.say("wa-menu");
                return Ok(());
            }
            Command::Status(code) => return self.status(code.as_deref()).await,
            Command::Cancel(Some(code)) => return self.ask_cancel(&code).await,
            Command::Cancel(None) if self.conv.step.is_booking() => {
                self.reset();
                self.say("wa-stopped");
                self.say("wa-menu");
                return Ok(());
            }
            _ => {}
        }
        match self.conv.step {
            Step::Menu | Step::Expired => self.menu(cmd).await,
            Step::CancelConfirm => self.cancel_answer(cmd).await,
            Step::Office => self.office_answer(&text, &cmd).await,
            Step::Date => self.date_answer(&text, &cmd).await,
            Step::Session => self.session_answer(&cmd).await,
            Step::Kind => self.kind_answer(&cmd).await,
            Step::Name => {
                match parse_name(&text) {
                    Some(n) => {
                        self.conv.data.full_name = Some(n);
                        self.advance(self.db()).await?;
                    }
                    None => self.say("wa-name-invalid"),
                }
                Ok(())
            }
            Step::Birth => {
                let today = self.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
                match parse_date(&text).filter(|d| d.year() >= 1900 && *d <= today) {
                    Some(d) => {
                        self.conv.data.birth_date = Some(d.to_string());
                        self.advance(self.db()).await?;
                    }
                    None => self.say("wa-birth-invalid"),
                }
                Ok(())
            }
            Step::Sex => {
                match parse_sex(&text) {
                    Some(s) => {
                        self.conv.data.sex = Some(s.as_str().to_owned());
                        self.advance(self.db()).await?;
                    }
                    None => self.say("wa-sex-invalid"),
                }
                Ok(())
            }
            Step::Nik => self.nik_answer(&text, &cmd).await,
            Step::Confirm => match cmd {
                Command::Yes => {
                    self.effect = Some(Effect::Book);
                    Ok(())
                }
                Command::No | Command::Cancel(None) => {
                    self.reset();
                    self.say("wa-stopped");
                    self.say("wa-menu");
                    Ok(())
                }
                Command::Restart => self.restart_applicant().await,
                _ => {
                    self.say("wa-confirm-again");
                    Ok(())
                }
            },
        }
    }

    /// Say the question of the current step again (after help or a
    /// language change).
    async fn prompt_again(&mut self, c: &impl ConnectionTrait) -> Result<(), DbErr> {
        match self.conv.step {
            Step::Menu | Step::Expired => {
                self.reset();
                self.say("wa-menu");
                Ok(())
            }
            Step::CancelConfirm => {
                let code = self.conv.data.cancel_code.clone().unwrap_or_default();
                self.say_args("wa-cancel-again", &[("code", &code)]);
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
                        self.say("wa-cancel-ask-code");
                        Ok(())
                    }
                }
            }
            Command::Number(4) => {
                self.say("wa-help");
                Ok(())
            }
            Command::Greeting => {
                self.say("wa-welcome");
                self.say("wa-menu");
                Ok(())
            }
            _ => {
                if self.conv.is_new {
                    self.say("wa-welcome");
                } else {
                    self.say("wa-not-understood");
                }
                self.say("wa-menu");
                Ok(())
            }
        }
    }

    async fn start_booking(&mut self) -> Result<(), DbErr> {
        let linked = wa::linked_account(self.db(), &self.conv.number).await?;
        if linked.is_none()
            && let Some(code) = wa::active_booking_of_number(self.db(), &self.conv.number).await?
        {
            self.say_args("wa-book-limit", &[("code", &code)]);
            return Ok(());
        }
        self.conv.data = Data::default();
        self.conv.step = Step::Office;
        self.say("wa-ask-office");
        Ok(())
    }

    /// The first question whose answer is missing.
    fn next_step(&self) -> Step {
        let d = &self.conv.data;
        if d.office.is_none() {
            Step::Office
        } else if d.date.is_none() {
            Step::Date
        } else if d.slot_id.is_none() {
            Step::Session
        } else if d.passport_type.is_none() || d.service.is_none() {
            Step::Kind
        } else if d.full_name.is_none() {
            Step::Name
        } else if d.birth_date.is_none() {
            Step::Birth
        } else if d.sex.is_none() {
            Step::Sex
        } else if d.nik_index.is_none() {
            Step::Nik
        } else {
            Step::Confirm
        }
    }

    /// Go to the first question whose answer is missing, and ask it.
    async fn advance(&mut self, c: &impl ConnectionTrait) -> Result<(), DbErr> {
        // A question whose premise vanished (no dates left, a slot gone)
        // clears its answer and the next missing one is asked instead.
        for _ in 0..4 {
            self.conv.step = self.next_step();
            if self.prompt(c).await? {
                return Ok(());
            }
        }
        self.reset();
        self.say("wa-menu");
        Ok(())
    }

    async fn office(&self, c: &impl ConnectionTrait) -> Result<Option<Office>, DbErr> {
        match &self.conv.data.office {
            Some(code) => offices::find(c, code).await,
            None => Ok(None),
        }
    }

    /// Ask the current step's question (lists computed now). False when
    /// its premise is gone (an answer was cleared): ask the next missing one.
    async fn prompt(&mut self, c: &impl ConnectionTrait) -> Result<bool, DbErr> {
        self.conv.data.choices.clear();
        match self.conv.step {
            Step::Office => self.say("wa-ask-office"),
            Step::Date => {
                let Some(office) = self.office(c).await? else {
                    self.conv.data.office = None;
                    return Ok(false);
                };
                let mut dates: Vec<Date> = open_slots(c, &office, self.now, None)
                    .await?
                    .iter()
                    .map(|s| s.date)
                    .collect();
                dates.dedup();
                dates.truncate(MAX_CHOICES);
                if dates.is_empty() {
                    self.conv.data.office = None;
                    self.conv.step = Step::Office;
                    self.say("wa-date-none");
                    return Ok(true);
                }
                let mut text = self.lang().t("wa-ask-date");
                for (i, d) in dates.iter().enumerate() {
                    text.push_str(&format!("\n{}. {}", i + 1, date_text(&d.to_string())));
                }
                self.replies.push(text);
                self.conv.data.choices = dates.iter().map(Date::to_string).collect();
            }
            Step::Session => {
                let (Some(office), Some(date)) = (
                    self.office(c).await?,
                    self.conv
                        .data
                        .date
                        .as_deref()
                        .and_then(|d| d.parse::<Date>().ok()),
                ) else {
                    self.conv.data.date = None;
                    return Ok(false);
                };
                let zone = office.zone().unwrap_or(OfficeZone::Jakarta);
                let mut slots = open_slots(c, &office, self.now, Some(date)).await?;
                slots.truncate(MAX_CHOICES);
                if slots.is_empty() {
                    self.conv.data.date = None;
                    self.say("wa-date-unavailable");
                    return Ok(false);
                }
                let mut text = self
                    .lang()
                    .t_args("wa-ask-session", &[("date", &date_text(&date.to_string()))]);
                for (i, s) in slots.iter().enumerate() {
                    let line = self.lang().t_args(
                        "wa-session-line",
                        &[
                            ("n", &(i + 1).to_string()),
                            ("time", &time_text(s, zone)),
                            (
                                "category",
                                &self
                                    .lang()
                                    .t(&format!("wa-category-{}", s.category.as_str())),
                            ),
                            ("left", &s.remaining().to_string()),
                        ],
                    );
                    text.push('\n');
                    text.push_str(&line);
                }
                self.replies.push(text);
                self.conv.data.choices = slots.iter().map(|s| s.id.clone()).collect();
            }
            Step::Kind => {
                let category = match &self.conv.data.slot_id {
                    Some(id) => store::slot(c, id)
                        .await?
                        .map(|s| s.category)
                        .unwrap_or(Category::Regular),
                    None => Category::Regular,
                };
                let regular = rupiah(store::fee(c, PassportType::Regular, category).await?);
                let electronic = rupiah(store::fee(c, PassportType::Electronic, category).await?);
                let mut text = self.lang().t("wa-ask-kind");
                for (i, (key, fee)) in [
                    ("wa-kind-regular-new", &regular),
                    ("wa-kind-regular-renewal", &regular),
                    ("wa-kind-electronic-new", &electronic),
                    ("wa-kind-electronic-renewal", &electronic),
                ]
                .into_iter()
                .enumerate()
                {
                    text.push_str(&format!("\n{}. {} ({fee})", i + 1, self.lang().t(key)));
                }
                self.replies.push(text);
            }
            Step::Name => self.say("wa-ask-name"),
            Step::Birth => self.say("wa-ask-birth"),
            Step::Sex => self.say("wa-ask-sex"),
            Step::Nik => self.say("wa-ask-nik"),
            Step::Confirm => {
                if !self.summary(c).await? {
                    return Ok(false);
                }
            }
            Step::Menu | Step::Expired | Step::CancelConfirm => self.say("wa-menu"),
        }
        if self.conv.step.is_booking() && self.conv.step != Step::Confirm {
            self.say("wa-hint-stop");
        }
        Ok(true)
    }

    fn choice(&self, cmd: &Command) -> Option<String> {
        match cmd {
            Command::Number(n) if *n >= 1 => self.conv.data.choices.get(n - 1).cloned(),
            _ => None,
        }
    }

    async fn office_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        if let Some(code) = self.choice(cmd) {
            self.conv.data.office = Some(code);
            return self.chosen_office().await;
        }
        let all = offices::list(self.db()).await?;
        let wanted = text.trim().to_uppercase().replace(' ', "-");
        if let Some(o) = all.iter().find(|o| o.code == wanted) {
            self.conv.data.office = Some(o.code.clone());
            return self.chosen_office().await;
        }
        let words: Vec<String> = text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3 && !["kantor", "imigrasi", "kota", "office"].contains(w))
            .map(str::to_owned)
            .collect();
        let found: Vec<&Office> = all
            .iter()
            .filter(|o| {
                let hay = format!("{} {} {}", o.name, o.city, o.code).to_lowercase();
                !words.is_empty() && words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        match found.as_slice() {
            [] => {
                self.say("wa-office-none");
                self.say("wa-hint-stop");
            }
            [one] => {
                self.conv.data.office = Some(one.code.clone());
                return self.chosen_office().await;
            }
            many => {
                let mut reply = self.lang().t("wa-office-many");
                for (i, o) in many.iter().take(MAX_CHOICES).enumerate() {
                    reply.push_str(&format!("\n{}. {}", i + 1, o.name));
                }
                self.replies.push(reply);
                self.conv.data.choices = many
                    .iter()
                    .take(MAX_CHOICES)
                    .map(|o| o.code.clone())
                    .collect();
            }
        }
        Ok(())
    }

    async fn chosen_office(&mut self) -> Result<(), DbErr> {
        if let Some(o) = self.office(self.db()).await? {
            self.say_args("wa-office-chosen", &[("office", &o.name)]);
        }
        self.conv.data.date = None;
        self.conv.data.slot_id = None;
        self.advance(self.db()).await
    }

    async fn date_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        let mut picked = self.choice(cmd);
        // A typed date may lie beyond the dates listed: open is enough.
        if picked.is_none()
            && let Some(d) = parse_date(text)
            && let Some(office) = self.office(self.db()).await?
            && !open_slots(self.db(), &office, self.now, Some(d))
                .await?
                .is_empty()
        {
            picked = Some(d.to_string());
        }
        match picked {
            Some(d) => {
                self.conv.data.date = Some(d);
                self.conv.data.slot_id = None;
                self.advance(self.db()).await
            }
            None => {
                self.say("wa-date-unavailable");
                self.advance(self.db()).await
            }
        }
    }

    async fn session_answer(&mut self, cmd: &Command) -> Result<(), DbErr> {
        match self.choice(cmd) {
            Some(id) => {
                self.conv.data.slot_id = Some(id);
                self.advance(self.db()).await
            }
            None => {
                self.say("wa-choice-invalid");
                self.advance(self.db()).await
            }
        }
    }

    async fn kind_answer(&mut self, cmd: &Command) -> Result<(), DbErr> {
        let kind = match cmd {
            Command::Number(1) => Some((PassportType::Regular, ServiceKind::New)),
            Command::Number(2) => Some((PassportType::Regular, ServiceKind::Renewal)),
            Command::Number(3) => Some((PassportType::Electronic, ServiceKind::New)),
            Command::Number(4) => Some((PassportType::Electronic, ServiceKind::Renewal)),
            _ => None,
        };
        match kind {
            Some((p, s)) => {
                self.conv.data.passport_type = Some(p.as_str().to_owned());
                self.conv.data.service = Some(s.as_str().to_owned());
                self.advance(self.db()).await
            }
            None => {
                self.say("wa-choice-invalid");
                self.advance(self.db()).await
            }
        }
    }

    async fn restart_applicant(&mut self) -> Result<(), DbErr> {
        let d = &mut self.conv.data;
        d.full_name = None;
        d.birth_date = None;
        d.sex = None;
        d.nik_index = None;
        d.nik_masked = None;
        self.advance(self.db()).await
    }

    async fn nik_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        if *cmd == Command::Restart {
            return self.restart_applicant().await;
        }
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
            .collect();
        match Nik::parse(&digits) {
            Err(NikError::WrongLength { .. }) | Err(NikError::NonDigit { .. }) => {
                self.say("wa-nik-length");
                self.say("wa-hint-stop");
                return Ok(());
            }
            Err(_) => {
                self.say("wa-nik-invalid");
                self.say("wa-hint-stop");
                return Ok(());
            }
            Ok(_) => {}
        }
        let d = &self.conv.data;
        let body = ApplicantBody {
            nik: Some(digits),
            full_name: d.full_name.clone(),
            birth_date: d.birth_date.clone(),
            sex: d.sex.clone(),
        };
        let applicant = match check_applicant(self.state, self.lang(), Some(&body)) {
            Ok(a) => a,
            Err(e) if e.code == "identity_mismatch" => {
                self.say("wa-nik-mismatch");
                return Ok(());
            }
            Err(e) if e.code == "invalid_nik" => {
                self.say("wa-nik-invalid");
                return Ok(());
            }
            Err(_) => return self.restart_applicant().await,
        };
        if store::nik_is_active(self.db(), &applicant.nik_index).await? {
            self.reset();
            self.say("wa-nik-active");
            self.say("wa-menu");
            return Ok(());
        }
        self.conv.data.nik_index = Some(applicant.nik_index);
        self.conv.data.nik_masked = Some(applicant.nik_masked);
        self.advance(self.db()).await
    }

    async fn summary(&mut self, c: &impl ConnectionTrait) -> Result<bool, DbErr> {
        let d = self.conv.data.clone();
        let (Some(office), Some(slot)) = (
            self.office(c).await?,
            match &d.slot_id {
                Some(id) => store::slot(c, id).await?,
                None => None,
            },
        ) else {
            self.conv.data.slot_id = None;
            return Ok(false);
        };
        let zone = office.zone().unwrap_or(OfficeZone::Jakarta);
        let passport = d
            .passport_type
            .as_deref()
            .and_then(|p| p.parse::<PassportType>().ok())
            .unwrap_or(PassportType::Regular);
        let amount = rupiah(store::fee(c, passport, slot.category).await?);
        let kind = self.lang().t(&format!(
            "wa-kind-{}-{}",
            d.passport_type.as_deref().unwrap_or("regular"),
            d.service.as_deref().unwrap_or("new")
        ));
        let date = date_text(&slot.date.to_string());
        let time = time_text(&slot, zone);
        let birth = date_text(d.birth_date.as_deref().unwrap_or(""));
        let appointment = self.appointment(&date, &time);
        let text = self.facts(
            self.lang().t("wa-confirm"),
            &[
                ("wa-label-office", &office.name),
                ("wa-label-appointment", &appointment),
                ("wa-label-kind", &kind),
                ("wa-label-fee", &amount),
                ("wa-label-name", d.full_name.as_deref().unwrap_or("")),
                ("wa-label-birth", &birth),
                ("wa-label-nik", d.nik_masked.as_deref().unwrap_or("")),
            ],
        );
        self.replies.push(text);
        self.say("wa-confirm-again");
        Ok(true)
    }

    /// Book with the collected data inside the turn's transaction.
    async fn book(&mut self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        let d = self.conv.data.clone();
        let parsed = (
            d.slot_id.clone(),
            d.passport_type.as_deref().and_then(|p| p.parse().ok()),
            d.service.as_deref().and_then(|s| s.parse().ok()),
            d.birth_date.as_deref().and_then(|b| b.parse::<Date>().ok()),
            d.sex.as_deref().and_then(|s| s.parse::<Sex>().ok()),
            d.full_name.clone(),
            d.nik_index.clone(),
            d.nik_masked.clone(),
        );
        let (
            Some(slot_id),
            Some(passport_type),
            Some(service),
            Some(birth_date),
            Some(sex),
            Some(full_name),
            Some(nik_index),
            Some(nik_masked),
        ) = parsed
        else {
            return self.advance(txn).await;
        };
        let number = self.conv.number.clone();
        let account = wa::linked_account(txn, &number).await?;
        if account.is_none()
            && let Some(code) = wa::active_booking_of_number(txn, &number).await?
        {
            self.reset();
            self.say_args("wa-book-limit", &[("code", &code)]);
            return Ok(());
        }
        let req = BookingRequest {
            account_id: account,
            slot_id,
            applicant: Applicant {
                nik_index,
                nik_masked,
                full_name,
                birth_date,
                sex,
            },
            passport_type,
            service,
            channel: "whatsapp",
            waitlist_id: None,
        };
        let settings = booking_settings(self.state);
        let origin = Origin {
            actor: None,
            request_id: self.request_id,
        };
        // A savepoint, so that a refused booking leaves the turn's transaction usable.
        let sp = txn.begin().await?;
        match store::book_in(&sp, &req, &settings, origin, self.now).await {
            Ok((booking, slot)) => {
                wa::record_booking(
                    &sp,
                    &booking,
                    &number,
                    &self.conv.phone_number_id,
                    self.lang(),
                    self.now,
                )
                .await?;
                sp.commit().await?;
                let office = offices::find(txn, &booking.office_code).await?;
                let zone = office
                    .as_ref()
                    .and_then(Office::zone)
                    .unwrap_or(OfficeZone::Jakarta);
                let office_name = office
                    .map(|o| o.name)
                    .unwrap_or(booking.office_code.clone());
                self.reset();
                let appointment = self.appointment(
                    &format!("{office_name}, {}", date_text(&slot.date.to_string())),
                    &time_text(&slot, zone),
                );
                let text = self.facts(
                    self.lang().t("wa-booked"),
                    &[
                        ("wa-label-code", &booking.code),
                        ("wa-label-billing-code", &booking.billing_code),
                        ("wa-label-fee", &rupiah(booking.amount)),
                        (
                            "wa-label-deadline",
                            &instant_text(booking.payment_deadline, zone),
                        ),
                        ("wa-label-appointment", &appointment),
                    ],
                );
                self.replies.push(text);
                self.say("wa-booked-pay");
                self.say_args("wa-booked-check", &[("code", &booking.code)]);
                Ok(())
            }
            Err(e) => {
                sp.rollback().await?;
                match e {
                    BookError::Db(e) => Err(e),
                    BookError::SlotFull | BookError::NotBookable(_) | BookError::SlotNotFound => {
                        self.say("wa-book-full");
                        self.conv.data.slot_id = None;
                        self.advance(txn).await
                    }
                    BookError::AlreadyBooked => {
                        self.reset();
                        self.say("wa-nik-active");
                        self.say("wa-menu");
                        Ok(())
                    }
                    BookError::BookingLimit(_) => {
                        self.reset();
                        self.say("wa-book-limit-account");
                        Ok(())
                    }
                }
            }
        }
    }

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
            Some(s) => (date_text(&s.date.to_string()), time_text(&s, zone)),
            None => ("-".into(), "-".into()),
        };
        Ok((name, date, time, zone))
    }

    async fn status(&mut self, code: Option<&str>) -> Result<(), DbErr> {
        let code = match code {
            Some(c) => Some(c.to_owned()),
            None => wa::active_booking_of_number(self.db(), &self.conv.number).await?,
        };
        let Some(code) = code else {
            self.say("wa-status-ask-code");
            return Ok(());
        };
        let found = match BookingCode::parse(&code) {
            Ok(c) => wa::booking_for_number(self.db(), &self.conv.number, c.as_str()).await?,
            Err(_) => None,
        };
        let Some(b) = found else {
            self.say("wa-code-not-found");
            return Ok(());
        };
        let (office, date, time, zone) = self.booking_reply_parts(&b).await?;
        let status = self.lang().t(&status_key(b.status));
        let head = self
            .lang()
            .t_args("wa-status", &[("code", &b.code), ("status", &status)]);
        let appointment = self.appointment(&format!("{office}, {date}"), &time);
        let text = self.facts(head, &[("wa-label-appointment", &appointment)]);
        self.replies.push(text);
        if b.status == BookingStatus::AwaitingPayment {
            self.say_args(
                "wa-status-pay",
                &[
                    ("amount", &rupiah(b.amount)),
                    ("billing_code", &b.billing_code),
                    ("deadline", &instant_text(b.payment_deadline, zone)),
                ],
            );
        }
        Ok(())
    }

    async fn ask_cancel(&mut self, code: &str) -> Result<(), DbErr> {
        let found = match BookingCode::parse(code) {
            Ok(c) => wa::booking_for_number(self.db(), &self.conv.number, c.as_str()).await?,
            Err(_) => None,
        };
        let Some(b) = found else {
            self.say("wa-code-not-found");
            return Ok(());
        };
        if !b.status.is_active() {
            let status = self.lang().t(&status_key(b.status));
            self.say_args(
                "wa-cancel-refused",
                &[("code", &b.code), ("status", &status)],
            );
            return Ok(());
        }
        let (office, date, time, _) = self.booking_reply_parts(&b).await?;
        self.conv.step = Step::CancelConfirm;
        self.conv.data = Data {
            cancel_code: Some(b.code.clone()),
            ..Data::default()
        };
        self.say_args(
            "wa-cancel-confirm",
            &[
                ("code", &b.code),
                ("office", &office),
                ("date", &date),
                ("time", &time),
            ],
        );
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
                self.say_args("wa-cancel-kept", &[("code", &code)]);
                Ok(())
            }
            _ => {
                self.say_args("wa-cancel-again", &[("code", &code)]);
                Ok(())
            }
        }
    }

    /// Cancel with the store's own function (its own transaction).
    async fn cancel(&mut self, code: &str) -> Result<(), DbErr> {
        self.reset();
        let Some(b) = wa::booking_for_number(self.db(), &self.conv.number, code).await? else {
            self.say("wa-code-not-found");
            return Ok(());
        };
        let origin = Origin {
            actor: None,
            request_id: self.request_id,
        };
        match crate::app::changes::cancel_checked(self.state, origin, &b.code, self.now).await {
            Ok(updated) => {
                self.say_args("wa-cancel-done", &[("code", &updated.code)]);
                self.notified = Some(updated);
                Ok(())
            }
            Err(crate::app::BookingError::Db(e)) => Err(e),
            Err(_) => {
                let now = store::find_by_code(self.db(), &b.code).await?.unwrap_or(b);
                if now.status == BookingStatus::Cancelled {
                    self.say_args("wa-cancel-done", &[("code", &now.code)]);
                } else {
                    let status = self.lang().t(&status_key(now.status));
                    self.say_args(
                        "wa-cancel-refused",
                        &[("code", &now.code), ("status", &status)],
                    );
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    impl Command {
        fn parse_menu(text: &str) -> Command {
            Command::parse(text, true)
        }
    }

    #[test]
    fn typos_are_forgiven_only_at_the_menu() {
        assert_eq!(Command::parse("batam", false), Command::Other);
        assert_eq!(Command::parse("batal", false), Command::Cancel(None));
        assert_eq!(Command::parse("batl", true), Command::Cancel(None));
    }

    #[test]
    fn commands_are_read_loosely() {
        assert_eq!(Command::parse_menu(" english "), Command::Lang(Lang::En));
        assert_eq!(Command::parse_menu("EN"), Command::Lang(Lang::En));
        assert_eq!(
            Command::parse_menu("bahasa indonesia"),
            Command::Lang(Lang::Id)
        );
        assert_eq!(Command::parse_menu("Bantuan"), Command::Help);
        assert_eq!(Command::parse_menu("bantun"), Command::Help);
        assert_eq!(
            Command::parse_menu("status abcd234567"),
            Command::Status(Some("ABCD234567".into()))
        );
        assert_eq!(
            Command::parse_menu("STATSU ABCD-234567"),
            Command::Status(Some("ABCD234567".into()))
        );
        assert_eq!(
            Command::parse_menu("batal ABCD234567"),
            Command::Cancel(Some("ABCD234567".into()))
        );
        assert_eq!(Command::parse_menu("batl"), Command::Cancel(None));
        assert_eq!(Command::parse_menu("Ya"), Command::Yes);
        assert_eq!(Command::parse_menu("yes please"), Command::Yes);
        assert_eq!(Command::parse_menu("tidak"), Command::No);
        assert_eq!(Command::parse_menu(" 2 "), Command::Number(2));
        assert_eq!(Command::parse_menu("saya mau daftar"), Command::Book);
        assert_eq!(
            Command::parse_menu("Hello, I would like to book an appointment"),
            Command::Book
        );
        assert_eq!(
            Command::parse_menu("I want to cancel my booking"),
            Command::Other
        );
        assert_eq!(Command::parse_menu("Halo"), Command::Greeting);
        assert_eq!(Command::parse_menu("menu"), Command::Menu);
        assert_eq!(Command::parse_menu("Budi Santoso"), Command::Other);
        assert_eq!(Command::parse_menu(""), Command::Other);
        assert_eq!(Command::parse_menu("🙂"), Command::Other);
    }

    #[test]
    fn near_allows_one_typo_in_long_words_only() {
        assert!(near("BATAL", "BATAL"));
        assert!(near("BATL", "BATAL"));
        assert!(near("BTAAL", "BATAL"));
        assert!(near("BATALL", "BATAL"));
        assert!(!near("BA", "BATAL"));
        assert!(!near("YA", "YO"));
        assert!(!near("BUDI", "BATAL"));
    }

    #[test]
    fn language_from_the_words() {
        assert_eq!(detect_lang("Hello, I would like to book"), Some(Lang::En));
        assert_eq!(
            detect_lang("Halo kak, saya mau daftar paspor"),
            Some(Lang::Id)
        );
        assert_eq!(detect_lang("1"), None);
    }

    #[test]
    fn dates_sexes_and_names() {
        let d = Date::new(1990, 3, 12).unwrap();
        assert_eq!(parse_date("12-03-1990"), Some(d));
        assert_eq!(parse_date("12/03/1990"), Some(d));
        assert_eq!(parse_date("1990-03-12"), Some(d));
        assert_eq!(parse_date("12.3.1990"), Some(d));
        assert_eq!(parse_date("31-02-1990"), None);
        assert_eq!(parse_date("12-03-90"), None);
        assert_eq!(parse_date("kemarin"), None);
        assert_eq!(parse_sex("l"), Some(Sex::Male));
        assert_eq!(parse_sex("Laki-laki"), Some(Sex::Male));
        assert_eq!(parse_sex("P"), Some(Sex::Female));
        assert_eq!(parse_sex("female"), Some(Sex::Female));
        assert_eq!(parse_sex("x"), None);
        assert_eq!(parse_name("  Budi   Santoso "), Some("Budi Santoso".into()));
        assert_eq!(parse_name("Siti Nur'aini"), Some("Siti Nur'aini".into()));
        assert_eq!(parse_name("3171011203900001"), None);
        assert_eq!(parse_name("B"), None);
    }

    #[test]
    fn steps_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
    }
}
