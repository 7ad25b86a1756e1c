//! Time fields that follow the clock until the MA types in them, so "collected at" is the
//! minute of the act, not the minute the form was opened. A restored or corrected form keeps
//! the time it had.

use chrono::{DateTime, Utc};
use egui::{Response, Ui};

use crate::clinical::time::format_local_date_time;

/// Whether a form's time field still follows the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeField {
    FollowsClock,
    Typed,
}

impl TimeField {
    /// While following, sets `text` to now and wakes the window at the next minute so the
    /// field is true on screen even when idle. Returns whether the text changed.
    pub fn keep(self, ui: &Ui, text: &mut String, now: DateTime<Utc>) -> bool {
        if self != Self::FollowsClock {
            return false;
        }
        let seconds_left = 60 - now.timestamp().rem_euclid(60);
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(seconds_left.unsigned_abs()));
        let shown = format_local_date_time(now);
        if *text == shown {
            return false;
        }
        *text = shown;
        true
    }

    /// Typing in the field stops the following.
    pub fn after(&mut self, field: &Response) {
        if field.changed() {
            *self = Self::Typed;
        }
    }
}
