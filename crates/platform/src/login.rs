//! Logging in: the one use case behind the login API and the login page.
//!
//! The order matters: reserve a guess with the throttle (`throttle`), then
//! verify the password within the hashing bound (`hashing`), then open the
//! session and clear the throttle in one transaction with its audit row.

use secrecy::ExposeSecret;

use crate::accounts::{self, Account};
use crate::audit;
use crate::db;
use crate::hashing::HashError;
use crate::http::ctx::Ctx;
use crate::sessions::{self, NewSession};
use crate::state::AppState;
use crate::throttle;

/// Why a login failed.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong e-mail or password (the same answer for both).
    InvalidCredentials,
    /// Too many attempts; retry after this many seconds.
    Throttled(u64),
    /// Too many passwords being verified at once; retry shortly. The
    /// attempt was not counted.
    Busy,
    /// Storage failed.
    Db(sea_orm::DbErr),
}

impl From<sea_orm::DbErr> for LoginError {
    fn from(e: sea_orm::DbErr) -> Self {
        LoginError::Db(e)
    }
}

/// Check credentials with throttling and open a session.
pub async fn login(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    password: &str,
) -> Result<(Account, NewSession), LoginError> {
    let email = accounts::normalize_email(email).unwrap_or_else(|| email.trim().to_lowercase());
    let keys = throttle::Keys::new(
        state.config.data_key.expose_secret().as_bytes(),
        &email,
        &ctx.client,
    );
    let reservation = throttle::reserve(&state.db, &keys)
        .await?
        .map_err(LoginError::Throttled)?;
    let account = accounts::find_by_email(&state.db, &email).await?;
    let verified = match &account {
        Some(a) if !a.disabled && password.len() <= accounts::MAX_PASSWORD_LEN => {
            state.hashing.verify(password, &a.password_hash).await
        }
        _ => state.hashing.verify_dummy(password).await.map(|()| false),
    };
    let ok = match verified {
        Ok(ok) => ok,
        Err(HashError::Busy | HashError::Failed) => {
            throttle::give_back(&state.db, &reservation).await?;
            return Err(LoginError::Busy);
        }
    };
    let Some(account) = account.filter(|_| ok) else {
        return Err(LoginError::InvalidCredentials);
    };
    let ttl = jiff::SignedDuration::from_hours(i64::from(state.config.session_ttl_hours));
    let txn = db::begin_write(&state.db).await?;
    throttle::clear_after_success(&txn, &reservation).await?;
    let session = sessions::create(&txn, &account.id, ttl).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(&account.actor()),
            action: "session.create",
            object_type: "account",
            object_id: &account.id,
            office: account.office.as_deref(),
            request_id: Some(&ctx.request_id),
            detail: serde_json::json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((account, session))
}
