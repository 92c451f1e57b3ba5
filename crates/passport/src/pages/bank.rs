//! The simulated bank of demo mode: look up a bill by billing code and pay
//! it through the same path as the payment gateway's notification. Every
//! route answers 404 when demo mode is off.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::billing::{self, Bill, PaymentError, PaymentNotification};
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use rand::Rng;
use serde::Deserialize;

use super::form::Errors;
use super::view::{key, render_with, rupiah};

/// Whether the bill's code can no longer be paid: its deadline passed (or
/// the expiry worker already marked it expired) and it is unpaid.
fn is_expired(b: &Bill, now: jiff::Timestamp) -> bool {
    b.ntpn.is_none()
        && (b.status == billing::status::EXPIRED || b.expires_at < now.as_millisecond())
}

/// A bill as the bank shows it.
struct BillView {
    code: String,
    amount: String,
    status_key: String,
    payable: bool,
}

impl BillView {
    fn new(b: &Bill) -> BillView {
        BillView {
            code: b.billing_code.clone(),
            amount: rupiah(b.amount),
            status_key: key("bill-status", &b.status),
            payable: b.ntpn.is_none() && !is_expired(b, jiff::Timestamp::now()),
        }
    }
}

#[derive(Template)]
#[template(path = "passport_bank.html")]
struct BankTemplate {
    page: Page,
    code: String,
    bill: Option<BillView>,
    result: Option<String>,
    errors: Errors,
}

fn bank_page(ctx: &Ctx, code: &str, bill: Option<&Bill>, errors: Errors) -> BankTemplate {
    let mut page = Page::new(ctx);
    page.path = format!("/demo/bank?code={}", urlencode(code));
    BankTemplate {
        page,
        code: code.to_owned(),
        bill: bill.map(BillView::new),
        result: None,
        errors,
    }
}

/// The bill with this code; a field error when there is none.
async fn lookup(
    state: &AppState,
    lang: Lang,
    code: &str,
    errors: &mut Errors,
) -> Result<Option<Bill>, PageError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        errors.add("code", lang.t("appt-bank-error-format"));
        return Ok(None);
    }
    let bill = billing::find(&state.db, &digits).await?;
    if bill.is_none() {
        errors.add("code", lang.t("appt-bank-error-unknown"));
    }
    Ok(bill)
}

#[derive(Deserialize)]
pub(crate) struct CodeQuery {
    code: Option<String>,
}

/// `GET /demo/bank?code=…`: the form, and the bill when a code is given.
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CodeQuery>,
) -> Result<Response, PageError> {
    if !state.config.demo {
        return Err(PageError::not_found());
    }
    let code = q.code.unwrap_or_default().trim().to_owned();
    let mut errors = Errors::default();
    let bill = match code.is_empty() {
        true => None,
        false => lookup(&state, ctx.lang, &code, &mut errors).await?,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with(&bank_page(&ctx, &code, bill.as_ref(), errors), status)
}

#[derive(Deserialize)]
pub(crate) struct PayForm {
    #[serde(default)]
    code: String,
}

/// 16 random uppercase letters and digits, like a state revenue NTPN.
fn ntpn() -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

/// `POST /demo/bank/pay`: pay the whole bill now.
pub(crate) async fn pay(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PayForm>,
) -> Result<Response, PageError> {
    if !state.config.demo {
        return Err(PageError::not_found());
    }
    let lang = ctx.lang;
    let mut errors = Errors::default();
    let Some(bill) = lookup(&state, lang, &f.code, &mut errors).await? else {
        let t = bank_page(&ctx, f.code.trim(), None, errors);
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let now = jiff::Timestamp::now();
    // SIMPONI refuses a billing code past its deadline: nothing is applied.
    if is_expired(&bill, now) {
        let mut t = bank_page(&ctx, &bill.billing_code, Some(&bill), Errors::default());
        t.errors.add("code", lang.t("appt-bank-error-expired"));
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let n = PaymentNotification {
        billing_code: bill.billing_code.clone(),
        ntpn: ntpn(),
        amount: bill.amount,
        paid_at: now.to_string(),
    };
    let outcome = billing::apply_payment(&state, &n, &ctx.request_id, now).await;
    let after = billing::find(&state.db, &bill.billing_code).await?;
    let mut t = bank_page(&ctx, &bill.billing_code, after.as_ref(), Errors::default());
    match outcome {
        Ok(res) if res.status == billing::status::PAID => {
            t.result = Some(lang.t("appt-bank-paid"));
            render(&t)
        }
        Ok(_) => {
            t.result = Some(lang.t("appt-bank-refund"));
            render(&t)
        }
        Err(PaymentError::Db(e)) => Err(PageError::from(e)),
        Err(e) => {
            let (status, msg) = match e {
                PaymentError::AlreadyPaid => (StatusCode::CONFLICT, "appt-bank-error-already-paid"),
                PaymentError::UnknownBill => (StatusCode::NOT_FOUND, "appt-bank-error-unknown"),
                _ => (StatusCode::UNPROCESSABLE_ENTITY, "appt-bank-error-refused"),
            };
            t.errors.add("code", lang.t(msg));
            render_with(&t, status)
        }
    }
}
