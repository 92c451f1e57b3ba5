//! Every message id the pages build from a machine value exists in both
//! languages (a missing one would show "Unknown localization" to people).

use imigrasi_casework::Status;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;

use super::common::key;

fn ids() -> Vec<String> {
    let mut out = Vec::new();
    for s in Status::ALL {
        out.push(key("status", s.as_str()));
        out.push(key("status-note", s.as_str()));
    }
    for r in Role::ALL {
        out.push(key("role", r.as_str()));
    }
    out.push(key("role", "system"));
    let mut kinds = vec!["passport_bio_page", "photo", "supporting_document"];
    kinds.extend(crate::app::documents::kinds().iter().map(|k| k.name));
    for k in kinds {
        out.push(key("doc", k));
    }
    for b in ["unpaid", "paid", "expired", "refund_due", "cancelled"] {
        out.push(key("bill", b));
    }
    for e in ["valid", "revoked", "expired", "used"] {
        out.push(key("evisa-status", e));
        out.push(key("verify-title", e));
        out.push(key("verify-means", e));
    }
    for r in [
        "malformed",
        "unknown_key",
        "bad_signature",
        "expired",
        "not_yet_valid",
        "unknown_kind",
        "unknown_document",
    ] {
        out.push(key("verify-reason", r));
    }
    for s in ["none", "company", "citizen", "any"] {
        out.push(key("sponsor", s));
    }
    for e in ["single", "multiple"] {
        out.push(key("terms", e));
    }
    for r in ["approve", "reject"] {
        out.push(key("recommendation", r));
    }
    for s in ["m", "f"] {
        out.push(key("sex", s));
    }
    for f in [
        "surname",
        "given_names",
        "nationality",
        "passport_number",
        "passport_expiry",
        "birth_date",
        "sex",
        "email",
        "intended_arrival",
        "visa_type",
        "reason",
    ] {
        out.push(key("error", f));
    }
    for f in ["kind", "id_number", "name", "regency"] {
        out.push(key("sponsor-error", f));
    }
    out
}

#[test]
fn every_built_message_id_exists_in_both_languages() {
    for lang in Lang::ALL {
        for id in ids() {
            let args = [("stay", "60"), ("within", "90"), ("months", "6")];
            let text = lang.t_args(&id, &args);
            assert!(
                !text.contains("Unknown localization") && text != id,
                "{id} is missing in {}",
                lang.code()
            );
        }
    }
}

/// The index card words `entries` through `visa-terms-single` or
/// `-multiple`: the seeded index uses no other value.
#[test]
fn the_seeded_index_uses_known_entries() {
    let seed = include_str!("../../seed/visa_types.json");
    let all = seed.matches("\"entries\":\"").count();
    let known = seed.matches("\"entries\":\"single\"").count()
        + seed.matches("\"entries\":\"multiple\"").count();
    assert!(all > 0);
    assert_eq!(all, known);
}
