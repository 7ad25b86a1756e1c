//! A specimen's volume as the MA types it ("4", "30 mL", "0.5 ml"), kept exactly in tenths of a
//! millilitre.

use serde::{Deserialize, Serialize};

use crate::clinical::specimen::SpecimenError;

/// A volume in tenths of a millilitre, so 0.5 mL swabs and 30 mL urine are both exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Volume {
    tenths_ml: u32,
}

impl Volume {
    const MAX_TENTHS: u32 = 5_000;

    /// Reads "4", "4 mL", "0.5 ml"; at most one decimal place, 0.1 to 500 mL.
    pub fn parse(text: &str) -> Result<Self, SpecimenError> {
        let lowered = text.trim().to_lowercase();
        let number = lowered.strip_suffix("ml").unwrap_or(&lowered).trim();
        let (whole, tenth) = match number.split_once('.') {
            Some((w, t)) if t.len() == 1 => (w, t),
            Some(_) => return Err(SpecimenError::Volume),
            None => (number, "0"),
        };
        let whole: u32 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| SpecimenError::Volume)?
        };
        let tenth: u32 = tenth.parse().map_err(|_| SpecimenError::Volume)?;
        let tenths_ml = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(tenth))
            .ok_or(SpecimenError::Volume)?;
        if tenths_ml == 0 || tenths_ml > Self::MAX_TENTHS {
            return Err(SpecimenError::Volume);
        }
        Ok(Self { tenths_ml })
    }
}

impl std::fmt::Display for Volume {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tenths_ml % 10 {
            0 => write!(f, "{} mL", self.tenths_ml / 10),
            t => write!(f, "{}.{t} mL", self.tenths_ml / 10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn volumes_read_back_as_printed(tenths in 1u32..=5_000) {
            let volume = Volume { tenths_ml: tenths };
            prop_assert_eq!(Volume::parse(&volume.to_string()), Ok(volume));
        }
    }

    #[test]
    fn volumes_out_of_range_or_too_precise_are_refused() {
        for text in ["0", "0.05", "501", "-1", "4.25", "lots"] {
            assert_eq!(Volume::parse(text), Err(SpecimenError::Volume), "{text}");
        }
        assert_eq!(Volume::parse(".5").unwrap().to_string(), "0.5 mL");
    }
}
