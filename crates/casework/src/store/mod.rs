//! The casework tables: cases, the one writer of their status, and the
//! timeline.

mod cases;
mod timeline;

pub use cases::{
    Case, NewCase, QueueFilter, Step, StepError, create, find_by_id, find_by_register,
    list_for_office, list_for_party, move_office, named_applicant_email, set_sponsor, transition,
};
pub use timeline::{TimelineEntry, timeline};
