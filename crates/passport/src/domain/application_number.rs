//! The application number a booking gets once paid: the office, the
//! office-local day of payment and the day's sequence at that office,
//! `BATAM-20261202-0007`. Read aloud at the counter and printed on the proof
//! of appointment; unique by a database index.

use jiff::civil::Date;

/// The application number of the `seq`-th payment (from 1) at `office` on `day`.
pub fn application_number(office: &str, day: Date, seq: u32) -> String {
    format!("{office}-{}-{seq:04}", day.strftime("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_day_and_sequence() {
        let day = jiff::civil::date(2026, 12, 2);
        assert_eq!(application_number("BATAM", day, 7), "BATAM-20261202-0007");
        assert_eq!(
            application_number("JKT-PUSAT", day, 12345),
            "JKT-PUSAT-20261202-12345"
        );
    }
}
