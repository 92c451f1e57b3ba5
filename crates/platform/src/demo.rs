//! Demo mode: one account of every role, with a known password, so that a
//! newcomer can try every screen. Never enable on a real deployment.

use sea_orm::DbErr;

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

/// Create the demo accounts that do not exist yet; returns every demo
/// (role, e-mail) pair.
pub async fn ensure_accounts(database: &Db) -> Result<Vec<(Role, String)>, DbErr> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let email = demo_email(role);
        let txn = db::begin_write(database).await?;
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
            Ok(_) | Err(CreateError::EmailTaken) => txn.commit().await?,
            Err(CreateError::Db(e)) => return Err(e),
            Err(e) => return Err(DbErr::Custom(e.to_string())),
        }
        out.push((role, email));
    }
    Ok(out)
}
