//! Opening an account: the use case behind registration (API and page) and
//! staff creation. Validation gives message ids, so the API and the pages
//! each show them in the visitor's language.

use std::collections::BTreeMap;

use axum::http::StatusCode;

use crate::accounts::{self, CreateError, FieldErrors, NewAccount};
use crate::api::AccountRequest;
use crate::audit;
use crate::db;
use crate::email_verification;
use crate::http::ctx::Ctx;
use crate::http::error::ApiError;
use crate::i18n::Lang;
use crate::policy::{Actor, Role};
use crate::state::AppState;
use secrecy::ExposeSecret;

/// Why an account was not opened.
#[derive(Debug)]
pub enum OpenError {
    /// Invalid fields: field name → message id.
    Invalid(FieldErrors),
    /// The e-mail already has an account.
    EmailTaken,
    /// Too many passwords being hashed at once; retry shortly.
    Busy,
    /// Hashing failed (logged when turned into a response).
    Internal(String),
    /// Storage failed (503 when the database is away, else 500).
    Db(sea_orm::DbErr),
}

impl From<sea_orm::DbErr> for OpenError {
    fn from(e: sea_orm::DbErr) -> Self {
        OpenError::Db(e)
    }
}

impl db::LostConnection for OpenError {
    fn connection_lost(&self) -> bool {
        matches!(self, OpenError::Db(e) if db::is_unavailable(e))
    }
}

impl OpenError {
    fn field(field: &'static str, key: &'static str) -> Self {
        OpenError::Invalid(FieldErrors::from([(field, key)]))
    }

    /// The API's answer, in `lang`.
    pub fn into_api(self, lang: Lang) -> ApiError {
        match self {
            OpenError::Invalid(fields) => ApiError::invalid_input(
                fields
                    .iter()
                    .map(|(f, key)| ((*f).to_owned(), lang.t(key)))
                    .collect::<BTreeMap<_, _>>(),
            ),
            OpenError::EmailTaken => ApiError::conflict("email_taken", lang.t("error-email-taken")),
            OpenError::Busy => ApiError::server_busy(lang.t("error-server-busy")),
            OpenError::Internal(cause) => ApiError::internal(cause),
            OpenError::Db(e) => ApiError::from(e),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            OpenError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            OpenError::EmailTaken => StatusCode::CONFLICT,
            OpenError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            OpenError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            OpenError::Db(e) if db::is_unavailable(e) => StatusCode::SERVICE_UNAVAILABLE,
            OpenError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Validate, create and audit an account. The password is hashed (within
/// the hashing bound) before the write transaction opens, so no writer
/// waits for Argon2.
pub async fn open_account(
    state: &AppState,
    ctx: &Ctx,
    by: Option<&Actor>,
    req: AccountRequest,
    office: Option<String>,
) -> Result<accounts::Account, OpenError> {
    let (email, role) = accounts::validate(&req.email, &req.password, &req.full_name, &req.kind)
        .map_err(OpenError::Invalid)?;
    match by {
        None if !role.self_registrable() => {
            return Err(OpenError::field("kind", "error-kind-not-self"));
        }
        Some(_) if role.self_registrable() => {
            return Err(OpenError::field("kind", "error-kind-invalid"));
        }
        _ => {}
    }
    let created = |e: CreateError| match e {
        CreateError::EmailTaken => OpenError::EmailTaken,
        CreateError::UnknownOffice => OpenError::field("office", "error-office-unknown"),
        CreateError::OfficeMismatch => OpenError::field("office", "error-office-mismatch"),
        CreateError::Busy => OpenError::Busy,
        CreateError::Hash => OpenError::Internal("password hashing failed".to_owned()),
        CreateError::Db(e) => OpenError::Db(e),
    };
    let hash = accounts::hash_new_password(&state.hashing, &req.password)
        .await
        .map_err(created)?;
    let new = NewAccount {
        email,
        password: req.password,
        full_name: req.full_name,
        role,
        office,
    };
    let (new, hash, created) = (&new, &hash, &created);
    db::write(&state.db, |txn| async move {
        let account = accounts::insert(&*txn, new.clone(), hash.clone())
            .await
            .map_err(created)?;
        // A foreigner's e-mail decides which cases it sees: its code goes
        // out with the registration (other accounts ask from their page).
        if account.role == Role::Foreigner {
            email_verification::issue(
                &*txn,
                state.config.data_key.expose_secret().as_bytes(),
                &account.id,
                &account.email,
                ctx.lang,
            )
            .await?;
        }
        audit::append(
            &*txn,
            audit::Entry {
                actor: by,
                action: "account.create",
                object_type: "account",
                object_id: &account.id,
                office: new.office.as_deref(),
                request_id: Some(&ctx.request_id),
                detail: serde_json::json!({ "kind": new.role.as_str() }),
            },
        )
        .await?;
        Ok(account)
    })
    .await
}
