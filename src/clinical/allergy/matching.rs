//! "Does this patient have an allergy relevant to X?": one function, used wherever a drug or a
//! vaccine is about to be given. A catalog allergen matches what the catalog says it covers (a
//! penicillin allergy covers amoxicillin; an egg allergy covers egg protein in a vaccine); a
//! free-text allergy matches its own words.

use crate::clinical::allergy::catalog::{AllergenCatalog, fold};
use crate::clinical::allergy::{Allergy, AllergySubstance};
use crate::clinical::record::Versioned;

/// What is about to be given: its name and what is in it (ingredients, components, packaging).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Substance {
    pub name: String,
    pub ingredients: Vec<String>,
}

impl Substance {
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ingredients: Vec::new(),
        }
    }
}

/// An allergy that is relevant, and the fact that makes it so, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct AllergyMatch<'a> {
    pub allergy: &'a Versioned<Allergy>,
    /// What in the substance matched ("amoxicillin", "egg protein").
    pub matched: String,
    pub reason: String,
}

/// Words compared loosely: "penicillins" and "penicillin", "peanuts" and "peanut" are one.
pub(crate) fn stems(phrase: &str) -> Vec<String> {
    fold(phrase)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
                format!("{stem}y")
            } else {
                match w.strip_suffix('s') {
                    Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_owned(),
                    _ => w.to_owned(),
                }
            }
        })
        .collect()
}

/// Whether `needle` appears in `haystack` as whole consecutive words.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The current, in-force allergies of `allergies` relevant to `substance`, each with why.
pub fn relevant_allergies<'a>(
    allergies: &'a [Versioned<Allergy>],
    substance: &Substance,
    catalog: &AllergenCatalog,
) -> Vec<AllergyMatch<'a>> {
    // Ingredients first: "egg protein" says more than a product name that mentions egg.
    let given: Vec<(String, Vec<String>)> = substance
        .ingredients
        .iter()
        .chain(std::iter::once(&substance.name))
        .map(|p| (p.clone(), stems(p)))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    let mut found = Vec::new();
    for allergy in allergies
        .iter()
        .filter(|a| a.standing.is_current() && a.content.is_in_force())
    {
        let own;
        let terms: &[Vec<String>] = if let AllergySubstance::Catalog { id, .. } =
            &allergy.content.substance
            && let Some(covered) = catalog.covered(id)
        {
            covered
        } else {
            own = [stems(allergy.content.substance.name())];
            &own
        };
        let hit = given.iter().find(|(_, words)| {
            terms
                .iter()
                .any(|term| contains_words(words, term) || contains_words(term, words))
        });
        if let Some((phrase, _)) = hit {
            let name = allergy.content.substance.name();
            let reason = if fold(phrase) == fold(name) {
                format!("allergy to {name}")
            } else {
                format!("allergy to {name}, which covers {phrase}")
            };
            found.push(AllergyMatch {
                allergy,
                matched: phrase.clone(),
                reason,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::clinical::allergy::{
        AllergyCategory, AllergyStatusCode, Criticality, Reaction, Verification,
    };
    use crate::clinical::ids::{PatientId, RecordId, StaffId};
    use crate::clinical::record::{Recorded, Standing};

    fn catalog() -> AllergenCatalog {
        AllergenCatalog::built_in().unwrap()
    }

    fn allergy(substance: AllergySubstance, category: AllergyCategory) -> Versioned<Allergy> {
        Versioned {
            id: RecordId::new(),
            patient_id: PatientId::new(),
            visit_id: None,
            content: Allergy {
                substance,
                category,
                reactions: BTreeSet::from([Reaction::Hives]),
                severity: None,
                criticality: Criticality::Low,
                status: AllergyStatusCode::Active,
                verification: Verification::Confirmed,
                onset: None,
                note: None,
            },
            recorded: Recorded {
                at: chrono::Utc::now(),
                by: StaffId::new(),
                by_name: "Ana Lopez, CMA".into(),
            },
            replaces: None,
            standing: Standing::Current,
        }
    }

    fn from_catalog(id: &str) -> Versioned<Allergy> {
        let catalog = catalog();
        let allergen = catalog.get(id).unwrap();
        allergy(
            AllergySubstance::Catalog {
                id: id.into(),
                name: allergen.name.clone(),
            },
            allergen.category,
        )
    }

    #[test]
    fn a_drug_class_covers_its_members() {
        let allergies = [from_catalog("penicillins")];
        let found = relevant_allergies(&allergies, &Substance::named("Amoxicillin"), &catalog());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].reason,
            "allergy to Penicillins, which covers Amoxicillin"
        );
        assert!(
            relevant_allergies(
                &allergies,
                &Substance::named("amoxicillin-clavulanate"),
                &catalog()
            )
            .len()
                == 1
        );
        assert!(
            relevant_allergies(&allergies, &Substance::named("Azithromycin"), &catalog())
                .is_empty()
        );
    }

    #[test]
    fn a_component_of_a_vaccine_matches() {
        let allergies = [from_catalog("egg"), from_catalog("gelatin")];
        let flu = Substance {
            name: "Influenza vaccine (egg-based)".into(),
            ingredients: vec!["egg protein".into(), "formaldehyde".into()],
        };
        let found = relevant_allergies(&allergies, &flu, &catalog());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].matched, "egg protein");
        let mmr = Substance {
            name: "MMR".into(),
            ingredients: vec!["gelatin".into(), "neomycin".into()],
        };
        assert_eq!(relevant_allergies(&allergies, &mmr, &catalog()).len(), 1);
    }

    #[test]
    fn free_text_allergies_match_their_words() {
        let allergies = [allergy(
            AllergySubstance::FreeText("Strawberries".into()),
            AllergyCategory::Food,
        )];
        assert_eq!(
            relevant_allergies(&allergies, &Substance::named("strawberry"), &catalog()).len(),
            1
        );
        assert!(relevant_allergies(&allergies, &Substance::named("straw"), &catalog()).is_empty());
    }

    #[test]
    fn inactive_refuted_and_retracted_allergies_do_not_warn() {
        let mut inactive = from_catalog("penicillins");
        inactive.content.status = AllergyStatusCode::Resolved;
        let mut refuted = from_catalog("penicillins");
        refuted.content.verification = Verification::Refuted;
        let mut retracted = from_catalog("penicillins");
        retracted.standing = Standing::EnteredInError {
            reason: "wrong patient".into(),
            at: chrono::Utc::now(),
            by_name: String::new(),
        };
        let allergies = [inactive, refuted, retracted];
        assert!(
            relevant_allergies(&allergies, &Substance::named("amoxicillin"), &catalog()).is_empty()
        );
    }
}
