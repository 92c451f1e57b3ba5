//! The counter page for officers and supervisors of an office:
//! `GET /offices/{code}/counter?c=3` opens a counter, calls the next
//! ticket, recalls, marks served or no-show, lists who waits, and registers
//! priority walk-ins. Every button is a POST form that redirects back here
//! (`?c=…&done=…&t=…`), so the page needs no script.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::Page;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::Office;
use imigrasi_platform::policy::{self, Actor, Permission};
use jiff::Timestamp;
use serde::Deserialize;

use super::{category_label, clock, office, render_with};
use crate::app::{self, CallError, Floor, Origin, TicketChange, TicketChangeError};
use crate::domain::{PriorityReason, office_date, parse_counter, parse_ticket_number};
use crate::port::{AppointmentDocument, FloorServices};
use crate::store;
use crate::store::screens::{self, ScreenTicket};

mod walk_ins;

pub(crate) use walk_ins::walk_in;

/// A ticket as the counter page shows it.
struct TicketRow {
    number: String,
    category: String,
    kind: String,
    priority: bool,
    full_name: String,
    checked_in: String,
    called: String,
    recalls: i64,
}

fn row(lang: Lang, zone: OfficeZone, t: &ScreenTicket) -> TicketRow {
    let kind = match t.priority_reason.as_deref() {
        Some(reason) => lang.t(&format!("floor-reason-{}", reason.replace('_', "-"))),
        None => lang.t(&format!("floor-kind-{}", t.kind.replace('_', "-"))),
    };
    TicketRow {
        number: t.number.clone(),
        category: category_label(lang, &t.category),
        priority: t.category == "priority",
        kind,
        full_name: t.full_name.clone(),
        checked_in: clock(zone, t.checked_in_at),
        called: t.called_at.map(|c| clock(zone, c)).unwrap_or_default(),
        recalls: t.recalls,
    }
}

/// One option of a radio group.
struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

/// The walk-in form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct WalkInForm {
    #[serde(default)]
    counter: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    /// Replacements: `regular` or `electronic`.
    #[serde(default)]
    passport_type: String,
    /// Replacements: `5` or `10`.
    #[serde(default)]
    validity_years: String,
    /// Replacements: a ticked box.
    #[serde(default)]
    married: String,
}

/// The walk-in choices that open a case to examine instead of a priority
/// ticket (a lost or damaged passport).
pub(crate) const CASE_SERVICES: [&str; 2] = ["replacement_lost", "replacement_damaged"];

impl WalkInForm {
    fn reasons(&self, lang: Lang) -> Vec<Choice> {
        PriorityReason::ALL
            .into_iter()
            .map(PriorityReason::as_str)
            .chain(CASE_SERVICES)
            .map(|r| Choice {
                value: r,
                label: lang.t(&format!("floor-reason-{}", r.replace('_', "-"))),
                checked: self.reason == r,
            })
            .collect()
    }

    fn passport_types(&self, lang: Lang) -> Vec<Choice> {
        [
            ("regular", "floor-walk-in-type-regular"),
            ("electronic", "floor-walk-in-type-electronic"),
        ]
        .into_iter()
        .map(|(value, key)| Choice {
            value,
            label: lang.t(key),
            checked: self.passport_type == value,
        })
        .collect()
    }

    fn validities(&self, lang: Lang) -> Vec<Choice> {
        [
            ("5", "floor-walk-in-validity-5"),
            ("10", "floor-walk-in-validity-10"),
        ]
        .into_iter()
        .map(|(value, key)| Choice {
            value,
            label: lang.t(key),
            checked: self.validity_years == value
                || (self.validity_years.is_empty() && value == "5"),
        })
        .collect()
    }

    fn is_married(&self) -> bool {
        !self.married.is_empty()
    }

    fn sexes(&self, lang: Lang) -> Vec<Choice> {
        [("M", "floor-walk-in-sex-m"), ("F", "floor-walk-in-sex-f")]
            .into_iter()
            .map(|(value, key)| Choice {
                value,
                label: lang.t(key),
                checked: self.sex == value,
            })
            .collect()
    }
}

/// One error of the walk-in form: the input it concerns and the message.
struct FieldError {
    field: &'static str,
    message: String,
}

#[derive(Template)]
#[template(path = "floor_counter.html")]
struct CounterTemplate {
    page: Page,
    office_code: String,
    office_name: String,
    /// The counter worked at, when open.
    counter: Option<String>,
    /// Every open counter of the office.
    open: Vec<String>,
    current: Option<TicketRow>,
    /// The documents of the current ticket's appointment.
    documents: Vec<AppointmentDocument>,
    waiting: Vec<TicketRow>,
    waiting_count: String,
    error: Option<String>,
    walk_in: WalkInForm,
    reasons: Vec<Choice>,
    sexes: Vec<Choice>,
    passport_types: Vec<Choice>,
    validities: Vec<Choice>,
    walk_in_errors: Vec<FieldError>,
    /// Where staff record examinations (from the services), if anywhere.
    case_page: Option<&'static str>,
}

