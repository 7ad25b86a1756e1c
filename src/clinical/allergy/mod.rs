//! Allergies and intolerances (FHIR AllergyIntolerance): the record, the form that makes one,
//! "no known allergies" assertions, the status the banner shows, and the one function that says
//! whether a patient's allergies are relevant to a drug or a vaccine.

pub mod catalog;
mod matching;
mod status;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::partial_date::PartialDate;
use crate::clinical::text::required;

pub use catalog::{Allergen, AllergenCatalog};
pub use matching::{AllergyMatch, Substance, relevant_allergies};
pub use status::{AllergyStatus, allergy_status};

coded_enum!(
    /// What kind of substance (FHIR category).
    AllergyCategory {
        Medication => "medication", "Medication";
        Food => "food", "Food";
        Environment => "environment", "Environment";
        Biologic => "biologic", "Vaccine or biologic";
    }
);

coded_enum!(
    /// How the reaction showed itself.
    Reaction {
        Anaphylaxis => "anaphylaxis", "Anaphylaxis";
        Hives => "hives", "Hives";
        Rash => "rash", "Rash";
        Itching => "itching", "Itching";
        Swelling => "swelling", "Swelling";
        Wheezing => "wheezing", "Wheezing";
        ShortnessOfBreath => "shortness_of_breath", "Shortness of breath";
        Nausea => "nausea", "Nausea or vomiting";
        Diarrhea => "diarrhea", "Diarrhea";
        Dizziness => "dizziness", "Dizziness or fainting";
        Other => "other", "Other (see note)";
    }
);

coded_enum!(
    /// How bad the reaction was.
    Severity {
        Mild => "mild", "Mild";
        Moderate => "moderate", "Moderate";
        Severe => "severe", "Severe";
    }
);

coded_enum!(
    /// The potential for a serious reaction next time (FHIR criticality).
    Criticality {
        High => "high", "High";
        Low => "low", "Low";
        UnableToAssess => "unable-to-assess", "Unable to assess";
    }
);

coded_enum!(
    AllergyStatusCode {
        Active => "active", "Active";
        Inactive => "inactive", "Inactive";
        Resolved => "resolved", "Resolved";
    }
);

coded_enum!(
    Verification {
        Unconfirmed => "unconfirmed", "Unconfirmed";
        Confirmed => "confirmed", "Confirmed";
        Refuted => "refuted", "Refuted";
    }
);

/// What the patient is allergic to: an allergen of the catalog, or words the catalog lacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllergySubstance {
    Catalog { id: String, name: String },
    FreeText(String),
}

impl AllergySubstance {
    pub fn name(&self) -> &str {
        match self {
            Self::Catalog { name, .. } => name,
            Self::FreeText(text) => text,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allergy {
    pub substance: AllergySubstance,
    pub category: AllergyCategory,
    pub reactions: BTreeSet<Reaction>,
    pub severity: Option<Severity>,
    pub criticality: Criticality,
    pub status: AllergyStatusCode,
    pub verification: Verification,
    pub onset: Option<PartialDate>,
    pub note: Option<String>,
}

impl Allergy {
    /// High criticality, a severe reaction or anaphylaxis: exposure again is a hard stop that
    /// only a provider's co-signature passes.
    pub fn is_severe(&self) -> bool {
        self.criticality == Criticality::High
            || self.severity == Some(Severity::Severe)
            || self.reactions.contains(&Reaction::Anaphylaxis)
    }

    /// Whether it should warn: active, and not refuted.
    pub fn is_in_force(&self) -> bool {
        self.status == AllergyStatusCode::Active && self.verification != Verification::Refuted
    }

    /// "Penicillins (hives, swelling; severe)".
    pub fn summary(&self) -> String {
        let reactions: Vec<&str> = self.reactions.iter().map(|r| r.label()).collect();
        let mut detail = reactions.join(", ").to_lowercase();
        if let Some(severity) = self.severity {
            if !detail.is_empty() {
                detail.push_str("; ");
            }
            detail.push_str(&severity.label().to_lowercase());
        }
        if detail.is_empty() {
            self.substance.name().to_owned()
        } else {
            format!("{} ({detail})", self.substance.name())
        }
    }
}

/// "No known allergies" or "no known drug allergies": an explicit, dated assertion by a named
/// person. An empty list is "not recorded", never this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllergyAssertion {
    NoKnownAllergies,
    NoKnownDrugAllergies,
}

impl AllergyAssertion {
    pub fn short(self) -> &'static str {
        match self {
            Self::NoKnownAllergies => "NKA",
            Self::NoKnownDrugAllergies => "NKDA",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NoKnownAllergies => "No known allergies",
            Self::NoKnownDrugAllergies => "No known drug allergies",
        }
    }
}

/// The allergy form as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllergyDraft {
    pub substance: String,
    /// Set when a catalog allergen was picked; cleared when the text is edited away from it.
    pub allergen_id: Option<String>,
    pub category: Option<AllergyCategory>,
    pub reactions: BTreeSet<Reaction>,
    pub severity: Option<Severity>,
    pub criticality: Option<Criticality>,
    pub status: Option<AllergyStatusCode>,
    pub verification: Option<Verification>,
    pub onset: String,
    pub note: String,
}

