//! Every message id the pages build at run time exists in both languages,
//! and the formatting helpers read as intended.

use imigrasi_core::OfficeZone;
use imigrasi_platform::i18n::Lang;
use jiff::civil::date;

use super::view::{duration, instant, key, long_date, plain_date, rupiah, time_range};
use crate::domain::{BookingStatus, Category, PassportType, ServiceKind};

fn assert_has(k: &str) {
    for lang in Lang::ALL {
        let text = lang.t_args(k, &[("fee", "Rp 1")]);
        assert!(
            !text.starts_with("Unknown localization"),
            "{k} is missing in {lang:?}"
        );
    }
}

#[test]
fn dynamic_message_ids_exist_in_both_languages() {
    for s in BookingStatus::ALL {
        assert_has(&key("status", s.as_str()));
        assert_has(&key("status-note", s.as_str()));
    }
    for c in Category::ALL {
        assert_has(&key("category", c.as_str()));
    }
    for p in PassportType::ALL {
        assert_has(&key("type", p.as_str()));
        assert_has(&format!("appt-type-{}-fee", p.as_str()));
    }
    for s in ServiceKind::ALL {
        assert_has(&key("service", s.as_str()));
    }
    for p in crate::domain::Purpose::ALL {
        assert_has(&key("purpose", p.as_str()));
    }
    for k in [
        "appt-validity-5",
        "appt-validity-10",
        "appt-married-yes",
        "appt-married-no",
    ] {
        assert_has(k);
    }
    for i in [
        crate::domain::Ineligible::ValidityNotAllowed,
        crate::domain::Ineligible::WalkInOnly(ServiceKind::ReplacementLost),
        crate::domain::Ineligible::WalkInOnly(ServiceKind::ReplacementDamaged),
        crate::domain::Ineligible::NotAllowedForService(ServiceKind::ReplacementLost),
        crate::domain::Ineligible::PriorityNotEligible,
        crate::domain::Ineligible::ProductNotOffered,
    ] {
        assert_has(i.message_key());
    }
    for s in ["m", "f"] {
        assert_has(&key("sex", s));
    }
    for s in ["waiting", "offered", "fulfilled", "cancelled"] {
        assert_has(&key("wait-status", s));
    }
    for s in ["unpaid", "paid", "expired", "refund_due", "cancelled"] {
        assert_has(&key("bill-status", s));
    }
    for m in 1..=12 {
        assert_has(&format!("appt-month-{m}"));
    }
}

#[test]
fn dates_times_and_money_read_naturally() {
    let d = date(2026, 12, 4);
    assert_eq!(long_date(Lang::Id, d), "Jumat, 4 Desember 2026");
    assert_eq!(long_date(Lang::En, d), "Friday 4 December 2026");
    assert_eq!(plain_date(Lang::Id, d), "4 Desember 2026");
    let zone = OfficeZone::Makassar;
    let t = |h, m| jiff::civil::time(h, m, 0, 0);
    assert_eq!(time_range(zone, t(8, 0), t(10, 0)), "08:00–10:00 WITA");
    let at = zone.local_to_utc(d, t(14, 0));
    assert_eq!(
        instant(Lang::Id, zone, at),
        "Jumat, 4 Desember 2026, pukul 14:00 WITA"
    );
    assert_eq!(
        instant(Lang::En, zone, at),
        "Friday 4 December 2026 at 14:00 WITA"
    );
    assert_eq!(rupiah(1_350_000), "Rp 1.350.000");
    assert_eq!(duration(Lang::Id, 120), "2 jam");
    assert_eq!(duration(Lang::En, 60), "1 hour");
    assert_eq!(duration(Lang::En, 119), "1 h 59 min");
    assert_eq!(duration(Lang::En, 1), "1 minute");
    assert_eq!(duration(Lang::Id, 45), "45 menit");
}
