//! Points in time as the chart uses them: stored in UTC, shown and typed in local time.
//! The clock is passed in, never read inside a rule, so rules are testable at any instant.

use chrono::{
    DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

/// Where "now" comes from: the system clock, or a fixed instant for tests and demos.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(at) => at,
        }
    }

    /// Now, in the workstation's local time zone.
    pub fn now_local(self) -> DateTime<FixedOffset> {
        to_local(self.now())
    }

    pub fn today(self) -> NaiveDate {
        self.now_local().date_naive()
    }
}

/// An instant in the workstation's local time zone.
pub fn to_local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&Local).fixed_offset()
}

/// The UTC instants that bound a local calendar day: `[start, end)`.
pub fn local_day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_midnight(day);
    let end = day
        .succ_opt()
        .map_or(start + chrono::Days::new(1), local_midnight);
    (start, end)
}

fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    let naive = day.and_time(NaiveTime::MIN);
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// Reads a time of day typed at the workstation: "14:32", "2:32 pm", "2026-11-26 14:32"
/// or "11/26/2026 14:32". A bare time is on the local date of `now`.
pub fn parse_local_date_time(text: &str, now: DateTime<FixedOffset>) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let offset = *now.offset();
    let naive = parse_naive_date_time(text, now.date_naive())?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn parse_naive_date_time(text: &str, today: NaiveDate) -> Option<NaiveDateTime> {
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%m/%d/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    let lower = text.to_ascii_lowercase();
    for format in ["%H:%M", "%I:%M %p", "%I:%M%p", "%H%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(&lower, format) {
            return Some(today.and_time(t));
        }
    }
    None
}

/// Formats an instant for a form field, in the form `parse_local_date_time` reads back.
pub fn format_local_date_time(at: DateTime<Utc>) -> String {
    to_local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// Reads a date in the forms staff type: 1980-03-02, 03/02/1980, 3/2/1980, 03-02-1980, 19800302.
/// Slashed dates are month/day/year, as on US forms.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    for format in ["%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%Y%m%d", "%m.%d.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            // chrono reads "80" as the year 80 for %Y; a two-digit year is refused, not guessed.
            if d.year() >= 1000 {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_the_usual_forms() {
        for text in [
            "1980-03-02",
            "03/02/1980",
            "3/2/1980",
            "03-02-1980",
            "19800302",
        ] {
            assert_eq!(parse_date(text), Some(d(1980, 3, 2)), "{text}");
        }
        for text in ["", "1980", "3/2/80", "03/02/80", "13/13/1980", "smith"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn bare_time_is_today() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T15:00:00-05:00").unwrap();
        let at = parse_local_date_time("14:32", now).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-26T19:32:00+00:00");
        let at = parse_local_date_time("2:32 pm", now).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-26T19:32:00+00:00");
        let at = parse_local_date_time("2026-11-25 08:05", now).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-25T13:05:00+00:00");
        assert!(parse_local_date_time("soon", now).is_none());
    }
}
