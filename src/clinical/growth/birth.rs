//! What the chart knows of a child's birth that growth needs: the gestational age, so a baby
//! born before 37 weeks is read at corrected age until 24 months. Typed as "32+3" or "32w 3d".

use serde::{Deserialize, Serialize};

use crate::clinical::growth::measure::GestationalAge;

/// A chart record (not tied to a visit): corrected by a new version, like the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthHistory {
    pub gestation: GestationalAge,
}

/// The weeks a live birth is charted between.
const WEEKS: std::ops::RangeInclusive<u32> = 22..=44;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GestationError {
    #[error("type the weeks and days, e.g. 32+3 or 39")]
    Unreadable,
    #[error("{0} weeks is not a gestational age at birth (22 to 44 weeks)")]
    Weeks(u32),
    #[error("days after the weeks are 0 to 6")]
    Days,
}

impl GestationalAge {
    /// "32+3", "32 + 3", "32w 3d", "32w3d" or "39".
    pub fn parse(text: &str) -> Result<Self, GestationError> {
        let cleaned: String = text
            .to_ascii_lowercase()
            .replace("weeks", "w")
            .replace("days", "d")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let cleaned = cleaned.trim_end_matches('d');
        let (weeks, days) = match cleaned.split_once(['+', 'w']) {
            Some((w, d)) => (w, d.trim_start_matches('+')),
            None => (cleaned, ""),
        };
        let weeks: u32 = weeks.parse().map_err(|_| GestationError::Unreadable)?;
        let days: u32 = if days.is_empty() {
            0
        } else {
            days.parse().map_err(|_| GestationError::Unreadable)?
        };
        if !WEEKS.contains(&weeks) {
            return Err(GestationError::Weeks(weeks));
        }
        if days > 6 {
            return Err(GestationError::Days);
        }
        Ok(Self { weeks, days })
    }
}

impl std::fmt::Display for GestationalAge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} weeks {} days", self.weeks, self.days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gestational_age_as_typed() {
        let ga = |w, d| Ok(GestationalAge { weeks: w, days: d });
        assert_eq!(GestationalAge::parse("32+3"), ga(32, 3));
        assert_eq!(GestationalAge::parse(" 32 + 3 "), ga(32, 3));
        assert_eq!(GestationalAge::parse("32w 3d"), ga(32, 3));
        assert_eq!(GestationalAge::parse("39"), ga(39, 0));
        assert_eq!(GestationalAge::parse("39w"), ga(39, 0));
        assert_eq!(
            GestationalAge::parse("20+1"),
            Err(GestationError::Weeks(20))
        );
        assert_eq!(GestationalAge::parse("32+7"), Err(GestationError::Days));
        assert_eq!(
            GestationalAge::parse("early"),
            Err(GestationError::Unreadable)
        );
        assert_eq!(ga(32, 3).unwrap().to_string(), "32 weeks 3 days");
    }
}
