//! The signing key file (`IMIGRASI_SIGNING_KEY_FILE`).
//!
//! Text, one key a line, comments with `#`:
//!
//! ```text
//! # imigrasi signing keys (Ed25519). The first key signs; the others only verify.
//! ed25519:<base64url without padding of the 32-byte private key>
//! ```
//!
//! When the file does not exist it is created with one fresh key and
//! permissions 0600 (created exclusively, so two processes starting together
//! end up with the same key). To rotate: put a new key line first and keep
//! the old ones below, so that documents already issued still verify. A
//! malformed file stops the start with the line and what is wrong; a file
//! others may read is logged as a warning.
//!
//! Several `imigrasi serve` processes should share one key file; if they do
//! not, each publishes its own public key in the database and
//! `GET /api/v1/signing/keys` lists them all.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;

use super::{Keys, generate_signing_key};

/// The prefix of a key line.
pub const LINE_PREFIX: &str = "ed25519:";

/// Why the key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file could not be read.
    #[error("cannot read the signing key file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file could not be created.
    #[error("cannot create the signing key file {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not a key.
    #[error(
        "the signing key file {path} is malformed at line {line}: {reason} (expected `ed25519:` followed by the base64url encoding, without padding, of a 32-byte key)"
    )]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// No key in the file.
    #[error("the signing key file {path} holds no key; delete it to have a new one generated")]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

/// Parse the text of a key file (`path` only names it in errors).
pub fn parse(text: &str, path: &Path) -> Result<Vec<SigningKey>, KeyFileError> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason| KeyFileError::Malformed {
            path: path.to_owned(),
            line: i + 1,
            reason,
        };
        let encoded = line
            .strip_prefix(LINE_PREFIX)
            .ok_or_else(|| bad("the line does not start with `ed25519:`"))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded.trim())
            .map_err(|_| bad("the key is not base64url without padding"))?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| bad("the key is not 32 bytes long"))?;
        keys.push(SigningKey::from_bytes(&seed));
    }
    if keys.is_empty() {
        return Err(KeyFileError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(keys)
}

/// The text of a key file holding `keys` (the first signs).
pub fn render(keys: &[SigningKey]) -> String {
    let mut out = String::from(
        "# imigrasi signing keys (Ed25519). The first key signs; the others only verify.\n\
         # Keep this file secret (mode 0600) and out of backups of the database.\n",
    );
    for k in keys {
        out.push_str(LINE_PREFIX);
        out.push_str(&URL_SAFE_NO_PAD.encode(k.to_bytes()));
        out.push('\n');
    }
    out
}

/// Load the keys of `path`, creating the file with one fresh key when it
/// does not exist.
pub fn load_or_create(path: &Path) -> Result<Keys, KeyFileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            warn_if_readable_by_others(path);
            let keys = parse(&text, path)?;
            Keys::new(keys).ok_or_else(|| KeyFileError::Empty {
                path: path.to_owned(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(source) => Err(KeyFileError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

fn create(path: &Path) -> Result<Keys, KeyFileError> {
    let write_err = |source| KeyFileError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_err)?;
    }
    let key = generate_signing_key();
    // Write a private temporary file, then link it into place: the link
    // fails if the file appeared meanwhile, and nobody ever reads a
    // half-written key file.
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&tmp).and_then(|mut file| {
        file.write_all(render(std::slice::from_ref(&key)).as_bytes())?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            let keys = Keys::new(vec![key]).ok_or_else(|| KeyFileError::Empty {
                path: path.to_owned(),
            })?;
            tracing::info!(path = %path.display(), kid = keys.kid(), "generated a signing key");
            Ok(keys)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(source) => Err(write_err(source)),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                mode = format!("{mode:o}"),
                "the signing key file may be read by other users; chmod 600 it"
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}
