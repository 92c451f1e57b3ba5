//! Lottery release mode, continued (docs/lottery.md): an office's
//! lotteries (public), and withdrawing one's own entries while the window
//! is open.

use std::sync::Arc;

use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;
use sea_orm::DatabaseTransaction;

use super::Origin;
use super::lottery::LotteryError;
use crate::store::lottery::{self as store, Lottery};

/// A page of an office's lotteries, latest window first, and the total.
pub async fn list(
    state: &AppState,
    office: &str,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Lottery>, i64), LotteryError> {
    let offset = page.saturating_sub(1).saturating_mul(per_page);
    Ok(store::list_for_office(&state.db, office, per_page, offset).await?)
}

/// Withdraw the actor's entries from a lottery while its window is open
/// (`Closed` after; `NotFound` when the actor has no entry there). Each
/// entry withdrawn is deleted (it was never published) and audited
/// `lottery.withdraw`; the NIK may enter again. Returns the ids withdrawn.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    lottery_id: &str,
) -> Result<Vec<String>, LotteryError> {
    policy::authorize(actor, Permission::BookAppointment).map_err(|_| LotteryError::Forbidden)?;
    let lottery = store::find(&state.db, lottery_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let mine = store::entries_of_account(&state.db, &lottery.id, &actor.id).await?;
    for e in &mine {
        let owner = e.account_id.as_deref().unwrap_or_default();
        policy::authorize(actor, Permission::ManageOwn { owner_id: owner })
            .map_err(|_| LotteryError::NotFound)?;
    }
    if mine.is_empty() {
        return Err(LotteryError::NotFound);
    }
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let lottery = &lottery;
        async move {
            // Holds the lottery's row: the draw waits, or it ran and this refuses.
            if !store::lock_open(&txn, &lottery.id, Timestamp::now()).await? {
                return Err(LotteryError::Closed);
            }
            let ids = store::delete_entries_of_account(&txn, &lottery.id, &actor.id).await?;
            if ids.is_empty() {
                return Err(LotteryError::NotFound);
            }
            for id in &ids {
                audit::append(
                    &*txn,
                    audit::Entry {
                        actor: origin.actor,
                        action: "lottery.withdraw",
                        object_type: "lottery_entry",
                        object_id: id,
                        office: Some(&lottery.office_code),
                        request_id: Some(origin.request_id),
                        detail: serde_json::json!({"lottery": lottery.id}),
                    },
                )
                .await?;
            }
            Ok(ids)
        }
    })
    .await
}
