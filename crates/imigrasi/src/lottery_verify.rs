//! `imigrasi lottery verify`: recompute a lottery's draw from its published
//! entry list and seed, with no server and no database (docs/lottery.md).

use imigrasi_passport::domain::lottery::{self, Verified, VerifyError};

/// The outcome: the report to print and whether every given value matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the draw recomputed.
    pub verified: Verified,
    /// Lines to print (hash, commitment, winners, mismatches).
    pub text: String,
    /// False when a given commitment or entries hash differs.
    pub matches: bool,
}

/// Recompute the draw; compare with the commitment and entries hash when given.
pub fn verify(
    list_text: &str,
    seed_hex: &str,
    commitment: Option<&str>,
    entries_hash: Option<&str>,
) -> Result<Report, VerifyError> {
    let verified = lottery::verify(list_text, seed_hex)?;
    let mut text = format!(
        "entries_hash {}\ncommitment {}\nwinners {}\n",
        verified.entries_hash,
        verified.commitment,
        verified.winners.len()
    );
    for w in &verified.winners {
        text.push_str(&format!("winner {} {} {}\n", w.entry_id, w.slot_id, w.date));
    }
    let mut matches = true;
    let checks = [
        ("commitment", commitment, &verified.commitment),
        ("entries_hash", entries_hash, &verified.entries_hash),
    ];
    for (name, given, computed) in checks {
        if let Some(given) = given
            && !given.trim().eq_ignore_ascii_case(computed)
        {
            matches = false;
            text.push_str(&format!(
                "MISMATCH {name}: published {given}, computed {computed}\n"
            ));
        }
    }
    if matches {
        text.push_str("OK\n");
    }
    Ok(Report {
        verified,
        text,
        matches,
    })
}
