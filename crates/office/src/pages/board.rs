//! The display board of an office and its live event stream.
//!
//! The page is rendered on the server with the current state (and reloads
//! itself every 30 seconds without JavaScript). With JavaScript, `board.js`
//! listens to `GET /api/v1/offices/{code}/board/events`:
//!
//! - `snapshot`: first on every connection, then after every change: the
//!   board's state as [`Snapshot`] JSON;
//! - `call`: each event published on the topic `board:{CODE}`, its payload
//!   passed through unchanged (the script chimes and reads the number aloud).
//!
//! Events are hints (see `imigrasi_platform::events`): a fresh snapshot read
//! from the database follows each one, and after a reconnect the first
//! snapshot restores whatever was missed.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::events;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope, PageError, urlencode};
use imigrasi_platform::http::page::render;
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::broadcast;

use super::{category_label, clock, long_date, office};
use crate::app::board_topic;
use crate::domain::office_date;
use crate::store::screens::{self, Call};

/// How often an idle stream sends a comment so proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long one stream lasts before the browser reconnects (so a server
/// shutting down gracefully is never held by a board for long).
const STREAM_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// How long the browser waits before reconnecting (SSE `retry:`).
const RETRY: Duration = Duration::from_secs(1);

/// Labels in both languages, the page's language first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Board {
    lang: Lang,
    other: Lang,
}

impl Board {
    fn new(lang: Lang) -> Board {
        let other = if lang == Lang::Id { Lang::En } else { Lang::Id };
        Board { lang, other }
    }

    /// A label in both languages as HTML: the page's language, then the
    /// other one marked with its `lang`.
    pub fn label(&self, key: &str) -> String {
        format!(
            "<span class=\"l1\">{}</span> <span class=\"l2\" lang=\"{}\">{}</span>",
            escape(&self.lang.t(key)),
            self.other.code(),
            escape(&self.other.t(key)),
        )
    }

    /// A label in both languages as one line ("Loket · Counter").
    pub fn both(&self, key: &str) -> String {
        format!("{} · {}", self.lang.t(key), self.other.t(key))
    }

    /// The page's language code.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// Translate in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
}

/// A call as the board template and the snapshot show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CallView {
    /// Ticket number, e.g. `A012`.
    pub ticket: String,
    /// Counter, e.g. `3`.
    pub counter: String,
    /// Category value.
    pub category: String,
    /// Category in both languages.
    pub category_label: String,
    /// `called` or `served`.
    pub status: String,
    /// Office-local time of the call, HH:MM.
    pub called_at: String,
}

/// The board's state, as the `snapshot` event sends it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Snapshot {
    /// Office code.
    pub office: String,
    /// Office-local date.
    pub date: String,
    /// Tickets waiting to be called.
    pub waiting: i64,
    /// The last calls, newest first.
    pub calls: Vec<CallView>,
}

fn call_view(board: Board, zone: OfficeZone, c: Call) -> CallView {
    CallView {
        category_label: format!(
            "{} · {}",
            category_label(board.lang, &c.category),
            category_label(board.other, &c.category)
        ),
        called_at: clock(zone, c.called_at),
        ticket: c.number,
        counter: c.counter,
        category: c.category,
        status: c.status,
    }
}

/// Read the board's state now.
async fn snapshot(
    state: &AppState,
    board: Board,
    code: &str,
    zone: OfficeZone,
) -> Result<Snapshot, sea_orm::DbErr> {
    let date = office_date(&zone.time_zone(), Timestamp::now()).to_string();
    let (calls, waiting) = screens::board(&state.db, code, &date).await?;
    Ok(Snapshot {
        office: code.to_owned(),
        date,
        waiting,
        calls: calls
            .into_iter()
            .map(|c| call_view(board, zone, c))
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "floor_board.html")]
struct BoardTemplate {
    board: Board,
    office_code: String,
    office_name: String,
    date: String,
    waiting: i64,
    current: Option<CallView>,
    earlier: Vec<CallView>,
    path: String,
    say_id: String,
    say_en: String,
}

/// `GET /offices/{code}/board`: the public display board.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let (office, zone) = office(&state, &code).await?;
    let board = Board::new(ctx.lang);
    let snap = snapshot(&state, board, &office.code, zone).await?;
    let mut calls = snap.calls.into_iter();
    let current = calls.next();
    let date = snap
        .date
        .parse()
        .map(|d| long_date(ctx.lang, d))
        .unwrap_or(snap.date);
    render(&BoardTemplate {
        board,
        office_name: office.name.clone(),
        office_code: office.code,
        date,
        waiting: snap.waiting,
        current,
        earlier: calls.collect(),
        path: urlencode(&ctx.path),
        say_id: Lang::Id.t("floor-board-say"),
        say_en: Lang::En.t("floor-board-say"),
    })
}

