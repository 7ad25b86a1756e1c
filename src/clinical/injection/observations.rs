//! What the chart knows about the patient, as the observations CDC's CDSi contraindications
//! read (pregnant, immunosuppressive therapy, HIV, a severe gelatin allergy...). The mapping
//! from condition codes, catalog medications and allergens is data (`assets/vaccine_observations.toml`).

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::clinical::allergy::catalog::{AllergenCatalog, CatalogError};
use crate::clinical::allergy::{Allergy, AllergySubstance};
use crate::clinical::cdsi::contraindication::ObservationCode;
use crate::clinical::history::Condition;
use crate::clinical::history::ConditionStatus;
use crate::clinical::history::social::{Pregnancy, PregnancyStatus};
use crate::clinical::injection::safety::PregnancyTest;
use crate::clinical::medication::{Medication, MedicationCatalog, MedicationStatus};
use crate::clinical::record::{Versioned, current};

const FILE: &str = "assets/vaccine_observations.toml";
const BUILT_IN: &str = include_str!("../../../assets/vaccine_observations.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)] // Read so the file must say where its facts come from.
    source: String,
    observation: Vec<Rule>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    code: ObservationCode,
    #[serde(default)]
    pregnancy: bool,
    #[serde(default)]
    conditions: Vec<String>,
    #[serde(default)]
    medications: Vec<MedicationRule>,
    #[serde(default)]
    allergens: Vec<AllergenRule>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MedicationRule {
    name: String,
    from_mg: Option<f64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllergenRule {
    id: String,
    #[serde(default)]
    severe_only: bool,
}

/// Where in the chart an observation came from: the dose checks leave allergies to the allergy
/// check (which reads each product's own components) and pregnancy to the pregnancy check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Condition,
    Medication,
    Allergy,
    Pregnancy,
}

/// One observation the chart supports, and the chart entry that supports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub code: ObservationCode,
    pub source: Source,
    /// "Methotrexate (medication list)", "HIV disease, B20 (history)".
    pub why: String,
}

/// What the chart holds that the mapping reads.
pub struct ChartFacts<'a> {
    pub conditions: &'a [Versioned<Condition>],
    pub medications: &'a [Versioned<Medication>],
    pub allergies: &'a [Versioned<Allergy>],
    pub pregnancy: Option<Pregnancy>,
    pub pregnancy_test: Option<PregnancyTest>,
}

pub struct ObservationMap {
    rules: Vec<Rule>,
}

impl ObservationMap {
    pub fn built_in(
        allergens: &AllergenCatalog,
        medications: &MedicationCatalog,
    ) -> Result<Self, CatalogError> {
        Self::parse(BUILT_IN, allergens, medications)
    }

    pub fn parse(
        text: &str,
        allergens: &AllergenCatalog,
        medications: &MedicationCatalog,
    ) -> Result<Self, CatalogError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            file: FILE,
            detail: e.to_string(),
        })?;
        let invalid = |detail: String| CatalogError::Invalid { file: FILE, detail };
        for rule in &raw.observation {
            let code = rule.code;
            if let Some(c) = rule.conditions.iter().find(|c| !looks_like_icd10(c)) {
                return Err(invalid(format!(
                    "observation {code}: “{c}” is not an ICD-10-CM code"
                )));
            }
            if let Some(m) = rule
                .medications
                .iter()
                .find(|m| medications.by_name(&m.name).is_none())
            {
                return Err(invalid(format!(
                    "observation {code}: medication “{}” is not in the medication catalog",
                    m.name
                )));
            }
            if let Some(a) = rule
                .allergens
                .iter()
                .find(|a| allergens.get(&a.id).is_none())
            {
                return Err(invalid(format!(
                    "observation {code}: allergen “{}” is not in the allergen catalog",
                    a.id
                )));
            }
        }
        Ok(Self {
            rules: raw.observation,
        })
    }

    /// Every observation code the mapping can produce (cross-checked against CDSi's list).
    pub fn codes(&self) -> impl Iterator<Item = ObservationCode> + '_ {
        self.rules.iter().map(|r| r.code)
    }

    /// The observations the chart supports, each with its first supporting entry.
    pub fn observe(&self, chart: &ChartFacts<'_>) -> Vec<Observed> {
        let mut found = Vec::new();
        for rule in &self.rules {
            if let Some((source, why)) = supporting(rule, chart) {
                found.push(Observed {
                    code: rule.code,
                    source,
                    why,
                });
            }
        }
        found
    }
}

