//! The visa service's tables. Append only.

use imigrasi_platform::migrations::Migration;

/// Visa migrations, in order (after the casework tables).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "visa_0001_index_applications_evisas",
        statements: &[
            // The visa index, seeded from `seed/visa_types.json`; `documents`
            // is a JSON list of {kind, required}. Retiring an index sets
            // `retired_at`; past applications keep their code.
            "CREATE TABLE visa_types (
            code TEXT PRIMARY KEY,
            name_id TEXT NOT NULL,
            name_en TEXT NOT NULL,
            purpose TEXT NOT NULL,
            sponsor TEXT NOT NULL,
            entries TEXT NOT NULL,
            stay_days INTEGER NOT NULL,
            use_within_days INTEGER NOT NULL,
            extensible BOOLEAN NOT NULL,
            fee BIGINT NOT NULL,
            min_passport_validity_months INTEGER NOT NULL,
            documents TEXT NOT NULL,
            retired_at BIGINT,
            updated_at BIGINT NOT NULL
        )",
            // A sponsor's profile: kind, the blind index of its NIB or NIK, and
            // the regency that decides the processing office.
            "CREATE TABLE visa_sponsors (
            account_id TEXT PRIMARY KEY REFERENCES accounts(id),
            kind TEXT NOT NULL,
            id_index TEXT NOT NULL,
            name TEXT NOT NULL,
            regency_code TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
            // The visa side of a case. `active` stays true from creation to an
            // unused e-Visa; the partial unique index keeps one active
            // application per passport number (blind index) and type.
            "CREATE TABLE visa_applications (
            case_id TEXT PRIMARY KEY REFERENCES casework_cases(id),
            visa_type TEXT NOT NULL REFERENCES visa_types(code),
            surname TEXT NOT NULL,
            given_names TEXT NOT NULL,
            nationality TEXT NOT NULL,
            passport_number TEXT NOT NULL,
            passport_index TEXT NOT NULL,
            passport_expiry TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            intended_arrival TEXT NOT NULL,
            fee BIGINT NOT NULL,
            billing_code TEXT,
            active BOOLEAN NOT NULL
        )",
            "CREATE UNIQUE INDEX visa_applications_one_active
            ON visa_applications (passport_index, visa_type) WHERE active",
            "CREATE TABLE visa_evisas (
            number TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES casework_cases(id),
            passport_index TEXT NOT NULL,
            nationality TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            status TEXT NOT NULL,
            qr TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            revoked_reason TEXT,
            entered_at BIGINT,
            entry_port TEXT
        )",
            "CREATE INDEX visa_evisas_passport ON visa_evisas (passport_index, nationality)",
        ],
    },
    Migration {
        name: "visa_0002_status_misses",
        statements: &[
            // Misses of the public status look-up per client address, in a
            // fixed 15-minute window (the rate limit).
            "CREATE TABLE visa_status_misses (
                client TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                misses INTEGER NOT NULL
            )",
        ],
    },
];
