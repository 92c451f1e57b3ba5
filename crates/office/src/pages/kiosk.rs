//! The kiosk (Anjungan Paspor Mandiri) of an office: a touch screen where
//! the citizen scans or types the booking code and gets a printable ticket.
//!
//! The device key is entered once on the setup form and kept in the cookie
//! [`KIOSK_COOKIE`] (HttpOnly, SameSite=Strict, Path=/kiosk). Every request
//! checks it again: a revoked key, or a key of another office, brings the
//! setup form back with a message.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::http::ctx::{Ctx, cookie};
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};
use jiff::Timestamp;
use serde::Deserialize;

use super::{category_label, clock, long_date, office, render_with};
use crate::app::{self, CheckInError, Floor, Origin};
use crate::port::FloorServices;
use crate::store::{self, Device, devices};

/// The cookie holding the kiosk's device key.
pub const KIOSK_COOKIE: &str = "imigrasi_kiosk";

/// What every kiosk screen shows around its content.
#[derive(Debug, Clone)]
pub(crate) struct Kiosk {
    lang: Lang,
    /// Office code.
    pub code: String,
    /// Office name.
    pub office_name: String,
    /// This page's path, encoded for the language switch.
    pub next: String,
}

impl Kiosk {
    fn new(ctx: &Ctx, office: &Office) -> Kiosk {
        Kiosk {
            lang: ctx.lang,
            code: office.code.clone(),
            office_name: office.name.clone(),
            next: urlencode(&format!("/kiosk/{}", office.code)),
        }
    }

    /// Translate a message id.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The language code for `<html lang>`.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
}

#[derive(Template)]
#[template(path = "floor_kiosk_setup.html")]
struct SetupTemplate {
    kiosk: Kiosk,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "floor_kiosk_scan.html")]
struct ScanTemplate {
    kiosk: Kiosk,
    notice: Option<String>,
    error: Option<String>,
    code: String,
}

#[derive(Template)]
#[template(path = "floor_kiosk_ticket.html")]
struct TicketTemplate {
    kiosk: Kiosk,
    number: String,
    category: String,
    area: String,
    people_ahead: u32,
    date: String,
    qr_svg: String,
}

/// How the cookie's key stands.
enum KeyState {
    /// No cookie.
    Missing,
    /// A live device of this office.
    Valid(Device),
    /// A key that was revoked.
    Revoked,
    /// Unknown, or a device of another office.
    Invalid,
}

/// Check a device key for an office.
async fn key_state(
    state: &AppState,
    office: &str,
    key: Option<&str>,
) -> Result<KeyState, PageError> {
    let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(KeyState::Missing);
    };
    if let Some(device) = store::authenticate_device(&state.db, key).await? {
        return Ok(if device.office_code == office {
            KeyState::Valid(device)
        } else {
            KeyState::Invalid
        });
    }
    // Not live: say "revoked" only for a key this office once had.
    Ok(if devices::was_revoked_at(&state.db, office, key).await? {
        KeyState::Revoked
    } else {
        KeyState::Invalid
    })
}

/// The `Set-Cookie` value storing (or, with `None`, removing) the key.
fn kiosk_cookie(state: &AppState, key: Option<&str>) -> Result<HeaderValue, PageError> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let value = match key {
        Some(k) => format!(
            "{KIOSK_COOKIE}={k}; Path=/kiosk; HttpOnly; SameSite=Strict; Max-Age=31536000{secure}"
        ),
        None => {
            format!("{KIOSK_COOKIE}=; Path=/kiosk; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
        }
    };
    HeaderValue::from_str(&value).map_err(PageError::internal)
}

/// The setup form, clearing a cookie that no longer works.
fn setup(
    state: &AppState,
    kiosk: Kiosk,
    error: Option<String>,
    clear: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut res = render_with(&SetupTemplate { kiosk, error }, status)?;
    if clear {
        res.headers_mut()
            .insert(header::SET_COOKIE, kiosk_cookie(state, None)?);
    }
    Ok(res)
}

/// The device behind the request's cookie, or the setup screen to show.
async fn device_or_setup(
    state: &AppState,
    kiosk: &Kiosk,
    headers: &HeaderMap,
) -> Result<Result<Device, Response>, PageError> {
    let lang = kiosk.lang;
    match key_state(state, &kiosk.code, cookie(headers, KIOSK_COOKIE)).await? {
        KeyState::Valid(d) => Ok(Ok(d)),
        KeyState::Missing => Ok(Err(setup(
            state,
            kiosk.clone(),
            None,
            false,
            StatusCode::OK,
        )?)),
        KeyState::Revoked => Ok(Err(setup(
            state,
            kiosk.clone(),
            Some(lang.t("floor-kiosk-key-revoked")),
            true,
            StatusCode::OK,
        )?)),
        KeyState::Invalid => Ok(Err(setup(
            state,
            kiosk.clone(),
            Some(lang.t("floor-kiosk-key-invalid")),
            true,
            StatusCode::OK,
        )?)),
    }
}

#[derive(Deserialize)]
pub(crate) struct ShowQuery {
    ready: Option<String>,
}

