//! The APOA tables. Append only.

use imigrasi_platform::migrations::Migration;

/// APOA migrations, in order (after the stay tables).
pub const MIGRATIONS: &[Migration] = &[PREMISES_KEYS_STAYS, VERSIONS_CANCELLATION, SUPERVISION];

/// Premises, their API keys and the guests' stays.
const PREMISES_KEYS_STAYS: Migration = Migration {
    name: "apoa_0001_premises_keys_stays",
    statements: &[
        // A lodging's premise, supervised by its regency's office.
        "CREATE TABLE apoa_premises (
            id TEXT PRIMARY KEY,
            owner_account_id TEXT NOT NULL REFERENCES accounts(id),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            address TEXT NOT NULL,
            regency_code TEXT NOT NULL,
            office_code TEXT NOT NULL,
            licence_number TEXT,
            created_at BIGINT NOT NULL
        )",
        "CREATE INDEX apoa_premises_owner ON apoa_premises (owner_account_id, created_at)",
        "CREATE INDEX apoa_premises_office ON apoa_premises (office_code)",
        // A property-management system's key: only its SHA-256 is kept.
        "CREATE TABLE apoa_api_keys (
            id TEXT PRIMARY KEY,
            premise_id TEXT NOT NULL REFERENCES apoa_premises(id),
            key_hash TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL REFERENCES accounts(id),
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            revoked_at BIGINT
        )",
        "CREATE INDEX apoa_api_keys_premise ON apoa_api_keys (premise_id)",
        // One guest's stay at a premise. `check_in` and `check_out` are
        // instants (ms UTC); the other dates `YYYY-MM-DD`. The passport
        // number is kept for the officer's file and looked up by its blind
        // index. `version` counts amendments.
        "CREATE TABLE apoa_stays (
            id TEXT PRIMARY KEY,
            premise_id TEXT NOT NULL REFERENCES apoa_premises(id),
            receipt_number TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            surname TEXT NOT NULL,
            given_names TEXT NOT NULL,
            nationality TEXT NOT NULL,
            passport_number TEXT NOT NULL,
            passport_index TEXT NOT NULL,
            passport_expiry TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            entry_date TEXT NOT NULL,
            check_in BIGINT NOT NULL,
            expected_check_out TEXT NOT NULL,
            check_out BIGINT,
            room TEXT,
            permit_kind TEXT,
            permit_number TEXT,
            purpose TEXT NOT NULL,
            group_head_id TEXT REFERENCES apoa_stays(id),
            late BOOLEAN NOT NULL,
            reported_by_account TEXT REFERENCES accounts(id),
            reported_by_key TEXT REFERENCES apoa_api_keys(id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX apoa_stays_premise ON apoa_stays (premise_id, check_in)",
        "CREATE INDEX apoa_stays_passport ON apoa_stays (passport_index, nationality)",
    ],
};

/// Amendments kept as versions, and cancellation with a reason.
const VERSIONS_CANCELLATION: Migration = Migration {
    name: "apoa_0002_versions_cancellation",
    statements: &[
        // The stay as it was before each amendment (JSON of its reported
        // fields), never overwritten: version N holds what version N said.
        "CREATE TABLE apoa_stay_versions (
            id TEXT PRIMARY KEY,
            stay_id TEXT NOT NULL REFERENCES apoa_stays(id),
            version INTEGER NOT NULL,
            snapshot TEXT NOT NULL,
            replaced_at BIGINT NOT NULL,
            replaced_by_account TEXT REFERENCES accounts(id),
            replaced_by_key TEXT REFERENCES apoa_api_keys(id),
            UNIQUE (stay_id, version)
        )",
        "ALTER TABLE apoa_stays ADD COLUMN cancelled_at BIGINT",
        "ALTER TABLE apoa_stays ADD COLUMN cancel_reason TEXT",
    ],
};

/// Indexes of the officers' reads: the stays still checked in and the
/// recent ones (alerts), reports by when they were made (dashboard, the
/// premises that stopped reporting).
const SUPERVISION: Migration = Migration {
    name: "apoa_0004_supervision",
    statements: &[
        "CREATE INDEX apoa_stays_status ON apoa_stays (status, check_in)",
        "CREATE INDEX apoa_stays_check_in ON apoa_stays (check_in)",
        "CREATE INDEX apoa_stays_created ON apoa_stays (created_at)",
        "CREATE INDEX apoa_stays_premise_created ON apoa_stays (premise_id, created_at)",
    ],
};
