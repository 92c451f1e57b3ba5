//! The platform's HTML pages: home, register, login, logout, account,
//! language switch and the API documentation page.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Json, Router};
use serde::Deserialize;

use crate::api::{self, AccountRequest, LoginError, OpenError};
use crate::hashing::BUSY_RETRY_AFTER_SECS;
use crate::http::ctx::{Ctx, SESSION_COOKIE, safe_next};
use crate::http::error::PageError;
use crate::http::page::{Page, render};
use crate::i18n::{LANG_COOKIE, Lang};
use crate::policy::Role;
use crate::state::AppState;

/// A service shown on the home page.
#[derive(Debug, Clone)]
pub struct ServiceCard {
    /// Message id of the title.
    pub title_key: &'static str,
    /// Message id of the description.
    pub desc_key: &'static str,
    /// Where it starts, when it is available.
    pub href: Option<&'static str>,
}

/// The four services, in the order the home page presents them.
#[derive(Debug, Clone)]
pub struct Services(pub Vec<ServiceCard>);

/// The platform's pages. `services` says which services are live.
pub fn router(services: Services) -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login_submit))
        .route("/register", get(register_form).post(register_submit))
        .route("/logout", post(logout))
        .route("/account", get(account))
        .route("/account/email", post(account_email_send))
        .route("/account/email/confirm", post(account_email_confirm))
        .route("/lang/{code}", get(switch_lang))
        .route("/assets/{name}", get(crate::http::assets::platform_asset))
        .route("/manifest.webmanifest", get(crate::http::pwa::manifest))
        .route("/sw.js", get(crate::http::pwa::service_worker))
        .route("/offline", get(crate::http::pwa::offline))
        .layer(Extension(Arc::new(services)))
}

/// The API description routes: `/api/openapi.json` and `/api/docs`.
pub fn docs_router(openapi: utoipa::openapi::OpenApi) -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/docs", get(api_docs))
        .layer(Extension(Arc::new(openapi)))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate<'a> {
    page: Page,
    services: &'a [ServiceCard],
}

