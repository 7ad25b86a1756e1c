//! A collected specimen as charted: what it is, what it is for, where it goes, when and by whom
//! it was collected, and that the patient's name and date of birth were confirmed before its
//! label printed. The draft is what the form holds; checking it names each wrong field.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::identity::{IdentityCheck, IdentityError};
use crate::clinical::specimen::catalog::{LabCatalog, LabTest};
use crate::clinical::specimen::volume::Volume;
use crate::clinical::specimen::{Container, SpecimenId, SpecimenType};
use crate::clinical::text::required;
use crate::clinical::time::{parse_local_date_time, to_local};

/// A test the specimen is for: from the catalog, or typed when the catalog lacks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderedTest {
    /// The catalog id; `None` for a test typed by hand.
    pub catalog_id: Option<String>,
    pub name: String,
}

impl OrderedTest {
    pub fn from_catalog(test: &LabTest) -> Self {
        Self {
            catalog_id: Some(test.id.clone()),
            name: test.name.clone(),
        }
    }
}

/// Everything about a collection but its ID, which the store assigns (it knows which are taken).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub kind: SpecimenType,
    pub container: Container,
    pub source: Option<String>,
    pub tests: Vec<OrderedTest>,
    /// Whether the patient said they had fasted; `None` when no test asked and nobody asked.
    /// Charts before this asked kept `true`/`false`, read as asked.
    pub fasting: Option<bool>,
    pub volume: Option<Volume>,
    pub lab: String,
    pub collected_at: DateTime<Utc>,
    /// Who collected it ("Ana Lopez, CMA"), which may differ from who charts a correction.
    pub collected_by: String,
    /// Name and date of birth were read back with the patient before the label printed.
    pub identifiers_confirmed: bool,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specimen {
    pub id: SpecimenId,
    #[serde(flatten)]
    pub collection: Collection,
}

impl Specimen {
    /// "CBC with differential, Lipid panel".
    pub fn tests_text(&self) -> String {
        self.collection
            .tests
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Days after sending with no result before it is overdue: the shortest among its tests
    /// (a test typed by hand counts the catalog's days for typed tests), so the first late
    /// result shows.
    pub fn overdue_days(&self, catalog: &LabCatalog) -> u16 {
        turnaround(&self.collection.tests, catalog)
    }
}

/// The shortest turnaround among the tests, in days (a test typed by hand counts the catalog's
/// days for typed tests).
pub fn turnaround(tests: &[OrderedTest], catalog: &LabCatalog) -> u16 {
    let typed = catalog.typed_test_overdue_days();
    tests
        .iter()
        .map(|t| {
            t.catalog_id
                .as_deref()
                .and_then(|id| catalog.test(id))
                .map_or(typed, |t| t.overdue_days)
        })
        .min()
        .unwrap_or(typed)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecimenField {
    Kind,
    Container,
    Tests,
    Fasting,
    Volume,
    Lab,
    CollectedAt,
    Identifiers,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecimenError {
    #[error("choose what the specimen is")]
    KindMissing,
    #[error("choose the tube or container")]
    ContainerMissing,
    #[error("a {} does not hold {}", .container.label().to_lowercase(), .kind.label().to_lowercase())]
    WrongContainer {
        container: Container,
        kind: SpecimenType,
    },
    #[error("add at least one test the specimen is for")]
    TestsMissing,
    #[error("{first} ({}) and {second} ({}) cannot share one specimen: collect them as two", .first_tube.label().to_lowercase(), .second_tube.label().to_lowercase())]
    TubesDiffer {
        first: String,
        first_tube: Container,
        second: String,
        second_tube: Container,
    },
    #[error("{0} is done fasting: ask whether the patient has fasted")]
    FastingNotAsked(String),
    #[error("type the volume in mL, e.g. 4 or 0.5 (up to 500 mL)")]
    Volume,
    #[error("say which lab it goes to")]
    LabMissing,
    #[error("type when it was collected, e.g. 15:30 or 2026-11-26 15:30")]
    TimeUnreadable,
    #[error("the collection time cannot be in the future")]
    TimeInFuture,
    #[error("the collection time is before the patient was born")]
    TimeBeforeBirth,
    #[error("{0}")]
    Identity(IdentityError),
}

/// The collection form as typed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SpecimenDraft {
    pub kind: Option<SpecimenType>,
    pub container: Option<Container>,
    pub source: String,
    pub tests: Vec<OrderedTest>,
    /// What is being typed into the test field before it joins `tests`.
    pub test_entry: String,
    /// Asked of the patient, never assumed from the tests.
    pub fasting: Option<bool>,
    pub volume: String,
    pub lab: String,
    pub collected_at: String,
    pub note: String,
    /// The patient's name and date of birth, asked before the label prints.
    #[serde(skip)]
    pub identity: IdentityCheck,
}

impl SpecimenDraft {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            collected_at: crate::clinical::time::format_local_date_time(now),
            ..Self::default()
        }
    }

