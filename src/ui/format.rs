//! How dates, times and people are written on screen. Dates spell the month ("Mar 2, 1980"), so
//! 03/02 can never be read as February 3rd; times are local.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::clinical::patient::Demographics;
use crate::clinical::time::{Clock, to_local};

pub fn date(day: NaiveDate) -> String {
    day.format("%b %-d, %Y").to_string()
}

/// "14:32" today, "Nov 25 14:32" on another day this year, "Nov 25, 2025 14:32" before.
pub fn time(at: DateTime<Utc>, clock: Clock) -> String {
    let local = to_local(at);
    if local.date_naive() == clock.today() {
        local.format("%H:%M").to_string()
    } else {
        day_and_time(at, clock)
    }
}

/// "Nov 25 14:32" this year, "Nov 25, 2025 14:32" in another: the date written as `date` writes
/// it, the year left out only when it is this one.
fn day_and_time(at: DateTime<Utc>, clock: Clock) -> String {
    let local = to_local(at);
    if local.date_naive().year() == clock.today().year() {
        local.format("%b %-d %H:%M").to_string()
    } else {
        local.format("%b %-d, %Y %H:%M").to_string()
    }
}

/// "today 14:32", "Nov 28 14:32", or with the year when it is not this year: for windows and
/// deadlines, where a bare time could be read as the wrong day.
pub fn time_with_day(at: DateTime<Utc>, clock: Clock) -> String {
    let local = to_local(at);
    if local.date_naive() == clock.today() {
        local.format("today %H:%M").to_string()
    } else {
        day_and_time(at, clock)
    }
}

/// "Mar 2, 1980 (46 y)".
pub fn birth_date_and_age(demographics: &Demographics, clock: Clock) -> String {
    match demographics.age_on(clock.today()) {
        Some(age) => format!("{} ({age})", date(demographics.birth_date)),
        None => date(demographics.birth_date),
    }
}

/// "Nov 25, 2026 14:32:05": a moment in a log, always with its year and seconds.
pub fn moment(at: DateTime<Utc>) -> String {
    to_local(at).format("%b %-d, %Y %H:%M:%S").to_string()
}
