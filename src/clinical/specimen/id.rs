//! Specimen IDs: six characters of Crockford's base 32 (no I, L, O or U, so nothing reads as 1,
//! 0 or V) and a check character computed with the Luhn mod N algorithm over the same alphabet,
//! which catches every single-character typo and most swaps of neighbours. Printed as
//! `K7Q2M9-4`; typed in any case, with or without the dash.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BODY: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecimenId {
    /// The body as alphabet positions; the check character is computed.
    body: [u8; BODY],
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecimenIdError {
    #[error("a specimen ID has 6 characters and a check character, e.g. K7Q2M9-4")]
    Length,
    #[error("“{0}” is not in a specimen ID (letters and digits, without I, L, O or U)")]
    Character(char),
    #[error("the check character does not match: a character was mistyped")]
    Check,
}

fn position(c: char) -> Option<u8> {
    let upper = c.to_ascii_uppercase();
    ALPHABET
        .iter()
        .position(|a| char::from(*a) == upper)
        .and_then(|p| u8::try_from(p).ok())
}

fn symbol(position: u8) -> char {
    ALPHABET
        .get(usize::from(position))
        .map_or('0', |b| char::from(*b))
}

/// Luhn mod 32: from the right, every second code point doubled and its base-32 digits summed.
fn check_position(body: [u8; BODY]) -> u8 {
    let n: u32 = 32;
    let mut sum = 0u32;
    for (i, code) in body.iter().rev().enumerate() {
        let mut addend = u32::from(*code);
        if i % 2 == 0 {
            addend *= 2;
            addend = addend / n + addend % n;
        }
        sum += addend;
    }
    u8::try_from((n - sum % n) % n).unwrap_or(0)
}

impl SpecimenId {
    /// An ID from 30 random bits (the caller retries on the rare clash with a stored one).
    pub fn from_bits(bits: u32) -> Self {
        let mut body = [0u8; BODY];
        let mut rest = bits;
        for slot in body.iter_mut().rev() {
            *slot = u8::try_from(rest % 32).unwrap_or(0);
            rest /= 32;
        }
        Self { body }
    }

    /// A fresh random ID; about a billion are possible, and the store refuses a repeat.
    pub fn random() -> Self {
        Self::from_bits(fastrand::u32(0..1 << 30))
    }

    pub fn check_character(&self) -> char {
        symbol(check_position(self.body))
    }
}

impl fmt::Display for SpecimenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.body {
            write!(f, "{}", symbol(p))?;
        }
        write!(f, "-{}", self.check_character())
    }
}

impl FromStr for SpecimenId {
    type Err = SpecimenIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let chars: Vec<char> = text
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .collect();
        let [body @ .., check] = chars.as_slice() else {
            return Err(SpecimenIdError::Length);
        };
        if body.len() != BODY {
            return Err(SpecimenIdError::Length);
        }
        let mut positions = [0u8; BODY];
        for (slot, c) in positions.iter_mut().zip(body) {
            *slot = position(*c).ok_or(SpecimenIdError::Character(*c))?;
        }
        let check = position(*check).ok_or(SpecimenIdError::Character(*check))?;
        if check != check_position(positions) {
            return Err(SpecimenIdError::Check);
        }
        Ok(Self { body: positions })
    }
}

impl Serialize for SpecimenId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for SpecimenId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_back_what_it_prints() {
        let id = SpecimenId::from_bits(123_456_789);
        let text = id.to_string();
        assert_eq!(text.len(), 8);
        assert_eq!(text.parse::<SpecimenId>(), Ok(id));
        assert_eq!(text.to_lowercase().parse::<SpecimenId>(), Ok(id));
        assert_eq!(text.replace('-', "").parse::<SpecimenId>(), Ok(id));
        assert_eq!("K7Q2M".parse::<SpecimenId>(), Err(SpecimenIdError::Length));
        assert_eq!(
            "K7Q2MI-4".parse::<SpecimenId>(),
            Err(SpecimenIdError::Character('I'))
        );
    }

    proptest! {
        /// Every single-character typo, in the body or the check character, is caught.
        #[test]
        fn every_single_character_typo_is_detected(bits in 0u32..(1 << 30), at in 0usize..7, to in 0u8..32) {
            let id = SpecimenId::from_bits(bits);
            let mut chars: Vec<char> = id.to_string().replace('-', "").chars().collect();
            let slot = chars.get_mut(at).unwrap();
            let typo = symbol(to);
            prop_assume!(*slot != typo);
            *slot = typo;
            let typed: String = chars.into_iter().collect();
            prop_assert_eq!(typed.parse::<SpecimenId>(), Err(SpecimenIdError::Check));
        }
    }

    #[test]
    fn every_single_character_typo_of_one_id_exhaustively() {
        let id = SpecimenId::from_bits(987_654_321);
        let original: Vec<char> = id.to_string().replace('-', "").chars().collect();
        for at in 0..original.len() {
            for p in 0..32u8 {
                let mut chars = original.clone();
                if chars[at] == symbol(p) {
                    continue;
                }
                chars[at] = symbol(p);
                let typed: String = chars.into_iter().collect();
                assert!(typed.parse::<SpecimenId>().is_err(), "{typed}");
            }
        }
    }
}
