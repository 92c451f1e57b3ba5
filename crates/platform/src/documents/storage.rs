//! Where the bytes of documents live. The default is a folder beside the
//! database (`IMIGRASI_FILES_DIR`); an object store can implement
//! [`Storage`] later without touching the services.
//!
//! Names are generated ([`StorageName`]: 32 random hex digits), never taken
//! from the client, so a path can neither escape the folder nor reveal a
//! person's file name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use async_trait::async_trait;
use tokio::io::AsyncWriteExt;

/// A generated storage name: 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StorageName(String);

impl StorageName {
    /// A fresh random name.
    pub fn generate() -> StorageName {
        StorageName(uuid::Uuid::new_v4().simple().to_string())
    }

    /// Parse a stored name (refuses anything but 32 lowercase hex digits).
    pub fn parse(s: &str) -> Option<StorageName> {
        (s.len() == 32
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| StorageName(s.to_owned()))
    }

    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Nothing is stored under this name.
    #[error("no stored file {0}")]
    NotFound(String),
    /// The file system (or the store) failed.
    #[error("storage failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A place to keep the bytes of documents.
#[async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Keep `bytes` under `name` (written completely or not at all).
    async fn put(&self, name: &StorageName, bytes: &[u8]) -> Result<(), StorageError>;
    /// The bytes under `name`.
    async fn get(&self, name: &StorageName) -> Result<Vec<u8>, StorageError>;
    /// Forget `name` (no error when it does not exist).
    async fn delete(&self, name: &StorageName) -> Result<(), StorageError>;
}

/// Files in a folder: `<root>/<first two hex digits>/<name>`, mode 0600.
#[derive(Debug, Clone)]
pub struct FolderStorage {
    root: PathBuf,
}

impl FolderStorage {
    /// Storage in `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> FolderStorage {
        FolderStorage { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, name: &StorageName) -> PathBuf {
        self.root.join(&name.as_str()[..2]).join(name.as_str())
    }
}

#[async_trait]
impl Storage for FolderStorage {
    async fn put(&self, name: &StorageName, bytes: &[u8]) -> Result<(), StorageError> {
        let path = self.path(name);
        let dir = path
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| self.root.clone());
        tokio::fs::create_dir_all(&dir).await?;
        // Write beside it, then rename: a reader never sees half a file.
        let tmp = dir.join(format!("{}.part", name.as_str()));
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        options.mode(0o600);
        let written = async {
            let mut file = options.open(&tmp).await?;
            file.write_all(bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&tmp, &path).await
        }
        .await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        Ok(written?)
    }

    async fn get(&self, name: &StorageName) -> Result<Vec<u8>, StorageError> {
        match tokio::fs::read(self.path(name)).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(StorageError::NotFound(name.as_str().to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, name: &StorageName) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(name)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// Storage in memory (tests, tools).
#[derive(Debug, Default)]
pub struct MemoryStorage {
    files: Mutex<HashMap<StorageName, Vec<u8>>>,
}

#[async_trait]
impl Storage for MemoryStorage {
    async fn put(&self, name: &StorageName, bytes: &[u8]) -> Result<(), StorageError> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(name.clone(), bytes.to_vec());
        Ok(())
    }

    async fn get(&self, name: &StorageName) -> Result<Vec<u8>, StorageError> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .get(name)
            .cloned()
            .ok_or_else(|| StorageError::NotFound(name.as_str().to_owned()))
    }

    async fn delete(&self, name: &StorageName) -> Result<(), StorageError> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.remove(name);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_random_hex_and_nothing_else_parses() {
        let a = StorageName::generate();
        assert_ne!(a, StorageName::generate());
        assert_eq!(StorageName::parse(a.as_str()), Some(a));
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF0123456789ABCDEF0123456789",
            "x.pdf",
        ] {
            assert!(StorageName::parse(bad).is_none(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_folder_keeps_private_files_under_generated_names() {
        let dir = crate::test_support::temp_dir("files");
        let storage = FolderStorage::new(dir.join("files"));
        let name = StorageName::generate();
        storage.put(&name, b"%PDF-1.7 hello").await.unwrap();
        assert_eq!(storage.get(&name).await.unwrap(), b"%PDF-1.7 hello");
        let path = dir
            .join("files")
            .join(&name.as_str()[..2])
            .join(name.as_str());
        assert!(path.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        storage.delete(&name).await.unwrap();
        storage.delete(&name).await.unwrap();
        assert!(matches!(
            storage.get(&name).await,
            Err(StorageError::NotFound(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn memory_storage_behaves_the_same() {
        let storage = MemoryStorage::default();
        let name = StorageName::generate();
        assert!(matches!(
            storage.get(&name).await,
            Err(StorageError::NotFound(_))
        ));
        storage.put(&name, b"x").await.unwrap();
        assert_eq!(storage.get(&name).await.unwrap(), b"x");
        storage.delete(&name).await.unwrap();
        assert!(storage.get(&name).await.is_err());
    }
}
