//! The tests a specimen can be sent for, from `assets/lab_tests.toml`: what each needs to be
//! collected into, whether the patient must fast, and after how many days without a result a
//! sent specimen is overdue. Also the destination labs offered as suggestions.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::clinical::allergy::catalog::CatalogError;
use crate::clinical::catalog::SuggestionIndex;
use crate::clinical::specimen::{Container, SpecimenType};

pub const BUILT_IN: &str = include_str!("../../../assets/lab_tests.toml");
const FILE: &str = "assets/lab_tests.toml";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabTest {
    pub id: String,
    pub name: String,
    pub loinc: Option<String>,
    pub specimen: SpecimenType,
    pub container: Container,
    pub overdue_days: u16,
    #[serde(default)]
    pub fasting: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    source: String,
    typed_test_overdue_days: u16,
    labs: Vec<String>,
    test: Vec<LabTest>,
}

pub struct LabCatalog {
    tests: Vec<LabTest>,
    typed_test_overdue_days: u16,
    labs: Vec<String>,
    index: SuggestionIndex,
}

impl LabCatalog {
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
        if file.typed_test_overdue_days == 0 {
            return Err(invalid("typed_test_overdue_days must be at least 1".into()));
        }
        let mut ids = BTreeSet::new();
        for test in &file.test {
            if !ids.insert(test.id.as_str()) {
                return Err(invalid(format!("the id {} is used twice", test.id)));
            }
            if test.name.trim().is_empty() {
                return Err(invalid(format!("{} needs a name", test.id)));
            }
            if !test.container.holds(test.specimen) {
                return Err(invalid(format!(
                    "{}: a {} does not hold {}",
                    test.id,
                    test.container.label(),
                    test.specimen.label().to_lowercase()
                )));
            }
            if test.overdue_days == 0 {
                return Err(invalid(format!(
                    "{}: overdue_days must be at least 1",
                    test.id
                )));
            }
        }
        let index = SuggestionIndex::new(file.test.iter().map(|t| [t.name.as_str()]));
        Ok(Self {
            tests: file.test,
            typed_test_overdue_days: file.typed_test_overdue_days,
            labs: file.labs,
            index,
        })
    }

    pub fn tests(&self) -> &[LabTest] {
        &self.tests
    }

    /// Days a test typed by hand (not in the catalog) waits for its result before it is overdue.
    pub fn typed_test_overdue_days(&self) -> u16 {
        self.typed_test_overdue_days
    }

    pub fn labs(&self) -> &[String] {
        &self.labs
    }

    pub fn test(&self, id: &str) -> Option<&LabTest> {
        self.tests.iter().find(|t| t.id == id)
    }

    /// Catalog positions of the tests matching what was typed.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<usize> {
        self.index
            .suggest(typed, limit)
            .into_iter()
            .map(|s| s.index)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_is_valid_and_searchable() {
        let catalog = LabCatalog::built_in().unwrap();
        assert!(catalog.tests().len() >= 15);
        let found = catalog.suggest("lipid", 5);
        let first = catalog.tests().get(found[0]).unwrap();
        assert_eq!(first.id, "lipid");
        assert!(first.fasting);
    }

    #[test]
    fn a_container_that_cannot_hold_the_specimen_is_refused() {
        let text = BUILT_IN.replacen(
            "container = \"lavender_edta\"",
            "container = \"urine_cup\"",
            1,
        );
        assert!(matches!(
            LabCatalog::parse(&text),
            Err(CatalogError::Invalid { .. })
        ));
    }
}
