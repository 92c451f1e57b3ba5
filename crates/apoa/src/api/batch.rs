//! Batches of check-in reports (CSV or JSON) and the reporter's CSV export
//! of a premise's stays (docs/apoa-batch.md).

use std::borrow::Cow;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::http::ctx::{Ctx, parse_json_in};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors::{api_error, field_message, mrz_message};
use super::reporter;
use super::stays::StayReportBody;
use super::views::mask;
use crate::app::ApoaError;
use crate::app::batch::{self, BatchRow, Outcome};
use crate::app::stays::Report;
use crate::domain::batch::{CsvError, MAX_ROWS, column_of, parse_csv};
use crate::domain::export;
use crate::domain::stay::StayInput;
use crate::store::stays::Stay;

/// The premise of a CSV batch.
#[derive(Debug, Deserialize, IntoParams)]
pub struct BatchQuery {
    /// The premise (required with CSV; with JSON, when the body has none).
    pub premise_id: Option<String>,
}

/// A JSON batch: the premise and its stays, each as the body of
/// `POST /api/v1/apoa/stays` (an item's own `premise_id` may be left out).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct BatchBody {
    /// The premise.
    #[serde(default)]
    pub premise_id: String,
    /// The reports, at most 5,000.
    #[serde(default)]
    pub stays: Vec<StayReportBody>,
}

/// A row written.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedRow {
    /// Row number (1 = the first data row or array item).
    pub row: usize,
    /// The stay's id.
    pub id: String,
    /// Its receipt number.
    pub receipt_number: String,
}

/// A refusal of one field of a row.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowError {
    /// The field: the CSV column, or the JSON field (`guest.surname`).
    pub field: String,
    /// Machine reason (`invalid`, `in_future`, `invalid_mrz`, …).
    pub code: String,
    /// What to fix, in the caller's language.
    pub message: String,
}

/// A row refused (nothing written for it).
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedRow {
    /// Row number.
    pub row: usize,
    /// Every field refused.
    pub errors: Vec<RowError>,
}

/// A row reported already (same passport, premise and check-in date).
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateRow {
    /// Row number.
    pub row: usize,
    /// The existing stay's id.
    pub id: String,
}

/// What became of each row.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct BatchAnswer {
    /// Rows written.
    pub accepted: Vec<AcceptedRow>,
    /// Rows refused.
    pub rejected: Vec<RejectedRow>,
    /// Rows reported already, nothing new written.
    pub duplicates: Vec<DuplicateRow>,
}

fn csv_error(lang: Lang, e: CsvError) -> ApiError {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let column = |code, key: &str, name: &str| {
        let message = lang.t_args(key, &[("column", name)]);
        let mut err = ApiError::new(unprocessable, code, message.clone());
        err.fields.insert(name.to_owned(), message);
        err
    };
    match e {
        CsvError::NotUtf8 => {
            ApiError::new(unprocessable, "malformed_csv", lang.t("apoa-csv-not-utf8"))
        }
        CsvError::NoHeader => {
            ApiError::new(unprocessable, "malformed_csv", lang.t("apoa-csv-no-header"))
        }
        CsvError::Malformed { row } => ApiError::new(
            unprocessable,
            "malformed_csv",
            lang.t_args("apoa-csv-malformed", &[("row", &row.to_string())]),
        ),
        CsvError::UnknownColumn(c) => column("unknown_column", "apoa-csv-unknown-column", &c),
        CsvError::DuplicateColumn(c) => column("duplicate_column", "apoa-csv-duplicate-column", &c),
        CsvError::MissingColumn(c) => column("missing_column", "apoa-csv-missing-column", c),
        CsvError::TooManyRows => too_large(lang),
    }
}

fn too_large(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "batch_too_large",
        lang.t_args("apoa-batch-too-large", &[("max", &MAX_ROWS.to_string())]),
    )
}

fn report_of(premise_id: &str, b: StayReportBody) -> Report {
    Report {
        premise_id: premise_id.to_owned(),
        guest: b.guest,
        stay: StayInput {
            entry_date: b.entry_date,
            entry_port: b.entry_port,
            check_in: b.check_in,
            expected_check_out: b.expected_check_out,
            room: b.room,
            permit: b.permit,
            purpose: b.purpose,
        },
        group_head_id: b.group_head_id,
    }
}

