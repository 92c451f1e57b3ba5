//! Every message id the pages build from a machine value exists in both
//! languages (a missing one would show "Unknown localization" to people).

use imigrasi_casework::Status;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;

use super::common::key;
use crate::domain::application::ApplicationKind;
use crate::domain::permit::{PermitKind, PermitStatus};

fn ids() -> Vec<String> {
    let mut out = Vec::new();
    for s in Status::ALL {
        out.push(key("status", s.as_str()));
        out.push(key("status-note", s.as_str()));
    }
    for r in Role::ALL {
        out.push(key("role", r.as_str()));
    }
    out.push(key("role", "system"));
    for k in PermitKind::ALL {
        out.push(key("kind", k.as_str()));
        for a in ApplicationKind::ALL {
            for d in a.documents(k) {
                out.push(key("doc", d));
            }
        }
    }
    for s in PermitStatus::ALL {
        out.push(key("permit-status", s.as_str()));
    }
    for a in ApplicationKind::ALL {
        out.push(key("app-kind", a.as_str()));
    }
    for b in ["unpaid", "paid", "expired", "refund_due", "cancelled"] {
        out.push(key("bill", b));
    }
    for r in ["approve", "reject"] {
        out.push(key("recommendation", r));
    }
    for p in crate::domain::appearance::Purpose::ALL {
        out.push(key("purpose", p.as_str()));
    }
    for s in crate::domain::appearance::Status::ALL {
        out.push(key("appearance", s.as_str()));
    }
    for s in crate::domain::appearance::AppearanceRules::default().sessions {
        out.push(key("session", &s.name));
    }
    // What the service's use cases write in a permit's history.
    for h in [
        "registered",
        "extended",
        "in_process",
        "process_ended",
        "converted",
        "opened_by_status_change",
        "sponsor_changed",
        "sponsor_change_accepted",
        "exit_permit_granted",
        "reentry_permit_granted",
        "started_on_arrival",
        "expired",
        "reported",
        "fine_billed",
        "fine_paid",
        "departed",
    ] {
        out.push(key("history", h));
    }
    for l in ["ending_soon", "overstaying", "in_process"] {
        out.push(key("list", l));
    }
    for r in crate::domain::report::ReportKind::ALL {
        out.push(key("report", r.as_str()));
    }
    out
}

#[test]
fn every_built_message_id_exists_in_both_languages() {
    for lang in Lang::ALL {
        for id in ids() {
            assert!(lang.has(&id), "{id} is missing in {}", lang.code());
        }
    }
}

/// Every message id a stay template names exists in both languages.
#[test]
fn every_template_message_exists_in_both_languages() {
    let templates = [
        include_str!("../../templates/stay_app_rows.html"),
        include_str!("../../templates/stay_case.html"),
        include_str!("../../templates/stay_layout.html"),
        include_str!("../../templates/stay_pager.html"),
        include_str!("../../templates/stay_permit.html"),
        include_str!("../../templates/stay_permit_rows.html"),
        include_str!("../../templates/stay_permits.html"),
        include_str!("../../templates/stay_queue.html"),
        include_str!("../../templates/stay_start.html"),
    ];
    for text in templates {
        for part in text.split("page.t").skip(1) {
            let Some(id) = part.split('"').nth(1) else {
                continue;
            };
            if !id.starts_with("stay-") {
                continue;
            }
            let args = [
                ("number", "x"),
                ("office", "x"),
                ("days", "1"),
                ("position", "x"),
                ("fee", "x"),
            ];
            for lang in Lang::ALL {
                let text = lang.t_args(id, &args);
                assert!(
                    !text.contains("Unknown localization") && text != id,
                    "{id} is missing in {}",
                    lang.code()
                );
            }
        }
    }
}
