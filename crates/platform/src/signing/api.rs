//! Publishing public keys: `GET /api/v1/signing/keys`, answered from the
//! `signing_keys` table, where every process records its keys at start
//! ([`publish`]). Verifiers (airlines, border posts, landlords) fetch it once
//! and then check QR codes offline with [`super::verify`].

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::ALG;
pub use super::store::{publish, published};
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