impl CounterTemplate {
    fn field_error(&self, field: &str) -> Option<&str> {
        self.walk_in_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// The officer of this office, a login redirect, or 403.
fn operator(ctx: &Ctx, office: &Office) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?;
    policy::authorize(
        actor,
        Permission::OperateOfficeFloor {
            office: &office.code,
        },
    )
    .map_err(|_| PageError::forbidden())?;
    Ok(actor.clone())
}

#[derive(Deserialize)]
pub(crate) struct CounterQuery {
    c: Option<String>,
    done: Option<String>,
    t: Option<String>,
    /// The booking a walk-in case opened (`done=walk-in-case`).
    b: Option<String>,
    error: Option<String>,
}

/// Where to go back to after an action.
fn back(office: &str, counter: Option<&str>, params: &[(&str, &str)]) -> Response {
    let mut url = format!("/offices/{office}/counter");
    let mut sep = '?';
    for (k, v) in counter
        .map(|c| ("c", c))
        .into_iter()
        .chain(params.iter().copied())
    {
        url.push(sep);
        url.push_str(k);
        url.push('=');
        url.push_str(&urlencode(v));
        sep = '&';
    }
    Redirect::to(&url).into_response()
}

/// The notice for `?done=…&t=…` (and `&b=…`, the booking of a case).
fn done_message(
    lang: Lang,
    done: &str,
    ticket: &str,
    counter: &str,
    booking: &str,
) -> Option<String> {
    let key = match done {
        "opened" => "floor-counter-done-opened",
        "called" => "floor-counter-done-called",
        "recalled" => "floor-counter-done-recalled",
        "served" => "floor-counter-done-served",
        "no-show" => "floor-counter-done-no-show",
        "empty" => "floor-counter-done-empty",
        "walk-in" => "floor-counter-done-walk-in",
        "walk-in-case" => "floor-counter-done-walk-in-case",
        _ => return None,
    };
    Some(lang.t_args(
        key,
        &[
            ("ticket", ticket),
            ("counter", counter),
            ("booking", booking),
        ],
    ))
}

/// The message for `?error=…`.
fn error_message(lang: Lang, error: &str, counter: &str) -> Option<String> {
    let key = match error {
        "counter" => "floor-counter-error-counter",
        "closed" => "floor-counter-error-closed",
        "ticket" => "floor-counter-error-ticket",
        "not-found" => "floor-counter-error-not-found",
        "busy" => "floor-counter-error-busy",
        _ => return None,
    };
    Some(lang.t_args(key, &[("counter", counter)]))
}

/// What the page shows besides the office and the counter.
struct Extra {
    notice: Option<String>,
    error: Option<String>,
    walk_in: WalkInForm,
    walk_in_errors: Vec<FieldError>,
    case_page: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    services: &FloorServices,
    office: &Office,
    zone: OfficeZone,
    counter: Option<String>,
    extra: Extra,
    status: StatusCode,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let today = office_date(&zone.time_zone(), Timestamp::now()).to_string();
    let open: Vec<String> = store::counters(&state.db, &office.code)
        .await?
        .into_iter()
        .filter(|c| c.open)
        .map(|c| c.counter)
        .collect();
    let counter = counter.filter(|c| open.contains(c));
    let called = match &counter {
        Some(c) => screens::at_counter(&state.db, &office.code, &today, c).await?,
        None => None,
    };
    let documents = match called.as_ref().and_then(|t| t.appointment_id.as_deref()) {
        Some(id) => services.documents(&state.db, id, lang).await?,
        None => Vec::new(),
    };
    let current = called.map(|t| row(lang, zone, &t));
    let waiting: Vec<TicketRow> = screens::waiting(&state.db, &office.code, &today)
        .await?
        .iter()
        .map(|t| row(lang, zone, t))
        .collect();
    let mut page = Page::new(ctx);
    page.flash = extra.notice;
    let t = CounterTemplate {
        page,
        office_code: office.code.clone(),
        office_name: office.name.clone(),
        counter,
        open,
        current,
        documents,
        waiting_count: lang.t_args(
            "floor-counter-waiting-count",
            &[("n", &waiting.len().to_string())],
        ),
        waiting,
        error: extra.error,
        reasons: extra.walk_in.reasons(lang),
        sexes: extra.walk_in.sexes(lang),
        passport_types: extra.walk_in.passport_types(lang),
        validities: extra.walk_in.validities(lang),
        case_page: extra.case_page,
        walk_in: extra.walk_in,
        walk_in_errors: extra.walk_in_errors,
    };
    render_with(&t, status)
}

/// `GET /offices/{code}/counter`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CounterQuery>,
) -> Result<Response, PageError> {
    let (office, zone) = office(&state, &code).await?;
    operator(&ctx, &office)?;
    let counter = q.c.as_deref().and_then(parse_counter);
    let c = counter.clone().unwrap_or_default();
    let ticket = q.t.as_deref().unwrap_or("");
    let extra = Extra {
        notice: q
            .done
            .as_deref()
            .and_then(|d| done_message(ctx.lang, d, ticket, &c, q.b.as_deref().unwrap_or(""))),
        error: q
            .error
            .as_deref()
            .and_then(|e| error_message(ctx.lang, e, &c)),
        walk_in: WalkInForm {
            counter: c,
            ..WalkInForm::default()
        },
        walk_in_errors: Vec::new(),
        case_page: services.case_page(),
    };
    let status = StatusCode::OK;
    render_page(
        &state, &ctx, &services, &office, zone, counter, extra, status,
    )
    .await
}