/// `GET /kiosk/{code}`: the scan screen, or the setup form.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    let kiosk = Kiosk::new(&ctx, &office);
    if let Err(screen) = device_or_setup(&state, &kiosk, &headers).await? {
        return Ok(screen);
    }
    render_with(
        &ScanTemplate {
            notice: q.ready.map(|_| ctx.t("floor-kiosk-ready")),
            kiosk,
            error: None,
            code: String::new(),
        },
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub(crate) struct SetupForm {
    #[serde(default)]
    key: String,
}

/// `POST /kiosk/{code}/setup`: remember a device key of this office.
pub(crate) async fn setup_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<SetupForm>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    let kiosk = Kiosk::new(&ctx, &office);
    let key = form.key.trim();
    let message = match key_state(&state, &office.code, Some(key)).await? {
        KeyState::Valid(_) => {
            let mut res = Redirect::to(&format!("/kiosk/{}?ready=1", office.code)).into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, kiosk_cookie(&state, Some(key))?);
            return Ok(res);
        }
        KeyState::Revoked => "floor-kiosk-key-revoked",
        KeyState::Missing | KeyState::Invalid => "floor-kiosk-key-invalid",
    };
    setup(
        &state,
        kiosk,
        Some(ctx.t(message)),
        false,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// `POST /kiosk/{code}/forget`: forget the device key on this kiosk.
pub(crate) async fn forget(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let (office, _) = office(&state, &code).await?;
    let mut res = Redirect::to(&format!("/kiosk/{}", office.code)).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, kiosk_cookie(&state, None)?);
    Ok(res)
}

#[derive(Deserialize)]
pub(crate) struct CheckInForm {
    #[serde(default)]
    booking_code: String,
}

/// A refused check-in in words, with the status to answer with.
async fn refusal(
    state: &AppState,
    lang: Lang,
    zone: OfficeZone,
    e: CheckInError,
) -> Result<(StatusCode, String), PageError> {
    let conflict = StatusCode::CONFLICT;
    Ok(match e {
        CheckInError::NotFound => (StatusCode::NOT_FOUND, lang.t("floor-kiosk-error-unknown")),
        CheckInError::WrongOffice { office } => {
            let name = offices::find(&state.db, &office)
                .await?
                .map_or(office, |o| o.name);
            (
                conflict,
                lang.t_args("floor-kiosk-error-wrong-office", &[("office", &name)]),
            )
        }
        CheckInError::NotToday { date } => (
            conflict,
            lang.t_args(
                "floor-kiosk-error-not-today",
                &[("date", &long_date(lang, date))],
            ),
        ),
        CheckInError::NotConfirmed { .. } => (conflict, lang.t("floor-kiosk-error-not-confirmed")),
        CheckInError::AlreadyCheckedIn => (conflict, lang.t("floor-kiosk-error-already")),
        CheckInError::OutsideWindow { opens, closes } => {
            let at =
                |t: Timestamp| format!("{} {}", clock(zone, db::millis(t)), zone.abbreviation());
            (
                conflict,
                lang.t_args(
                    "floor-kiosk-error-outside-window",
                    &[("opens", &at(opens)), ("closes", &at(closes))],
                ),
            )
        }
        CheckInError::Db(e) => return Err(PageError::from(e)),
    })
}

/// The ticket number as an inline SVG QR code, labelled for screen readers.
fn qr_svg(number: &str, label: &str) -> Result<String, PageError> {
    let style = imigrasi_platform::http::qr::QrStyle {
        label,
        min_size: 160,
        class: None,
    };
    imigrasi_platform::http::qr::page_svg(number, style)
}

/// `POST /kiosk/{code}/check-in`: check the booking in and show the ticket.
pub(crate) async fn check_in(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<CheckInForm>,
) -> Result<Response, PageError> {
    let (office, zone) = office(&state, &code).await?;
    let kiosk = Kiosk::new(&ctx, &office);
    let lang = ctx.lang;
    let device = match device_or_setup(&state, &kiosk, &headers).await? {
        Ok(d) => d,
        Err(screen) => return Ok(screen),
    };
    let booking_code: String = form
        .booking_code
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if booking_code.is_empty() {
        return render_with(
            &ScanTemplate {
                kiosk,
                notice: None,
                error: Some(lang.t("floor-kiosk-error-empty")),
                code: String::new(),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let origin = Origin {
        actor: None,
        device_id: Some(&device.id),
        request_id: &ctx.request_id,
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let done = app::check_in(floor, &office.code, &booking_code, origin, Timestamp::now()).await;
    match done {
        Ok(c) => {
            let t = c.ticket;
            let category = t.category.as_str();
            render_with(
                &TicketTemplate {
                    qr_svg: qr_svg(
                        &t.number,
                        &lang.t_args("floor-kiosk-ticket-qr", &[("ticket", &t.number)]),
                    )?,
                    category: category_label(lang, category),
                    area: lang.t(&format!("floor-kiosk-area-{category}")),
                    people_ahead: c.people_ahead,
                    date: long_date(lang, t.service_date),
                    number: t.number,
                    kiosk,
                },
                StatusCode::OK,
            )
        }
        Err(e) => {
            let (status, message) = refusal(&state, lang, zone, e).await?;
            render_with(
                &ScanTemplate {
                    kiosk,
                    notice: None,
                    error: Some(message),
                    code: booking_code,
                },
                status,
            )
        }
    }
}
