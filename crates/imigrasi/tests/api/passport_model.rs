//! Property test: random sequences of book / pay / expire / cancel /
//! reschedule against the real store match the pure reference model
//! (`imigrasi_passport::domain::QuotaModel`): same answers, same statuses,
//! same remaining places, and capacity is never exceeded.

use imigrasi_core::{Nik, OfficeZone, PersonName, Sex};
use imigrasi_passport::app::changes;
use imigrasi_passport::domain::{
    Category, ModelOp, PassportType, QuotaModel, ServiceKind, SlotSpec,
};
use imigrasi_passport::store::{self, BookingRequest, NewSlot, Origin};
use imigrasi_platform::billing::{self, PaymentNotification};
use imigrasi_platform::db;
use jiff::civil::{Date, Time};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::ConnectionTrait;

use crate::helpers::{Backend, TestApp, run};

#[derive(Debug, Clone)]
enum Op {
    Book(usize),
    Pay(usize),
    ExpireDue,
    Cancel(usize),
    Reschedule(usize, usize),
}

fn op() -> impl Strategy<Value = (Op, i64)> {
    let op = prop_oneof![
        3 => (0..2usize).prop_map(Op::Book),
        2 => (0..8usize).prop_map(Op::Pay),
        1 => Just(Op::ExpireDue),
        1 => (0..8usize).prop_map(Op::Cancel),
        1 => (0..8usize, 0..2usize).prop_map(|(b, s)| Op::Reschedule(b, s)),
    ];
    // At most 25 operations of up to 60 minutes: the sessions (in two days) never end
    // during a case, while "H-1" (the office date reaching the appointment date) can pass.
    (op, 0..60i64)
}

