//! Live events across processes (display boards, queue positions).
//!
//! `Events::publish` is called after the change it announces has committed.
//! On PostgreSQL it goes through `pg_notify`, and every `imigrasi serve`
//! process (this one included) receives it through its LISTEN task and
//! hands it to its local subscribers; on SQLite (one process) it goes
//! straight to the local subscribers. Subscribers must treat events as
//! hints and re-read state after a reconnect: delivery is best effort.

use sea_orm::{DbBackend, Value};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::db::{self, Db};

/// The PostgreSQL channel all events travel on.
pub const CHANNEL: &str = "imigrasi_events";

/// One event: a topic (e.g. `board:BATAM`) and a JSON payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Routing key, e.g. `board:BATAM`.
    pub topic: String,
    /// JSON text.
    pub payload: String,
}

/// The local fan-out of events.
#[derive(Debug, Clone)]
pub struct Events {
    tx: broadcast::Sender<Event>,
}

impl Default for Events {
    fn default() -> Self {
        Events::new()
    }
}

impl Events {
    /// A bus with room for bursts of events.
    pub fn new() -> Events {
        let (tx, _) = broadcast::channel(1024);
        Events { tx }
    }

    /// Receive every event delivered to this process from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    fn deliver_local(&self, event: Event) {
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }

    /// Announce a committed change to every process.
    pub async fn publish(&self, database: &Db, topic: &str, payload: serde_json::Value) {
        let event = Event {
            topic: topic.to_owned(),
            payload: payload.to_string(),
        };
        if database.get_database_backend() == DbBackend::Postgres {
            let text = serde_json::to_string(&event).unwrap_or_default();
            let sent = db::exec(
                database,
                "SELECT pg_notify($1, $2)",
                [Value::from(CHANNEL), Value::from(text)],
            )
            .await;
            // pg_notify is a SELECT: it reports no changed rows, only errors matter.
            if let Err(e) = sent {
                tracing::warn!(error = %e, "pg_notify failed; delivering locally only");
                self.deliver_local(event);
            }
        } else {
            self.deliver_local(event);
        }
    }

    /// Announce a change from inside the transaction that makes it: on
    /// PostgreSQL `pg_notify` in that transaction, so every process hears
    /// it if and only if the transaction commits. On SQLite (one process)
    /// nothing is sent: the caller acts locally. Returns whether it was
    /// sent.
    pub async fn notify_in(
        c: &impl sea_orm::ConnectionTrait,
        topic: &str,
        payload: serde_json::Value,
    ) -> Result<bool, sea_orm::DbErr> {
        if c.get_database_backend() != DbBackend::Postgres {
            return Ok(false);
        }
        let event = Event {
            topic: topic.to_owned(),
            payload: payload.to_string(),
        };
        let text = serde_json::to_string(&event).unwrap_or_default();
        db::exec(
            c,
            "SELECT pg_notify($1, $2)",
            [Value::from(CHANNEL), Value::from(text)],
        )
        .await?;
        Ok(true)
    }

    /// On PostgreSQL, listen for events of every process and deliver them
    /// locally, reconnecting after errors. Does nothing on SQLite.
    pub fn spawn_listener(&self, database: &Db) -> Option<tokio::task::JoinHandle<()>> {
        if database.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let pool = database.get_postgres_connection_pool().clone();
        let bus = self.clone();
        Some(tokio::spawn(async move {
            loop {
                match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(mut listener) => {
                        if let Err(e) = listener.listen(CHANNEL).await {
                            tracing::warn!(error = %e, "LISTEN failed");
                        } else {
                            loop {
                                match listener.recv().await {
                                    Ok(n) => match serde_json::from_str::<Event>(n.payload()) {
                                        Ok(ev) => bus.deliver_local(ev),
                                        Err(e) => tracing::warn!(error = %e, "bad event payload"),
                                    },
                                    Err(e) => {
                                        tracing::warn!(error = %e, "event listener lost its connection");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot open the event listener"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }))
    }
}
