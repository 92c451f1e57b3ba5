//! Demo mode: one account of every role, with a known password, so that a
//! newcomer can try every screen, and generated secrets. Never enable on a
//! real deployment: outside demo mode the demo accounts are disabled at
//! start and every secret must be given (see `secrets`).

use sea_orm::{DbErr, Value};

use crate::accounts::{self, CreateError, NewAccount};
use crate::db::{self, Db};
use crate::policy::Role;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "imigrasi-demo";
/// The office demo officers and supervisors belong to.
pub const DEMO_OFFICE: &str = "JKT-PUSAT";

/// A demo account's e-mail for a role.
pub fn demo_email(role: Role) -> String {
    format!("{}@demo.imigrasi.id", role.as_str())
}

/// Create the demo accounts that do not exist yet and enable them all;
/// returns every demo (role, e-mail) pair.
pub async fn ensure_accounts(database: &Db) -> Result<Vec<(Role, String)>, DbErr> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let email = demo_email(role);
        let txn = db::begin_write(database).await?;
        // `accounts::create` marks the e-mail verified: demo accounts count
        // as verified (their addresses are the platform's own).
        let res = accounts::create(
            &txn,
            NewAccount {
                email: email.clone(),
                password: DEMO_PASSWORD.to_owned(),
                full_name: format!("Demo {}", role.as_str()),
                role,
                office: role.office_bound().then(|| DEMO_OFFICE.to_owned()),
            },
        )
        .await;
        match res {
            Ok(_) | Err(CreateError::EmailTaken) => {}
            Err(CreateError::Db(e)) => return Err(e),
            Err(e) => return Err(DbErr::Custom(e.to_string())),
        }
        db::exec(
            &txn,
            "UPDATE accounts SET demo = $1, disabled = $2 WHERE email = $3",
            [
                Value::from(true),
                Value::from(false),
                Value::from(email.clone()),
            ],
        )
        .await?;
        txn.commit().await?;
        out.push((role, email));
    }
    Ok(out)
}

/// Outside demo mode: disable every demo account (their password is
/// public) and end their sessions. Returns how many accounts are demo ones.
pub async fn disable_accounts(database: &Db) -> Result<u64, DbErr> {
    let txn = db::begin_write(database).await?;
    let now = db::millis(jiff::Timestamp::now());
    db::exec(
        &txn,
        "UPDATE sessions SET revoked_at = $1
         WHERE revoked_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE demo = $2)",
        [Value::from(now), Value::from(true)],
    )
    .await?;
    let n = db::exec(
        &txn,
        "UPDATE accounts SET disabled = $1 WHERE demo = $2",
        [Value::from(true), Value::from(true)],
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// The secrets a demo database uses when they are not given: generated on
/// the first demo start and kept in the database, so that restarts keep
/// payment signatures and NIK blind indexes working.
#[derive(Debug, Clone)]
pub struct DemoSecrets {
    /// Signs payment notifications (the simulated bank uses it).
    pub payment_secret: String,
    /// Key of the NIK blind index.
    pub data_key: String,
    /// WhatsApp webhook verify token.
    pub whatsapp_verify_token: String,
    /// WhatsApp webhook app secret.
    pub whatsapp_app_secret: String,
}

/// Read (or create once) the demo secrets of this database.
pub async fn secrets(database: &Db) -> Result<DemoSecrets, DbErr> {
    let get = async |name: &str| -> Result<String, DbErr> {
        db::exec(
            database,
            "INSERT INTO demo_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            [Value::from(name), Value::from(crate::secrets::generate())],
        )
        .await?;
        let row = db::one(
            database,
            "SELECT value FROM demo_secrets WHERE name = $1",
            [Value::from(name)],
        )
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("demo secret {name}")))?;
        db::col(&row, "value")
    };
    Ok(DemoSecrets {
        payment_secret: get("payment_secret").await?,
        data_key: get("data_key").await?,
        whatsapp_verify_token: get("whatsapp_verify_token").await?,
        whatsapp_app_secret: get("whatsapp_app_secret").await?,
    })
}
