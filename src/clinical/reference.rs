//! Everything the app reads from `assets/` at start-up, checked before the first screen: vital
//! sign limits, the growth references, the allergen, condition, procedure and medication catalogs, and the social
//! history limits, the vaccine, therapeutic injection and tuberculin catalogs, the chart-to-CDSi observation
//! mapping, the lab tests specimens are sent for
//! and the point-of-care tests, and the list of common passwords. A broken file stops the start
//! with a message naming it.

use crate::clinical::account::CommonPasswords;
use crate::clinical::allergy::catalog::{AllergenCatalog, CatalogError};
use crate::clinical::catalog::NamedCatalog;
use crate::clinical::growth::GrowthReference;
use crate::clinical::growth::reference::GrowthDataError;
use crate::clinical::history::social::SocialLimits;
use crate::clinical::history::{CONDITIONS, PROCEDURES};
use crate::clinical::injection::InjectionCatalog;
use crate::clinical::injection::observations::ObservationMap;
use crate::clinical::injection::schedule::ScheduleData;
use crate::clinical::medication::MedicationCatalog;
use crate::clinical::poc::PocCatalog;
use crate::clinical::specimen::LabCatalog;
use crate::clinical::vitals::ReferenceTable;
use crate::clinical::vitals::reference::ReferenceError;

pub struct Reference {
    pub vitals: ReferenceTable,
    /// WHO and CDC growth tables and AAP 2017 blood pressure percentiles, for children.
    pub growth: GrowthReference,
    pub allergens: AllergenCatalog,
    pub conditions: NamedCatalog,
    pub procedures: NamedCatalog,
    pub medications: MedicationCatalog,
    pub social: SocialLimits,
    pub injections: InjectionCatalog,
    pub lab_tests: LabCatalog,
    pub poc: PocCatalog,
    /// Common and breached passwords a new password must not be.
    pub common_passwords: CommonPasswords,
    /// The chart's conditions, medications, allergies and pregnancy as CDSi observations.
    pub observations: ObservationMap,
    /// CDC's CDSi supporting data, read on first use (the window warms it in the background).
    pub schedule: ScheduleData,
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceLoadError {
    #[error(transparent)]
    Vitals(#[from] ReferenceError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Growth(#[from] GrowthDataError),
}

impl Reference {
    /// The reference data built into the app, checked.
    pub fn built_in() -> Result<Self, ReferenceLoadError> {
        let allergens = AllergenCatalog::built_in()?;
        let medications = MedicationCatalog::built_in()?;
        Ok(Self {
            vitals: ReferenceTable::built_in()?,
            growth: GrowthReference::built_in()?,
            observations: ObservationMap::built_in(&allergens, &medications)?,
            allergens,
            conditions: NamedCatalog::parse("assets/conditions.toml", CONDITIONS)?,
            procedures: NamedCatalog::parse("assets/procedures.toml", PROCEDURES)?,
            medications,
            social: SocialLimits::built_in()?,
            injections: InjectionCatalog::built_in()?,
            lab_tests: LabCatalog::built_in()?,
            poc: PocCatalog::built_in()?,
            common_passwords: CommonPasswords::parse(include_str!(
                "../../assets/common_passwords.txt"
            )),
            schedule: ScheduleData::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_reference_data_is_valid() {
        let reference = super::Reference::built_in().unwrap();
        assert!(reference.medications.len() > 100);
        assert!(reference.conditions.len() > 50);
        assert!(reference.allergens.all().len() > 40);
        assert!(reference.common_passwords.len() > 29_000);
    }
}
