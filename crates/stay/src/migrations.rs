//! The stay service's tables. Append only.

use imigrasi_platform::migrations::Migration;

/// Stay migrations, in order (after the visa tables).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
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
    },
    Migration {
        name: "stay_0002_applications",
        statements: &[
            // An application about a permit, on a casework case. What it
            // asks is fixed when filed: an extension's days, a status
            // change's new kind, a sponsor change's new sponsor (who
            // accepts before submission), a re-entry permit's last day.
            // `open_permit_id` is the permit while the case is open and
            // NULL once it is final: the unique index keeps one open
            // application per permit, enforced by the database.
            "CREATE TABLE stay_applications (
                case_id TEXT PRIMARY KEY REFERENCES casework_cases(id),
                permit_id TEXT NOT NULL REFERENCES stay_permits(id),
                kind TEXT NOT NULL,
                fee BIGINT NOT NULL,
                days BIGINT,
                to_kind TEXT,
                new_sponsor_account_id TEXT REFERENCES accounts(id),
                sponsor_accepted_at BIGINT,
                reentry_until TEXT,
                open_permit_id TEXT,
                created_at BIGINT NOT NULL
            )",
            "CREATE UNIQUE INDEX stay_applications_open ON stay_applications (open_permit_id)",
            "CREATE INDEX stay_applications_permit ON stay_applications (permit_id, created_at)",
            "CREATE INDEX stay_applications_new_sponsor ON stay_applications (new_sponsor_account_id)",
            // What an approval granted on the permit itself.
            "ALTER TABLE stay_permits ADD COLUMN reentry_until TEXT",
            "ALTER TABLE stay_permits ADD COLUMN exit_permit BOOLEAN NOT NULL DEFAULT FALSE",
            // The signed documents issued for a permit, newest last; the
            // QR of the newest is the one that verifies as current.
            "CREATE TABLE stay_permit_documents (
                id TEXT PRIMARY KEY,
                permit_id TEXT NOT NULL REFERENCES stay_permits(id),
                case_id TEXT REFERENCES casework_cases(id),
                qr TEXT NOT NULL,
                valid_until TEXT,
                issued_at BIGINT NOT NULL
            )",
            "CREATE INDEX stay_permit_documents_permit ON stay_permit_documents (permit_id, issued_at)",
        ],
    },
    Migration {
        name: "stay_0004_fines",
        statements: &[
            // An overstay fine billed by an officer: the days and amount
            // counted when billed; its bill (service `stay_fine`) carries
            // the payment. `open_permit_id` is the permit while the bill is
            // unpaid: one open fine per permit, enforced by the database.
            "CREATE TABLE stay_fines (
                id TEXT PRIMARY KEY,
                permit_id TEXT NOT NULL REFERENCES stay_permits(id),
                days BIGINT NOT NULL,
                amount BIGINT NOT NULL,
                billing_code TEXT NOT NULL,
                open_permit_id TEXT,
                created_at BIGINT NOT NULL
            )",
            "CREATE UNIQUE INDEX stay_fines_open ON stay_fines (open_permit_id)",
            "CREATE INDEX stay_fines_permit ON stay_fines (permit_id, created_at)",
        ],
    },
];
