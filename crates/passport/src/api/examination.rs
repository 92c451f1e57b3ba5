//! The examination (BAP) of a walk-in for a lost or damaged passport:
//! `POST /api/v1/passport/bookings/{code}/examination`. The walk-in itself
//! is registered on the office floor (`POST /api/v1/offices/{code}/walk-ins`
//! with `service`). Adapter only: parse, call `app::walk_in::examine`,
//! answer.

use axum::Json;
use axum::extract::{Path, State};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use super::bookings::view;
use super::errors;
use super::views::BookingView;
use crate::app::walk_in::{self, Examination};
use crate::app::{BookingError, Origin};
use crate::domain::ExaminationResult;

/// Longest examination report number accepted.
const REPORT_NUMBER_MAX: usize = 60;

/// The examination's result.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExaminationBody {
    /// `approved` (the bill is issued: product + surcharge) or `refused`.
    pub result: Option<String>,
    /// The examination report's number (nomor BAP), e.g. `BAP/0123/IMI.5/2026`.
    pub report_number: Option<String>,
}

/// A report number: 1 to 60 of letters, digits, spaces and `/ . -`.
pub(crate) fn report_number(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.chars().count() <= REPORT_NUMBER_MAX
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '/' | '.' | '-'));
    ok.then(|| s.to_owned())
}

fn parse(lang: Lang, body: &ExaminationBody) -> Result<Examination, ApiError> {
    let mut fields = BTreeMap::new();
    let result = body
        .result
        .as_deref()
        .and_then(|r| r.trim().parse::<ExaminationResult>().ok());
    if result.is_none() {
        fields.insert("result".to_owned(), lang.t("papi-examination-result"));
    }
    let number = body.report_number.as_deref().and_then(report_number);
    if number.is_none() {
        fields.insert("report_number".to_owned(), lang.t("papi-report-number"));
    }
    match (result, number) {
        (Some(result), Some(report_number)) => Ok(Examination {
            result,
            report_number,
        }),
        _ => Err(ApiError::invalid_input(fields).in_lang(lang)),
    }
}

/// Record the examination of a walk-in (officer or supervisor of its
/// office): `approved` issues the bill (product + surcharge; the booking
/// awaits payment), `refused` ends it.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/examination", tag = "passport",
    security(("bearer" = [])), params(("code" = String, Path, description = "Booking code")),
    request_body = ExaminationBody,
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope),
              (status = 403, description = "Not staff of the booking's office", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`transition_not_allowed`: the booking is not awaiting an examination", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` (result, report_number)", body = ErrorEnvelope)))]
pub(crate) async fn examine(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ExaminationBody>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let exam = parse(ctx.lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let booking = walk_in::examine(&state, actor, origin, &code, &exam, jiff::Timestamp::now())
        .await
        .map_err(|e: BookingError| errors::booking(ctx.lang, None, e))?;
    Ok(Json(view(&state, &booking).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_numbers() {
        assert_eq!(
            report_number(" BAP/0123/IMI.5/2026 ").as_deref(),
            Some("BAP/0123/IMI.5/2026")
        );
        assert_eq!(report_number(""), None);
        assert_eq!(report_number("BAP\t1"), None);
        assert_eq!(report_number("BAP<script>"), None);
        assert_eq!(report_number(&"9".repeat(61)), None);
        assert!(report_number(&"9".repeat(60)).is_some());
    }
}
