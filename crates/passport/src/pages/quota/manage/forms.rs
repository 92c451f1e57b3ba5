//! The POST handlers of the quota page: check the form, apply the change
//! and redirect with a notice, or re-render with the problems (422).

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use jiff::Timestamp;

use super::{ExceptionForm, FormRow, MAX_FORM_ROWS, Posted, SettingsForm, managed, page};
use crate::api::quota::input::{
    self, ExceptionBody, Field, InputError, ReleaseRuleBody, SessionBody, SettingsBody,
};
use crate::app::quota::{self as ops, Change, OfficeRef};

fn done(office: &OfficeRef, what: &str) -> Response {
    Redirect::to(&format!(
        "/offices/{}/quota?done={what}",
        office.office.code
    ))
    .into_response()
}

fn change<'a>(ctx: &'a Ctx, office: &'a OfficeRef) -> Result<Change<'a>, PageError> {
    Ok(Change {
        actor: ctx.page_actor()?,
        request_id: &ctx.request_id,
        office,
    })
}

/// Form rows by index from `s{N}_{field}` pairs.
fn form_rows(pairs: &[(String, String)]) -> Vec<FormRow> {
    let mut rows: BTreeMap<usize, FormRow> = BTreeMap::new();
    for (k, v) in pairs {
        let Some((n, field)) = k.strip_prefix('s').and_then(|r| r.split_once('_')) else {
            continue;
        };
        let Some(n) = n.parse::<usize>().ok().filter(|n| *n < MAX_FORM_ROWS) else {
            continue;
        };
        let row = rows.entry(n).or_insert_with(|| FormRow {
            n,
            ..FormRow::default()
        });
        let slot = match field {
            "weekday" => &mut row.weekday,
            "start" => &mut row.start,
            "end" => &mut row.end,
            "category" => &mut row.category,
            "capacity" => &mut row.capacity,
            _ => continue,
        };
        *slot = v.trim().to_owned();
    }
    rows.into_values().collect()
}

/// Rows whose capacity is empty or 0 are removed.
fn kept(row: &FormRow) -> bool {
    !(row.capacity.is_empty() || row.capacity.parse::<i64>() == Ok(0))
}

/// A number typed in a form; anything else becomes -1, which every range check refuses.
fn number(s: &str) -> i64 {
    s.trim().parse().unwrap_or(-1)
}

/// `POST /offices/{code}/quota/template`.
pub(in crate::pages::quota) async fn save_template(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let office = managed(&state, &ctx, &code).await?;
    let rows = form_rows(&pairs);
    let (numbers, bodies): (Vec<usize>, Vec<SessionBody>) = rows
        .iter()
        .filter(|r| kept(r))
        .map(|r| {
            (
                r.n,
                SessionBody {
                    weekday: r.weekday.clone(),
                    start: r.start.clone(),
                    end: r.end.clone(),
                    category: r.category.clone(),
                    capacity: number(&r.capacity),
                },
            )
        })
        .unzip();
    match input::parse_template(&bodies) {
        Ok(template) => {
            ops::replace_template(&state.db, change(&ctx, &office)?, &template).await?;
            Ok(done(&office, "template"))
        }
        Err(errors) => {
            // Errors name positions among kept rows; point them at form rows.
            let errors = errors
                .into_iter()
                .map(|mut e| {
                    if let Field::Session(i, part) = e.field {
                        e.field = Field::Session(numbers.get(i).copied().unwrap_or(i), part);
                    }
                    e
                })
                .collect();
            let posted = Posted {
                rows: Some(rows),
                errors,
                ..Posted::default()
            };
            page(&state, &ctx, &office, posted, None).await
        }
    }
}

/// `POST /offices/{code}/quota/settings`.
pub(in crate::pages::quota) async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let office = managed(&state, &ctx, &code).await?;
    let release_rule = match form.kind.as_str() {
        "weekly" => Some(ReleaseRuleBody::Weekly {
            weekday: form.weekday.clone(),
            at: form.at.clone(),
            opens_from_days: number(&form.opens_from_days),
            opens_to_days: number(&form.opens_to_days),
        }),
        "monthly" => Some(ReleaseRuleBody::Monthly {
            at: form.at.clone(),
        }),
        _ => None,
    };
    let parsed = match release_rule {
        Some(release_rule) => input::parse_settings(&SettingsBody {
            release_rule,
            min_lead_minutes: number(&form.min_lead_minutes),
            max_advance_days: number(&form.max_advance_days),
        }),
        None => Err(vec![InputError {
            field: Field::Setting("kind"),
            key: "quota-error-rule-kind",
            args: Vec::new(),
        }]),
    };
    match parsed {
        Ok(settings) => {
            ops::update_settings(&state.db, change(&ctx, &office)?, &settings).await?;
            Ok(done(&office, "settings"))
        }
        Err(errors) => {
            let posted = Posted {
                settings: Some(form),
                errors,
                ..Posted::default()
            };
            page(&state, &ctx, &office, posted, None).await
        }
    }
}

/// `POST /offices/{code}/quota/exceptions`.
pub(in crate::pages::quota) async fn add_exception(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<ExceptionForm>,
) -> Result<Response, PageError> {
    let office = managed(&state, &ctx, &code).await?;
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let body = ExceptionBody {
        date: form.date.clone(),
        kind: form.kind.clone(),
        category: some(&form.category),
        start: some(&form.start),
        end: some(&form.end),
        capacity: some(&form.capacity).map(|c| number(&c)),
        note: form.note.clone(),
    };
    match input::parse_exception(&body, office.today(Timestamp::now())) {
        Ok((exception, note)) => {
            ops::add_exception(&state.db, change(&ctx, &office)?, &exception, &note).await?;
            Ok(done(&office, "exception-added"))
        }
        Err(errors) => {
            let posted = Posted {
                exception: Some(form),
                errors,
                ..Posted::default()
            };
            page(&state, &ctx, &office, posted, None).await
        }
    }
}

/// `POST /offices/{code}/quota/exceptions/{id}/delete`.
pub(in crate::pages::quota) async fn delete_exception(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = managed(&state, &ctx, &code).await?;
    if ops::remove_exception(&state.db, change(&ctx, &office)?, &id).await? {
        Ok(done(&office, "exception-deleted"))
    } else {
        Err(PageError::not_found())
    }
}
