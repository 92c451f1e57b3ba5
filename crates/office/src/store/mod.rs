//! SQL of the office floor: kiosk devices, floor settings, queue tickets,
//! counters and the call state, live positions and the screens' reads. No
//! HTTP types, no transactions opened here: the functions that write take
//! the caller's transaction (the use cases in [`crate::app`] own it), the
//! ones that read take any connection.
//!
//! The tables were created by passport's migrations (`passport_0002`,
//! `passport_0003`) and keep their names. The office code passed in is the
//! canonical (upper-case) code of an existing office.

pub mod counters;
pub mod devices;
pub mod queue;
pub mod screens;
pub mod settings;
pub mod tickets;

pub use counters::{CounterState, counter_state, counters, open_counter_count};
pub use devices::{Device, authenticate_device, device, device_key_hash, list_devices};
pub use queue::{Board, BoardCall, Position, board, position, ticket_position};
pub use settings::floor_settings;
pub use tickets::{
    Ticket, find_ticket, people_ahead, ticket_by_id, ticket_for_appointment, tickets_of_day,
    waiting_count,
};
