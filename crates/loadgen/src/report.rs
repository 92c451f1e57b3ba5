//! What a run found: counts, rates and latencies, the database checks made
//! afterwards, and the report (JSON or text).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use imigrasi_platform::db::{self, Db};
use serde_json::{Value, json};

use crate::Args;
use crate::load::{Answer, Measured};

/// The database's state after the run, compared with the answers.
#[derive(Debug)]
pub struct Checked {
    /// Bookings of the session in the database.
    pub rows: usize,
    /// The session's counter of booked places.
    pub booked: i64,
    /// The session's capacity.
    pub capacity: i64,
    /// Bookings beyond the capacity (by rows or by the counter).
    pub overbooked: i64,
    /// Acknowledged (201) bookings whose code is not exactly once in the
    /// database, or that came without a code.
    pub missing: usize,
}

/// Count the session's bookings and look up every acknowledged code.
pub async fn check_database(
    database: &Db,
    slot_id: &str,
    measured: &Measured,
) -> anyhow::Result<Checked> {
    let codes = db::all_as(
        database,
        "SELECT code FROM passport_bookings WHERE slot_id = $1",
        [slot_id.into()],
        |r| db::col::<String>(r, "code"),
    )
    .await?;
    let mut stored: HashMap<&str, usize> = HashMap::with_capacity(codes.len());
    for c in &codes {
        *stored.entry(c.as_str()).or_default() += 1;
    }
    let (booked, capacity) = db::one_as(
        database,
        "SELECT CAST(booked AS BIGINT) AS booked, CAST(capacity AS BIGINT) AS capacity FROM passport_slots WHERE id = $1",
        [slot_id.into()],
        |r| Ok((db::col::<i64>(r, "booked")?, db::col::<i64>(r, "capacity")?)),
    )
    .await?
    .unwrap_or_default();
    let mut acknowledged: HashMap<&str, usize> = HashMap::new();
    let mut missing = 0;
    for (answer, _) in &measured.answers {
        match answer {
            Answer::Accepted(Some(code)) => *acknowledged.entry(code.as_str()).or_default() += 1,
            Answer::Accepted(None) => missing += 1,
            _ => {}
        }
    }
    for (code, times) in acknowledged {
        // One booking per acknowledgement, each stored exactly once.
        if times != 1 || stored.get(code).copied() != Some(1) {
            missing += times;
        }
    }
    let rows = codes.len();
    let overbooked = (rows as i64 - capacity).max(booked - capacity).max(0);
    Ok(Checked {
        rows,
        booked,
        capacity,
        overbooked,
        missing,
    })
}

/// The grouped engine's counters summed over the servers: groups committed
/// and requests in them (absent when no server answered `/metrics`).
pub async fn group_metrics(client: &reqwest::Client, bases: &[String]) -> Option<(f64, f64)> {
    let mut total = (0.0, 0.0);
    for base in bases {
        let text = client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        total.0 += counter(&text, "imigrasi_booking_groups_total");
        total.1 += counter(&text, "imigrasi_booking_group_requests_total");
    }
    Some(total)
}

/// A counter's value in Prometheus text (summed over its label sets).
fn counter(text: &str, name: &str) -> f64 {
    text.lines()
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('{'))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// The figures of a run.
#[derive(Debug)]
pub struct Summary {
    engine: String,
    database: &'static str,
    requests: usize,
    concurrency: usize,
    capacity: i64,
    processes: u16,
    elapsed: Duration,
    accepted: Vec<Duration>,
    rejected: Vec<Duration>,
    errors: usize,
    first_errors: Vec<String>,
    checked: Option<(usize, i64, i64, usize)>,
    overbooked: i64,
    missing: usize,
    groups: Option<(f64, f64)>,
}

fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    let ms = sorted[idx.min(sorted.len() - 1)].as_secs_f64() * 1e3;
    (ms * 10.0).round() / 10.0
}

fn per_s(n: usize, elapsed: Duration) -> f64 {
    (n as f64 / elapsed.as_secs_f64().max(1e-9)).round()
}

impl Summary {
    /// Gather a run's figures.
    pub fn new(
        engine: String,
        args: &Args,
        database: &'static str,
        measured: &Measured,
        checked: Option<&Checked>,
        groups: Option<(f64, f64)>,
    ) -> Summary {
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        let mut first_errors = Vec::new();
        let mut errors = 0;
        for (answer, took) in &measured.answers {
            match answer {
                Answer::Accepted(_) => accepted.push(*took),
                Answer::Rejected => rejected.push(*took),
                Answer::Error(e) => {
                    errors += 1;
                    if first_errors.len() < 5 {
                        first_errors.push(e.clone());
                    }
                }
            }
        }
        accepted.sort();
        rejected.sort();
        let missing = checked.map_or(0, |c| c.missing);
        Summary {
            engine,
            database,
            requests: args.requests,
            concurrency: args.concurrency,
            capacity: args.capacity,
            // `--reference sql` books in this process whatever `--processes` says.
            processes: if args.reference == Some(crate::Reference::Sql) {
                1
            } else {
                args.processes
            },
            elapsed: measured.elapsed,
            accepted,
            rejected,
            errors: errors + missing,
            first_errors,
            checked: checked.map(|c| (c.rows, c.booked, c.capacity, c.missing)),
            overbooked: checked.map_or(0, |c| c.overbooked),
            missing,
            groups,
        }
    }

