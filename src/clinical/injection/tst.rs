//! The tuberculin skin test reading: induration in whole millimetres, read 48 to 72 hours after
//! placement (outside that window the test must be repeated), positive or negative by the
//! patient's risk group. The window and cut-offs come from `assets/tuberculin.toml`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::ids::RecordId;
use crate::clinical::time::{format_local_date_time, parse_local_date_time};

coded_enum!(
    /// The risk groups of the interpretation cut-offs.
    RiskGroup {
        High => "high", "High risk (5 mm)";
        Moderate => "moderate", "Moderate risk (10 mm)";
        NoRiskFactor => "none", "No risk factor (15 mm)";
    }
);

coded_enum!(
    TstResult {
        Positive => "positive", "Positive";
        Negative => "negative", "Negative";
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskGroupRule {
    pub id: RiskGroup,
    pub cutoff_mm: u8,
    /// Who belongs to it, in words for the form.
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TstRules {
    pub read_from_hours: u32,
    pub read_until_hours: u32,
    pub induration_max_mm: u8,
    pub risk_group: Vec<RiskGroupRule>,
}

impl TstRules {
    /// What start-up refuses: a window that is not a window, a risk group missing or twice,
    /// cut-offs out of order.
    pub fn check(&self) -> Result<(), String> {
        if self.read_from_hours >= self.read_until_hours {
            return Err("the reading window ends before it opens".into());
        }
        for group in RiskGroup::ALL {
            let n = self.risk_group.iter().filter(|r| r.id == *group).count();
            if n != 1 {
                return Err(format!("the risk group {} appears {n} times", group.code()));
            }
        }
        if self
            .risk_group
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.cutoff_mm >= b.cutoff_mm))
        {
            return Err("risk groups go from the lowest cut-off up".into());
        }
        if self
            .risk_group
            .iter()
            .any(|r| r.cutoff_mm == 0 || r.cutoff_mm > self.induration_max_mm)
        {
            return Err("a cut-off is outside the readable induration".into());
        }
        Ok(())
    }

    pub fn cutoff(&self, group: RiskGroup) -> Option<u8> {
        self.risk_group
            .iter()
            .find(|r| r.id == group)
            .map(|r| r.cutoff_mm)
    }

    /// When a placement may be read: `[opens, closes]`, both ends included.
    pub fn window(&self, placed_at: DateTime<Utc>) -> ReadingWindow {
        ReadingWindow {
            opens: placed_at + Duration::hours(i64::from(self.read_from_hours)),
            closes: placed_at + Duration::hours(i64::from(self.read_until_hours)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadingWindow {
    pub opens: DateTime<Utc>,
    pub closes: DateTime<Utc>,
}

/// Where a placement stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowState {
    NotYet,
    Open,
    /// Missed: the test must be repeated.
    Closed,
}

impl ReadingWindow {
    pub fn state(&self, at: DateTime<Utc>) -> WindowState {
        if at < self.opens {
            WindowState::NotYet
        } else if at <= self.closes {
            WindowState::Open
        } else {
            WindowState::Closed
        }
    }
}

/// A reading, linked to its placement (an administration of a tuberculin product).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TstReading {
    pub placement: RecordId,
    pub read_at: DateTime<Utc>,
    pub induration_mm: u8,
    pub risk_group: RiskGroup,
    /// The cut-off applied, kept with the result so a later change of the rules cannot
    /// reinterpret it.
    pub cutoff_mm: u8,
    pub result: TstResult,
}

pub fn interpret(induration_mm: u8, cutoff_mm: u8) -> TstResult {
    if induration_mm >= cutoff_mm {
        TstResult::Positive
    } else {
        TstResult::Negative
    }
}

/// The reading form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TstReadingDraft {
    pub induration: String,
    pub risk_group: Option<RiskGroup>,
    pub read_at: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TstField {
    Induration,
    RiskGroup,
    ReadAt,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TstError {
    #[error(
        "type the induration (the firm swelling, not the redness) in whole millimetres; 0 if none"
    )]
    IndurationMissing,
    #[error("whole millimetres only, from 0 to {0}")]
    IndurationUnreadable(u8),
    #[error("more than {0} mm is not a readable induration: measure again")]
    IndurationTooLarge(u8),
    #[error("choose the patient's risk group: it sets the cut-off")]
    RiskGroupMissing,
    #[error("type when it was read, e.g. 14:30 or 2026-11-26 14:30")]
    ReadAtUnreadable,
    #[error("the reading time is in the future")]
    ReadAtFuture,
    #[error("too early: the window opens {0} (48 h after placement)")]
    TooEarly(String),
    #[error("too late: the window closed {0} (72 h after placement). The test must be repeated")]
    TooLate(String),
}

impl TstReadingDraft {
    pub fn check(
        &self,
        placement: RecordId,
        placed_at: DateTime<Utc>,
        rules: &TstRules,
        now: DateTime<FixedOffset>,
    ) -> Result<TstReading, BTreeMap<TstField, TstError>> {
        let mut errors = BTreeMap::new();
        let max = rules.induration_max_mm;
        let induration = match self.induration.trim().trim_end_matches("mm").trim() {
            "" => Err(TstError::IndurationMissing),
            text => match text.parse::<u16>() {
                Ok(mm) => u8::try_from(mm)
                    .ok()
                    .filter(|mm| *mm <= max)
                    .ok_or(TstError::IndurationTooLarge(max)),
                Err(_) => Err(TstError::IndurationUnreadable(max)),
            },
        };
        let induration = induration
            .map_err(|e| errors.insert(TstField::Induration, e))
            .ok();
        let cutoff = self
            .risk_group
            .and_then(|g| rules.cutoff(g).map(|c| (g, c)));
        if cutoff.is_none() {
            errors.insert(TstField::RiskGroup, TstError::RiskGroupMissing);
        }
        let read_at = match parse_local_date_time(&self.read_at, now) {
            None => Err(TstError::ReadAtUnreadable),
            Some(at) if at > now.with_timezone(&Utc) => Err(TstError::ReadAtFuture),
            Some(at) => {
                let window = rules.window(placed_at);
                match window.state(at) {
                    WindowState::NotYet => {
                        Err(TstError::TooEarly(format_local_date_time(window.opens)))
                    }
                    WindowState::Closed => {
                        Err(TstError::TooLate(format_local_date_time(window.closes)))
                    }
                    WindowState::Open => Ok(at),
                }
            }
        };
        let read_at = read_at.map_err(|e| errors.insert(TstField::ReadAt, e)).ok();
        match (induration, cutoff, read_at) {
            (Some(induration_mm), Some((risk_group, cutoff_mm)), Some(read_at))
                if errors.is_empty() =>
            {
                Ok(TstReading {
                    placement,
                    read_at,
                    induration_mm,
                    risk_group,
                    cutoff_mm,
                    result: interpret(induration_mm, cutoff_mm),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::injection::InjectionCatalog;

    fn rules() -> TstRules {
        InjectionCatalog::built_in().unwrap().tst
    }

    fn placed() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn read(after: Duration, mm: &str) -> Result<TstReading, BTreeMap<TstField, TstError>> {
        let at = placed() + after;
        let draft = TstReadingDraft {
            induration: mm.into(),
            risk_group: Some(RiskGroup::Moderate),
            read_at: format_local_date_time(at),
        };
        draft.check(
            RecordId::new(),
            placed(),
            &rules(),
            crate::clinical::time::to_local(at),
        )
    }

    fn minutes(m: i64) -> Duration {
        Duration::minutes(m)
    }

    #[test]
    fn the_window_is_48_to_72_hours_both_ends_included() {
        let early = read(minutes(47 * 60 + 59), "0").unwrap_err();
        assert!(matches!(
            early.get(&TstField::ReadAt),
            Some(TstError::TooEarly(_))
        ));
        assert!(read(minutes(48 * 60), "0").is_ok());
        assert!(read(minutes(72 * 60), "0").is_ok());
        let late = read(minutes(72 * 60 + 1), "0").unwrap_err();
        let message = late.get(&TstField::ReadAt).unwrap().to_string();
        assert!(message.contains("must be repeated"), "{message}");
    }

    #[test]
    fn cut_offs_by_risk_group() {
        let rules = rules();
        let cut = |g| rules.cutoff(g).unwrap();
        assert_eq!(cut(RiskGroup::High), 5);
        assert_eq!(cut(RiskGroup::Moderate), 10);
        assert_eq!(cut(RiskGroup::NoRiskFactor), 15);
        assert_eq!(interpret(4, 5), TstResult::Negative);
        assert_eq!(interpret(5, 5), TstResult::Positive);
        assert_eq!(interpret(9, 10), TstResult::Negative);
        assert_eq!(interpret(10, 10), TstResult::Positive);
        assert_eq!(interpret(14, 15), TstResult::Negative);
        assert_eq!(interpret(15, 15), TstResult::Positive);
        let reading = read(minutes(50 * 60), "12 mm").unwrap();
        assert_eq!((reading.induration_mm, reading.cutoff_mm), (12, 10));
        assert_eq!(reading.result, TstResult::Positive);
    }

    #[test]
    fn induration_is_whole_millimetres_within_reason() {
        let field = |mm: &str| {
            read(minutes(50 * 60), mm)
                .err()
                .and_then(|e| e.get(&TstField::Induration).cloned())
        };
        assert_eq!(field("0"), None);
        assert_eq!(field("50"), None);
        assert_eq!(field(""), Some(TstError::IndurationMissing));
        assert_eq!(field("51"), Some(TstError::IndurationTooLarge(50)));
        assert_eq!(field("7.5"), Some(TstError::IndurationUnreadable(50)));
        assert_eq!(field("-3"), Some(TstError::IndurationUnreadable(50)));
        assert_eq!(field("red"), Some(TstError::IndurationUnreadable(50)));
    }
}