    /// The form refilled from a charted collection, to correct it. The identifiers were
    /// confirmed when it was collected, so they stay confirmed.
    pub fn from_collection(c: &Collection, birth_date: NaiveDate) -> Self {
        Self {
            kind: Some(c.kind),
            container: Some(c.container),
            source: c.source.clone().unwrap_or_default(),
            tests: c.tests.clone(),
            test_entry: String::new(),
            fasting: c.fasting,
            volume: c.volume.map(|v| v.to_string()).unwrap_or_default(),
            lab: c.lab.clone(),
            collected_at: crate::clinical::time::format_local_date_time(c.collected_at),
            note: c.note.clone().unwrap_or_default(),
            identity: if c.identifiers_confirmed {
                IdentityCheck::passed(birth_date)
            } else {
                IdentityCheck::default()
            },
        }
    }

    /// Adds a catalog test, taking its specimen type and container when none is chosen yet.
    pub fn add_test(&mut self, test: &LabTest) {
        if self
            .tests
            .iter()
            .all(|t| t.catalog_id.as_deref() != Some(test.id.as_str()))
        {
            self.tests.push(OrderedTest::from_catalog(test));
        }
        self.kind.get_or_insert(test.specimen);
        if self.container.is_none() && self.kind == Some(test.specimen) {
            self.container = Some(test.container);
        }
        self.test_entry.clear();
    }

