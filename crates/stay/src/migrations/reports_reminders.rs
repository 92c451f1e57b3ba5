//! `stay_0003_reports_reminders`: mandatory reports and the reminders
//! already queued.

use imigrasi_platform::migrations::Migration;

/// Reports with their receipt numbers, and one row per reminder queued.
pub const STAY_0003: Migration = Migration {
    name: "stay_0003_reports_reminders",
    statements: &[
        // A mandatory report: its receipt number, the permit, the kind, the
        // normalized details (JSON), who filed it and the office that
        // supervised the permit once it was recorded.
        "CREATE TABLE stay_reports (
            id TEXT PRIMARY KEY,
            receipt_number TEXT NOT NULL UNIQUE,
            permit_id TEXT NOT NULL REFERENCES stay_permits(id),
            kind TEXT NOT NULL,
            details TEXT NOT NULL,
            filed_by TEXT NOT NULL REFERENCES accounts(id),
            filer_role TEXT NOT NULL,
            office_code TEXT NOT NULL,
            filed_at BIGINT NOT NULL
        )",
        "CREATE INDEX stay_reports_permit ON stay_reports (permit_id, filed_at)",
        // A reminder queued (claimed here first, its outbox row written in
        // the same transaction). The key makes each threshold go once per end date:
        // an extension's new end date gets its own reminders.
        "CREATE TABLE stay_reminders (
            permit_id TEXT NOT NULL REFERENCES stay_permits(id),
            valid_until TEXT NOT NULL,
            days_before INTEGER NOT NULL,
            queued_at BIGINT NOT NULL,
            PRIMARY KEY (permit_id, valid_until, days_before)
        )",
    ],
};
