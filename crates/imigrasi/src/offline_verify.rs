//! `imigrasi document verify PAYLOAD --keys FILE`: checks a signed QR
//! payload with no server and no database, against a key file in the
//! format of `GET /api/v1/documents/keys` (`{"keys":[{"kid","alg","public_key"}]}`).
//!
//! Only the signature and the payload's own dates are checked: whether a
//! genuine e-Visa was revoked or used since is known to the server alone
//! (`POST /api/v1/documents/verify`).

use imigrasi_platform::signing::{self, ALG, Claims, PublicKey};
use serde::Deserialize;

#[derive(Deserialize)]
struct KeyFile {
    keys: Vec<KeyEntry>,
}

#[derive(Deserialize)]
struct KeyEntry {
    kid: String,
    alg: String,
    public_key: String,
}

/// Why a key file is unusable.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// Not JSON of the expected shape.
    #[error("the key file is not {{\"keys\":[{{\"kid\",\"alg\",\"public_key\"}}]}}: {0}")]
    Shape(#[from] serde_json::Error),
    /// A key that does not match its id, or of another algorithm.
    #[error("the key {0} is not an Ed25519 key matching its id")]
    BadKey(String),
}

/// Parse a key file.
pub fn parse_keys(text: &str) -> Result<Vec<PublicKey>, KeyFileError> {
    let file: KeyFile = serde_json::from_str(text)?;
    file.keys
        .into_iter()
        .map(|k| {
            PublicKey::from_base64url(&k.public_key)
                .filter(|p| p.kid == k.kid && k.alg == ALG)
                .ok_or(KeyFileError::BadKey(k.kid))
        })
        .collect()
}

/// Verify a payload with the keys of a key file, at `now`.
pub fn verify(
    payload: &str,
    keys: &[PublicKey],
    now: jiff::Timestamp,
) -> Result<Claims, signing::VerifyError> {
    signing::verify(payload.trim(), keys, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_payload_verifies_and_a_changed_one_does_not() {
        let keys = signing::Keys::generate();
        let k = &keys.public_keys()[0];
        let file = format!(
            r#"{{"keys":[{{"kid":"{}","alg":"Ed25519","public_key":"{}"}}]}}"#,
            k.kid,
            k.to_base64url()
        );
        let parsed = parse_keys(&file).expect("key file");
        let now = jiff::Timestamp::now();
        let claims =
            Claims::new("e_visa", now, None, serde_json::Map::new()).expect("valid claims");
        let token = keys.sign(&claims);
        assert_eq!(verify(&token, &parsed, now).ok(), Some(claims));
        let mut bytes = token.into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).expect("ascii");
        assert!(verify(&changed, &parsed, now).is_err());
        assert!(parse_keys("{}").is_err());
    }
}