    /// Adds what is typed in the test field as a test outside the catalog.
    pub fn add_typed_test(&mut self) -> bool {
        let Some(name) = required(&self.test_entry) else {
            return false;
        };
        if !self
            .tests
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(&name))
        {
            self.tests.push(OrderedTest {
                catalog_id: None,
                name,
            });
        }
        self.test_entry.clear();
        true
    }

    pub fn check(
        &self,
        catalog: &LabCatalog,
        collected_by: &str,
        birth_date: NaiveDate,
        now: DateTime<FixedOffset>,
    ) -> Result<Collection, BTreeMap<SpecimenField, SpecimenError>> {
        let mut errors = BTreeMap::new();
        let mut fail = |field, error| {
            errors.insert(field, error);
        };
        if self.kind.is_none() {
            fail(SpecimenField::Kind, SpecimenError::KindMissing);
        }
        match (self.container, self.kind) {
            (None, _) => fail(SpecimenField::Container, SpecimenError::ContainerMissing),
            (Some(container), Some(kind)) if !container.holds(kind) => fail(
                SpecimenField::Container,
                SpecimenError::WrongContainer { container, kind },
            ),
            _ => {}
        }
        let mut tests = self.tests.clone();
        if let Some(name) = required(&self.test_entry) {
            tests.push(OrderedTest {
                catalog_id: None,
                name,
            });
        }
        if tests.is_empty() {
            fail(SpecimenField::Tests, SpecimenError::TestsMissing);
        }
        let catalogued: Vec<&LabTest> = tests
            .iter()
            .filter_map(|t| t.catalog_id.as_deref().and_then(|id| catalog.test(id)))
            .collect();
        // One tube per specimen: tests share it only when one of their containers serves them
        // all, and they are of one kind of specimen.
        let shared = catalogued.iter().any(|holder| {
            catalogued
                .iter()
                .all(|t| t.specimen == holder.specimen && holder.container.serves(t.container))
        });
        let apart = (!shared)
            .then(|| {
                catalogued.iter().find_map(|a| {
                    catalogued
                        .iter()
                        .find(|b| b.specimen != a.specimen || !a.container.serves(b.container))
                        .map(|b| (a, b))
                })
            })
            .flatten();
        if let Some((a, b)) = apart {
            fail(
                SpecimenField::Tests,
                SpecimenError::TubesDiffer {
                    first: a.name.clone(),
                    first_tube: a.container,
                    second: b.name.clone(),
                    second_tube: b.container,
                },
            );
        }
        if self.fasting.is_none()
            && let Some(fasting) = catalogued.iter().find(|t| t.fasting)
        {
            fail(
                SpecimenField::Fasting,
                SpecimenError::FastingNotAsked(fasting.name.clone()),
            );
        }
        let volume = match required(&self.volume) {
            None => None,
            Some(text) => match Volume::parse(&text) {
                Ok(v) => Some(v),
                Err(e) => {
                    fail(SpecimenField::Volume, e);
                    None
                }
            },
        };
        let lab = required(&self.lab);
        if lab.is_none() {
            fail(SpecimenField::Lab, SpecimenError::LabMissing);
        }
        let collected_at = match parse_local_date_time(&self.collected_at, now) {
            None => {
                fail(SpecimenField::CollectedAt, SpecimenError::TimeUnreadable);
                None
            }
            Some(at) if at > now.with_timezone(&Utc) => {
                fail(SpecimenField::CollectedAt, SpecimenError::TimeInFuture);
                None
            }
            Some(at) if to_local(at).date_naive() < birth_date => {
                fail(SpecimenField::CollectedAt, SpecimenError::TimeBeforeBirth);
                None
            }
            Some(at) => Some(at),
        };
        if let Err(e) = self.identity.check(birth_date) {
            fail(SpecimenField::Identifiers, SpecimenError::Identity(e));
        }
        match (self.kind, self.container, lab, collected_at) {
            (Some(kind), Some(container), Some(lab), Some(collected_at)) if errors.is_empty() => {
                Ok(Collection {
                    kind,
                    container,
                    source: required(&self.source),
                    tests,
                    fasting: self.fasting,
                    volume,
                    lab,
                    collected_at,
                    collected_by: collected_by.to_owned(),
                    identifiers_confirmed: true,
                    note: required(&self.note),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-26T15:30:00+00:00").unwrap()
    }

    fn birth() -> NaiveDate {
        NaiveDate::from_ymd_opt(1990, 5, 1).unwrap()
    }

    fn urine_draft() -> SpecimenDraft {
        let catalog = LabCatalog::built_in().unwrap();
        let mut draft = SpecimenDraft::new(now().with_timezone(&Utc));
        draft.add_test(catalog.test("urine_culture").unwrap());
        draft.lab = "Quest Diagnostics".into();
        draft.identity = IdentityCheck::passed(birth());
        draft
    }

    fn catalog() -> LabCatalog {
        LabCatalog::built_in().unwrap()
    }

    #[test]
    fn tests_that_need_different_tubes_cannot_share_a_specimen() {
        let catalog = catalog();
        let mut draft = urine_draft();
        draft.add_test(catalog.test("ua_micro").unwrap());
        assert!(
            draft.check(&catalog, "Ana", birth(), now()).is_ok(),
            "a UA is poured from the culture's sterile cup"
        );
        let mut blood = urine_draft();
        blood.tests.clear();
        blood.kind = None;
        blood.container = None;
        blood.add_test(catalog.test("cbc").unwrap());
        blood.add_test(catalog.test("cmp").unwrap());
        let errors = blood.check(&catalog, "Ana", birth(), now()).unwrap_err();
        assert!(
            matches!(
                errors.get(&SpecimenField::Tests),
                Some(SpecimenError::TubesDiffer { .. })
            ),
            "{errors:?}"
        );
        let mut sputum = urine_draft();
        sputum.add_test(catalog.test("afb").unwrap());
        assert!(
            sputum.check(&catalog, "Ana", birth(), now()).is_err(),
            "urine and sputum, though both in sterile cups"
        );
    }

    #[test]
    fn fasting_is_asked_never_assumed() {
        let catalog = catalog();
        let mut draft = urine_draft();
        draft.tests.clear();
        draft.kind = None;
        draft.container = None;
        draft.add_test(catalog.test("lipid").unwrap());
        assert_eq!(
            draft.fasting, None,
            "adding a fasting test does not answer it"
        );
        let errors = draft.check(&catalog, "Ana", birth(), now()).unwrap_err();
        assert!(matches!(
            errors.get(&SpecimenField::Fasting),
            Some(SpecimenError::FastingNotAsked(_))
        ));
        draft.fasting = Some(false);
        let collection = draft.check(&catalog, "Ana", birth(), now()).unwrap();
        assert_eq!(collection.fasting, Some(false), "kept as the patient said");
        let urine = urine_draft()
            .check(&catalog, "Ana", birth(), now())
            .unwrap();
        assert_eq!(urine.fasting, None, "not asked for a culture");
    }

    #[test]
    fn a_catalog_test_brings_its_type_and_container() {
        let collection = urine_draft()
            .check(&catalog(), "Ana Lopez, CMA", birth(), now())
            .unwrap();
        assert_eq!(collection.kind, SpecimenType::Urine);
        assert_eq!(
            collection.container,
            Container::SterileCup,
            "a culture goes in a sterile cup"
        );
        assert_eq!(collection.tests.len(), 1);
    }

    #[test]
    fn the_label_waits_for_both_identifiers() {
        let mut draft = urine_draft();
        draft.identity.stated_birth_date = "03/03/1980".into();
        let errors = draft.check(&catalog(), "Ana", birth(), now()).unwrap_err();
        assert_eq!(
            errors.get(&SpecimenField::Identifiers),
            Some(&SpecimenError::Identity(IdentityError::BirthDateMismatch))
        );
        draft.identity = IdentityCheck::default();
        let errors = draft.check(&catalog(), "Ana", birth(), now()).unwrap_err();
        assert_eq!(
            errors.get(&SpecimenField::Identifiers),
            Some(&SpecimenError::Identity(IdentityError::BirthDateMissing))
        );
    }

    #[test]
    fn collection_time_never_in_the_future_nor_before_birth() {
        let mut draft = urine_draft();
        draft.collected_at = "2026-11-26 15:31".into();
        let errors = draft.check(&catalog(), "Ana", birth(), now()).unwrap_err();
        assert_eq!(
            errors.get(&SpecimenField::CollectedAt),
            Some(&SpecimenError::TimeInFuture)
        );
        draft.collected_at = "2026-11-26 15:30".into();
        assert!(draft.check(&catalog(), "Ana", birth(), now()).is_ok());
        draft.collected_at = "1990-04-30 09:00".into();
        assert_eq!(
            draft
                .check(&catalog(), "Ana", birth(), now())
                .unwrap_err()
                .get(&SpecimenField::CollectedAt),
            Some(&SpecimenError::TimeBeforeBirth)
        );
    }

    #[test]
    fn a_tube_that_cannot_hold_the_specimen_is_named() {
        let mut draft = urine_draft();
        draft.container = Some(Container::LavenderEdta);
        let errors = draft.check(&catalog(), "Ana", birth(), now()).unwrap_err();
        assert!(
            errors
                .get(&SpecimenField::Container)
                .unwrap()
                .to_string()
                .contains("does not hold urine")
        );
    }

    #[test]
    fn a_typed_test_is_kept_and_nothing_else_is_lost() {
        let mut draft = urine_draft();
        draft.test_entry = "Urine cytology".into();
        draft.volume = "abc".into();
        let errors = draft.check(&catalog(), "Ana", birth(), now()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(draft.test_entry, "Urine cytology");
        draft.volume = "30 mL".into();
        let collection = draft.check(&catalog(), "Ana", birth(), now()).unwrap();
        assert_eq!(collection.tests.len(), 2);
        assert_eq!(collection.volume.unwrap().to_string(), "30 mL");
    }

    #[test]
    fn a_collection_refilled_checks_back_to_itself() {
        let mut draft = urine_draft();
        draft.volume = "2.5".into();
        draft.note = "first morning".into();
        let collection = draft
            .check(&catalog(), "Ana Lopez, CMA", birth(), now())
            .unwrap();
        let again = SpecimenDraft::from_collection(&collection, birth())
            .check(&catalog(), "Ana Lopez, CMA", birth(), now())
            .unwrap();
        assert_eq!(again, collection);
    }

    #[test]
    fn overdue_is_the_shortest_turnaround_and_a_typed_test_counts_the_catalogs_days() {
        let catalog = LabCatalog::built_in().unwrap();
        let mut draft = urine_draft();
        draft.test_entry = "Urine cytology".into();
        let collection = draft.check(&catalog, "Ana", birth(), now()).unwrap();
        let specimen = |tests: Vec<OrderedTest>| Specimen {
            id: SpecimenId::from_bits(1),
            collection: Collection {
                tests,
                ..collection.clone()
            },
        };
        let culture = collection.tests[0].clone();
        let typed = collection.tests[1].clone();
        assert_eq!(specimen(vec![culture.clone()]).overdue_days(&catalog), 4);
        assert_eq!(
            specimen(vec![typed.clone()]).overdue_days(&catalog),
            catalog.typed_test_overdue_days()
        );
        assert_eq!(specimen(vec![typed, culture]).overdue_days(&catalog), 4);
    }
}
