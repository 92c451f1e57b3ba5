//! The public verification page: paste a QR payload (or scan it with the
//! camera, where the browser can) and read the verdict in plain words.
//! The payload travels in a POST body only: it names the holder, and
//! personal data never goes into a URL.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::signing::MAX_TOKEN_LEN;
use serde::Deserialize;

use super::common::{Errors, key, page_error, render_with};
use crate::app::verify::{self, Verified};

/// The verdict as the page shows it.
pub(crate) struct Verdict {
    /// Whether the payload is genuine.
    pub genuine: bool,
    /// `valid`, `revoked`, `expired`, `used` (genuine) or the reason.
    pub word: String,
    /// Headline.
    pub title: String,
    /// What it means, in a sentence.
    pub explanation: String,
    /// e-Visa number.
    pub number: String,
    /// Visa index code.
    pub visa_type: String,
    /// Holder's name.
    pub name: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// First day.
    pub valid_from: String,
    /// Last day to enter.
    pub valid_until: String,
}

#[derive(Template)]
#[template(path = "visa_verify.html")]
struct VerifyTemplate {
    page: Page,
    qr: String,
    errors: Errors,
    verdict: Option<Verdict>,
}

fn text(data: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    data.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

fn verdict(lang: Lang, found: Verified) -> Verdict {
    match found {
        Verified::Valid { data, status, .. } => Verdict {
            genuine: true,
            word: status.to_owned(),
            title: lang.t(&key("verify-title", status)),
            explanation: lang.t(&key("verify-means", status)),
            number: text(&data, "number"),
            visa_type: [text(&data, "visa_type"), text(&data, "permit_kind")].concat(),
            name: text(&data, "name"),
            nationality: text(&data, "nationality"),
            passport_number: text(&data, "passport_number"),
            valid_from: text(&data, "valid_from"),
            valid_until: text(&data, "valid_until"),
        },
        Verified::Invalid(reason) => Verdict {
            genuine: false,
            word: reason.to_owned(),
            title: lang.t("visa-verify-title-invalid"),
            explanation: lang.t(&key("verify-reason", reason)),
            number: String::new(),
            visa_type: String::new(),
            name: String::new(),
            nationality: String::new(),
            passport_number: String::new(),
            valid_from: String::new(),
            valid_until: String::new(),
        },
    }
}

/// `GET /verify`: the empty form.
pub(crate) async fn form(ctx: Ctx) -> Result<Response, PageError> {
    render(&VerifyTemplate {
        page: Page::new(&ctx),
        qr: String::new(),
        errors: Errors::default(),
        verdict: None,
    })
}

#[derive(Deserialize)]
pub(crate) struct VerifyForm {
    #[serde(default)]
    qr: String,
}

/// `POST /verify`: check the payload with the same use case as
/// `POST /api/v1/documents/verify`.
pub(crate) async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<VerifyForm>,
) -> Result<Response, PageError> {
    let page = Page::new(&ctx);
    let qr = f.qr.trim().to_owned();
    if qr.is_empty() || qr.len() > MAX_TOKEN_LEN {
        let mut errors = Errors::default();
        errors.add("qr", ctx.t("visa-verify-error-empty"));
        let t = VerifyTemplate {
            page,
            qr: String::new(),
            errors,
            verdict: None,
        };
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let found = verify::verify(&state, &qr).await.map_err(page_error)?;
    render(&VerifyTemplate {
        page,
        verdict: Some(verdict(ctx.lang, found)),
        qr,
        errors: Errors::default(),
    })
}
