//! Signed payloads for QR codes, verifiable offline with a public key.
//!
//! Keys are Ed25519. A key's id (`kid`) is the first 8 bytes of the SHA-256
//! of its 32-byte public key, in hex (16 characters), so a verifier can tell
//! which cached key to use without trusting anything in the code itself.
//!
//! A signed payload is one line of URL-safe text, short enough for a QR code:
//!
//! ```text
//! IMG1.<kid>.<base64url(payload JSON)>.<base64url(signature)>
//! ```
//!
//! The signature (64 bytes) covers `IMG1.<kid>.<base64url(payload JSON)>`,
//! so the version and the key id cannot be swapped. The payload is
//! [`Claims`]: a `kind` (`e_visa`, `apoa_receipt`, `passport_proof`, …), the
//! instant of issue `iat` and optional expiry `exp` (seconds since the Unix
//! epoch), and the service's own `data` (keep it to what a verifier needs:
//! the document's public reference, not personal data it cannot check).
//!
//! Keys live in a key file (see [`key_file`]) generated on first start, are
//! held in memory in `AppState::signing`, and every public key is published
//! at `GET /api/v1/signing/keys` (see [`api`]) for verifiers to cache. The QR
//! image itself is drawn by [`crate::http::qr::svg`].

pub mod api;
pub mod key_file;
pub mod lookups;
mod store;

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version prefix of a signed payload.
pub const PREFIX: &str = "IMG1";
/// The signature algorithm, as published.
pub const ALG: &str = "Ed25519";
/// Longest signed payload accepted by [`verify`] (a QR code holds ~2.9 kB).
pub const MAX_TOKEN_LEN: usize = 2048;
/// Clock difference tolerated for `iat` in the future, in seconds.
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// Kind of an e-Visa.
pub const KIND_E_VISA: &str = "e_visa";
/// Kind of a foreigner-report receipt (STTPOA).
pub const KIND_APOA_RECEIPT: &str = "apoa_receipt";
/// Kind of a passport booking proof.
pub const KIND_PASSPORT_PROOF: &str = "passport_proof";
/// The claims kind of a stay permit.
pub const KIND_STAY_PERMIT: &str = "stay_permit";

/// The key id of a public key: first 8 bytes of its SHA-256, in hex.
pub fn kid_of(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(&digest[..8])
}

/// A public key with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// Key id.
    pub kid: String,
    /// The Ed25519 public key.
    pub key: VerifyingKey,
}

impl PublicKey {
    /// Wrap a key, computing its id.
    pub fn new(key: VerifyingKey) -> PublicKey {
        PublicKey {
            kid: kid_of(&key),
            key,
        }
    }

    /// The 32-byte key in base64url without padding (as published).
    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.as_bytes())
    }

    /// Parse a published key (base64url of 32 bytes).
    pub fn from_base64url(s: &str) -> Option<PublicKey> {
        let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(s.trim()).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(PublicKey::new)
    }
}

/// What a signed payload says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// What the document is: `e_visa`, `apoa_receipt`, `passport_proof`, …
    pub kind: String,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// The service's fields (document id, register number, …).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// Why claims cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// The kind is not 1 to 32 of `a-z`, `0-9`, `_`, starting with a letter.
    #[error("a kind is 1 to 32 lowercase letters, digits or underscores, starting with a letter")]
    Kind,
    /// The expiry is not after the issue.
    #[error("the expiry must come after the issue")]
    Expiry,
}

fn valid_kind(kind: &str) -> bool {
    (1..=32).contains(&kind.len())
        && kind.starts_with(|c: char| c.is_ascii_lowercase())
        && kind
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Claims {
    /// Claims of a `kind` issued at `issued`, valid until `expires` (if any).
    pub fn new(
        kind: &str,
        issued: jiff::Timestamp,
        expires: Option<jiff::Timestamp>,
        data: serde_json::Map<String, serde_json::Value>,
    ) -> Result<Claims, ClaimsError> {
        if !valid_kind(kind) {
            return Err(ClaimsError::Kind);
        }
        let iat = issued.as_second();
        let exp = expires.map(|e| e.as_second());
        if exp.is_some_and(|e| e <= iat) {
            return Err(ClaimsError::Expiry);
        }
        Ok(Claims {
            kind: kind.to_owned(),
            iat,
            exp,
            data,
        })
    }
}

/// Why a signed payload is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Not of the form `IMG1.<kid>.<payload>.<signature>`, or too long.
    #[error("not a signed payload")]
    Malformed,
    /// Signed with a key the verifier does not know.
    #[error("signed with an unknown key")]
    UnknownKey,
    /// The signature does not match (altered, or forged).
    #[error("the signature does not match")]
    BadSignature,
    /// Past its expiry.
    #[error("expired")]
    Expired,
    /// Issued in the future (beyond the clock skew).
    #[error("issued in the future")]
    NotYetValid,
}

