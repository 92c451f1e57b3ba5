//! Each service's rule for applying a payment, registered by service name.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::{DatabaseTransaction, DbErr};

use super::bills::Bill;

/// What a service decided about a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Applied: the object moved on (e.g. booking confirmed).
    Applied,
    /// Not applicable any more (e.g. the booking expired): refund.
    Refund,
}

/// A future returned by a settler.
pub type SettleFuture<'a> = Pin<Box<dyn Future<Output = Result<Settlement, DbErr>> + Send + 'a>>;

/// A service's rule for applying a payment to its object.
pub trait Settler: Send + Sync {
    /// Apply a payment of `bill` made at `paid_at`, inside `txn`.
    fn settle<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        bill: &'a Bill,
        paid_at: jiff::Timestamp,
        request_id: &'a str,
    ) -> SettleFuture<'a>;
}

/// The settlers of every service, by service name.
#[derive(Clone, Default)]
pub struct Settlers(Arc<HashMap<&'static str, Arc<dyn Settler>>>);

impl std::fmt::Debug for Settlers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Settlers {
    /// Build from (service, settler) pairs.
    pub fn new(list: Vec<(&'static str, Arc<dyn Settler>)>) -> Settlers {
        Settlers(Arc::new(list.into_iter().collect()))
    }

    /// The settler of a service.
    pub fn get(&self, service: &str) -> Option<&Arc<dyn Settler>> {
        self.0.get(service)
    }
}
