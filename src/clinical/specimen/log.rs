//! The clinic-wide specimen log: every specimen with where it stands, filtered by status, lab
//! and collection day, with those sent and still without a result after their tests' usual
//! turnaround marked overdue. The store finds the rows by an index; `matches` is the rule.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clinical::ids::{PatientId, RecordId};
use crate::clinical::specimen::status::SpecimenState;
use crate::clinical::specimen::{Specimen, SpecimenStatus};
use crate::clinical::time::local_day_bounds;

/// Who a specimen is from, as the log and the manifest name them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogPatient {
    pub id: PatientId,
    /// "DOE, Jane".
    pub name: String,
    pub birth_date: NaiveDate,
    pub mrn: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The current version of the specimen record.
    pub record: RecordId,
    pub patient: LogPatient,
    pub specimen: Specimen,
    pub standing: SpecimenState,
    pub overdue_days: u16,
}

impl LogEntry {
    pub fn new(
        record: RecordId,
        patient: LogPatient,
        specimen: Specimen,
        standing: SpecimenState,
        overdue_days: u16,
    ) -> Self {
        Self {
            record,
            patient,
            specimen,
            standing,
            overdue_days,
        }
    }

    /// Whole days past due: sent (or received) and no result after its turnaround.
    pub fn days_overdue(&self, now: DateTime<Utc>) -> Option<i64> {
        if !matches!(
            self.standing.status,
            SpecimenStatus::Sent | SpecimenStatus::Received
        ) {
            return None;
        }
        days_overdue(self.standing.sent_at?, self.overdue_days, now)
    }
}

/// Whole days past due for a specimen sent at `sent` whose result takes `overdue_days`.
pub fn days_overdue(sent: DateTime<Utc>, overdue_days: u16, now: DateTime<Utc>) -> Option<i64> {
    let late = (now - sent).num_days() - i64::from(overdue_days);
    (late >= 0).then_some(late)
}

/// What the log shows: the rows asked for, and how many specimens in the whole log are overdue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub overdue: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Not yet resulted, rejected or cancelled.
    #[default]
    Open,
    Overdue,
    Is(SpecimenStatus),
    All,
}

impl StatusFilter {
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Overdue => "Overdue",
            Self::Is(status) => status.label(),
            Self::All => "All",
        }
    }

    /// Every choice, in the order the filter offers them.
    pub fn choices() -> Vec<Self> {
        let mut all = vec![Self::Open, Self::Overdue];
        all.extend(SpecimenStatus::ALL.iter().map(|s| Self::Is(*s)));
        all.push(Self::All);
        all
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub status: StatusFilter,
    /// A lab's name, matched without regard to case.
    pub lab: Option<String>,
    /// Collected on or after this day.
    pub from: Option<NaiveDate>,
    /// Collected on or before this day.
    pub to: Option<NaiveDate>,
}

/// The filter's days as the instants that bound them, worked out once per filtering rather than
/// converting every specimen's time to a local day.
struct Window {
    from: Option<DateTime<Utc>>,
    before: Option<DateTime<Utc>>,
}

impl LogFilter {
    fn window(&self) -> Window {
        Window {
            from: self.from.map(|d| local_day_bounds(d).0),
            before: self.to.map(|d| local_day_bounds(d).1),
        }
    }

    pub fn matches(&self, entry: &LogEntry, now: DateTime<Utc>) -> bool {
        self.matches_in(entry, now, &self.window())
    }

    fn matches_in(&self, entry: &LogEntry, now: DateTime<Utc>, window: &Window) -> bool {
        let status = match self.status {
            StatusFilter::Open => !entry.standing.status.is_final(),
            StatusFilter::Overdue => entry.days_overdue(now).is_some(),
            StatusFilter::Is(s) => entry.standing.status == s,
            StatusFilter::All => true,
        };
        status
            && self
                .lab
                .as_deref()
                .is_none_or(|lab| entry.specimen.collection.lab.eq_ignore_ascii_case(lab))
            && window
                .from
                .is_none_or(|from| entry.specimen.collection.collected_at >= from)
            && window
                .before
                .is_none_or(|before| entry.specimen.collection.collected_at < before)
    }
}
