//! The egui views: one module per screen or form, plus shared widgets. Views draw what they are
//! given and return what the user asked for as an `Intent`; they never touch the store.

pub mod banner;
pub mod follow_up;
pub mod format;
pub mod home;
pub mod intent;
pub mod lots;
pub mod patient;
pub mod record_list;
pub mod register;
pub mod section_mark;
pub mod setup;
pub mod sign_in;
pub mod specimen_log;
pub mod startup_error;
pub mod tab;
pub mod tabs;
pub mod theme;
pub mod widgets;

use crate::clinical::reference::Reference;
use crate::clinical::staff::{Clinic, Staff};
use crate::clinical::time::Clock;

pub use intent::Intent;

/// What every view may read: the clock, the reference table, who is charting and where.
#[derive(Clone, Copy)]
pub struct ViewContext<'a> {
    pub clock: Clock,
    pub reference: &'a Reference,
    pub staff: &'a Staff,
    pub clinic: &'a Clinic,
}
