//! Verification by third parties: `POST /api/v1/documents/verify` and the
//! keys a verifier caches (`GET /api/v1/documents/keys`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::signing::api::{KeyList, PublishedKey, published};
use imigrasi_platform::signing::{ALG, KIND_E_VISA, MAX_TOKEN_LEN};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::answer;
use crate::app::verify::{self, Verified};

/// A payload to check.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyBody {
    /// The QR code's text (`IMG1.<kid>.<payload>.<signature>`).
    #[serde(default)]
    pub qr: String,
}

/// The holder as signed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Holder {
    /// Given names and surname.
    pub name: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
}

/// The verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyAnswer {
    /// Whether the payload is genuine.
    pub valid: bool,
    /// `evisa`, `stay_permit` or `apoa_receipt` when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// e-Visa number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The holder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Holder>,
    /// First day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last day to enter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// e-Visa: `valid`, `revoked`, `expired` or `used`; stay permit:
    /// `valid`, `expired`, `cancelled`, `converted` or `superseded`;
    /// receipt: `valid`, `checked_out`, `cancelled` or `superseded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why not valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Everything the document signs (its fields depend on its kind, see
    /// docs/documents.md), when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
}

fn text(data: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    data.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Check a signed QR payload (anyone, no account).
#[utoipa::path(post, path = "/api/v1/documents/verify", tag = "documents",
    request_body = VerifyBody,
    responses((status = 200, body = VerifyAnswer),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<VerifyBody>,
) -> Result<Response, ApiError> {
    if body.qr.trim().is_empty() || body.qr.len() > MAX_TOKEN_LEN {
        return Err(ApiError::invalid_field("qr", ctx.t("visa-field-invalid")));
    }
    let found = match verify::verify(&state, &body.qr).await {
        Ok(v) => v,
        Err(e) => return Ok(answer(ctx.lang, e)),
    };
    let out = match found {
        Verified::Invalid(reason) => VerifyAnswer {
            valid: false,
            kind: None,
            number: None,
            holder: None,
            valid_from: None,
            valid_until: None,
            status: None,
            reason: Some(reason.to_owned()),
            data: None,
        },
        Verified::Valid { kind, data, status } => VerifyAnswer {
            valid: true,
            // The e-Visa's kind keeps its published name.
            kind: Some(if kind == KIND_E_VISA {
                "evisa".to_owned()
            } else {
                kind
            }),
            number: Some(text(&data, "number")),
            holder: Some(Holder {
                name: text(&data, "name"),
                nationality: text(&data, "nationality"),
                passport_number: text(&data, "passport_number"),
            }),
            valid_from: Some(text(&data, "valid_from")).filter(|s| !s.is_empty()),
            valid_until: Some(text(&data, "valid_until")).filter(|s| !s.is_empty()),
            status: Some(status.to_owned()),
            reason: None,
            data: Some(data),
        },
    };
    let mut res = Json(out).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The public keys that verify documents offline (the file format the
/// offline verifier's `--keys` reads).
#[utoipa::path(get, path = "/api/v1/documents/keys", tag = "documents",
    responses((status = 200, body = KeyList)))]
pub async fn keys(State(state): State<AppState>) -> Result<Response, ApiError> {
    let keys = published(&state.db)
        .await?
        .into_iter()
        .map(|k| PublishedKey {
            alg: ALG.to_owned(),
            public_key: k.to_base64url(),
            kid: k.kid,
        })
        .collect();
    let mut res = Json(KeyList { keys }).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}
