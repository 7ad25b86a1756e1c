//! The point-of-care catalog from `assets/poc_tests.toml`: each test's CPT code and parts, each
//! part with its LOINC code and either a scale of answers (some normal) or a number with its
//! unit, the meter's reporting limits and its normal range.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::clinical::allergy::catalog::CatalogError;
use crate::clinical::specimen::SpecimenType;

pub const BUILT_IN: &str = include_str!("../../../assets/poc_tests.toml");
const FILE: &str = "assets/poc_tests.toml";

#[derive(Clone, Debug, PartialEq)]
pub enum Measure {
    /// One answer from an ordered list; the ones in `normal` are not flagged.
    Scale {
        answers: Vec<String>,
        normal: Vec<String>,
    },
    /// A number with `decimals` places (0 or 1), every limit kept in steps of its last place
    /// (hemoglobin 12.4 g/dL is 124), so comparisons are exact. Below `meter_low` or above
    /// `meter_high` the meter prints LO or HI. Below `critical_low` or above `critical_high`
    /// the provider is told now.
    Number {
        unit: String,
        decimals: u8,
        meter_low: u32,
        meter_high: u32,
        normal_low: u32,
        normal_high: u32,
        critical: (Option<u32>, Option<u32>),
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct PocPart {
    pub name: String,
    pub loinc: String,
    pub measure: Measure,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PocTest {
    pub id: String,
    pub name: String,
    pub cpt: String,
    pub specimen: SpecimenType,
    /// A urine pregnancy test: its positive result is what the injection checks look for.
    pub pregnancy: bool,
    pub parts: Vec<PocPart>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    source: String,
    test: Vec<RawTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    id: String,
    name: String,
    cpt: String,
    specimen: SpecimenType,
    #[serde(default)]
    pregnancy: bool,
    part: Vec<RawPart>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    name: String,
    loinc: String,
    scale: Option<Vec<String>>,
    normal: Option<Vec<String>>,
    unit: Option<String>,
    #[serde(default)]
    decimals: u8,
    meter_low: Option<f64>,
    meter_high: Option<f64>,
    normal_low: Option<f64>,
    normal_high: Option<f64>,
    critical_low: Option<f64>,
    critical_high: Option<f64>,
}

/// The most decimal places a number may have.
const MAX_DECIMALS: u8 = 1;

/// A limit from the file in steps of `decimals` places, if it is one: not negative, no finer.
fn steps(value: f64, decimals: u8) -> Option<u32> {
    let scaled = value * 10f64.powi(i32::from(decimals));
    let rounded = scaled.round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    ((0.0..=f64::from(u32::MAX)).contains(&rounded) && (scaled - rounded).abs() < 1e-6)
        .then_some(rounded as u32)
}

/// A number in steps shown with its decimals: 124 with one decimal is "12.4".
pub fn show_steps(value: u32, decimals: u8) -> String {
    if decimals == 0 {
        return value.to_string();
    }
    let unit = 10u32.pow(u32::from(decimals));
    format!(
        "{}.{:0width$}",
        value / unit,
        value % unit,
        width = usize::from(decimals)
    )
}

/// A typed number in steps of `decimals` places: "12.4" or "12" with one decimal is 124 or
/// 120; more places than that, a sign or anything else is not a reading.
pub fn parse_steps(text: &str, decimals: u8) -> Option<u32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    if fraction.len() > usize::from(decimals) || (text.contains('.') && fraction.is_empty()) {
        return None;
    }
    let unit = 10u32.checked_pow(u32::from(decimals))?;
    let padded = format!("{fraction:0<width$}", width = usize::from(decimals));
    let fraction: u32 = if padded.is_empty() {
        0
    } else {
        padded.parse().ok()?
    };
    whole
        .parse::<u32>()
        .ok()?
        .checked_mul(unit)?
        .checked_add(fraction)
}

pub struct PocCatalog {
    tests: Vec<PocTest>,
}

fn is_code(text: &str, digits: usize) -> bool {
    text.len() == digits && text.chars().all(|c| c.is_ascii_digit())
}

/// LOINC: digits, a dash, one check digit.
fn is_loinc(text: &str) -> bool {
    text.split_once('-').is_some_and(|(body, check)| {
        !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) && is_code(check, 1)
    })
}

impl PocCatalog {
    pub fn built_in() -> Result<Self, CatalogError> {
        Self::parse(BUILT_IN)
    }

    pub fn parse(text: &str) -> Result<Self, CatalogError> {
        let file: File = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            file: FILE,
            detail: e.to_string(),
        })?;
        let invalid = |detail: String| CatalogError::Invalid { file: FILE, detail };
        if file.source.trim().is_empty() {
            return Err(invalid("the catalog names no source".into()));
        }
        let mut ids = BTreeSet::new();
        let mut tests = Vec::new();
        for raw in file.test {
            if !ids.insert(raw.id.clone()) {
                return Err(invalid(format!("the id {} is used twice", raw.id)));
            }
            if !is_code(&raw.cpt, 5) {
                return Err(invalid(format!(
                    "{}: the CPT code must be 5 digits",
                    raw.id
                )));
            }
            if raw.part.is_empty() {
                return Err(invalid(format!("{} has no parts", raw.id)));
            }
            let parts = raw
                .part
                .into_iter()
                .map(|p| part(&raw.id, p).map_err(invalid))
                .collect::<Result<Vec<_>, _>>()?;
            tests.push(PocTest {
                id: raw.id,
                name: raw.name,
                cpt: raw.cpt,
                specimen: raw.specimen,
                pregnancy: raw.pregnancy,
                parts,
            });
        }
        Ok(Self { tests })
    }

    pub fn tests(&self) -> &[PocTest] {
        &self.tests
    }

    pub fn test(&self, id: &str) -> Option<&PocTest> {
        self.tests.iter().find(|t| t.id == id)
    }
}