/// Check a signed payload with the given public keys, at `now`; returns its
/// claims. Needs no network and no database.
pub fn verify(
    token: &str,
    keys: &[PublicKey],
    now: jiff::Timestamp,
) -> Result<Claims, VerifyError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(VerifyError::Malformed);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [prefix, kid, payload, signature] = parts.as_slice() else {
        return Err(VerifyError::Malformed);
    };
    if *prefix != PREFIX
        || kid.len() != 16
        || !kid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(VerifyError::Malformed);
    }
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(VerifyError::Malformed)?;
    let key = keys
        .iter()
        .find(|k| k.kid == *kid)
        .ok_or(VerifyError::UnknownKey)?;
    let signed = &token[..token.len() - parts[3].len() - 1];
    key.key
        .verify_strict(signed.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| VerifyError::BadSignature)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| VerifyError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| VerifyError::Malformed)?;
    let now = now.as_second();
    if claims.exp.is_some_and(|exp| exp <= now) {
        return Err(VerifyError::Expired);
    }
    if claims.iat > now + CLOCK_SKEW_SECONDS {
        return Err(VerifyError::NotYetValid);
    }
    Ok(claims)
}

/// The process's signing keys: the first signs, every one verifies and is
/// published. Cheap to clone.
#[derive(Clone)]
pub struct Keys(Arc<KeysInner>);

struct KeysInner {
    signing: SigningKey,
    public: Vec<PublicKey>,
}

impl std::fmt::Debug for Keys {
    /// Key ids only: the private key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> = self.0.public.iter().map(|k| k.kid.as_str()).collect();
        f.debug_struct("Keys").field("kids", &kids).finish()
    }
}

/// A fresh random private key.
pub fn generate_signing_key() -> SigningKey {
    let seed: [u8; 32] = rand::random();
    SigningKey::from_bytes(&seed)
}

impl Keys {
    /// Keys from private keys; the first signs. `None` when the list is empty.
    pub fn new(keys: Vec<SigningKey>) -> Option<Keys> {
        let signing = keys.first()?.clone();
        let mut public: Vec<PublicKey> = Vec::with_capacity(keys.len());
        for k in &keys {
            let p = PublicKey::new(k.verifying_key());
            if !public.contains(&p) {
                public.push(p);
            }
        }
        Some(Keys(Arc::new(KeysInner { signing, public })))
    }

    /// One fresh key held only in memory (tests, tools).
    pub fn generate() -> Keys {
        let key = generate_signing_key();
        let public = vec![PublicKey::new(key.verifying_key())];
        Keys(Arc::new(KeysInner {
            signing: key,
            public,
        }))
    }

    /// The id of the key that signs.
    pub fn kid(&self) -> &str {
        // `new` and `generate` put the signing key's public half first.
        self.0.public.first().map(|k| k.kid.as_str()).unwrap_or("")
    }

    /// Every public key (the signing one first).
    pub fn public_keys(&self) -> &[PublicKey] {
        &self.0.public
    }

    /// Sign claims into a compact payload for a QR code.
    pub fn sign(&self, claims: &Claims) -> String {
        // Serializing a struct of strings, numbers and a JSON map cannot fail.
        let json = serde_json::to_vec(claims).unwrap_or_default();
        let signed = format!("{PREFIX}.{}.{}", self.kid(), URL_SAFE_NO_PAD.encode(json));
        let signature = self.0.signing.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// Verify with this process's own public keys.
    pub fn verify(&self, token: &str, now: jiff::Timestamp) -> Result<Claims, VerifyError> {
        verify(token, &self.0.public, now)
    }
}

#[cfg(test)]
mod tests;
