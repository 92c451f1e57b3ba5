//! Publishing public keys: `GET /api/v1/signing/keys`, answered from the
//! `signing_keys` table, where every process records its keys at start
//! ([`publish`]). Verifiers (airlines, border posts, landlords) fetch it once
//! and then check QR codes offline with [`super::verify`].

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::{ALG, Keys, PublicKey};
use crate::db;
use crate::http::error::ApiError;
use crate::state::AppState;

/// OpenAPI description of the signing routes.
#[derive(OpenApi)]
#[openapi(
    paths(list_keys),
    components(schemas(KeyList, PublishedKey)),
    tags((name = "signing", description = "Public keys that verify signed QR codes offline"))
)]
pub struct SigningApi;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/signing/keys", get(list_keys))
}

/// Record this process's public keys (safe to run at every start).
pub async fn publish(c: &impl ConnectionTrait, keys: &Keys) -> Result<(), DbErr> {
    let now = db::millis(jiff::Timestamp::now());
    for k in keys.public_keys() {
        db::exec(
            c,
            "INSERT INTO signing_keys (kid, alg, public_key, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (kid) DO NOTHING",
            [
                Value::from(k.kid.clone()),
                Value::from(ALG),
                Value::from(k.to_base64url()),
                Value::from(now),
            ],
        )
        .await?;
    }
    Ok(())
}

/// Every published public key, oldest first (unreadable rows are skipped).
pub async fn published(c: &impl ConnectionTrait) -> Result<Vec<PublicKey>, DbErr> {
    let rows = db::all(
        c,
        "SELECT kid, public_key FROM signing_keys WHERE alg = $1 ORDER BY created_at, kid",
        [Value::from(ALG)],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kid: String = db::col(r, "kid")?;
        let text: String = db::col(r, "public_key")?;
        match PublicKey::from_base64url(&text).filter(|k| k.kid == kid) {
            Some(k) => out.push(k),
            None => tracing::warn!(%kid, "a published signing key does not match its id; skipped"),
        }
    }
    Ok(out)
}

/// One public key.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedKey {
    /// Key id: first 8 bytes of SHA-256 of the public key, hex.
    pub kid: String,
    /// Always `Ed25519`.
    pub alg: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
}

/// The published keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyList {
    /// Every key that signed or signs documents.
    pub keys: Vec<PublishedKey>,
}

/// Public keys that verify the platform's signed QR codes
/// (`IMG1.<kid>.<payload>.<signature>`).
#[utoipa::path(get, path = "/api/v1/signing/keys", tag = "signing",
    responses((status = 200, body = KeyList)))]
async fn list_keys(State(state): State<AppState>) -> Result<Response, ApiError> {
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
    // Public keys: caches may keep them a while.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}