fn part(test: &str, raw: RawPart) -> Result<PocPart, String> {
    let where_ = format!("{test}, {}", raw.name);
    if !is_loinc(&raw.loinc) {
        return Err(format!("{where_}: “{}” is not a LOINC code", raw.loinc));
    }
    let measure = match raw {
        RawPart {
            scale: Some(answers),
            normal: Some(normal),
            unit: None,
            meter_low: None,
            meter_high: None,
            normal_low: None,
            normal_high: None,
            ..
        } => {
            if answers.len() < 2 || normal.is_empty() {
                return Err(format!(
                    "{where_}: a scale needs two answers and a normal one"
                ));
            }
            if let Some(stray) = normal.iter().find(|n| !answers.contains(n)) {
                return Err(format!(
                    "{where_}: the normal answer “{stray}” is not on the scale"
                ));
            }
            if normal.len() == answers.len() {
                return Err(format!(
                    "{where_}: every answer is normal, so nothing is flagged"
                ));
            }
            Measure::Scale { answers, normal }
        }
        RawPart {
            scale: None,
            normal: None,
            unit: Some(unit),
            decimals,
            meter_low: Some(meter_low),
            meter_high: Some(meter_high),
            normal_low: Some(normal_low),
            normal_high: Some(normal_high),
            critical_low,
            critical_high,
            ..
        } => {
            if decimals > MAX_DECIMALS {
                return Err(format!("{where_}: at most {MAX_DECIMALS} decimals"));
            }
            let step = |v: f64| {
                steps(v, decimals).ok_or_else(|| {
                    format!("{where_}: {v} is not a reading with {decimals} decimals")
                })
            };
            let (meter_low, meter_high) = (step(meter_low)?, step(meter_high)?);
            let (normal_low, normal_high) = (step(normal_low)?, step(normal_high)?);
            let critical_low = critical_low.map(step).transpose()?;
            let critical_high = critical_high.map(step).transpose()?;
            if !(meter_low < normal_low && normal_low <= normal_high && normal_high < meter_high) {
                return Err(format!(
                    "{where_}: the limits must be meter_low < normal_low <= normal_high < meter_high"
                ));
            }
            if critical_low.is_some_and(|c| c >= normal_low)
                || critical_high.is_some_and(|c| c <= normal_high)
            {
                return Err(format!(
                    "{where_}: the critical limits must lie outside the normal range"
                ));
            }
            Measure::Number {
                unit,
                decimals,
                meter_low,
                meter_high,
                normal_low,
                normal_high,
                critical: (critical_low, critical_high),
            }
        }
        _ => {
            return Err(format!(
                "{where_}: give either scale and normal, or unit, meter_low, meter_high, normal_low and normal_high"
            ));
        }
    };
    Ok(PocPart {
        name: raw.name,
        loinc: raw.loinc,
        measure,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_reading_shown_reads_back_the_same(value in 0u32..1_000_000, decimals in 0u8..=1) {
            proptest::prop_assert_eq!(parse_steps(&show_steps(value, decimals), decimals), Some(value));
        }
    }

    #[test]
    fn readings_have_no_more_decimals_than_the_meter() {
        assert_eq!(parse_steps("12.4", 1), Some(124));
        assert_eq!(parse_steps("12", 1), Some(120));
        assert_eq!(parse_steps("12.45", 1), None);
        assert_eq!(parse_steps("12.", 1), None);
        assert_eq!(parse_steps(".5", 1), None);
        assert_eq!(parse_steps("-1", 0), None);
        assert_eq!(parse_steps("95.5", 0), None);
        assert_eq!(steps(25.6, 1), Some(256));
        assert_eq!(steps(25.65, 1), None);
    }

    #[test]
    fn the_built_in_catalog_has_the_waived_tests() {
        let catalog = PocCatalog::built_in().unwrap();
        for (id, cpt) in [
            ("strep", "87880"),
            ("flu", "87804"),
            ("rsv", "87807"),
            ("covid", "87811"),
            ("hcg", "81025"),
            ("glucose", "82962"),
            ("dipstick", "81002"),
            ("fobt", "82270"),
            ("mono", "86308"),
        ] {
            assert_eq!(catalog.test(id).map(|t| t.cpt.as_str()), Some(cpt), "{id}");
        }
        assert_eq!(catalog.test("dipstick").unwrap().parts.len(), 10);
        assert_eq!(catalog.test("flu").unwrap().parts.len(), 2);
        assert!(catalog.test("hcg").unwrap().pregnancy);
    }

    #[test]
    fn a_normal_answer_off_the_scale_is_refused() {
        let text = BUILT_IN.replacen("normal = [\"Not detected\"]", "normal = [\"Negative\"]", 1);
        let error = PocCatalog::parse(&text).err().unwrap().to_string();
        assert!(error.contains("not on the scale"), "{error}");
    }

    #[test]
    fn glucose_limits_out_of_order_are_refused() {
        let text = BUILT_IN.replacen("normal_low = 70", "normal_low = 10", 1);
        assert!(PocCatalog::parse(&text).is_err());
    }
}