/// The rows of a request body, and its premise.
fn rows_of(
    lang: Lang,
    headers: &HeaderMap,
    query: BatchQuery,
    body: &[u8],
) -> Result<(String, Vec<BatchRow>), ApiError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let query_premise = query.premise_id.unwrap_or_default();
    if kind.starts_with("text/csv") {
        if query_premise.trim().is_empty() {
            return Err(ApiError::invalid_field(
                "premise_id",
                lang.t("apoa-field-invalid"),
            ));
        }
        let rows = parse_csv(body).map_err(|e| csv_error(lang, e))?;
        let rows = rows
            .into_iter()
            .map(|r| BatchRow {
                row: r.row,
                report: Report {
                    premise_id: query_premise.clone(),
                    guest: r.guest,
                    stay: r.stay,
                    group_head_id: r.group_head_id,
                },
                refused: r.refused,
            })
            .collect();
        return Ok((query_premise, rows));
    }
    if !kind.starts_with("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            lang.t("apoa-batch-media-type"),
        ));
    }
    let b: BatchBody = parse_json_in(body, lang)?;
    if b.stays.len() > MAX_ROWS {
        return Err(too_large(lang));
    }
    let premise = match b.premise_id.trim() {
        "" => query_premise,
        p => p.to_owned(),
    };
    let rows = b
        .stays
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let mut refused = crate::domain::FieldErrors::new();
            if !item.premise_id.trim().is_empty() && item.premise_id.trim() != premise.trim() {
                refused.insert("premise_id".into(), "unknown");
            }
            BatchRow {
                row: i + 1,
                report: report_of(&premise, item),
                refused,
            }
        })
        .collect();
    Ok((premise, rows))
}

fn row_errors(lang: Lang, csv: bool, e: ApoaError) -> Vec<RowError> {
    let name = |f: &str| if csv { column_of(f) } else { f.to_owned() };
    match e {
        ApoaError::InvalidInput(fields) => fields
            .into_iter()
            .map(|(f, reason)| RowError {
                field: name(&f),
                code: reason.to_owned(),
                message: field_message(lang, reason),
            })
            .collect(),
        ApoaError::InvalidMrz(e) => vec![RowError {
            field: name("guest.mrz"),
            code: "invalid_mrz".to_owned(),
            message: mrz_message(lang, &e),
        }],
        other => vec![RowError {
            field: "row".to_owned(),
            code: "invalid".to_owned(),
            message: api_error(lang, other).message,
        }],
    }
}

