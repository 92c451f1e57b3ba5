//! The platform's JSON API: accounts, sessions, the current account,
//! offices, health and metrics.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::db;
use crate::email_verification::{self, Confirmed, RequestError};
use crate::http::ctx::{ApiJson, Ctx};
use crate::http::error::{ApiError, ErrorEnvelope};
use crate::offices::{self, Office};
use crate::policy::{self, Permission, Role};
use crate::sessions;
use crate::state::AppState;

pub use crate::login::{LoginError, login};
pub use crate::registration::{OpenError, open_account};

/// OpenAPI description of the platform's routes.
#[derive(OpenApi)]
#[openapi(
    info(title = "imigrasi API", version = "1", description = "Immigration online services: passport appointments, visas, stay permits, foreigner reports."),
    paths(crate::billing::gateway::notify, create_account, create_staff_account, create_session, delete_session, me, request_email_code, confirm_email_code, list_offices, health),
    components(schemas(crate::billing::PaymentNotification, crate::billing::PaymentResult, ErrorEnvelope, AccountRequest, AccountCreated, StaffAccountRequest, SessionRequest, SessionCreated, Me, EmailCode, EmailVerification, OfficeList, Office, Health)),
    modifiers(&BearerAuth),
    tags((name = "accounts", description = "Accounts and sessions"), (name = "offices", description = "Immigration offices"), (name = "operations", description = "Health and metrics"), (name = "payments", description = "Payment gateway notifications"))
)]
pub struct PlatformApi;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The platform's API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/accounts", post(create_account))
        .route("/api/v1/staff-accounts", post(create_staff_account))
        .route("/api/v1/sessions", post(create_session))
        .route("/api/v1/sessions/current", delete(delete_session))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/email/verification", post(request_email_code))
        .route(
            "/api/v1/me/email/verification/confirm",
            post(confirm_email_code),
        )
        .route("/api/v1/offices", get(list_offices))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .merge(crate::billing::router())
}

/// Registration request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AccountRequest {
    /// E-mail address (used to log in).
    #[serde(default)]
    pub email: String,
    /// Password, 10 to 128 characters.
    #[serde(default)]
    pub password: String,
    /// Full name.
    #[serde(default)]
    pub full_name: String,
    /// `citizen`, `foreigner`, `sponsor` or `lodging`.
    #[serde(default)]
    pub kind: String,
}

/// A created account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountCreated {
    /// Account id.
    pub id: String,
    /// E-mail.
    pub email: String,
    /// Kind of account.
    pub kind: String,
}

