//! The APOA tables. Append only.

use imigrasi_platform::migrations::Migration;

/// APOA migrations, in order (after the stay tables).
pub const MIGRATIONS: &[Migration] = &[
    PREMISES_KEYS_STAYS,
    VERSIONS_CANCELLATION,
    BATCH,
    SUPERVISION,
    ENTRY_PORT,
];

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

/// One report per guest, premise and check-in date (batches are
/// idempotent): the check-in's local date in the premise office's zone,
/// and a unique index over it that cancelled reports leave.
const BATCH: Migration = Migration {
    name: "apoa_0003_batch",
    statements: &[
        "ALTER TABLE apoa_stays ADD COLUMN check_in_date TEXT NOT NULL DEFAULT ''",
        // Existing rows: the office's local date of the check-in, computed
        // in portable integer arithmetic (the office zones have no daylight
        // saving: WIB +7, WITA +8, WIT +9) with the civil-from-days
        // algorithm (H. Hinnant), through a scratch table.
        "CREATE TABLE apoa_0003_days (
            id TEXT PRIMARY KEY, z BIGINT NOT NULL, doe BIGINT, yoe BIGINT, doy BIGINT,
            mp BIGINT, y BIGINT, m BIGINT, d BIGINT
        )",
        "INSERT INTO apoa_0003_days (id, z)
         SELECT s.id, (s.check_in + CASE o.time_zone
                WHEN 'Asia/Makassar' THEN 28800000
                WHEN 'Asia/Jayapura' THEN 32400000
                ELSE 25200000 END) / 86400000 + 719468
         FROM apoa_stays s
         JOIN apoa_premises p ON p.id = s.premise_id
         LEFT JOIN offices o ON o.code = p.office_code",
        "UPDATE apoa_0003_days SET doe = z - (z / 146097) * 146097, y = (z / 146097) * 400",
        "UPDATE apoa_0003_days SET yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365",
        "UPDATE apoa_0003_days SET doy = doe - (365 * yoe + yoe / 4 - yoe / 100), y = y + yoe",
        "UPDATE apoa_0003_days SET mp = (5 * doy + 2) / 153",
        "UPDATE apoa_0003_days SET d = doy - (153 * mp + 2) / 5 + 1,
            m = CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END,
            y = CASE WHEN mp < 10 THEN y ELSE y + 1 END",
        "UPDATE apoa_stays SET check_in_date = (
            SELECT CAST(d.y AS TEXT) || '-'
                || CASE WHEN d.m < 10 THEN '0' ELSE '' END || CAST(d.m AS TEXT) || '-'
                || CASE WHEN d.d < 10 THEN '0' ELSE '' END || CAST(d.d AS TEXT)
            FROM apoa_0003_days d WHERE d.id = apoa_stays.id)
         WHERE id IN (SELECT id FROM apoa_0003_days)",
        "DROP TABLE apoa_0003_days",
        // Reports made twice before this rule: the later ones are cancelled
        // with a reason (kept, never deleted), so that the index holds.
        "UPDATE apoa_stays SET status = 'cancelled', cancelled_at = updated_at,
            cancel_reason = 'Duplicate of an earlier report (same passport, premise and check-in date)'
         WHERE status <> 'cancelled' AND EXISTS (
            SELECT 1 FROM apoa_stays e
            WHERE e.premise_id = apoa_stays.premise_id
              AND e.passport_index = apoa_stays.passport_index
              AND e.check_in_date = apoa_stays.check_in_date
              AND e.status <> 'cancelled'
              AND (e.created_at < apoa_stays.created_at
                   OR (e.created_at = apoa_stays.created_at AND e.id < apoa_stays.id)))",
        "CREATE UNIQUE INDEX apoa_stays_once_a_day
            ON apoa_stays (premise_id, passport_index, check_in_date)
            WHERE status <> 'cancelled'",
        // Retention sweeps by the end of the stay.
        "CREATE INDEX apoa_stays_check_out ON apoa_stays (check_out)",
        "CREATE INDEX apoa_stays_expected_check_out ON apoa_stays (expected_check_out)",
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

/// The port of entry (the immigration checkpoint, TPI) where the guest
/// entered Indonesia, when the report gives it.
const ENTRY_PORT: Migration = Migration {
    name: "apoa_0005_entry_port",
    statements: &["ALTER TABLE apoa_stays ADD COLUMN entry_port TEXT"],
};
