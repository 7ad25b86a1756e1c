//! The catalog of common allergens (`assets/allergens.toml`): drug classes, vaccine components,
//! foods and environmental allergens, each with the substances it covers, so one function can
//! tell whether a patient's allergy is relevant to a drug or a vaccine.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::clinical::allergy::AllergyCategory;
use crate::clinical::catalog::SuggestionIndex;
use crate::clinical::text::name_keys;

pub const BUILT_IN: &str = include_str!("../../../assets/allergens.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allergen {
    /// Stable id, stored with each allergy.
    pub id: String,
    pub name: String,
    pub category: AllergyCategory,
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Substances, ingredients and components this allergen covers: a penicillin allergy
    /// covers amoxicillin; an egg allergy covers egg protein in a vaccine.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Vaccine groups in which this allergy is shown for information only, needing no reason
    /// (ACIP: an egg allergy needs no extra measures before any influenza vaccine).
    #[serde(default)]
    pub information_only_for: Vec<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    allergen: Vec<Allergen>,
}

pub struct AllergenCatalog {
    allergens: Vec<Allergen>,
    /// Per allergen, the phrases it answers to (name, synonyms, what it covers), as the
    /// matcher compares them: made once here, not at every check before a dose.
    covered: Vec<Vec<Vec<String>>>,
    positions: std::collections::HashMap<String, usize>,
    index: SuggestionIndex,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalog {file} cannot be read: {detail}")]
    Syntax { file: &'static str, detail: String },
    #[error("the catalog {file}: {detail}")]
    Invalid { file: &'static str, detail: String },
}

/// A phrase folded for comparison: lower-case ASCII words, in order, joined by single spaces.
pub fn fold(phrase: &str) -> String {
    name_keys(phrase).join(" ")
}

impl AllergenCatalog {
    pub fn built_in() -> Result<Self, CatalogError> {
        Self::parse(BUILT_IN)
    }

    pub fn parse(text: &str) -> Result<Self, CatalogError> {
        const FILE: &str = "assets/allergens.toml";
        let file: File = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            file: FILE,
            detail: e.to_string(),
        })?;
        let mut ids = BTreeSet::new();
        for allergen in &file.allergen {
            if !ids.insert(allergen.id.as_str()) {
                return Err(CatalogError::Invalid {
                    file: FILE,
                    detail: format!("the id {} is used twice", allergen.id),
                });
            }
            if allergen.source.trim().is_empty() || allergen.name.trim().is_empty() {
                return Err(CatalogError::Invalid {
                    file: FILE,
                    detail: format!("{} needs a name and a source", allergen.id),
                });
            }
        }
        let covered = file
            .allergen
            .iter()
            .map(|a| {
                std::iter::once(&a.name)
                    .chain(&a.synonyms)
                    .chain(&a.covers)
                    .map(|p| fold(p))
                    .filter(|p| !p.is_empty())
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .map(|p| crate::clinical::allergy::matching::stems(&p))
                    .collect()
            })
            .collect();
        let positions = file
            .allergen
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let index = SuggestionIndex::new(file.allergen.iter().map(|a| {
            std::iter::once(a.name.as_str()).chain(a.synonyms.iter().map(String::as_str))
        }));
        Ok(Self {
            allergens: file.allergen,
            covered,
            positions,
            index,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Allergen> {
        self.allergens.iter().find(|a| a.id == id)
    }

    pub fn all(&self) -> &[Allergen] {
        &self.allergens
    }

    /// Allergens for what was typed so far, best first.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<&Allergen> {
        self.index
            .suggest(typed, limit)
            .into_iter()
            .filter_map(|s| self.allergens.get(s.index))
            .collect()
    }

    /// The allergen whose name or synonym is exactly this text, if any.
    pub fn by_name(&self, text: &str) -> Option<&Allergen> {
        let folded = fold(text);
        self.allergens
            .iter()
            .find(|a| fold(&a.name) == folded || a.synonyms.iter().any(|s| fold(s) == folded))
    }

    /// The phrases an allergen answers to, each as the matcher's words.
    pub(crate) fn covered(&self, id: &str) -> Option<&[Vec<String>]> {
        let position = *self.positions.get(id)?;
        self.covered.get(position).map(Vec::as_slice)
    }
}