impl Default for AllergyDraft {
    fn default() -> Self {
        Self {
            substance: String::new(),
            allergen_id: None,
            category: None,
            reactions: BTreeSet::new(),
            severity: None,
            criticality: None,
            status: Some(AllergyStatusCode::Active),
            verification: Some(Verification::Unconfirmed),
            onset: String::new(),
            note: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AllergyField {
    Substance,
    Category,
    Reactions,
    Criticality,
    Status,
    Verification,
    Onset,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AllergyError {
    #[error("type the substance, e.g. penicillin, peanuts, latex")]
    SubstanceMissing,
    #[error("choose the category: medication, food, environment, or vaccine")]
    CategoryMissing,
    #[error("choose at least one reaction (Other, with a note, if none fits)")]
    ReactionMissing,
    #[error("choose the criticality (Unable to assess if not known)")]
    CriticalityMissing,
    #[error("choose the status")]
    StatusMissing,
    #[error("choose the verification")]
    VerificationMissing,
    #[error("{0}")]
    Onset(#[from] crate::clinical::partial_date::PartialDateError),
    #[error("say in the note what the other reaction was")]
    OtherReactionNote,
}

impl AllergyDraft {
    pub fn from_allergy(allergy: &Allergy) -> Self {
        let (substance, allergen_id) = match &allergy.substance {
            AllergySubstance::Catalog { id, name } => (name.clone(), Some(id.clone())),
            AllergySubstance::FreeText(text) => (text.clone(), None),
        };
        Self {
            substance,
            allergen_id,
            category: Some(allergy.category),
            reactions: allergy.reactions.clone(),
            severity: allergy.severity,
            criticality: Some(allergy.criticality),
            status: Some(allergy.status),
            verification: Some(allergy.verification),
            onset: allergy.onset.map(|o| o.to_string()).unwrap_or_default(),
            note: allergy.note.clone().unwrap_or_default(),
        }
    }

    /// Picks a catalog allergen: its name, id and category.
    pub fn pick(&mut self, allergen: &Allergen) {
        self.substance.clone_from(&allergen.name);
        self.allergen_id = Some(allergen.id.clone());
        self.category = Some(allergen.category);
    }

    /// Every error at once, keyed by field.
    pub fn check(
        &self,
        catalog: &AllergenCatalog,
        today: NaiveDate,
    ) -> Result<Allergy, BTreeMap<AllergyField, AllergyError>> {
        let mut errors = BTreeMap::new();
        // Typed text that names a catalog allergen is that allergen, picked or not.
        let picked = self
            .allergen_id
            .as_deref()
            .and_then(|id| catalog.get(id))
            .filter(|a| catalog::fold(&a.name) == catalog::fold(&self.substance))
            .or_else(|| catalog.by_name(&self.substance));
        let substance = match (picked, required(&self.substance)) {
            (Some(allergen), _) => Some(AllergySubstance::Catalog {
                id: allergen.id.clone(),
                name: allergen.name.clone(),
            }),
            (None, Some(text)) => Some(AllergySubstance::FreeText(text)),
            (None, None) => {
                errors.insert(AllergyField::Substance, AllergyError::SubstanceMissing);
                None
            }
        };
        let category = picked.map(|a| a.category).or(self.category);
        if category.is_none() {
            errors.insert(AllergyField::Category, AllergyError::CategoryMissing);
        }
        if self.reactions.is_empty() {
            errors.insert(AllergyField::Reactions, AllergyError::ReactionMissing);
        }
        let note = required(&self.note);
        if self.reactions.contains(&Reaction::Other) && note.is_none() {
            errors.insert(AllergyField::Note, AllergyError::OtherReactionNote);
        }
        if self.criticality.is_none() {
            errors.insert(AllergyField::Criticality, AllergyError::CriticalityMissing);
        }
        if self.status.is_none() {
            errors.insert(AllergyField::Status, AllergyError::StatusMissing);
        }
        if self.verification.is_none() {
            errors.insert(
                AllergyField::Verification,
                AllergyError::VerificationMissing,
            );
        }
        let onset = match required(&self.onset) {
            Some(text) => PartialDate::parse(&text, today)
                .map(Some)
                .map_err(|e| errors.insert(AllergyField::Onset, e.into()))
                .ok()
                .flatten(),
            None => None,
        };
        match (
            substance,
            category,
            self.criticality,
            self.status,
            self.verification,
        ) {
            (
                Some(substance),
                Some(category),
                Some(criticality),
                Some(status),
                Some(verification),
            ) if errors.is_empty() => Ok(Allergy {
                substance,
                category,
                reactions: self.reactions.clone(),
                severity: self.severity,
                criticality,
                status,
                verification,
                onset,
                note,
            }),
            _ => Err(errors),
        }
    }
}
