//! The LMS method (Cole and Green 1992) that WHO and CDC publish their growth references in: a
//! measurement's z-score from the Box-Cox power L, median M and coefficient of variation S at
//! an age (or length), the measurement at a z-score, and the percentile of a z-score.

/// The LMS parameters at one age or length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lms {
    pub l: f64,
    pub m: f64,
    pub s: f64,
}

/// Below this |L| the Box-Cox power is taken as zero (the log form), as CDC's programs do.
const L_ZERO: f64 = 1e-9;

impl Lms {
    /// The z-score of `x` (CDC's formula; WHO's within ±3 SD).
    pub fn z(&self, x: f64) -> f64 {
        if self.l.abs() < L_ZERO {
            (x / self.m).ln() / self.s
        } else {
            ((x / self.m).powf(self.l) - 1.0) / (self.l * self.s)
        }
    }

    /// The measurement at z-score `z`; `None` where the power has no real value (far tails of a
    /// skewed table).
    pub fn value(&self, z: f64) -> Option<f64> {
        let v = if self.l.abs() < L_ZERO {
            self.m * (self.s * z).exp()
        } else {
            let base = 1.0 + self.l * self.s * z;
            if base <= 0.0 {
                return None;
            }
            self.m * base.powf(1.0 / self.l)
        };
        v.is_finite().then_some(v)
    }

    /// WHO's z-score with its restricted application of the LMS beyond ±3 SD: past the 3rd SD
    /// line the distance between the 2nd and 3rd SD lines is taken as one SD, so a skewed table
    /// does not stretch the tail (WHO Child Growth Standards, 2006, chapter 7).
    pub fn who_z(&self, x: f64) -> f64 {
        let z = self.z(x);
        let line = |z| self.value(z).unwrap_or(f64::NAN);
        if z > 3.0 {
            let sd3 = line(3.0);
            3.0 + (x - sd3) / (sd3 - line(2.0))
        } else if z < -3.0 {
            let sd3 = line(-3.0);
            -3.0 + (x - sd3) / (line(-2.0) - sd3)
        } else {
            z
        }
    }

    /// Linear interpolation between two rows, `t` of the way from `self` to `next`.
    #[must_use]
    pub fn toward(&self, next: &Self, t: f64) -> Self {
        let mix = |a: f64, b: f64| a + (b - a) * t;
        Self {
            l: mix(self.l, next.l),
            m: mix(self.m, next.m),
            s: mix(self.s, next.s),
        }
    }
}

/// The percentile (0-100) of a z-score: the standard normal distribution below it.
pub fn percentile(z: f64) -> f64 {
    50.0 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The z-score of a percentile (0-100, exclusive), by bisection on `percentile`: used to draw the
/// percentile curves and in tests, never per measurement.
pub fn z_of_percentile(p: f64) -> f64 {
    let (mut lo, mut hi) = (-10.0_f64, 10.0_f64);
    for _ in 0..200 {
        let mid = f64::midpoint(lo, hi);
        if percentile(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    f64::midpoint(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_normal_distribution_at_known_points() {
        assert!((percentile(0.0) - 50.0).abs() < 1e-12);
        assert!((percentile(1.959_964) - 97.5).abs() < 1e-4);
        assert!((percentile(-1.880_794) - 3.0).abs() < 1e-4);
        assert!((z_of_percentile(97.0) - 1.880_794).abs() < 1e-5);
        assert!((z_of_percentile(50.0)).abs() < 1e-9);
    }

    proptest! {
        /// The value at a z-score reads back as that z-score, whatever the skew.
        #[test]
        fn value_and_z_are_inverse(
            l in -2.5f64..2.5, m in 1.0f64..120.0, s in 0.02f64..0.2, z in -2.9f64..2.9
        ) {
            let lms = Lms { l, m, s };
            if let Some(x) = lms.value(z) {
                prop_assert!((lms.z(x) - z).abs() < 1e-6);
                prop_assert!((lms.who_z(x) - z).abs() < 1e-6);
            }
        }
    }
}
