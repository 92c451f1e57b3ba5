//! The load: `--requests` requests, `--concurrency` of them in flight, each
//! timed from its start to its whole answer.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use imigrasi_core::identity::{IdentityInput, check_identity};
use imigrasi_passport::app::book::{self, Book};
use imigrasi_passport::app::{BookingError, Origin};
use imigrasi_passport::domain::{PassportType, Purpose, ServiceKind};
use imigrasi_platform::AppState;
use imigrasi_platform::policy::{Actor, Role};
use serde_json::Value;

use crate::Args;
use crate::prepare::{self, PER_ACCOUNT, Prepared};

/// How one request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Booked (with the booking code it answered), or `/health` answered 200.
    Accepted(Option<String>),
    /// Refused: `409` (the session is full).
    Rejected,
    /// Anything else: an unexpected status, a transport or database error.
    Error(String),
}

/// The answers of a run and how long it took.
#[derive(Debug)]
pub struct Measured {
    /// Each request's answer and latency (in completion order).
    pub answers: Vec<(Answer, Duration)>,
    /// From the first request sent to the last answer received.
    pub elapsed: Duration,
}

/// Run `one(i)` for every request, `concurrency` at a time, each in a task
/// of its own (so that the load uses every core).
async fn drive<F, Fut>(args: &Args, one: F) -> Measured
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let started = Instant::now();
    let answers = stream::iter(0..args.requests)
        .map(|i| {
            let request = one(i);
            tokio::spawn(async move {
                let t = Instant::now();
                let answer = request.await;
                (answer, t.elapsed())
            })
        })
        .buffer_unordered(args.concurrency)
        .map(|joined| {
            joined.unwrap_or_else(|e| (Answer::Error(format!("task: {e}")), Duration::ZERO))
        })
        .collect()
        .await;
    Measured {
        answers,
        elapsed: started.elapsed(),
    }
}

/// Booking requests over HTTP, spread round-robin over `bases`.
pub async fn bookings(
    client: &reqwest::Client,
    bases: &[String],
    prepared: &Prepared,
    args: &Args,
) -> Measured {
    let urls: Arc<Vec<String>> = Arc::new(
        bases
            .iter()
            .map(|b| format!("{b}/api/v1/passport/bookings"))
            .collect(),
    );
    let tokens = Arc::new(prepared.tokens.clone());
    let slot_id: Arc<str> = Arc::from(prepared.slot_id.as_str());
    drive(args, |i| {
        let (client, urls, tokens, slot_id) = (
            client.clone(),
            urls.clone(),
            tokens.clone(),
            slot_id.clone(),
        );
        async move {
            let sent = client
                .post(&urls[i % urls.len()])
                .bearer_auth(&tokens[i / PER_ACCOUNT])
                .json(&prepare::booking_body(&slot_id, i))
                .send()
                .await;
            let response = match sent {
                Ok(r) => r,
                Err(e) => return Answer::Error(format!("request: {e}")),
            };
            match response.status().as_u16() {
                201 => match response.json::<Value>().await {
                    Ok(v) => Answer::Accepted(v["code"].as_str().map(str::to_owned)),
                    Err(e) => Answer::Error(format!("201 body: {e}")),
                },
                // The body is read so that the connection is used again.
                409 => match response.bytes().await {
                    Ok(_) => Answer::Rejected,
                    Err(e) => Answer::Error(format!("409 body: {e}")),
                },
                status => {
                    let text = response.text().await.unwrap_or_default();
                    Answer::Error(format!("HTTP {status}: {text}"))
                }
            }
        }
    })
    .await
}

/// `GET /health` with the same load shape: the HTTP stack's own limit
/// (its handler pings the database once).
pub async fn health(client: &reqwest::Client, bases: &[String], args: &Args) -> Measured {
    let urls: Arc<Vec<String>> = Arc::new(bases.iter().map(|b| format!("{b}/health")).collect());
    drive(args, |i| {
        let (client, urls) = (client.clone(), urls.clone());
        async move {
            match client.get(&urls[i % urls.len()]).send().await {
                Ok(r) if r.status().as_u16() == 200 => match r.bytes().await {
                    Ok(_) => Answer::Accepted(None),
                    Err(e) => Answer::Error(format!("body: {e}")),
                },
                Ok(r) => Answer::Error(format!("HTTP {}", r.status())),
                Err(e) => Answer::Error(format!("request: {e}")),
            }
        }
    })
    .await
}

/// The booking use case (`app::book::book`, through the configured engine)
/// called in-process: what the database and the booking code sustain
/// without HTTP, JSON and authentication.
pub async fn in_process(state: &AppState, prepared: &Prepared, args: &Args) -> Measured {
    let slot_id: Arc<str> = Arc::from(prepared.slot_id.as_str());
    drive(args, |i| {
        let (state, slot_id) = (state.clone(), slot_id.clone());
        async move {
            let n = i / PER_ACCOUNT;
            let actor = Actor {
                id: prepare::account_id(n),
                email: format!("warga{n}@bench.id"),
                full_name: "Warga".to_owned(),
                role: Role::Citizen,
                office: None,
                email_verified: true,
            };
            let nik = prepare::nik(i);
            let applicant = match check_identity(IdentityInput {
                nik: Some(&nik),
                full_name: Some("Warga"),
                birth_date: Some("1990-03-12"),
                sex: Some("M"),
            }) {
                Ok(a) => a,
                Err(e) => return Answer::Error(format!("identity: {e}")),
            };
            let cmd = Book {
                slot_id: slot_id.to_string(),
                applicant,
                passport_type: PassportType::Regular,
                service: ServiceKind::New,
                validity_years: 5,
                purpose: Purpose::Other,
                married: false,
                channel: "api",
            };
            let request_id = format!("loadgen-{i}");
            let origin = Origin {
                actor: Some(&actor),
                request_id: &request_id,
            };
            match book::book(&state, Some(&actor), origin, cmd).await {
                Ok(booked) => Answer::Accepted(Some(booked.booking.code)),
                Err(BookingError::SlotFull) => Answer::Rejected,
                Err(e) => Answer::Error(format!("book: {e}")),
            }
        }
    })
    .await
}
