//! The catalog of common outpatient medications (`assets/medications.toml`): generic name, brand
//! names, usual strengths, forms and route, for suggestions as the MA types.

use serde::Deserialize;

use crate::clinical::allergy::catalog::CatalogError;
use crate::clinical::catalog::SuggestionIndex;
use crate::clinical::medication::Route;
use crate::clinical::text::name_keys;

pub const BUILT_IN: &str = include_str!("../../../assets/medications.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMedication {
    pub name: String,
    #[serde(default)]
    pub brands: Vec<String>,
    pub strengths: Vec<String>,
    pub form: String,
    pub route: Route,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    source: String,
    medication: Vec<CatalogMedication>,
}

pub struct MedicationCatalog {
    medications: Vec<CatalogMedication>,
    index: SuggestionIndex,
}

impl MedicationCatalog {
    pub fn built_in() -> Result<Self, CatalogError> {
        Self::parse(BUILT_IN)
    }

    pub fn parse(text: &str) -> Result<Self, CatalogError> {
        const FILE: &str = "assets/medications.toml";
        let file: File = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            file: FILE,
            detail: e.to_string(),
        })?;
        if file.source.trim().is_empty() {
            return Err(CatalogError::Invalid {
                file: FILE,
                detail: "the catalog names no source".into(),
            });
        }
        let mut names = std::collections::BTreeSet::new();
        for m in &file.medication {
            if !names.insert(name_keys(&m.name)) {
                return Err(CatalogError::Invalid {
                    file: FILE,
                    detail: format!("{} is listed twice", m.name),
                });
            }
        }
        let index =
            SuggestionIndex::new(file.medication.iter().map(|m| {
                std::iter::once(m.name.as_str()).chain(m.brands.iter().map(String::as_str))
            }));
        Ok(Self {
            medications: file.medication,
            index,
        })
    }

    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<&CatalogMedication> {
        self.index
            .suggest(typed, limit)
            .into_iter()
            .filter_map(|s| self.medications.get(s.index))
            .collect()
    }

    /// The medication whose generic or brand name is exactly this text.
    pub fn by_name(&self, text: &str) -> Option<&CatalogMedication> {
        let folded = name_keys(text);
        self.medications.iter().find(|m| {
            name_keys(&m.name) == folded || m.brands.iter().any(|b| name_keys(b) == folded)
        })
    }

    pub fn len(&self) -> usize {
        self.medications.len()
    }

    pub fn is_empty(&self) -> bool {
        self.medications.is_empty()
    }

    pub fn all(&self) -> &[CatalogMedication] {
        &self.medications
    }
}
