//! The layering rules, checked on the source text (no database):
//!
//! - Adapters (the JSON API, the pages, the WhatsApp channel, the workers)
//!   parse, call a use case and map its answer; they never open a
//!   transaction or run SQL themselves. That belongs to `app/` (use cases)
//!   and `store/` (SQL), and to the platform's own database module.
//! - No Rust source file, in any crate's `src/` or `tests/`, is over
//!   [`MAX_LINES`] lines.
//!
//! Each rule has a `PENDING` list of the files that break it today. A
//! second test fails when a listed file no longer breaks the rule, so the
//! lists can only shrink.

use std::path::{Path, PathBuf};

/// What only use cases and stores may write: opening or committing a
/// transaction, or running a statement.
const SQL_OR_TRANSACTION: &[&str] = &[
    "db::begin_write",
    "db::begin(",
    "db::write(",
    "db::exec",
    "db::one(",
    "db::all(",
    ".begin().await",
    ".commit().await",
    "execute_unprepared",
    "Statement::from_",
    "query_one(",
    "query_all(",
];

/// Adapter files that still open a transaction or run SQL themselves.
// Being moved to app/; remove when fixed.
const PENDING: &[&str] = &[];

/// The longest a source file may be.
const MAX_LINES: usize = 600;

/// Source files over [`MAX_LINES`] lines.
// Being split on another branch; remove when fixed.
const PENDING_LONG: &[&str] = &[];

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file below `dir`, as paths relative to the root with `/`.
fn rust_files(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root()).unwrap_or(&path);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
}

/// Every `.rs` file in `crates/*/{folder}`, sorted.
fn crate_files(folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    let crates = std::fs::read_dir(root().join("crates")).expect("crates/ folder");
    for krate in crates.flatten() {
        rust_files(&krate.path().join(folder), &mut out);
    }
    out.sort();
    assert!(!out.is_empty(), "no files found in crates/*/{folder}");
    out
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Whether a source file belongs to an adapter: a module or folder named
/// `api`, `pages`, `whatsapp` or `workers`, or ending in `_api` or `_pages`.
/// Use cases (`app`), stores (`store`, the WhatsApp channel's own
/// `whatsapp/store`), the platform's database module and unit-test files
/// are not adapters.
fn is_adapter(rel: &str) -> bool {
    let Some(inside) = rel.split_once("/src/").map(|(_, p)| p) else {
        return false;
    };
    let parts: Vec<&str> = inside
        .split('/')
        .map(|p| p.strip_suffix(".rs").unwrap_or(p))
        .collect();
    let file = parts.last().copied().unwrap_or("");
    let infrastructure = parts.iter().any(|p| matches!(*p, "store" | "app"))
        || (rel.starts_with("crates/platform/src/") && parts[0].starts_with("db"));
    let unit_tests = file == "tests" || file.ends_with("_tests");
    let adapter = parts.iter().any(|p| {
        matches!(*p, "api" | "pages" | "whatsapp" | "workers")
            || p.ends_with("_api")
            || p.ends_with("_pages")
    });
    adapter && !infrastructure && !unit_tests
}

/// The lines (number, text) of `text` that open a transaction or run SQL,
/// leaving out comments and the unit tests after `#[cfg(test)]`.
fn sql_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim();
        if code == "#[cfg(test)]" {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        if SQL_OR_TRANSACTION.iter().any(|p| code.contains(p)) {
            out.push((i + 1, code.to_owned()));
        }
    }
    out
}

#[test]
fn adapters_neither_open_transactions_nor_run_sql() {
    let mut found = Vec::new();
    for rel in crate_files("src") {
        if !is_adapter(&rel) || PENDING.contains(&rel.as_str()) {
            continue;
        }
        for (n, line) in sql_lines(&read(&rel)) {
            found.push(format!("{rel}:{n}: {line}"));
        }
    }
    assert!(
        found.is_empty(),
        "adapters (api, pages, WhatsApp, workers) must call a use case in app/ \
         instead of opening a transaction or running SQL:\n{}",
        found.join("\n")
    );
}

#[test]
fn pending_adapters_still_run_sql() {
    let mut fixed = Vec::new();
    for rel in PENDING {
        let exists = root().join(rel).is_file();
        if !exists || !is_adapter(rel) || sql_lines(&read(rel)).is_empty() {
            fixed.push(*rel);
        }
    }
    assert!(
        fixed.is_empty(),
        "no longer open a transaction or run SQL (or are gone): remove from PENDING in {}:\n{}",
        file!(),
        fixed.join("\n")
    );
}

fn line_count(rel: &str) -> usize {
    read(rel).lines().count()
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut long = Vec::new();
    for rel in crate_files("src").into_iter().chain(crate_files("tests")) {
        if PENDING_LONG.contains(&rel.as_str()) {
            continue;
        }
        let n = line_count(&rel);
        if n > MAX_LINES {
            long.push(format!("{rel}: {n} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "split these files by topic (at most {MAX_LINES} lines each):\n{}",
        long.join("\n")
    );
}

#[test]
fn pending_long_files_are_still_long() {
    let mut fixed = Vec::new();
    for rel in PENDING_LONG {
        if !root().join(rel).is_file() || line_count(rel) <= MAX_LINES {
            fixed.push(*rel);
        }
    }
    assert!(
        fixed.is_empty(),
        "at most {MAX_LINES} lines now (or gone): remove from PENDING_LONG in {}:\n{}",
        file!(),
        fixed.join("\n")
    );
}

#[test]
fn the_rules_know_an_adapter() {
    for adapter in [
        "crates/passport/src/pages/mine.rs",
        "crates/passport/src/quota_api.rs",
        "crates/passport/src/quota_pages.rs",
        "crates/office/src/workers.rs",
        "crates/platform/src/pages.rs",
    ] {
        assert!(is_adapter(adapter), "{adapter} is an adapter");
    }
    for other in [
        "crates/passport/src/whatsapp/store.rs",
        "crates/passport/src/whatsapp/store/sessions.rs",
        "crates/passport/src/store/bookings.rs",
        "crates/office/src/app/calls.rs",
        "crates/platform/src/db.rs",
        "crates/platform/src/documents/store.rs",
        "crates/passport/src/pages/tests.rs",
        "crates/passport/src/domain/booking.rs",
        "crates/imigrasi/tests/api/helpers/mod.rs",
    ] {
        assert!(!is_adapter(other), "{other} is not an adapter");
    }
    assert_eq!(
        sql_lines(
            "let a = 1;\n// db::exec(\nlet txn = db::begin_write(db).await?;\n#[cfg(test)]\nmod tests { db::exec(x) }"
        ),
        vec![(3, "let txn = db::begin_write(db).await?;".to_owned())]
    );
}
