//! Accounts: registration rules, password hashing and storage.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use imigrasi_core::{PersonName, PersonNameError};
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;
use crate::hashing::{self, HashBound, HashError};
use crate::password_rules;
use crate::policy::{Actor, Role};

/// A validated request to open an account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Lowercased e-mail.
    pub email: String,
    /// Password in clear (hashed before storage).
    pub password: String,
    /// Display name.
    pub full_name: String,
    /// Kind of account.
    pub role: Role,
    /// Office for office-bound roles.
    pub office: Option<String>,
}

/// Field-level problems with registration input, keyed by field name.
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

/// Longest accepted password, to bound hashing work.
pub const MAX_PASSWORD_LEN: usize = 128;
/// Shortest accepted password.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Normalize and check an e-mail address; returns the lowercased form.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (local, domain) = email.split_once('@')?;
    if local.is_empty()
        || local.len() > 64
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return None;
    }
    Some(email)
}

/// The message id explaining why a name was refused (shared by every form
/// that takes a person's name; see [`PersonName`]).
pub fn name_error_key(e: PersonNameError) -> &'static str {
    match e {
        PersonNameError::Empty => "error-name-required",
        PersonNameError::TooLong { .. } | PersonNameError::ForbiddenCharacter { .. } => {
            "error-name-invalid"
        }
    }
}

/// Check the fields of a registration (or staff creation), including the
/// rules for chosen passwords (`password_rules`). Messages are translation
/// keys, so pages and the API can show them in either language.
pub fn validate(
    email: &str,
    password: &str,
    full_name: &str,
    kind: &str,
) -> Result<(String, Role), FieldErrors> {
    let mut errors = FieldErrors::new();
    let raw_email = email;
    let email = normalize_email(email);
    if email.is_none() {
        errors.insert("email", "error-email-invalid");
    }
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        errors.insert("password", "error-password-short");
    } else if password.len() > MAX_PASSWORD_LEN {
        errors.insert("password", "error-password-long");
    } else if let Err(key) = password_rules::check(password, email.as_deref().unwrap_or(raw_email))
    {
        errors.insert("password", key);
    }
    if let Err(e) = PersonName::parse(full_name) {
        errors.insert("full_name", name_error_key(e));
    }
    let role = Role::parse(kind);
    if role.is_none() {
        errors.insert("kind", "error-kind-invalid");
    }
    match (email, role) {
        (Some(e), Some(r)) if errors.is_empty() => Ok((e, r)),
        _ => Err(errors),
    }
}

/// Hash a password with Argon2id (the crate's recommended parameters).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt: [u8; 16] = rand::random();
    let hash = Argon2::default().hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

/// A hash of a random password, verified against when the e-mail is unknown
/// so that an unknown e-mail and a wrong password take the same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not-a-real-password-at-all").unwrap_or_default());

/// Check a password against a stored hash (false on any malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spend the time of one verification without a real account.
pub fn verify_dummy(password: &str) {
    let _ = verify_password(password, &DUMMY_HASH);
}

/// A stored account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Id (UUIDv7).
    pub id: String,
    /// E-mail.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office.
    pub office: Option<String>,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// When the owner proved the e-mail (ms), if they did.
    pub email_verified_at: Option<i64>,
}

impl Account {
    /// The account as an acting principal.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id.clone(),
            email: self.email.clone(),
            full_name: self.full_name.clone(),
            role: self.role,
            office: self.office.clone(),
            email_verified: self.email_verified_at.is_some(),
        }
    }

    fn from_row(r: &sea_orm::QueryResult) -> Result<Account, DbErr> {
        let kind: String = db::col(r, "kind")?;
        Ok(Account {
            id: db::col(r, "id")?,
            email: db::col(r, "email")?,
            password_hash: db::col(r, "password_hash")?,
            full_name: db::col(r, "full_name")?,
            role: Role::parse(&kind)
                .ok_or_else(|| DbErr::Custom(format!("unknown account kind {kind}")))?,
            office: db::col(r, "office_code")?,
            disabled: db::col(r, "disabled")?,
            email_verified_at: db::col(r, "email_verified_at")?,
        })
    }
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The e-mail already has an account.
    #[error("an account with this e-mail already exists")]
    EmailTaken,
    /// The office does not exist.
    #[error("unknown office")]
    UnknownOffice,
    /// An office-bound role without an office, or an office on another role.
    #[error("officers and supervisors need exactly one office; other roles none")]
    OfficeMismatch,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hash,
    /// Too many passwords were being hashed at once; retry shortly.
    #[error("the server is busy hashing passwords; retry shortly")]
    Busy,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Hash a new password within a hashing bound.
pub async fn hash_new_password(bound: &HashBound, password: &str) -> Result<String, CreateError> {
    bound.hash(password).await.map_err(|e| match e {
        HashError::Busy => CreateError::Busy,
        HashError::Failed => CreateError::Hash,
    })
}

/// Hash the password (within the process-wide bound) and store a new
/// account, inside the caller's transaction: for the CLI and seeding.
/// Request handlers hash first with [`hash_new_password`] and the
/// application's bound, then call [`insert`], so that no write transaction
/// waits for Argon2.
///
/// The account's e-mail counts as verified, whatever its role: the operator
/// who runs the CLI or seeds the demo vouches for the address.
pub async fn create(c: &impl ConnectionTrait, new: NewAccount) -> Result<Account, CreateError> {
    let hash = hash_new_password(hashing::bound(), &new.password).await?;
    let mut account = insert(c, new, hash).await?;
    if account.email_verified_at.is_none() {
        let now = db::millis(jiff::Timestamp::now());
        db::exec(
            c,
            "UPDATE accounts SET email_verified_at = $1 WHERE id = $2",
            [Value::from(now), Value::from(account.id.clone())],
        )
        .await?;
        account.email_verified_at = Some(now);
    }
    Ok(account)
}

