//! What a pediatric visit flags in a measurement: below the 3rd or above the 97th percentile, a
//! BMI at or above the 95th, or a fall across two major percentile lines since the last
//! measurement of the same kind. The thresholds are `growth.toml`'s.

use chrono::NaiveDate;

use crate::clinical::growth::measure::{GrowthPoint, Measure, ordinal};
use crate::clinical::growth::reference::Flags;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Low,
    High,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GrowthFlag {
    pub direction: Direction,
    /// In words, with the numbers: "below the 3rd percentile (1st, z −2.4)".
    pub reason: String,
}

/// The flags for `point`; `previous` is the last measurement of the same kind, with its date.
pub fn growth_flags(
    rules: &Flags,
    point: &GrowthPoint,
    previous: Option<(NaiveDate, &GrowthPoint)>,
) -> Vec<GrowthFlag> {
    let mut flags = Vec::new();
    let p = point.percentile;
    let here = format!("{}, z {:+.1}", ordinal(p), point.z);
    if p < rules.low_below {
        flags.push(GrowthFlag {
            direction: Direction::Low,
            reason: format!("below the {} percentile ({here})", ordinal(rules.low_below)),
        });
    } else if point.measure == Measure::Bmi && p >= rules.bmi_high_from {
        let extended = point.extended_bmi.map_or_else(String::new, |e| {
            format!(
                "; {:.0}% of the 95th, extended percentile {:.1}",
                e.percent_of_95th, e.percentile
            )
        });
        flags.push(GrowthFlag {
            direction: Direction::High,
            reason: format!(
                "BMI at or above the {} percentile: obesity ({here}{extended})",
                ordinal(rules.bmi_high_from)
            ),
        });
    } else if p > rules.high_above {
        flags.push(GrowthFlag {
            direction: Direction::High,
            reason: format!(
                "above the {} percentile ({here})",
                ordinal(rules.high_above)
            ),
        });
    }
    if let Some((since, before)) = previous
        && point.measure != Measure::Bmi
    {
        let crossed = rules
            .major_lines
            .iter()
            .filter(|line| p < **line && before.percentile >= **line)
            .count();
        if crossed >= rules.lines_to_flag {
            flags.push(GrowthFlag {
                direction: Direction::Low,
                reason: format!(
                    "down across {crossed} major percentile lines since {} ({} to {})",
                    since.format("%b %-d, %Y"),
                    ordinal(before.percentile),
                    ordinal(p)
                ),
            });
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::clinical::growth::measure::GrowthAge;
    use crate::clinical::growth::reference::{GrowthReference, Table};

    fn point(measure: Measure, percentile: f64) -> GrowthPoint {
        GrowthPoint {
            measure,
            table: Table::WhoWeightForAge,
            z: crate::clinical::growth::lms::z_of_percentile(percentile),
            percentile,
            age: GrowthAge {
                days: 100.0,
                months: 3.3,
                corrected: false,
            },
            extended_bmi: None,
        }
    }

    fn rules() -> Flags {
        GrowthReference::built_in().unwrap().rules.flags
    }

    #[test]
    fn below_the_3rd_and_above_the_97th_are_flagged() {
        let low = growth_flags(&rules(), &point(Measure::Weight, 2.0), None);
        assert_eq!(low[0].direction, Direction::Low);
        assert_eq!(low[0].reason, "below the 3rd percentile (2nd, z -2.1)");
        let high = growth_flags(&rules(), &point(Measure::Length, 98.0), None);
        assert_eq!(high[0].reason, "above the 97th percentile (98th, z +2.1)");
        assert!(growth_flags(&rules(), &point(Measure::Weight, 50.0), None).is_empty());
    }

    #[test]
    fn a_bmi_from_the_95th_is_obesity() {
        let flags = growth_flags(&rules(), &point(Measure::Bmi, 95.5), None);
        assert_eq!(flags[0].direction, Direction::High);
        assert!(
            flags[0]
                .reason
                .starts_with("BMI at or above the 95th percentile: obesity")
        );
    }

    #[test]
    fn falling_across_two_major_lines_is_flagged_one_is_not() {
        let on = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        let before = point(Measure::Weight, 60.0);
        let one = growth_flags(&rules(), &point(Measure::Weight, 40.0), Some((on, &before)));
        assert!(one.is_empty(), "{one:?}");
        let two = growth_flags(&rules(), &point(Measure::Weight, 20.0), Some((on, &before)));
        assert_eq!(
            two[0].reason,
            "down across 2 major percentile lines since Aug 1, 2026 (60th to 20th)"
        );
    }
}
