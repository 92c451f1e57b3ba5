//! The casework tables. Append only.

use imigrasi_platform::migrations::Migration;

/// Casework migrations, in order.
pub const MIGRATIONS: &[Migration] = &[Migration {
    name: "casework_0001_cases_and_timeline",
    statements: &[
        // One row per application of any service; `status` is written only
        // by `store::transition` (a conditional update on the old status).
        "CREATE TABLE casework_cases (
            id TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            register_number TEXT NOT NULL UNIQUE,
            office_code TEXT NOT NULL REFERENCES offices(code),
            status TEXT NOT NULL,
            created_by TEXT NOT NULL REFERENCES accounts(id),
            applicant_email TEXT NOT NULL,
            sponsor_account_id TEXT REFERENCES accounts(id),
            recommended_by TEXT,
            recommendation TEXT,
            decided_by TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX casework_cases_office ON casework_cases (service, office_code, status, created_at)",
        "CREATE INDEX casework_cases_creator ON casework_cases (created_by)",
        "CREATE INDEX casework_cases_applicant ON casework_cases (applicant_email)",
        // Every step of every case.
        "CREATE TABLE casework_timeline (
            case_id TEXT NOT NULL REFERENCES casework_cases(id),
            seq INTEGER NOT NULL,
            at BIGINT NOT NULL,
            status TEXT NOT NULL,
            action TEXT NOT NULL,
            role TEXT NOT NULL,
            actor_id TEXT,
            note TEXT,
            PRIMARY KEY (case_id, seq)
        )",
    ],
}];