/// Store a new account whose password is already hashed (inside the
/// caller's transaction).
pub async fn insert(
    c: &impl ConnectionTrait,
    new: NewAccount,
    hash: String,
) -> Result<Account, CreateError> {
    if new.role.office_bound() != new.office.is_some() {
        return Err(CreateError::OfficeMismatch);
    }
    if let Some(office) = &new.office
        && db::one(
            c,
            "SELECT code FROM offices WHERE code = $1",
            [Value::from(office.clone())],
        )
        .await?
        .is_none()
    {
        return Err(CreateError::UnknownOffice);
    }
    if find_by_email(c, &new.email).await?.is_some() {
        return Err(CreateError::EmailTaken);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let now = db::millis(jiff::Timestamp::now());
    // Staff accounts are created by an administrator, who vouches for the
    // address: they count as verified. Self-registered accounts (citizen,
    // foreigner, sponsor, lodging) must prove theirs (`email_verification`).
    let verified_at = (!new.role.self_registrable()).then_some(now);
    let res = db::exec(
        c,
        "INSERT INTO accounts (id, email, password_hash, full_name, kind, office_code, created_at, disabled, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [
            Value::from(id.clone()),
            Value::from(new.email.clone()),
            Value::from(hash.clone()),
            Value::from(new.full_name.trim().to_owned()),
            Value::from(new.role.as_str()),
            Value::from(new.office.clone()),
            Value::from(now),
            Value::from(false),
            Value::from(verified_at),
        ],
    )
    .await;
    match res {
        Ok(_) => {}
        Err(e) if db::is_unique_violation(&e) => return Err(CreateError::EmailTaken),
        Err(e) => return Err(e.into()),
    }
    Ok(Account {
        id,
        email: new.email,
        password_hash: hash,
        full_name: new.full_name.trim().to_owned(),
        role: new.role,
        office: new.office,
        disabled: false,
        email_verified_at: verified_at,
    })
}

/// Find an account by (normalized) e-mail.
pub async fn find_by_email(
    c: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<Account>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM accounts WHERE email = $1",
        [Value::from(email)],
        Account::from_row,
    )
    .await
}

/// Find an account by id.
pub async fn find_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Account>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM accounts WHERE id = $1",
        [Value::from(id)],
        Account::from_row,
    )
    .await
}

/// The account a query of `accounts.*` finds (e.g. through a join).
pub async fn find_one<I: IntoIterator<Item = Value>>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: I,
) -> Result<Option<Account>, DbErr> {
    db::one_as(c, sql, values, Account::from_row).await
}

/// Hold the account's row until the transaction ends, so that rules
/// counting what one account holds (at most N active bookings) are checked
/// and written by one transaction at a time. On PostgreSQL this is
/// `SELECT … FOR NO KEY UPDATE` (it does not block inserts that merely
/// reference the account); on SQLite a write transaction (`BEGIN IMMEDIATE`,
/// see [`db::begin_write`]) already excludes every other writer, so nothing
/// is needed. Call it inside a write transaction only.
pub async fn lock_for_update(c: &impl ConnectionTrait, id: &str) -> Result<(), DbErr> {
    if c.get_database_backend() == sea_orm::DbBackend::Postgres {
        db::one(
            c,
            "SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE",
            [Value::from(id)],
        )
        .await?;
    }
    Ok(())
}

/// A random password for generated accounts: 16 characters, unambiguous.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email(" Ani@Example.ID "),
            Some("ani@example.id".into())
        );
        for bad in [
            "", "a", "a@b", "@b.id", "a@.id", "a@b..id", "a b@c.id", "a@b@c.id",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn validation_names_each_bad_field() {
        let errs = validate("x", "short", " ", "root").unwrap_err();
        assert_eq!(errs.len(), 4);
        assert!(validate("a@b.id", "long enough pw", "Ani", "citizen").is_ok());
        let pw =
            |p: &str| validate("ani.wijaya@b.id", p, "Ani", "citizen").unwrap_err()["password"];
        assert_eq!(pw("1234567890"), "error-password-common");
        assert_eq!(pw("Imigrasi-Demo"), "error-password-common");
        assert_eq!(pw("zzzzzzzzzzzz"), "error-password-common");
        assert_eq!(pw("wijaya-1987!"), "error-password-email");
        assert_eq!(pw(&"x".repeat(129)), "error-password-long");
    }

    #[test]
    fn account_names_follow_the_person_name_rule() {
        for bad in [
            "Ani\u{0}",
            "Ani\nB",
            "Ani\u{1b}[2J",
            "Ani \u{202E}x",
            "Ani\u{2067}",
        ] {
            let errs = validate("a@b.id", "long enough pw", bad, "citizen").unwrap_err();
            assert_eq!(
                errs.get("full_name"),
                Some(&"error-name-invalid"),
                "{bad:?}"
            );
        }
        let errs = validate("a@b.id", "long enough pw", "  ", "citizen").unwrap_err();
        assert_eq!(errs.get("full_name"), Some(&"error-name-required"));
    }

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_are_long_enough() {
        let p = generate_password();
        assert_eq!(p.chars().count(), 16);
        assert_ne!(p, generate_password());
    }
}
