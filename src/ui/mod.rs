//! The egui views: one module per screen or form, plus shared widgets. Views draw what they are
//! given and return what the user asked for as an `Intent`; they never touch the store.

pub mod accounts;
pub mod audit_viewer;
pub mod banner;
pub mod convert;
pub mod follow_up;
pub mod format;
pub mod home;
pub mod intent;
pub mod lock;
pub mod lots;
pub mod my_account;
pub mod patient;
pub mod record_list;
pub mod recovery;
pub mod register;
pub mod section_mark;
pub mod settings;
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
