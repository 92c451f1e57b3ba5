//! Applications on casework, what approvals grant, overstay fines and
//! appearances at the office.

use imigrasi_platform::migrations::Migration;

/// Applications about a permit and the signed permit documents.
pub const STAY_0002: Migration = Migration {
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
};

/// Overstay fines billed by officers.
pub const STAY_0004: Migration = Migration {
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
};

/// Appearances at the office and their sessions' capacity.
pub const STAY_0005: Migration = Migration {
    name: "stay_0005_appearances",
    statements: &[
        // An appearance an officer asks of an applicant. `code` is what
        // the holder shows at the kiosk; `open_case_id` is the case while
        // the appearance is not final (one open appearance per case,
        // enforced by the database). `person_index` is the passport's
        // blind index (the floor keeps one open ticket per person a day).
        "CREATE TABLE stay_appearances (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES casework_cases(id),
            open_case_id TEXT,
            permit_id TEXT NOT NULL REFERENCES stay_permits(id),
            office_code TEXT NOT NULL,
            purpose TEXT NOT NULL,
            status TEXT NOT NULL,
            session_date TEXT,
            session_name TEXT,
            starts_at BIGINT,
            ends_at BIGINT,
            person_index TEXT NOT NULL,
            person_masked TEXT NOT NULL,
            full_name TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE UNIQUE INDEX stay_appearances_open ON stay_appearances (open_case_id)",
        "CREATE INDEX stay_appearances_day ON stay_appearances (office_code, session_date)",
        "CREATE INDEX stay_appearances_due ON stay_appearances (status, ends_at)",
        // Places taken per office, day and session: a conditional UPDATE
        // (`booked < capacity`) takes one, so the capacity holds under
        // concurrent bookings.
        "CREATE TABLE stay_appearance_sessions (
            office_code TEXT NOT NULL,
            session_date TEXT NOT NULL,
            session_name TEXT NOT NULL,
            capacity BIGINT NOT NULL,
            booked BIGINT NOT NULL,
            PRIMARY KEY (office_code, session_date, session_name)
        )",
    ],
};
