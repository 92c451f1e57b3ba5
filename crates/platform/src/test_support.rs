//! Helpers for the platform's own unit tests.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use crate::db::{self, Db};

/// A fresh SQLite database in a temporary folder, with the platform's
/// migrations applied and its reference offices seeded; removed on drop.
pub struct TempDb {
    /// The database.
    pub db: Db,
    /// The temporary folder (also usable for files).
    pub dir: PathBuf,
}

impl TempDb {
    /// Create and migrate.
    pub async fn new() -> TempDb {
        let dir = temp_dir("db");
        let url = format!("sqlite://{}", dir.join("test.db").display());
        let db = db::connect(&url, 5).await.unwrap();
        crate::migrations::run(&db, &[crate::migrations::PLATFORM])
            .await
            .unwrap();
        crate::offices::seed(&db).await.unwrap();
        TempDb { db, dir }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A new, empty temporary folder (the caller removes it).
pub fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "imigrasi-unit-{what}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