/// Open an account (citizens, foreigners, sponsors, lodgings).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = AccountRequest,
    responses((status = 201, body = AccountCreated), (status = 409, description = "`email_taken`", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` with per-field messages", body = ErrorEnvelope),
              (status = 503, description = "`server_busy`, with `Retry-After`", body = ErrorEnvelope)))]
async fn create_account(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<AccountRequest>,
) -> Result<Response, ApiError> {
    let account = open_account(&state, &ctx, None, req, None)
        .await
        .map_err(|e| e.into_api(ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(AccountCreated {
            id: account.id,
            email: account.email,
            kind: account.role.as_str().to_owned(),
        }),
    )
        .into_response())
}

/// Staff account request (administrators only).
#[derive(Debug, Deserialize, ToSchema)]
pub struct StaffAccountRequest {
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Initial password, 10 to 128 characters.
    #[serde(default)]
    pub password: String,
    /// Full name.
    #[serde(default)]
    pub full_name: String,
    /// `officer`, `supervisor`, `administrator` or `mission`.
    #[serde(default)]
    pub kind: String,
    /// Office code, required for officers and supervisors.
    pub office: Option<String>,
}

/// Create a staff account (administrator).
#[utoipa::path(post, path = "/api/v1/staff-accounts", tag = "accounts", request_body = StaffAccountRequest,
    security(("bearer" = [])),
    responses((status = 201, body = AccountCreated), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn create_staff_account(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<StaffAccountRequest>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    policy::authorize(&actor, Permission::CreateStaffAccount).map_err(|_| ApiError::forbidden())?;
    let office = req
        .office
        .map(|o| o.trim().to_uppercase())
        .filter(|o| !o.is_empty());
    let account = open_account(
        &state,
        &ctx,
        Some(&actor),
        AccountRequest {
            email: req.email,
            password: req.password,
            full_name: req.full_name,
            kind: req.kind,
        },
        office,
    )
    .await
    .map_err(|e| e.into_api(ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(AccountCreated {
            id: account.id,
            email: account.email,
            kind: account.role.as_str().to_owned(),
        }),
    )
        .into_response())
}

/// Login request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Password.
    #[serde(default)]
    pub password: String,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    /// Bearer token: send as `Authorization: Bearer TOKEN`.
    pub token: String,
    /// RFC 3339 instant when it expires.
    pub expires_at: String,
}

/// Log in and receive a bearer token.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "accounts", request_body = SessionRequest,
    responses((status = 201, body = SessionCreated), (status = 401, description = "`invalid_credentials`", body = ErrorEnvelope),
              (status = 429, description = "`too_many_attempts`, with `Retry-After`", body = ErrorEnvelope),
              (status = 503, description = "`server_busy`, with `Retry-After`: too many logins at once", body = ErrorEnvelope)))]
async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, ApiError> {
    match login(&state, &ctx, &req.email, &req.password).await {
        Ok((_, s)) => Ok((
            StatusCode::CREATED,
            Json(SessionCreated {
                token: s.token,
                expires_at: s.expires_at.to_string(),
            }),
        )
            .into_response()),
        Err(LoginError::InvalidCredentials) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            ctx.t("login-failed"),
        )),
        Err(LoginError::Throttled(wait)) => {
            Err(ApiError::too_many_attempts(ctx.t("login-throttled"), wait))
        }
        Err(LoginError::Busy) => Err(ApiError::server_busy(ctx.t("error-server-busy"))),
        Err(LoginError::Db(e)) => Err(ApiError::from(e)),
    }
}

/// Revoke the session whose token authenticated this request.
pub async fn logout(state: &AppState, ctx: &Ctx) -> Result<(), sea_orm::DbErr> {
    if let (Some(token), Some(actor)) = (&ctx.token, &ctx.actor) {
        sessions::end(&state.db, token, actor, &ctx.request_id).await?;
    }
    Ok(())
}

/// Log out: revoke the current token.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "accounts", security(("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorEnvelope)))]
async fn delete_session(State(state): State<AppState>, ctx: Ctx) -> Result<StatusCode, ApiError> {
    ctx.api_actor()?;
    logout(&state, &ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The current account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// Account id.
    pub id: String,
    /// E-mail.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Kind of account.
    pub kind: String,
    /// Office code for officers and supervisors, else null.
    pub office: Option<String>,
    /// Whether the owner proved the e-mail (a foreigner sees the cases
    /// naming its e-mail only then).
    pub email_verified: bool,
}

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorEnvelope)))]
async fn me(ctx: Ctx) -> Result<Json<Me>, ApiError> {
    let a = ctx.api_actor()?;
    Ok(Json(Me {
        id: a.id.clone(),
        email: a.email.clone(),
        full_name: a.full_name.clone(),
        kind: a.role.as_str().to_owned(),
        office: a.office.clone(),
        email_verified: a.email_verified,
    }))
}

/// The state of the e-mail's verification.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailVerification {
    /// `code_sent` or `verified`.
    pub status: String,
    /// Whether the e-mail is verified now.
    pub email_verified: bool,
}

/// Send a one-time code to the account's e-mail (valid 30 minutes; a new
/// code replaces the pending one; at most one a minute and five an hour).
#[utoipa::path(post, path = "/api/v1/me/email/verification", tag = "accounts", security(("bearer" = [])),
    responses((status = 202, body = EmailVerification), (status = 401, body = ErrorEnvelope),
              (status = 409, description = "`already_verified`", body = ErrorEnvelope),
              (status = 429, description = "`too_many_attempts`, with `Retry-After`", body = ErrorEnvelope)))]
async fn request_email_code(State(state): State<AppState>, ctx: Ctx) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    match email_verification::request(&state, actor, ctx.lang, &ctx.request_id).await {
        Ok(()) => Ok((
            StatusCode::ACCEPTED,
            Json(EmailVerification {
                status: "code_sent".to_owned(),
                email_verified: false,
            }),
        )
            .into_response()),
        Err(RequestError::AlreadyVerified) => Err(ApiError::conflict(
            "already_verified",
            ctx.t("email-verify-already"),
        )),
        Err(RequestError::Throttled(wait)) => Err(ApiError::too_many_attempts(
            ctx.t("email-verify-throttled"),
            wait,
        )),
        Err(RequestError::Db(e)) => Err(ApiError::from(e)),
    }
}

/// A code to confirm.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailCode {
    /// The 6-digit code from the e-mail.
    #[serde(default)]
    pub code: String,
}

/// Confirm the code: the e-mail becomes verified.
#[utoipa::path(post, path = "/api/v1/me/email/verification/confirm", tag = "accounts", security(("bearer" = [])),
    request_body = EmailCode,
    responses((status = 200, body = EmailVerification), (status = 401, body = ErrorEnvelope),
              (status = 409, description = "`code_expired`, `code_void` (5 wrong tries) or `no_pending_code`", body = ErrorEnvelope),
              (status = 422, description = "`invalid_code`", body = ErrorEnvelope)))]
async fn confirm_email_code(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<EmailCode>,
) -> Result<Json<EmailVerification>, ApiError> {
    let actor = ctx.api_actor()?;
    let found = email_verification::confirm(&state, actor, &req.code, &ctx.request_id).await?;
    match found {
        Confirmed::Verified => Ok(Json(EmailVerification {
            status: "verified".to_owned(),
            email_verified: true,
        })),
        other => Err(confirm_refusal(other, ctx.lang)),
    }
}

/// The API's refusal of a confirmation, in `lang`.
pub fn confirm_refusal(found: Confirmed, lang: crate::i18n::Lang) -> ApiError {
    let (status, code) = match found {
        Confirmed::InvalidCode | Confirmed::Verified => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_code")
        }
        Confirmed::Expired => (StatusCode::CONFLICT, "code_expired"),
        Confirmed::Void => (StatusCode::CONFLICT, "code_void"),
        Confirmed::NoPendingCode => (StatusCode::CONFLICT, "no_pending_code"),
    };
    ApiError::new(status, code, lang.t(confirm_message(found)))
}

/// The message id saying what a confirmation found.
pub fn confirm_message(found: Confirmed) -> &'static str {
    match found {
        Confirmed::Verified => "email-verify-done",
        Confirmed::InvalidCode => "email-verify-invalid-code",
        Confirmed::Expired => "email-verify-expired",
        Confirmed::Void => "email-verify-void",
        Confirmed::NoPendingCode => "email-verify-no-pending",
    }
}

/// The list of offices.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeList {
    /// Offices by province and city.
    pub offices: Vec<Office>,
}

/// Every immigration office.
#[utoipa::path(get, path = "/api/v1/offices", tag = "offices", responses((status = 200, body = OfficeList)))]
async fn list_offices(State(state): State<AppState>) -> Result<Json<OfficeList>, ApiError> {
    Ok(Json(OfficeList {
        offices: offices::list(&state.db).await?,
    }))
}

/// Health report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Version of the binary.
    pub version: String,
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/health", tag = "operations", responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn health(State(state): State<AppState>) -> Response {
    let up = db::ping(&state.db).await;
    let body = Health {
        status: if up { "ok" } else { "unavailable" }.to_owned(),
        database: db::backend_name(&state.db).to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let status = if up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

async fn metrics() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::http::metrics_handle().render(),
    )
        .into_response()
}

/// Role names for documentation and forms.
pub fn role_names() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}