/// The codes alone, as the engine takes them.
pub fn codes(observed: &[Observed]) -> BTreeSet<ObservationCode> {
    observed.iter().map(|o| o.code).collect()
}

fn looks_like_icd10(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && code.len() >= 3
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '.')
}

fn supporting(rule: &Rule, chart: &ChartFacts<'_>) -> Option<(Source, String)> {
    if rule.pregnancy {
        if chart.pregnancy_test.is_some_and(|t| t.positive) {
            return Some((
                Source::Pregnancy,
                "positive pregnancy test this visit".into(),
            ));
        }
        if chart
            .pregnancy
            .is_some_and(|p| p.status == PregnancyStatus::Pregnant)
        {
            return Some((Source::Pregnancy, "pregnant (social history)".into()));
        }
    }
    for condition in
        current(chart.conditions).filter(|c| c.content.status == ConditionStatus::Active)
    {
        let named = &condition.content.condition;
        let Some(code) = named.code.as_deref() else {
            continue;
        };
        if rule
            .conditions
            .iter()
            .any(|prefix| code.starts_with(prefix.as_str()))
        {
            return Some((
                Source::Condition,
                format!("{}, {code} (history)", named.name),
            ));
        }
    }
    for medication in current(chart.medications)
        .filter(|m| m.content.status == MedicationStatus::Active && m.content.from_catalog)
    {
        let m = &medication.content;
        let Some(listed) = rule
            .medications
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&m.name))
        else {
            continue;
        };
        match (listed.from_mg, charted_mg(m)) {
            (None, _) => {
                return Some((Source::Medication, format!("{} (medication list)", m.name)));
            }
            (Some(limit), Some(mg)) if mg >= limit => {
                return Some((
                    Source::Medication,
                    format!("{} {mg} mg (medication list)", m.name),
                ));
            }
            (Some(_), Some(_)) => {}
            // An unknown dose of a drug immunosuppressive from some dose: asked, not assumed
            // safe.
            (Some(limit), None) => {
                return Some((
                    Source::Medication,
                    format!(
                        "{} (medication list, dose not charted; immunosuppressive from {limit} mg)",
                        m.name
                    ),
                ));
            }
        }
    }
    for allergy in current(chart.allergies).filter(|a| a.content.is_in_force()) {
        let a = &allergy.content;
        let AllergySubstance::Catalog { id, name } = &a.substance else {
            continue;
        };
        if rule
            .allergens
            .iter()
            .any(|r| r.id == *id && (!r.severe_only || a.is_severe()))
        {
            return Some((Source::Allergy, format!("{name} allergy (allergy list)")));
        }
    }
    None
}

/// The mg of one dose as charted: the dose if it is written in mg, else the strength.
fn charted_mg(m: &Medication) -> Option<f64> {
    [m.dose.as_deref(), m.strength.as_deref()]
        .into_iter()
        .flatten()
        .find_map(mg_of)
}

fn mg_of(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    let number = text.strip_suffix("mg")?.trim();
    number
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n > 0.0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::clinical::cdsi::supporting::Supporting;

    fn map() -> ObservationMap {
        ObservationMap::built_in(
            &AllergenCatalog::built_in().unwrap(),
            &MedicationCatalog::built_in().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn every_code_is_one_cdsi_knows() {
        let data = Supporting::built_in().unwrap();
        for code in map().codes() {
            assert!(
                data.schedule.observations.contains_key(&code),
                "observation {code} is not in CDSi's list"
            );
        }
    }

    #[test]
    fn a_medication_outside_the_catalog_is_refused_at_start() {
        let text = "source = \"x\"\n[[observation]]\ncode = 158\nmedications = [{ name = \"Notadrug\" }]\n";
        let err = ObservationMap::parse(
            text,
            &AllergenCatalog::built_in().unwrap(),
            &MedicationCatalog::built_in().unwrap(),
        )
        .err()
        .unwrap();
        assert!(err.to_string().contains("Notadrug"), "{err}");
    }

    #[test]
    fn doses_are_read_in_mg_only() {
        assert_eq!(mg_of("20 mg"), Some(20.0));
        assert_eq!(mg_of("7.5mg"), Some(7.5));
        assert_eq!(mg_of("1 tablet"), None);
        assert_eq!(mg_of("40 mg/0.4 mL"), None);
        assert_eq!(mg_of("0 mg"), None);
    }
}
