//! Bounded password hashing.
//!
//! One Argon2id hash or verification (the crate's default parameters) takes
//! about 19 MiB and tens of milliseconds of one core. Unbounded, a burst of
//! logins runs them all at once: 100 parallel logins took the process to
//! 1.9 GiB. So every hash and verification — login (including the dummy
//! verification for unknown e-mails), registration, staff and CLI account
//! creation — runs on the blocking pool only with a permit from a semaphore
//! of about as many permits as cores: the application's
//! (`AppState::hashing`, sized by `Config::password_hash_permits`) for
//! requests, a process-wide one of the same size ([`bound`]) for accounts
//! created outside requests (demo seeding, the CLI). A caller waits
//! at most [`PERMIT_WAIT`] for a permit and otherwise gets
//! [`HashError::Busy`], which the API answers with 503 `server_busy` and
//! `Retry-After`, instead of an ever longer queue.
//!
//! The permit moves into the blocking task, so it is released when the
//! hash really ends, even if the request that wanted it was abandoned.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::accounts;

/// How long a caller waits for a free permit before giving up.
pub const PERMIT_WAIT: Duration = Duration::from_millis(1500);
/// The `Retry-After` (seconds) of a busy answer.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

/// Why bounded hashing did not produce a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// Every permit stayed taken for the whole wait.
    #[error("too many password hashes at once; retry shortly")]
    Busy,
    /// The hashing task failed (panicked).
    #[error("password hashing failed")]
    Failed,
}

/// A bound on concurrent hashing work.
#[derive(Debug, Clone)]
pub struct HashBound {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl HashBound {
    /// A bound of `permits` concurrent jobs; callers wait at most `wait`.
    pub fn new(permits: usize, wait: Duration) -> HashBound {
        HashBound {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
        }
    }

    /// Run `work` on the blocking pool once a permit is free.
    pub async fn run<T, F>(&self, work: F) -> Result<T, HashError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Busy)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|_| HashError::Failed)
    }

    /// Permits free right now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Hash a new password (Argon2id) within the bound.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_owned();
        self.run(move || accounts::hash_password(&password))
            .await?
            .map_err(|_| HashError::Failed)
    }

    /// Check a password against a stored hash within the bound (a failed
    /// task counts as a mismatch).
    pub async fn verify(&self, password: &str, hash: &str) -> Result<bool, HashError> {
        let (password, hash) = (password.to_owned(), hash.to_owned());
        match self
            .run(move || accounts::verify_password(&password, &hash))
            .await
        {
            Err(HashError::Failed) => Ok(false),
            other => other,
        }
    }

    /// Spend one verification's time and memory without an account, within
    /// the same bound, so that an unknown e-mail answers like a wrong
    /// password.
    pub async fn verify_dummy(&self, password: &str) -> Result<(), HashError> {
        let password = password.to_owned();
        match self.run(move || accounts::verify_dummy(&password)).await {
            Err(HashError::Busy) => Err(HashError::Busy),
            _ => Ok(()),
        }
    }
}

/// One permit per core the process may use (cgroup limits included).
pub fn default_permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The process-wide bound for hashing outside requests (demo seeding, CLI).
pub fn bound() -> &'static HashBound {
    static BOUND: LazyLock<HashBound> =
        LazyLock::new(|| HashBound::new(default_permits(), PERMIT_WAIT));
    &BOUND
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_bound_answers_busy_quickly_and_frees_its_permit() {
        let bound = HashBound::new(1, Duration::from_millis(100));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let holder = {
            let bound = bound.clone();
            tokio::spawn(async move { bound.run(move || wait.recv().is_ok()).await })
        };
        while bound.available() > 0 {
            tokio::task::yield_now().await;
        }
        let start = Instant::now();
        assert_eq!(bound.run(|| 1).await, Err(HashError::Busy));
        assert!(start.elapsed() < Duration::from_secs(1));
        release.send(()).unwrap();
        assert_eq!(holder.await.unwrap(), Ok(true));
        assert_eq!(bound.available(), 1);
        assert_eq!(bound.run(|| 2).await, Ok(2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_abandoned_caller_keeps_its_permit_until_the_work_ends() {
        let bound = HashBound::new(1, Duration::from_millis(50));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let caller = {
            let bound = bound.clone();
            tokio::spawn(async move { bound.run(move || wait.recv().is_ok()).await })
        };
        while bound.available() > 0 {
            tokio::task::yield_now().await;
        }
        caller.abort();
        let _ = caller.await;
        // The work still runs, so the permit is still taken.
        assert_eq!(bound.run(|| ()).await, Err(HashError::Busy));
        release.send(()).unwrap();
        let start = Instant::now();
        while bound.available() == 0 && start.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(bound.available(), 1);
    }
}
