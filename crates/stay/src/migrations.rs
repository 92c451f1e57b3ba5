//! The stay service's tables. Append only.

use imigrasi_platform::migrations::Migration;

mod applications;
mod reports_reminders;

/// Stay migrations, in order (after the visa tables).
pub const MIGRATIONS: &[Migration] = &[
    PERMITS_HISTORY,
    applications::STAY_0002,
    reports_reminders::STAY_0003,
    applications::STAY_0004,
    applications::STAY_0005,
];

/// The permit register and its history.
const PERMITS_HISTORY: Migration = Migration {
    name: "stay_0001_permits_history",
    statements: &[
        // The permit register. `number` is the public reference; the
        // passport number is kept for the officer's file and looked up by
        // its blind index. `valid_until` is NULL for a GCI. Dates are
        // `YYYY-MM-DD`, instants BIGINT ms UTC.
        "CREATE TABLE stay_permits (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            surname TEXT NOT NULL,
            given_names TEXT NOT NULL,
            nationality TEXT NOT NULL,
            passport_number TEXT NOT NULL,
            passport_index TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            email TEXT NOT NULL,
            sponsor_account_id TEXT REFERENCES accounts(id),
            address_line TEXT NOT NULL,
            regency_code TEXT NOT NULL,
            office_code TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT,
            origin_visa TEXT,
            origin_evisa TEXT,
            from_visa_on_arrival BOOLEAN NOT NULL,
            extension_days_used INTEGER NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX stay_permits_email ON stay_permits (email)",
        "CREATE INDEX stay_permits_sponsor ON stay_permits (sponsor_account_id)",
        "CREATE INDEX stay_permits_office ON stay_permits (office_code, number)",
        "CREATE INDEX stay_permits_passport ON stay_permits (passport_index, nationality)",
        // Every change of a permit, in order: what, by which role, details.
        "CREATE TABLE stay_permit_history (
            id TEXT PRIMARY KEY,
            permit_id TEXT NOT NULL REFERENCES stay_permits(id),
            at BIGINT NOT NULL,
            what TEXT NOT NULL,
            actor_role TEXT,
            detail TEXT NOT NULL
        )",
        "CREATE INDEX stay_permit_history_permit ON stay_permit_history (permit_id, at)",
    ],
};
