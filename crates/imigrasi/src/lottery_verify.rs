//! `imigrasi lottery verify`: recompute a lottery's draw from its published
//! entry list and seed, with no server and no database (docs/lottery.md).

use std::process::ExitCode;

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

/// `imigrasi lottery …`.
#[derive(clap::Subcommand)]
pub enum LotteryCommand {
    /// Recompute a draw offline: prints the winners; exit 0 ok, 1 mismatch, 2 usage.
    Verify {
        /// The entry list as served by `GET /api/v1/passport/lotteries/{id}/entries.txt`.
        #[arg(long)]
        entries: std::path::PathBuf,
        /// The published seed (64 hex digits).
        #[arg(long)]
        seed: String,
        /// The published commitment, to compare.
        #[arg(long)]
        commitment: Option<String>,
        /// The published entries hash, to compare.
        #[arg(long)]
        entries_hash: Option<String>,
    },
}

/// Run `imigrasi lottery …`.
pub fn run(command: LotteryCommand) -> ExitCode {
    match command {
        LotteryCommand::Verify {
            entries,
            seed,
            commitment,
            entries_hash,
        } => verify_file(
            &entries,
            &seed,
            commitment.as_deref(),
            entries_hash.as_deref(),
        ),
    }
}

/// `imigrasi lottery verify`: no server, no database.
fn verify_file(
    entries: &std::path::Path,
    seed: &str,
    commitment: Option<&str>,
    entries_hash: Option<&str>,
) -> ExitCode {
    let text = match std::fs::read_to_string(entries) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", entries.display());
            return ExitCode::from(2);
        }
    };
    match verify(&text, seed, commitment, entries_hash) {
        Ok(report) => {
            print!("{}", report.text);
            if report.matches {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