#[derive(Deserialize)]
pub(crate) struct CounterForm {
    #[serde(default)]
    counter: String,
}

fn origin(ctx: &Ctx) -> Origin<'_> {
    Origin {
        actor: ctx.actor.as_ref(),
        device_id: None,
        request_id: &ctx.request_id,
    }
}

/// `POST /offices/{code}/counter/open`.
pub(crate) async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<CounterForm>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    operator(&ctx, &office)?;
    let Some(counter) = parse_counter(&form.counter) else {
        return Ok(back(&office.code, None, &[("error", "counter")]));
    };
    app::open_counter(
        &state.db,
        &office.code,
        &counter,
        origin(&ctx),
        Timestamp::now(),
    )
    .await?;
    Ok(back(&office.code, Some(&counter), &[("done", "opened")]))
}

/// The `?error=` value for a refused call (storage failures are the 500 page).
fn call_error(e: CallError) -> Result<&'static str, PageError> {
    Ok(match e {
        CallError::CounterClosed { .. } => "closed",
        CallError::Contention => "busy",
        CallError::Db(e) => return Err(PageError::from(e)),
    })
}

/// The `?error=` value for a refused ticket action.
fn change_error(e: TicketChangeError) -> Result<&'static str, PageError> {
    Ok(match e {
        TicketChangeError::NotFound => "not-found",
        TicketChangeError::Ticket(_) => "ticket",
        TicketChangeError::Db(e) => return Err(PageError::from(e)),
    })
}

/// `POST /offices/{code}/counter/call-next`.
pub(crate) async fn call_next(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<CounterForm>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    operator(&ctx, &office)?;
    let Some(counter) = parse_counter(&form.counter) else {
        return Ok(back(&office.code, None, &[("error", "counter")]));
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let called = app::call_next(
        floor,
        &office.code,
        &counter,
        origin(&ctx),
        Timestamp::now(),
    )
    .await;
    Ok(match called {
        Ok(Some(t)) => back(
            &office.code,
            Some(&counter),
            &[("done", "called"), ("t", &t.ticket.number)],
        ),
        Ok(None) => back(&office.code, Some(&counter), &[("done", "empty")]),
        Err(e) => back(&office.code, Some(&counter), &[("error", call_error(e)?)]),
    })
}

/// `POST /offices/{code}/counter/tickets/{ticket}/{recall|served|no-show}`.
pub(crate) async fn act(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path((code, number, action)): Path<(String, String, String)>,
    Form(form): Form<CounterForm>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    operator(&ctx, &office)?;
    let (change, done) = match action.as_str() {
        "recall" => (TicketChange::Recall, "recalled"),
        "served" => (TicketChange::Serve, "served"),
        "no-show" => (TicketChange::NoShow, "no-show"),
        _ => return Err(PageError::not_found()),
    };
    let counter = parse_counter(&form.counter);
    let Some(number) = parse_ticket_number(&number) else {
        return Ok(back(
            &office.code,
            counter.as_deref(),
            &[("error", "not-found")],
        ));
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let changed = app::change_ticket(
        floor,
        &office.code,
        &number,
        change,
        origin(&ctx),
        Timestamp::now(),
    )
    .await;
    Ok(match changed {
        Ok(t) => back(
            &office.code,
            counter.as_deref(),
            &[("done", done), ("t", &t.ticket.number)],
        ),
        Err(e) => back(
            &office.code,
            counter.as_deref(),
            &[("error", change_error(e)?)],
        ),
    })
}