    /// The JSON object of `--json`.
    pub fn json(&self) -> Value {
        let (groups, group_requests) = self.groups.unwrap_or_default();
        json!({
            "engine": self.engine,
            "database": self.database,
            "requests": self.requests,
            "concurrency": self.concurrency,
            "capacity": self.capacity,
            "accepted": self.accepted.len(),
            "rejected": self.rejected.len(),
            "errors": self.errors,
            "accepted_per_s": per_s(self.accepted.len(), self.elapsed),
            "rejected_per_s": per_s(self.rejected.len(), self.elapsed),
            "accepted_p50_ms": percentile_ms(&self.accepted, 0.50),
            "accepted_p99_ms": percentile_ms(&self.accepted, 0.99),
            "rejected_p50_ms": percentile_ms(&self.rejected, 0.50),
            "rejected_p99_ms": percentile_ms(&self.rejected, 0.99),
            "overbooked": self.overbooked,
            "missing": self.missing,
            "processes": self.processes,
            "elapsed_s": (self.elapsed.as_secs_f64() * 1e3).round() / 1e3,
            "groups": groups,
            "group_requests": group_requests,
        })
    }

    /// The human report.
    pub fn text(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "run: {} on {} ({} server process(es))",
            self.engine, self.database, self.processes
        );
        let _ = writeln!(
            t,
            "requests: {} at concurrency {}, capacity {}",
            self.requests, self.concurrency, self.capacity
        );
        let _ = writeln!(
            t,
            "elapsed: {:.2} s, throughput: {:.0} requests/s",
            self.elapsed.as_secs_f64(),
            self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
        );
        let _ = writeln!(
            t,
            "accepted: {} ({:.0}/s), rejected: {} ({:.0}/s), errors: {}",
            self.accepted.len(),
            per_s(self.accepted.len(), self.elapsed),
            self.rejected.len(),
            per_s(self.rejected.len(), self.elapsed),
            self.errors
        );
        for (name, v) in [("accepted", &self.accepted), ("rejected", &self.rejected)] {
            let _ = writeln!(
                t,
                "latency {name:>8}: p50 {:>7.1} ms  p95 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
                percentile_ms(v, 0.50),
                percentile_ms(v, 0.95),
                percentile_ms(v, 0.99),
                v.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
            );
        }
        if let Some((rows, booked, capacity, missing)) = self.checked {
            let _ = writeln!(
                t,
                "database: {rows} bookings on the session, counter {booked}/{capacity}, overbooked {}, acknowledged but missing {missing}",
                self.overbooked
            );
        }
        if let Some((groups, requests)) = self.groups.filter(|g| g.0 > 0.0) {
            let _ = writeln!(
                t,
                "grouped writer: {groups} groups, {requests} requests, {:.1} per group",
                requests / groups
            );
        }
        for e in &self.first_errors {
            let _ = writeln!(t, "error: {e}");
        }
        t
    }

    /// What went wrong, if anything (the run then exits non-zero).
    pub fn problems(&self, args: &Args) -> Vec<String> {
        let mut out = Vec::new();
        if self.overbooked > 0 {
            out.push(format!("{} bookings beyond capacity", self.overbooked));
        }
        if self.missing > 0 {
            out.push(format!(
                "{} acknowledged bookings are not in the database",
                self.missing
            ));
        }
        if self.errors > 0 {
            out.push(format!("{} errors", self.errors));
        }
        if args.reference != Some(crate::Reference::Health) {
            let expected = usize::try_from(args.capacity)
                .unwrap_or(0)
                .min(args.requests);
            if self.accepted.len() != expected {
                out.push(format!(
                    "{} accepted, expected exactly {expected}",
                    self.accepted.len()
                ));
            }
            if let Some((rows, ..)) = self.checked
                && rows != self.accepted.len()
            {
                out.push(format!(
                    "{rows} bookings in the database for {} acknowledged",
                    self.accepted.len()
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_read_from_prometheus_text() {
        let text = "# TYPE imigrasi_booking_groups_total counter\nimigrasi_booking_groups_total 12\nimigrasi_booking_groups_total_x 3\nimigrasi_booking_group_requests_total{a=\"b\"} 40\n";
        assert_eq!(counter(text, "imigrasi_booking_groups_total"), 12.0);
        assert_eq!(counter(text, "imigrasi_booking_group_requests_total"), 40.0);
    }

    #[test]
    fn percentiles_of_nothing_are_zero() {
        assert_eq!(percentile_ms(&[], 0.99), 0.0);
        let v = [Duration::from_millis(1), Duration::from_millis(3)];
        assert_eq!(percentile_ms(&v, 0.99), 3.0);
    }
}