/// Escape text for HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the event stream still has to send, and where it listens.
struct Stream {
    state: AppState,
    board: Board,
    code: String,
    topic: String,
    zone: OfficeZone,
    rx: broadcast::Receiver<events::Event>,
    queue: VecDeque<Event>,
    deadline: tokio::time::Instant,
}

impl Stream {
    /// The `snapshot` event with the state now; a comment if it cannot be read.
    async fn snapshot_event(&self) -> Event {
        match snapshot(&self.state, self.board, &self.code, self.zone).await {
            Ok(s) => match Event::default().event("snapshot").json_data(&s) {
                Ok(e) => e,
                Err(e) => {
                    tracing::warn!(error = %e, "board snapshot not serializable");
                    Event::default().comment("snapshot unavailable")
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "board snapshot not readable");
                Event::default().comment("snapshot unavailable")
            }
        }
    }

    /// The next event to send, or `None` when the stream ends.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Stream)> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some((Ok(e), self));
            }
            let received = tokio::time::timeout_at(self.deadline, self.rx.recv()).await;
            match received {
                // Lifetime over: the browser reconnects and gets a fresh snapshot.
                Err(_) => return None,
                Ok(Ok(ev)) if ev.topic == self.topic => {
                    self.queue
                        .push_back(Event::default().event("call").data(ev.payload));
                    // Several calls at once: one snapshot after the last of them.
                    while let Ok(more) = self.rx.try_recv() {
                        if more.topic == self.topic {
                            self.queue
                                .push_back(Event::default().event("call").data(more.payload));
                        }
                    }
                    let snap = self.snapshot_event().await;
                    self.queue.push_back(snap);
                }
                Ok(Ok(_)) => {}
                // Missed events: send the state again.
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                    let snap = self.snapshot_event().await;
                    self.queue.push_back(snap);
                }
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    }
}

/// `GET /api/v1/offices/{code}/board/events`: Server-Sent Events for a board.
#[utoipa::path(get, path = "/api/v1/offices/{code}/board/events", tag = "passport-floor",
    params(("code" = String, Path, description = "Office code")),
    responses(
        (status = 200, content_type = "text/event-stream",
         description = "Public, no credentials. A `snapshot` event first (JSON: `office`, `date`, \
            `waiting`, `calls`: the last 8 called or served tickets of the office's day, newest \
            first, each with `ticket`, `counter`, `category`, `category_label`, `status`, \
            `called_at` HH:MM office time); then a `call` event for each change announced on the \
            office's board (the store's payload: `type`, `ticket`, `category`, `counter`, \
            `waiting`, `at`), each followed by a fresh `snapshot`. A comment every 15 s keeps the \
            connection open; the stream ends after 5 minutes and the browser reconnects."),
        (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn events(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let (office, zone) = office(&state, &code).await.map_err(|e| match e {
        PageError::Status(StatusCode::NOT_FOUND, _) => ApiError::not_found(),
        _ => ApiError::internal("office not readable"),
    })?;
    // Subscribe before reading the snapshot: nothing falls between the two.
    let rx = state.events.subscribe();
    let board = Board::new(ctx.lang);
    let mut stream = Stream {
        topic: board_topic(&office.code),
        code: office.code,
        board,
        zone,
        rx,
        queue: VecDeque::new(),
        deadline: tokio::time::Instant::now() + STREAM_LIFETIME,
        state,
    };
    let first = stream.snapshot_event().await.retry(RETRY);
    stream.queue.push_back(first);
    let body = futures::stream::unfold(stream, Stream::next);
    let mut res = Sse::new(body)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(res)
}