async fn one_case(
    app: &TestApp,
    zone: OfficeZone,
    slots: &[(String, SlotSpec)],
    ops: &[(Op, i64)],
) -> Result<(), TestCaseError> {
    let dbc = &app.state.db;
    for sql in [
        "DELETE FROM passport_bookings",
        "DELETE FROM bills",
        "UPDATE passport_slots SET booked = 0",
    ] {
        dbc.execute_unprepared(sql)
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    // The reset above bypassed the store: forget what the sold-out memory learnt.
    for (id, _) in slots {
        store::sold_out::forget(id);
    }
    let settings = imigrasi_passport::app::settings(&app.state);
    let specs: Vec<SlotSpec> = slots.iter().map(|(_, s)| s.clone()).collect();
    let mut model = QuotaModel::new(zone.time_zone(), settings.hold_minutes, &specs);
    let mut codes: Vec<(String, String, i64)> = Vec::new(); // (code, billing code, amount)
    // Whole milliseconds, as the store keeps instants: a payment exactly at
    // the deadline must compare equal in the model and in the store.
    let mut now =
        jiff::Timestamp::from_millisecond(jiff::Timestamp::now().as_millisecond()).unwrap();
    let mut serial = 0u32;
    for (op, minutes) in ops {
        now = now
            .checked_add(jiff::SignedDuration::from_mins(*minutes))
            .unwrap();
        match op {
            Op::Book(s) => {
                serial += 1;
                let nik = Nik::parse(&format!("317101120390{serial:04}")).unwrap();
                let name = PersonName::parse("Model").unwrap();
                let applicant =
                    settings.applicant(&nik, &name, "1990-03-12".parse().unwrap(), Sex::Male);
                let req = BookingRequest {
                    account_id: None,
                    slot_id: slots[*s].0.clone(),
                    applicant,
                    passport_type: PassportType::Regular,
                    service: ServiceKind::New,
                    validity_years: 5,
                    purpose: imigrasi_passport::domain::Purpose::Other,
                    married: false,
                    channel: "api",
                    waitlist_id: None,
                };
                let expected = model.apply(now, ModelOp::Book { slot: *s }).is_ok();
                let got = store::book(dbc, &req, &settings, Origin::SYSTEM, now).await;
                prop_assert_eq!(got.is_ok(), expected, "book {:?}", got.as_ref().err());
                if let Ok((b, _)) = got {
                    codes.push((b.code, b.billing_code, b.amount));
                }
            }
            Op::Pay(i) => {
                let Some((_, bill, amount)) = codes.get(*i).cloned() else {
                    continue;
                };
                let _ = model.apply(now, ModelOp::Pay { booking: *i });
                let n = PaymentNotification {
                    billing_code: bill,
                    ntpn: format!("NTPN{:012}", serial * 100 + *i as u32),
                    amount,
                    paid_at: now.to_string(),
                };
                let _ = billing::apply_payment(&app.state, &n, "", now).await;
            }
            Op::ExpireDue => {
                for i in 0..codes.len() {
                    let _ = model.apply(now, ModelOp::Expire { booking: i });
                }
                imigrasi_passport::app::changes::expire_due(dbc, &settings, now, 1000)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Op::Cancel(i) => {
                let Some((code, _, _)) = codes.get(*i).cloned() else {
                    continue;
                };
                let expected = model.apply(now, ModelOp::Cancel { booking: *i }).is_ok();
                let got = changes::cancel_checked(&app.state, Origin::SYSTEM, &code, now).await;
                prop_assert_eq!(got.is_ok(), expected, "cancel {:?}", got.err());
            }
            Op::Reschedule(i, to) => {
                let Some((code, _, _)) = codes.get(*i).cloned() else {
                    continue;
                };
                let expected = model
                    .apply(
                        now,
                        ModelOp::Reschedule {
                            booking: *i,
                            to_slot: *to,
                        },
                    )
                    .is_ok();
                let got = changes::reschedule_checked(
                    &app.state,
                    Origin::SYSTEM,
                    &code,
                    &slots[*to].0,
                    now,
                )
                .await;
                prop_assert_eq!(got.is_ok(), expected, "reschedule {:?}", got.err());
            }
        }
        // Every booking's status and every slot's remaining places match.
        for (i, (code, _, _)) in codes.iter().enumerate() {
            let b = store::find_by_code(dbc, code).await.unwrap().unwrap();
            prop_assert_eq!(
                b.status,
                model.bookings()[i].status,
                "booking {} after {:?}",
                i,
                op
            );
            prop_assert_eq!(&b.slot_id, &slots[model.bookings()[i].slot].0);
        }
        for (i, (id, spec)) in slots.iter().enumerate() {
            let s = store::slot(dbc, id).await.unwrap().unwrap();
            prop_assert!(s.booked <= s.capacity);
            prop_assert_eq!(
                s.booked,
                i64::from(model.holders(i)),
                "slot {} after {:?}",
                i,
                op
            );
            prop_assert_eq!(s.capacity, i64::from(spec.capacity));
        }
    }
    Ok(())
}

async fn store_matches_model(app: TestApp) {
    let zone = OfficeZone::parse("Asia/Jakarta").unwrap();
    let today = zone.local_date(jiff::Timestamp::now());
    let date: Date = today.checked_add(jiff::Span::new().days(2)).unwrap();
    let mut slots = Vec::new();
    for (start, end, capacity) in [((8, 0), (10, 0), 2u32), ((10, 0), (12, 0), 1u32)] {
        let spec = SlotSpec {
            date,
            start: Time::constant(start.0, start.1, 0, 0),
            end: Time::constant(end.0, end.1, 0, 0),
            category: Category::Regular,
            capacity,
        };
        let s = store::insert_extra_slot(
            &app.state.db,
            zone,
            &NewSlot {
                office_code: "BATAM".into(),
                date,
                start: spec.start,
                end: spec.end,
                category: Category::Regular,
                capacity: i64::from(capacity),
                release_at: db::from_millis(0),
            },
        )
        .await
        .unwrap();
        slots.push((s.id, spec));
    }
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::block_in_place(|| {
        runner.run(&proptest::collection::vec(op(), 1..25), |ops| {
            handle.block_on(one_case(&app, zone, &slots, &ops))
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_matches_model_sqlite() {
    run(Backend::Sqlite, store_matches_model).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_matches_model_postgres() {
    run(Backend::Postgres, store_matches_model).await
}
