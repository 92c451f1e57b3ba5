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
use imigrasi_platform::signing::{self, MAX_TOKEN_LEN};
use serde::Deserialize;

use super::common::{Errors, key, page_error, render_with};
use crate::app::verify::{self, Verified};

/// The verdict as the page shows it.
pub(crate) struct Verdict {
    /// Whether the payload is genuine.
    pub genuine: bool,
    /// `valid`, `revoked`, `expired`, `used`, … (genuine) or the reason.
    pub word: String,
    /// Headline.
    pub title: String,
    /// What it means, in a sentence.
    pub explanation: String,
    /// What the document says, labelled for its kind (label, value).
    pub facts: Vec<(String, String)>,
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
    match data.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The signed fields a verifier compares, per kind of document: message
/// id of the label, and the field of the signed data.
fn fields_of(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        signing::KIND_APOA_RECEIPT => &[
            ("visa-verify-receipt-number", "number"),
            ("visa-verify-premise", "premise"),
            ("visa-verify-regency", "regency"),
            ("visa-holder-name", "name"),
            ("visa-nationality", "nationality"),
            ("visa-passport-number", "passport_number"),
            ("visa-verify-check-in", "check_in"),
            ("visa-verify-expected-check-out", "expected_check_out"),
        ],
        signing::KIND_STAY_PERMIT => &[
            ("visa-verify-permit-number", "number"),
            ("visa-verify-permit-kind", "permit_kind"),
            ("visa-holder-name", "name"),
            ("visa-nationality", "nationality"),
            ("visa-passport-number", "passport_number"),
            ("visa-valid-from", "valid_from"),
            ("visa-verify-permit-until", "valid_until"),
        ],
        _ => &[
            ("visa-evisa-number", "number"),
            ("visa-type", "visa_type"),
            ("visa-holder-name", "name"),
            ("visa-nationality", "nationality"),
            ("visa-passport-number", "passport_number"),
            ("visa-valid-from", "valid_from"),
            ("visa-valid-until", "valid_until"),
        ],
    }
}

/// The message id of a verdict's title or meaning: the kind's own word
/// when it has one (`visa-verify-title-apoa-receipt-valid`), else the
/// shared one (`visa-verify-title-valid`).
fn verdict_key(lang: Lang, part: &str, kind: &str, status: &str) -> String {
    let own = key(part, &format!("{kind}_{status}"));
    if lang.has(&own) {
        own
    } else {
        key(part, status)
    }
}

fn verdict(lang: Lang, found: Verified) -> Verdict {
    match found {
        Verified::Valid { kind, data, status } => Verdict {
            genuine: true,
            word: status.to_owned(),
            title: lang.t(&verdict_key(lang, "verify-title", &kind, status)),
            explanation: lang.t(&verdict_key(lang, "verify-means", &kind, status)),
            facts: fields_of(&kind)
                .iter()
                .map(|(label, field)| (lang.t(label), text(&data, field)))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        },
        Verified::Invalid(reason) => Verdict {
            genuine: false,
            word: reason.to_owned(),
            title: lang.t("visa-verify-title-invalid"),
            explanation: lang.t(&key("verify-reason", reason)),
            facts: Vec::new(),
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
