//! Arrivals: when a border officer records a foreigner's entry on an
//! e-Visa, the services that start something on arrival (stay permits)
//! are told, inside the entry's transaction, so the entry and what it
//! starts are written together or not at all. Each service registers an
//! [`ArrivalListener`] (as it registers a settler for bills).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::{DatabaseTransaction, DbErr};

use crate::policy::Actor;
use crate::state::AppState;

/// The person who arrived, as their visa application recorded them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traveller {
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// ISO 3166 alpha-3.
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M`, `F` or `X`.
    pub sex: String,
    /// The applicant's e-mail (lowercase).
    pub email: String,
}

/// An entry recorded on an e-Visa.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The e-Visa's number.
    pub evisa_number: String,
    /// Its visa index code, e.g. `C1`, `E23`.
    pub visa_type: String,
    /// Days of stay the visa grants.
    pub stay_days: i64,
    /// When the holder entered.
    pub entered_at: jiff::Timestamp,
    /// Who entered.
    pub traveller: Traveller,
    /// The sponsor's account, when a sponsor applied.
    pub sponsor_account_id: Option<String>,
    /// The address in Indonesia given at entry: (line, regency code).
    pub address: Option<(String, String)>,
}

/// Why a listener refused an arrival (the entry is not recorded).
#[derive(Debug, thiserror::Error)]
pub enum ArrivalError {
    /// A field of the entry refused (field, machine reason).
    #[error("invalid {0}")]
    Field(&'static str, &'static str),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A future returned by a listener: what it started (e.g. a permit
/// number), if anything.
pub type ArrivalFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, ArrivalError>> + Send + 'a>>;

/// A service that starts something when a foreigner arrives.
pub trait ArrivalListener: Send + Sync {
    /// Handle `arrival` inside the entry's transaction.
    fn arrived<'a>(
        &'a self,
        state: &'a AppState,
        txn: &'a DatabaseTransaction,
        actor: &'a Actor,
        request_id: &'a str,
        arrival: &'a Arrival,
    ) -> ArrivalFuture<'a>;
}

/// The listeners of every service. Cheap to clone.
#[derive(Clone, Default)]
pub struct ArrivalListeners(Arc<Vec<Arc<dyn ArrivalListener>>>);

impl std::fmt::Debug for ArrivalListeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ArrivalListeners({})", self.0.len())
    }
}

impl ArrivalListeners {
    /// Build from the services' listeners.
    pub fn new(list: Vec<Arc<dyn ArrivalListener>>) -> ArrivalListeners {
        ArrivalListeners(Arc::new(list))
    }

    /// Tell every listener, in order; answers what each started.
    pub async fn arrived(
        &self,
        state: &AppState,
        txn: &DatabaseTransaction,
        actor: &Actor,
        request_id: &str,
        arrival: &Arrival,
    ) -> Result<Vec<String>, ArrivalError> {
        let mut started = Vec::new();
        for l in self.0.iter() {
            if let Some(s) = l.arrived(state, txn, actor, request_id, arrival).await? {
                started.push(s);
            }
        }
        Ok(started)
    }
}
