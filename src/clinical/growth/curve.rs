//! One growth reference table for one sex: LMS rows by age (days or months) or by length,
//! interpolated linearly between rows, as CDC's and WHO's own programs do.

use crate::clinical::growth::lms::Lms;

#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// By `x`, strictly increasing (checked when read).
    rows: Vec<(f64, Lms)>,
}

impl Curve {
    /// Rows in increasing `x`; `None` when they are not (a table read out of order is a table
    /// read wrong).
    pub fn new(rows: Vec<(f64, Lms)>) -> Option<Self> {
        let increasing = rows.windows(2).all(|w| match w {
            [a, b] => a.0 < b.0,
            _ => true,
        });
        (increasing && !rows.is_empty()).then_some(Self { rows })
    }

    /// The first and last `x` the table covers.
    pub fn range(&self) -> (f64, f64) {
        let first = self.rows.first().map_or(f64::NAN, |r| r.0);
        let last = self.rows.last().map_or(f64::NAN, |r| r.0);
        (first, last)
    }

    /// The LMS at `x`, interpolated; `None` outside the table.
    pub fn at(&self, x: f64) -> Option<Lms> {
        let (first, last) = self.range();
        if !(first..=last).contains(&x) {
            return None;
        }
        let after = self.rows.partition_point(|r| r.0 <= x);
        let (x0, a) = self.rows.get(after.checked_sub(1)?)?;
        match self.rows.get(after) {
            Some((x1, b)) if x > *x0 => Some(a.toward(b, (x - x0) / (x1 - x0))),
            _ => Some(*a),
        }
    }

    pub fn rows(&self) -> &[(f64, Lms)] {
        &self.rows
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn lms(m: f64) -> Lms {
        Lms { l: 1.0, m, s: 0.1 }
    }

    #[test]
    fn rows_are_interpolated_and_the_ends_are_kept() {
        let curve = Curve::new(vec![(0.0, lms(10.0)), (2.0, lms(14.0))]).unwrap();
        assert!((curve.at(0.0).unwrap().m - 10.0).abs() < 1e-12);
        assert!((curve.at(2.0).unwrap().m - 14.0).abs() < 1e-12);
        assert!((curve.at(0.5).unwrap().m - 11.0).abs() < 1e-12);
        assert_eq!(curve.at(2.1), None);
        assert_eq!(curve.at(-0.1), None);
        assert!(Curve::new(vec![(1.0, lms(1.0)), (1.0, lms(2.0))]).is_none());
    }
}