/// Report many check-ins at once: CSV (`text/csv`, the premise as
/// `?premise_id=`) or JSON (`{"premise_id","stays":[…]}`), at most 5,000
/// rows. Each row is written on its own: the answer lists each row
/// accepted, rejected (every field named, in the caller's language) or
/// duplicate (the guest's check-in at this premise on this date was
/// reported already). Sending the same batch again creates nothing.
#[utoipa::path(post, path = "/api/v1/apoa/stays/batch", tag = "apoa",
    security(("bearer" = [])),
    params(BatchQuery),
    request_body(description = "JSON `{\"premise_id\",\"stays\"}`, or `text/csv` with `?premise_id=` (columns in docs/apoa-batch.md)",
        content((BatchBody = "application/json"), (String = "text/csv"))),
    responses((status = 200, body = BatchAnswer),
        (status = 401, body = ErrorEnvelope),
        (status = 404, description = "Not the reporter's premise; nothing written", body = ErrorEnvelope),
        (status = 413, description = "`batch_too_large` (over 5,000 rows) or `payload_too_large` (over 2 MiB); nothing written", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`", body = ErrorEnvelope),
        (status = 422, description = "`malformed_csv`, `unknown_column`, `missing_column`, `duplicate_column`, or JSON `invalid_input`; nothing written", body = ErrorEnvelope)))]
pub async fn batch(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<BatchQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<BatchAnswer>, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let body = body.map_err(|_| ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE))?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/csv"));
    let (premise, rows) = rows_of(ctx.lang, &headers, query, &body)?;
    let outcomes = batch::report_batch(&state, &reporter, &ctx.request_id, &premise, rows)
        .await
        .map_err(|e| match e {
            ApoaError::BatchTooLarge => too_large(ctx.lang),
            e => api_error(ctx.lang, e),
        })?;
    let mut answer = BatchAnswer::default();
    for (row, outcome) in outcomes {
        match outcome {
            Outcome::Accepted(s) => answer.accepted.push(AcceptedRow {
                row,
                id: s.id,
                receipt_number: s.receipt_number,
            }),
            Outcome::Duplicate(id) => answer.duplicates.push(DuplicateRow { row, id }),
            Outcome::Rejected(e) => answer.rejected.push(RejectedRow {
                row,
                errors: row_errors(ctx.lang, csv, e),
            }),
        }
    }
    Ok(Json(answer))
}

/// The dates of an export.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// First check-in date (`YYYY-MM-DD`, the premise's local date);
    /// default 30 days before `to`.
    pub from: Option<String>,
    /// Last check-in date; default today.
    pub to: Option<String>,
}

/// The report's own columns, after a batch's in an export.
const REPORT_COLUMNS: [&str; 5] = ["id", "receipt_number", "status", "late", "check_out"];

/// The columns of an export: a batch's (the guest typed, not the MRZ),
/// then the report's own.
pub fn export_columns() -> Vec<&'static str> {
    crate::domain::batch::COLUMNS[1..]
        .iter()
        .chain(REPORT_COLUMNS.iter())
        .copied()
        .collect()
}

fn export_row(s: &Stay) -> Vec<Cow<'_, str>> {
    let opt = |v: &Option<String>| Cow::Owned(v.clone().unwrap_or_default());
    vec![
        Cow::Owned(mask(&s.passport_number)),
        Cow::Borrowed(s.nationality.as_str()),
        Cow::Borrowed(s.surname.as_str()),
        Cow::Borrowed(s.given_names.as_str()),
        Cow::Borrowed(s.birth_date.as_str()),
        Cow::Borrowed(s.sex.as_str()),
        Cow::Borrowed(s.passport_expiry.as_str()),
        Cow::Borrowed(s.entry_date.as_str()),
        opt(&s.entry_port),
        Cow::Owned(db::from_millis(s.check_in).to_string()),
        Cow::Borrowed(s.expected_check_out.as_str()),
        opt(&s.room),
        opt(&s.permit_kind),
        opt(&s.permit_number),
        Cow::Borrowed(s.purpose.as_str()),
        opt(&s.group_head_id),
        Cow::Borrowed(s.id.as_str()),
        Cow::Borrowed(s.receipt_number.as_str()),
        Cow::Borrowed(s.status.as_str()),
        Cow::Borrowed(if s.late { "true" } else { "false" }),
        Cow::Owned(
            s.check_out
                .map(|t| db::from_millis(t).to_string())
                .unwrap_or_default(),
        ),
    ]
}

/// A premise's stays as CSV (its owner or its key): checked in from `from`
/// to `to` (at most 366 days, 50,000 stays), the batch's columns then
/// `id`, `receipt_number`, `status`, `late`, `check_out`; the passport
/// number masked; every cell that a spreadsheet would run as a formula
/// prefixed with `'`.
#[utoipa::path(get, path = "/api/v1/apoa/premises/{id}/stays.csv", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The premise"), ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`: a bad date, a range over 366 days or over 50,000 stays", body = ErrorEnvelope)))]
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let e = batch::export(
        &state,
        &reporter,
        &ctx.request_id,
        &id,
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await
    .map_err(|e| api_error(ctx.lang, e))?;
    let body = export::to_csv(&export_columns(), e.stays.iter().map(export_row))
        .map_err(ApiError::internal)?;
    let name = format!("apoa-stays-{}-{}-{}.csv", e.premise.id, e.from, e.to);
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn openapi_describes_csv_and_json() {
        use utoipa::OpenApi;
        let doc = serde_json::to_value(super::super::ApoaApi::openapi()).unwrap();
        let batch = &doc["paths"]["/api/v1/apoa/stays/batch"]["post"];
        let content = batch["requestBody"]["content"].as_object().unwrap();
        assert!(content.contains_key("application/json") && content.contains_key("text/csv"));
        let export = &doc["paths"]["/api/v1/apoa/premises/{id}/stays.csv"]["get"];
        assert!(
            export["responses"]["200"]["content"]["text/csv"].is_object(),
            "{export}"
        );
    }

    #[test]
    fn export_columns_are_the_batch_columns_then_the_reports() {
        let batch: Vec<_> = crate::domain::batch::COLUMNS[1..].to_vec();
        assert_eq!(&super::export_columns()[..batch.len()], batch.as_slice());
    }
}
