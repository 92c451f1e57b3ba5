#![allow(clippy::unwrap_used)]

use super::key_file::{self, KeyFileError};
use super::*;
use crate::test_support::temp_dir;

fn claims(kind: &str, now: jiff::Timestamp, days: Option<i64>) -> Claims {
    let mut data = serde_json::Map::new();
    data.insert("register".into(), serde_json::json!("EV-2026-000123"));
    let exp = days.map(|d| {
        now.checked_add(jiff::SignedDuration::from_hours(24 * d))
            .unwrap()
    });
    Claims::new(kind, now, exp, data).unwrap()
}

#[test]
fn key_ids_are_the_first_eight_bytes_of_the_public_key_hash() {
    let keys = Keys::generate();
    let public = &keys.public_keys()[0];
    let digest = Sha256::digest(public.key.as_bytes());
    assert_eq!(keys.kid(), hex::encode(&digest[..8]));
    assert_eq!(keys.kid().len(), 16);
    let again = PublicKey::from_base64url(&public.to_base64url()).unwrap();
    assert_eq!(&again, public);
    assert!(PublicKey::from_base64url("AAAA").is_none());
}

#[test]
fn a_signed_payload_verifies_offline_with_the_public_key_only() {
    let keys = Keys::generate();
    let now = jiff::Timestamp::now();
    let c = claims(KIND_E_VISA, now, Some(90));
    let token = keys.sign(&c);
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0], PREFIX);
    assert_eq!(parts[1], keys.kid());
    assert!(token.len() < 300, "{} bytes", token.len());
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    );
    // A verifier that only has the published key.
    let published = vec![PublicKey::from_base64url(&keys.public_keys()[0].to_base64url()).unwrap()];
    assert_eq!(verify(&token, &published, now).unwrap(), c);
    assert_eq!(keys.verify(&token, now).unwrap().kind, "e_visa");
    // The QR code draws.
    let svg = crate::http::qr::svg(
        token.as_bytes(),
        crate::http::qr::QrStyle {
            label: "e-Visa",
            min_size: 200,
            class: None,
        },
    )
    .unwrap();
    assert!(svg.contains("<svg role=\"img\""));
}

#[test]
fn altered_forged_expired_and_unknown_payloads_are_refused() {
    let keys = Keys::generate();
    let other = Keys::generate();
    let now = jiff::Timestamp::now();
    let token = keys.sign(&claims(KIND_APOA_RECEIPT, now, Some(1)));
    let published = keys.public_keys();
    // Altered payload: another claim with the original signature.
    let forged_payload = URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&claims(KIND_APOA_RECEIPT, now, Some(3650))).unwrap());
    let parts: Vec<&str> = token.split('.').collect();
    let altered = format!("{}.{}.{}.{}", parts[0], parts[1], forged_payload, parts[3]);
    assert_eq!(
        verify(&altered, published, now),
        Err(VerifyError::BadSignature)
    );
    // Signed by another key but claiming ours.
    let theirs = other.sign(&claims(KIND_APOA_RECEIPT, now, None));
    let t: Vec<&str> = theirs.split('.').collect();
    let swapped = format!("{}.{}.{}.{}", t[0], keys.kid(), t[2], t[3]);
    assert_eq!(
        verify(&swapped, published, now),
        Err(VerifyError::BadSignature)
    );
    assert_eq!(
        verify(&theirs, published, now),
        Err(VerifyError::UnknownKey)
    );
    // Expired, and issued in the future.
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(25))
        .unwrap();
    assert_eq!(verify(&token, published, later), Err(VerifyError::Expired));
    let earlier = now
        .checked_sub(jiff::SignedDuration::from_hours(1))
        .unwrap();
    assert_eq!(
        verify(&token, published, earlier),
        Err(VerifyError::NotYetValid)
    );
    // Malformed.
    for bad in [
        "",
        "IMG1",
        "IMG2.a.b.c",
        &format!("IMG1.{}.x.y", keys.kid()),
        &"A".repeat(5000),
    ] {
        assert_eq!(
            verify(bad, published, now),
            Err(VerifyError::Malformed),
            "{bad}"
        );
    }
}

#[test]
fn claims_need_a_plain_kind_and_an_expiry_after_issue() {
    let now = jiff::Timestamp::now();
    let map = serde_json::Map::new;
    assert_eq!(
        Claims::new("E-Visa", now, None, map()),
        Err(ClaimsError::Kind)
    );
    assert_eq!(Claims::new("", now, None, map()), Err(ClaimsError::Kind));
    assert_eq!(
        Claims::new("1abc", now, None, map()),
        Err(ClaimsError::Kind)
    );
    assert_eq!(
        Claims::new("e_visa", now, Some(now), map()),
        Err(ClaimsError::Expiry)
    );
    let c = Claims::new(KIND_PASSPORT_PROOF, now, None, map()).unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains("exp") && !json.contains("data"), "{json}");
}

#[test]
fn the_key_file_is_created_private_then_reused() {
    let dir = temp_dir("keys");
    let path = dir.join("sub").join("signing.key");
    let first = key_file::load_or_create(&path).unwrap();
    let second = key_file::load_or_create(&path).unwrap();
    assert_eq!(first.kid(), second.kid());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let leftovers = std::fs::read_dir(dir.join("sub")).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left");
    // Rotation: a new key first, the old one kept for verification.
    let old = key_file::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    let new = generate_signing_key();
    let text = key_file::render(&[new, old[0].clone()]);
    std::fs::write(&path, text).unwrap();
    let rotated = key_file::load_or_create(&path).unwrap();
    assert_ne!(rotated.kid(), first.kid());
    assert_eq!(rotated.public_keys().len(), 2);
    let old_token = first.sign(&claims(KIND_E_VISA, jiff::Timestamp::now(), None));
    assert!(rotated.verify(&old_token, jiff::Timestamp::now()).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_malformed_key_file_is_refused_with_its_line() {
    let path = std::path::Path::new("/etc/imigrasi/signing.key");
    let err = key_file::parse("# comment\n\ned25519:not base64!\n", path).unwrap_err();
    assert!(
        matches!(err, KeyFileError::Malformed { line: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("/etc/imigrasi/signing.key"));
    let short = format!("ed25519:{}", URL_SAFE_NO_PAD.encode([1u8; 16]));
    assert!(matches!(
        key_file::parse(&short, path),
        Err(KeyFileError::Malformed {
            line: 1,
            reason: "the key is not 32 bytes long",
            ..
        })
    ));
    assert!(matches!(
        key_file::parse("rsa:abc", path),
        Err(KeyFileError::Malformed { line: 1, .. })
    ));
    assert!(matches!(
        key_file::parse("# nothing\n", path),
        Err(KeyFileError::Empty { .. })
    ));
    let dir = temp_dir("badkey");
    let file = dir.join("signing.key");
    std::fs::write(&file, "garbage\n").unwrap();
    assert!(key_file::load_or_create(&file).is_err());
    // The bad file is left as it was, for the operator to look at.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "garbage\n");
    std::fs::remove_dir_all(&dir).unwrap();
}