async fn home(
    ctx: Ctx,
    Extension(services): Extension<Arc<Services>>,
) -> Result<Response, PageError> {
    render(&HomeTemplate {
        page: Page::new(&ctx),
        services: &services.0,
    })
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate {
    page: Page,
    errors: Vec<(String, String)>,
    email: String,
    next: String,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    render(&LoginTemplate {
        page: Page::new(&ctx),
        errors: vec![],
        email: String::new(),
        next: safe_next(q.next.as_deref().unwrap_or("/")),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn session_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(&form.next);
    match api::login(&state, &ctx, &form.email, &form.password).await {
        Ok((_, session)) => {
            let max_age = (session.expires_at - jiff::Timestamp::now()).as_secs();
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&state, &session.token, max_age),
            );
            Ok(res)
        }
        Err(LoginError::Db(e)) => Err(PageError::from(e)),
        Err(e) => {
            let (status, key, retry_after) = match e {
                LoginError::Throttled(wait) => {
                    (StatusCode::TOO_MANY_REQUESTS, "login-throttled", Some(wait))
                }
                LoginError::Busy => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "error-server-busy",
                    Some(BUSY_RETRY_AFTER_SECS),
                ),
                _ => (StatusCode::UNAUTHORIZED, "login-failed", None),
            };
            let mut res = render(&LoginTemplate {
                page: Page::new(&ctx),
                errors: vec![("email".into(), key.into())],
                email: form.email,
                next,
            })?;
            *res.status_mut() = status;
            if let Some(seconds) = retry_after {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(res)
        }
    }
}

async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    api::logout(&state, &ctx).await?;
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    // The proofs of appointment the service worker kept on this device go
    // with the session (docs/architecture.md, "Offline and install").
    res.headers_mut().insert(
        HeaderName::from_static("clear-site-data"),
        crate::http::pwa::CLEAR_ON_LOGOUT,
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterTemplate {
    page: Page,
    errors: Vec<(String, String)>,
    full_name: String,
    email: String,
    kind: String,
    kinds: Vec<(&'static str, String)>,
}

fn self_kinds() -> Vec<(&'static str, String)> {
    Role::ALL
        .into_iter()
        .filter(|r| r.self_registrable())
        .map(|r| (r.as_str(), format!("kind-{}", r.as_str())))
        .collect()
}

async fn register_form(ctx: Ctx) -> Result<Response, PageError> {
    render(&RegisterTemplate {
        page: Page::new(&ctx),
        errors: vec![],
        full_name: String::new(),
        email: String::new(),
        kind: "citizen".into(),
        kinds: self_kinds(),
    })
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    kind: String,
}

async fn register_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let req = AccountRequest {
        email: form.email.clone(),
        password: form.password,
        full_name: form.full_name.clone(),
        kind: form.kind.clone(),
    };
    let (status, errors): (StatusCode, Vec<(&str, &str)>) =
        match api::open_account(&state, &ctx, None, req, None).await {
            Ok(_) => return Ok(Redirect::to("/login?registered=1").into_response()),
            Err(e @ OpenError::Busy) => {
                let mut res = PageError::Status(e.status(), "error-server-busy").into_response();
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(BUSY_RETRY_AFTER_SECS),
                );
                return Ok(res);
            }
            Err(OpenError::Internal(cause)) => return Err(PageError::internal(cause)),
            Err(OpenError::Db(e)) => return Err(PageError::from(e)),
            Err(e @ OpenError::EmailTaken) => (e.status(), vec![("email", "error-email-taken")]),
            Err(OpenError::Invalid(fields)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                fields.into_iter().collect(),
            ),
        };
    let mut res = render(&RegisterTemplate {
        page: Page::new(&ctx),
        errors: errors
            .into_iter()
            .map(|(field, key)| (field.to_owned(), key.to_owned()))
            .collect(),
        full_name: form.full_name,
        email: form.email,
        kind: form.kind,
        kinds: self_kinds(),
    })?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountTemplate {
    page: Page,
    actor: crate::policy::Actor,
    kind_key: String,
    /// The message id of the e-mail verification's last outcome.
    notice: Option<&'static str>,
    /// Whether the notice reports a refusal.
    refused: bool,
}

#[derive(Deserialize)]
struct AccountQuery {
    email: Option<String>,
}

/// The outcomes the account page may announce (`?email=`), with whether
/// each is a refusal.
const EMAIL_NOTICES: [(&str, &str, bool); 8] = [
    ("sent", "email-verify-sent", false),
    ("done", "email-verify-done", false),
    ("already", "email-verify-already", false),
    ("throttled", "email-verify-throttled", true),
    ("invalid", "email-verify-invalid-code", true),
    ("expired", "email-verify-expired", true),
    ("void", "email-verify-void", true),
    ("none", "email-verify-no-pending", true),
];

async fn account(ctx: Ctx, Query(q): Query<AccountQuery>) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let found = EMAIL_NOTICES
        .iter()
        .find(|(k, _, _)| Some(*k) == q.email.as_deref());
    render(&AccountTemplate {
        page: Page::new(&ctx),
        kind_key: format!("kind-{}", actor.role.as_str()),
        actor,
        notice: found.map(|(_, key, _)| *key),
        refused: found.is_some_and(|(_, _, r)| *r),
    })
}

/// `POST /account/email`: send a code.
async fn account_email_send(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome =
        match crate::email_verification::request(&state, actor, ctx.lang, &ctx.request_id).await {
            Ok(()) => "sent",
            Err(crate::email_verification::RequestError::AlreadyVerified) => "already",
            Err(crate::email_verification::RequestError::Throttled(_)) => "throttled",
            Err(crate::email_verification::RequestError::Db(e)) => return Err(PageError::from(e)),
        };
    Ok(Redirect::to(&format!("/account?email={outcome}")).into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/email/confirm`: confirm the code.
async fn account_email_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    use crate::email_verification::Confirmed;
    let actor = ctx.page_actor()?;
    let found =
        crate::email_verification::confirm(&state, actor, &form.code, &ctx.request_id).await?;
    let outcome = match found {
        Confirmed::Verified => "done",
        Confirmed::InvalidCode => "invalid",
        Confirmed::Expired => "expired",
        Confirmed::Void => "void",
        Confirmed::NoPendingCode => "none",
    };
    Ok(Redirect::to(&format!("/account?email={outcome}")).into_response())
}

async fn switch_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    let mut res = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    )) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc).clone())
}

/// One documented operation.
#[derive(Debug)]
struct Operation {
    method: &'static str,
    path: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocsTemplate {
    page: Page,
    description: String,
    operations: Vec<Operation>,
}

async fn api_docs(
    ctx: Ctx,
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Result<Response, PageError> {
    let value = serde_json::to_value(&*doc).map_err(PageError::internal)?;
    let mut operations = Vec::new();
    if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    let summary = op
                        .get("summary")
                        .or_else(|| op.get("description"))
                        .and_then(|s| s.as_str())
                        .unwrap_or("")
                        .to_owned();
                    operations.push(Operation {
                        method: match method {
                            "get" => "GET",
                            "post" => "POST",
                            "put" => "PUT",
                            "patch" => "PATCH",
                            _ => "DELETE",
                        },
                        path: path.clone(),
                        summary,
                    });
                }
            }
        }
    }
    render(&ApiDocsTemplate {
        page: Page::new(&ctx),
        description: doc.info.description.clone().unwrap_or_default(),
        operations,
    })
}
