//! The safety checks before an injection, each with a case that passes and one that triggers,
//! and the form check that turns a draft into a record. Pure domain: no store, no UI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rooming::clinical::age::Age;
use rooming::clinical::allergy::{
    Allergy, AllergyCategory, AllergyStatusCode, AllergySubstance, Criticality, Reaction, Severity,
    Verification,
};
use rooming::clinical::history::social::{Pregnancy, PregnancyStatus};
use rooming::clinical::history::{Condition, ConditionStatus, Named};
use rooming::clinical::identity::IdentityCheck;
use rooming::clinical::ids::{LotId, PatientId, RecordId, StaffId};
use rooming::clinical::injection::administration::{
    Administration, Administrator, CoSignature, Event, Funding, GivenDose, LotUsed, ProductRef,
};
use rooming::clinical::injection::dose::{Dose, Route, Site};
use rooming::clinical::injection::dose_limit::DosingBasis;
use rooming::clinical::injection::draft::{
    AdministrationDraft, AdministrationError, AdministrationField, Blocked, DraftContext,
    EntryMode, with_overrides,
};
use rooming::clinical::injection::observations::ChartFacts;
use rooming::clinical::injection::safety::{
    CheckKind, Finding, Gate, Patient, PregnancyTest, Proposal, Proposed, References, check,
};
use rooming::clinical::injection::{InjectionCatalog, Lot};
use rooming::clinical::medication::{
    Medication, MedicationSource, MedicationStatus, Schedule as MedicationSchedule,
};
use rooming::clinical::patient::Sex;
use rooming::clinical::record::{Recorded, Standing, Versioned};
use rooming::clinical::reference::Reference;
use rooming::clinical::time::to_local;
use rooming::clinical::units::Mass;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T15:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    to_local(now()).date_naive()
}

fn recorded(at: DateTime<Utc>) -> Recorded {
    Recorded {
        at,
        by: StaffId::new(),
        by_name: "Ana Lopez, CMA".into(),
    }
}

fn versioned<T>(content: T, at: DateTime<Utc>) -> Versioned<T> {
    Versioned {
        id: RecordId::new(),
        patient_id: PatientId::new(),
        visit_id: None,
        content,
        recorded: recorded(at),
        replaces: None,
        standing: Standing::Current,
    }
}

fn allergy(
    substance: AllergySubstance,
    category: AllergyCategory,
    note: Option<&str>,
) -> Versioned<Allergy> {
    versioned(
        Allergy {
            substance,
            category,
            reactions: BTreeSet::from([Reaction::Hives]),
            severity: None,
            criticality: Criticality::Low,
            status: AllergyStatusCode::Active,
            verification: Verification::Confirmed,
            onset: None,
            note: note.map(Into::into),
        },
        now(),
    )
}

fn egg_allergy() -> Versioned<Allergy> {
    allergy(
        AllergySubstance::Catalog {
            id: "egg".into(),
            name: "Egg".into(),
        },
        AllergyCategory::Food,
        None,
    )
}

fn reference() -> &'static Reference {
    static REFERENCE: std::sync::OnceLock<Reference> = std::sync::OnceLock::new();
    REFERENCE.get_or_init(|| Reference::built_in().unwrap())
}

fn catalog() -> &'static InjectionCatalog {
    &reference().injections
}

fn lot(product: &str, expires: NaiveDate, left: u32) -> Lot {
    Lot {
        id: LotId::new(),
        product_id: product.into(),
        number: "L0T1".into(),
        expires,
        ndc: None,
        manufacturer: "Sanofi Pasteur".into(),
        mvx: Some("PMC".into()),
        received: 10,
        left,
        received_at: now(),
        received_by: "Ana Lopez, CMA".into(),
    }
}

fn administrator() -> Administrator {
    Administrator {
        name: "Ana Lopez".into(),
        title: "CMA".into(),
        clinic: "Valley Family Medicine".into(),
        address: "12 Main St, Springfield".into(),
    }
}

/// A dose of `product` given here `days_ago` days before now.
fn given(product: &str, days_ago: i64) -> Versioned<Administration> {
    let p = catalog().product(product).unwrap();
    let at = now() - Duration::days(days_ago);
    versioned(
        Administration {
            product: ProductRef::of(p),
            event: Event::GivenHere(Box::new(GivenDose {
                at,
                lot: LotUsed {
                    lot_id: LotId::new(),
                    number: "OLD1".into(),
                    expires: today() + Duration::days(300),
                    ndc: None,
                    manufacturer: "Merck".into(),
                    mvx: None,
                },
                dose: p.doses[0],
                route: p.route.unwrap(),
                site: p.sites.first().copied(),
                series_dose: None,
                ordered_by: "Dr. Patel".into(),
                funding: None,
                administered_by: administrator(),
                vis: Vec::new(),
            })),
            overrides: Vec::new(),
        },
        at,
    )
}

struct Case {
    allergies: Vec<Versioned<Allergy>>,
    pregnancy: Option<(Pregnancy, Recorded)>,
    asks_pregnancy: bool,
    childbearing_age: bool,
    test: Option<PregnancyTest>,
    past: Vec<Versioned<Administration>>,
    dosing: DosingBasis,
    birth_date: NaiveDate,
    conditions: Vec<Versioned<Condition>>,
    medications: Vec<Versioned<Medication>>,
}

/// A patient of `years` (and `months`) today, weighed today when `kg` is given.
fn body(years: u32, months: u32, kg: Option<f64>) -> DosingBasis {
    let birth = today()
        .checked_sub_months(chrono::Months::new(years * 12 + months))
        .unwrap();
    DosingBasis {
        age: Age::on(birth, today()),
        weight: kg.map(|kg| (Mass::from_kilograms(kg), now())),
    }
}

impl Case {
    fn new() -> Self {
        Self {
            allergies: Vec::new(),
            pregnancy: None,
            asks_pregnancy: false,
            childbearing_age: false,
            test: None,
            past: Vec::new(),
            dosing: body(40, 0, Some(70.0)),
            birth_date: NaiveDate::from_ymd_opt(1986, 5, 1).unwrap(),
            conditions: Vec::new(),
            medications: Vec::new(),
        }
    }

    fn condition(mut self, name: &str, code: &str) -> Self {
        self.conditions.push(versioned(
            Condition {
                condition: Named {
                    name: name.into(),
                    code: Some(code.into()),
                },
                onset: None,
                status: ConditionStatus::Active,
                note: None,
            },
            now(),
        ));
        self
    }

    fn taking(mut self, name: &str, strength: Option<&str>) -> Self {
        self.medications.push(versioned(
            Medication {
                name: name.into(),
                from_catalog: true,
                strength: strength.map(Into::into),
                dose: None,
                route: None,
                frequency: None,
                schedule: MedicationSchedule::Scheduled,
                start: None,
                last_taken: None,
                prescriber: None,
                source: MedicationSource::Patient,
                status: MedicationStatus::Active,
                stop_reason: None,
            },
            now(),
        ));
        self
    }

    fn of(dosing: DosingBasis) -> Self {
        Self {
            dosing,
            birth_date: dosing.age.unwrap().birth(),
            ..Self::new()
        }
    }

    /// Given here from a good lot of the product at `dose`.
    fn give_dose(&self, product: &str, dose: &str) -> Vec<Finding> {
        let lot = lot(product, today() + Duration::days(100), 5);
        self.findings(
            product,
            Proposed::GivenHere {
                lot: Some(&lot),
                dose: Some(Dose::parse(dose).unwrap()),
            },
            None,
        )
    }

    fn pregnancy(mut self, status: PregnancyStatus, days_ago: i64) -> Self {
        self.asks_pregnancy = true;
        self.pregnancy = Some((
            Pregnancy {
                status,
                last_menstrual_period: None,
            },
            recorded(now() - Duration::days(days_ago)),
        ));
        self
    }

    fn findings(
        &self,
        product: &str,
        how: Proposed<'_>,
        replaces: Option<RecordId>,
    ) -> Vec<Finding> {
        let proposal = Proposal {
            product: catalog().product(product).unwrap(),
            day: today(),
            how,
            replaces,
        };
        let observations = reference().observations.observe(&ChartFacts {
            conditions: &self.conditions,
            medications: &self.medications,
            allergies: &self.allergies,
            pregnancy: self.pregnancy.as_ref().map(|(p, _)| *p),
            pregnancy_test: self.test,
        });
        let patient = Patient {
            allergies: &self.allergies,
            pregnancy: self.pregnancy.as_ref().map(|(p, r)| (*p, r)),
            asks_pregnancy: self.asks_pregnancy,
            childbearing_age: self.childbearing_age,
            dosing: self.dosing,
            birth_date: self.birth_date,
            sex: Sex::Female,
            pregnancy_test: self.test,
            past: &self.past,
            observations: &observations,
        };
        let refs = References {
            catalog: catalog(),
            allergens: &reference().allergens,
            schedule: reference().schedule.get().ok(),
        };
        check(&proposal, &patient, &refs)
    }

    /// Given here from a good lot of the product, at its usual dose.
    fn give(&self, product: &str) -> Vec<Finding> {
        let lot = lot(product, today() + Duration::days(100), 5);
        let dose = catalog().product(product).unwrap().doses.first().copied();
        self.findings(
            product,
            Proposed::GivenHere {
                lot: Some(&lot),
                dose,
            },
            None,
        )
    }
}

fn kinds(findings: &[Finding]) -> Vec<(Gate, CheckKind)> {
    findings.iter().map(|f| (f.gate, f.kind)).collect()
}

#[test]
/// ACIP 2023-24: an egg allergy needs no extra measures before an influenza vaccine, whatever
/// its severity: shown, but nothing to pass.
fn an_egg_allergy_is_information_before_an_egg_based_flu_vaccine() {
    let case = Case {
        allergies: vec![egg_allergy()],
        ..Case::new()
    };
    let findings = case.give("fluzone");
    assert_eq!(kinds(&findings), [(Gate::Information, CheckKind::Allergy)]);
    assert!(findings[0].fact.contains("Egg"), "{}", findings[0].fact);
    assert!(
        findings[0].fact.contains("egg protein"),
        "{}",
        findings[0].fact
    );
    assert!(case.give("flucelvax").is_empty(), "cell-based: no egg");
    let mut severe = egg_allergy();
    severe.content.reactions.insert(Reaction::Anaphylaxis);
    let case = Case {
        allergies: vec![severe],
        ..Case::new()
    };
    assert_eq!(
        kinds(&case.give("fluzone")),
        [(Gate::Information, CheckKind::Allergy)]
    );
    let administration = given("fluzone", 0).content;
    assert!(
        with_overrides(
            administration,
            &case.give("fluzone"),
            &BTreeMap::new(),
            None
        )
        .is_ok(),
        "nothing to pass"
    );
}

/// A severe allergy (high criticality, severe, or anaphylaxis) to a component is passed only
/// with a provider's co-signature; a mild one with a reason.
#[test]
fn a_severe_allergy_needs_a_provider() {
    let mut severe = allergy(
        AllergySubstance::Catalog {
            id: "cephalosporins".into(),
            name: "Cephalosporins".into(),
        },
        AllergyCategory::Medication,
        None,
    );
    severe.content.criticality = Criticality::High;
    let case = Case {
        allergies: vec![severe.clone()],
        ..Case::new()
    };
    assert_eq!(
        kinds(&case.give("ceftriaxone_im")),
        [(Gate::ProviderOverride, CheckKind::Allergy)]
    );
    severe.content.criticality = Criticality::Low;
    severe.content.severity = Some(Severity::Severe);
    let case = Case {
        allergies: vec![severe],
        ..Case::new()
    };
    assert_eq!(
        kinds(&case.give("ceftriaxone_im")),
        [(Gate::ProviderOverride, CheckKind::Allergy)]
    );
}

/// A severe reaction to one product of a vaccine group stops every product of the group.
#[test]
fn a_severe_reaction_to_the_vaccine_group_needs_a_provider() {
    let mut reaction = allergy(
        AllergySubstance::Catalog {
            id: "prior_vaccine_reaction".into(),
            name: "Vaccine (prior reaction)".into(),
        },
        AllergyCategory::Biologic,
        Some("anaphylaxis after Fluzone in 2024"),
    );
    reaction.content.reactions = BTreeSet::from([Reaction::Anaphylaxis]);
    let case = Case {
        allergies: vec![reaction],
        ..Case::new()
    };
    let findings = case.give("flublok");
    assert_eq!(
        kinds(&findings),
        [(Gate::ProviderOverride, CheckKind::PriorReaction)]
    );
    assert!(findings[0].fact.contains("Flublok"), "{}", findings[0].fact);
    assert!(case.give("shingrix").is_empty());
}

#[test]
fn drug_allergies_cover_therapeutic_injections() {
    let case = Case {
        allergies: vec![allergy(
            AllergySubstance::Catalog {
                id: "cephalosporins".into(),
                name: "Cephalosporins".into(),
            },
            AllergyCategory::Medication,
            None,
        )],
        ..Case::new()
    };
    assert_eq!(
        kinds(&case.give("ceftriaxone_im")),
        [(Gate::Warning, CheckKind::Allergy)]
    );
    assert!(case.give("ketorolac_im").is_empty());
    // Aspirin hypersensitivity cross-reacts with the COX-1 NSAIDs: ketorolac.
    let aspirin = Case {
        allergies: vec![allergy(
            AllergySubstance::Catalog {
                id: "aspirin".into(),
                name: "Aspirin".into(),
            },
            AllergyCategory::Medication,
            None,
        )],
        ..Case::new()
    };
    assert_eq!(
        kinds(&aspirin.give("ketorolac_im")),
        [(Gate::Warning, CheckKind::Allergy)]
    );
    assert!(aspirin.give("ceftriaxone_im").is_empty());
}

#[test]
fn a_prior_reaction_to_the_same_vaccine_warns() {
    let free_text = Case {
        allergies: vec![allergy(
            AllergySubstance::FreeText("Flu shot".into()),
            AllergyCategory::Biologic,
            None,
        )],
        ..Case::new()
    };
    assert_eq!(
        kinds(&free_text.give("fluzone")),
        [(Gate::Warning, CheckKind::PriorReaction)]
    );
    assert!(free_text.give("shingrix").is_empty());

    let from_catalog = Case {
        allergies: vec![allergy(
            AllergySubstance::Catalog {
                id: "prior_vaccine_reaction".into(),
                name: "Vaccine (prior reaction)".into(),
            },
            AllergyCategory::Biologic,
            Some("fever and seizure after MMR at 12 months"),
        )],
        ..Case::new()
    };
    let findings = from_catalog.give("mmr_ii");
    assert_eq!(
        kinds(&findings),
        [(Gate::Warning, CheckKind::PriorReaction)]
    );
    assert!(
        findings[0].fact.contains("after MMR"),
        "{}",
        findings[0].fact
    );
    assert!(from_catalog.give("fluzone").is_empty());
}

#[test]
fn pregnancy_is_a_hard_stop_before_a_live_vaccine_and_depo() {
    let pregnant = Case::new().pregnancy(PregnancyStatus::Pregnant, 10);
    let findings = pregnant.give("mmr_ii");
    assert_eq!(kinds(&findings), [(Gate::HardStop, CheckKind::Pregnant)]);
    assert!(
        findings[0].fact.contains("live vaccine"),
        "{}",
        findings[0].fact
    );
    assert_eq!(
        kinds(&pregnant.give("medroxyprogesterone_im")),
        [(Gate::HardStop, CheckKind::Pregnant)]
    );
    // An inactivated vaccine is given in pregnancy.
    assert!(pregnant.give("fluzone").is_empty());
    assert!(pregnant.give("boostrix").is_empty());

    let not_pregnant = Case::new().pregnancy(PregnancyStatus::NotPregnant, 10);
    assert!(not_pregnant.give("mmr_ii").is_empty());
}

#[test]
fn a_positive_pregnancy_test_this_visit_stops_a_live_vaccine() {
    let mut case = Case::new().pregnancy(PregnancyStatus::NotPregnant, 3);
    case.test = Some(PregnancyTest {
        positive: true,
        at: now(),
    });
    assert_eq!(
        kinds(&case.give("varivax")),
        [(Gate::HardStop, CheckKind::PositivePregnancyTest)]
    );
    case.test = Some(PregnancyTest {
        positive: false,
        at: now(),
    });
    assert!(case.give("varivax").is_empty());
}

#[test]
fn an_unknown_or_stale_pregnancy_status_is_asked_again() {
    let mut unknown = Case::new();
    unknown.asks_pregnancy = true;
    assert_eq!(
        kinds(&unknown.give("mmr_ii")),
        [(Gate::Warning, CheckKind::PregnancyUnknown)]
    );
    let possible = Case::new().pregnancy(PregnancyStatus::Possible, 1);
    assert_eq!(
        kinds(&possible.give("mmr_ii")),
        [(Gate::Warning, CheckKind::PregnancyUnknown)]
    );
    let stale = Case::new().pregnancy(PregnancyStatus::NotPregnant, 31);
    let findings = stale.give("mmr_ii");
    assert_eq!(
        kinds(&findings),
        [(Gate::Warning, CheckKind::PregnancyUnknown)]
    );
    assert!(
        findings[0].fact.contains("31 days ago"),
        "{}",
        findings[0].fact
    );
    assert!(
        Case::new()
            .pregnancy(PregnancyStatus::NotPregnant, 30)
            .give("mmr_ii")
            .is_empty()
    );
    // Not asked at this age or sex: nothing to ask.
    assert!(Case::new().give("mmr_ii").is_empty());
}

#[test]
fn a_late_depo_dose_needs_a_pregnancy_test_first() {
    let mut late = Case::new().pregnancy(PregnancyStatus::NotPregnant, 1);
    late.past = vec![given("medroxyprogesterone_im", 16 * 7)];
    let findings = late.give("medroxyprogesterone_im");
    assert_eq!(
        kinds(&findings),
        [(Gate::Warning, CheckKind::PregnancyTestNeeded)]
    );
    assert!(
        findings[0].fact.contains("16 weeks ago"),
        "{}",
        findings[0].fact
    );
    late.test = Some(PregnancyTest {
        positive: false,
        at: now(),
    });
    assert!(late.give("medroxyprogesterone_im").is_empty());

    let mut on_time = Case::new().pregnancy(PregnancyStatus::NotPregnant, 1);
    on_time.past = vec![given("medroxyprogesterone_im", 13 * 7)];
    assert!(on_time.give("medroxyprogesterone_im").is_empty());
}

#[test]
fn an_expired_lot_is_a_hard_stop_here_and_a_warning_when_transcribed() {
    let case = Case::new();
    let dose = Some(Dose::parse("0.5 mL").unwrap());
    let last_day = lot("fluzone", today(), 5);
    assert!(
        case.findings(
            "fluzone",
            Proposed::GivenHere {
                lot: Some(&last_day),
                dose
            },
            None
        )
        .is_empty()
    );
    let expired = lot("fluzone", today() - Duration::days(1), 5);
    let findings = case.findings(
        "fluzone",
        Proposed::GivenHere {
            lot: Some(&expired),
            dose,
        },
        None,
    );
    assert_eq!(kinds(&findings), [(Gate::HardStop, CheckKind::ExpiredLot)]);

    let transcribed = |expires| {
        case.findings(
            "fluzone",
            Proposed::Historical {
                lot_expires: Some(expires),
            },
            None,
        )
    };
    assert!(transcribed(today()).is_empty());
    assert_eq!(
        kinds(&transcribed(today() - Duration::days(1))),
        [(Gate::Warning, CheckKind::ExpiredLot)]
    );
}

#[test]
fn an_empty_lot_or_a_lot_of_another_product_cannot_be_used() {
    let case = Case::new();
    let dose = Some(Dose::parse("0.5 mL").unwrap());
    let empty = lot("fluzone", today() + Duration::days(9), 0);
    assert_eq!(
        kinds(&case.findings(
            "fluzone",
            Proposed::GivenHere {
                lot: Some(&empty),
                dose
            },
            None
        )),
        [(Gate::HardStop, CheckKind::EmptyLot)]
    );
    let other = lot("fluarix", today() + Duration::days(9), 3);
    assert_eq!(
        kinds(&case.findings(
            "fluzone",
            Proposed::GivenHere {
                lot: Some(&other),
                dose
            },
            None
        )),
        [(Gate::HardStop, CheckKind::WrongLot)]
    );
}

#[test]
fn the_same_vaccine_today_and_too_soon_need_a_provider() {
    let mut case = Case::new();
    case.past = vec![given("fluzone", 0)];
    let findings = case.give("fluarix");
    assert_eq!(
        kinds(&findings),
        [(Gate::ProviderOverride, CheckKind::SameDay)]
    );
    assert!(findings[0].fact.contains("Fluzone"), "{}", findings[0].fact);
    // A correction of that very dose is not a second dose.
    let id = case.past[0].id;
    let lot = lot("fluzone", today() + Duration::days(9), 3);
    let dose = Some(Dose::parse("0.5 mL").unwrap());
    assert!(
        case.findings(
            "fluzone",
            Proposed::GivenHere {
                lot: Some(&lot),
                dose
            },
            Some(id)
        )
        .is_empty()
    );

    // Too soon by the ACIP schedule (CDSi): a provider's co-signature, with the dates.
    case.past = vec![given("engerix_b_adult", 16)];
    let findings = case.give("engerix_b_adult");
    assert_eq!(
        kinds(&findings),
        [(Gate::ProviderOverride, CheckKind::Schedule)]
    );
    assert!(
        findings[0].fact.contains("too soon") && findings[0].fact.contains("this would be day 16"),
        "{}",
        findings[0].fact
    );
    case.past = vec![given("engerix_b_adult", 28)];
    assert!(case.give("engerix_b_adult").is_empty());
    // A combination vaccine shares its antigens' intervals.
    let mut infant = Case::of(body(0, 4, Some(6.5)));
    infant.past = vec![given("engerix_b_pediatric", 10)];
    assert_eq!(
        kinds(&infant.give("pediarix")),
        [(Gate::ProviderOverride, CheckKind::Schedule)]
    );
    // A combination vaccine the same day as one of its parts is a second dose of that part.
    infant.past = vec![given("engerix_b_pediatric", 0)];
    assert_eq!(
        kinds(&infant.give("pediarix")),
        [(Gate::ProviderOverride, CheckKind::SameDay)]
    );
    // Different vaccines on one day are fine.
    case.past = vec![given("boostrix", 0)];
    assert!(case.give("fluzone").is_empty());
}

#[test]
fn two_live_vaccines_need_28_days_unless_given_together() {
    // A child of 13 months: MMR and varicella are both due.
    let mut case = Case::of(body(1, 1, Some(10.0)));
    case.past = vec![given("varivax", 10)];
    let findings = case.give("mmr_ii");
    assert_eq!(
        kinds(&findings),
        [(Gate::ProviderOverride, CheckKind::Schedule)]
    );
    assert!(
        findings[0].fact.contains("live vaccine"),
        "{}",
        findings[0].fact
    );
    case.past = vec![given("varivax", 0)];
    assert!(case.give("mmr_ii").is_empty());
    case.past = vec![given("varivax", 28)];
    assert!(case.give("mmr_ii").is_empty());
}

#[test]
fn an_unusual_dose_warns() {
    let case = Case::new();
    let lot = lot("fluzone", today() + Duration::days(9), 3);
    let at = |dose: &str| {
        case.findings(
            "fluzone",
            Proposed::GivenHere {
                lot: Some(&lot),
                dose: Some(Dose::parse(dose).unwrap()),
            },
            None,
        )
    };
    assert!(at("0.5 mL").is_empty());
    assert_eq!(
        kinds(&at("0.25 mL")),
        [(Gate::Warning, CheckKind::UnusualDose)]
    );
}

#[test]
fn going_past_a_warning_needs_a_reason_and_a_hard_stop_never_passes() {
    let administration = given("fluzone", 0).content;
    let warning = Finding {
        gate: Gate::Warning,
        kind: CheckKind::Allergy,
        fact: "Egg (hives)".into(),
    };
    let stop = Finding {
        gate: Gate::HardStop,
        kind: CheckKind::ExpiredLot,
        fact: "lot X expired".into(),
    };
    let mut reasons = BTreeMap::new();
    assert_eq!(
        with_overrides(
            administration.clone(),
            std::slice::from_ref(&warning),
            &reasons,
            None
        ),
        Err(Blocked::ReasonsMissing(vec![warning.key()]))
    );
    reasons.insert(warning.key(), "   ".into());
    assert!(
        with_overrides(
            administration.clone(),
            std::slice::from_ref(&warning),
            &reasons,
            None
        )
        .is_err()
    );
    reasons.insert(warning.key(), "tolerated flu vaccine last year".into());
    let passed = with_overrides(
        administration.clone(),
        std::slice::from_ref(&warning),
        &reasons,
        None,
    )
    .unwrap();
    assert_eq!(passed.overrides.len(), 1);
    assert_eq!(
        passed.overrides[0].reason,
        "tolerated flu vaccine last year"
    );
    assert_eq!(passed.overrides[0].check, CheckKind::Allergy);
    assert_eq!(passed.overrides[0].co_signed_by, None);
    // Only a provider passes this one: a reason alone is not enough.
    let provider = Finding {
        gate: Gate::ProviderOverride,
        kind: CheckKind::SameDay,
        fact: "Fluzone at 09:12".into(),
    };
    reasons.insert(
        provider.key(),
        "the first dose was a drawn-up dose wasted".into(),
    );
    let both = [warning.clone(), provider.clone()];
    assert_eq!(
        with_overrides(administration.clone(), &both, &reasons, None),
        Err(Blocked::NeedsProvider)
    );
    let co_signature = CoSignature {
        staff: StaffId::new(),
        signature: "Maria Chen, MD".into(),
        at: now(),
    };
    let passed =
        with_overrides(administration.clone(), &both, &reasons, Some(&co_signature)).unwrap();
    assert_eq!(
        passed.overrides[0].co_signed_by, None,
        "the MA's own warning"
    );
    assert_eq!(
        passed.overrides[1].co_signed_by.as_ref(),
        Some(&co_signature)
    );
    reasons.insert(stop.key(), "I am sure".into());
    assert_eq!(
        with_overrides(
            administration,
            &[warning, stop],
            &reasons,
            Some(&co_signature)
        ),
        Err(Blocked::HardStop)
    );
}

fn draft_context<'a>(lots: &'a [Lot], administrator: &'a Administrator) -> DraftContext<'a> {
    DraftContext {
        catalog: catalog(),
        lots,
        now: to_local(now()),
        birth_date: NaiveDate::from_ymd_opt(1980, 3, 2).unwrap(),
        administrator,
        visit_started: None,
    }
}

#[test]
fn a_dose_given_here_keeps_what_the_law_asks_for() {
    let lots = [lot("fluzone", today() + Duration::days(90), 4)];
    let administrator = administrator();
    let cx = draft_context(&lots, &administrator);
    let mut draft = AdministrationDraft::new(now());
    let errors = draft.check(&cx).unwrap_err();
    assert_eq!(
        errors.get(&AdministrationField::Product),
        Some(&AdministrationError::ProductMissing)
    );

    draft.pick(catalog().product("fluzone").unwrap(), true);
    assert_eq!(draft.dose, "0.5 mL");
    assert_eq!(draft.route, Some(Route::Intramuscular));
    assert_eq!(draft.funding, Some(Funding::NotEligible));
    let errors = draft.check(&cx).unwrap_err();
    for field in [
        AdministrationField::Lot,
        AdministrationField::Site,
        AdministrationField::OrderedBy,
        AdministrationField::Vis,
    ] {
        assert!(errors.contains_key(&field), "{field:?}: {errors:?}");
    }
    draft.lot_id = Some(lots[0].id);
    draft.site = Some(Site::LeftDeltoid);
    draft.ordered_by = "Dr. Patel".into();
    for ticked in draft.vis_given.values_mut() {
        *ticked = true;
    }
    draft.identity = IdentityCheck::passed(NaiveDate::from_ymd_opt(1980, 3, 2).unwrap());
    let administration = draft.check(&cx).unwrap();
    let Event::GivenHere(given) = &administration.event else {
        panic!("given here");
    };
    assert_eq!(given.lot.number, "L0T1");
    assert_eq!(given.administered_by.address, "12 Main St, Springfield");
    assert_eq!(given.vis.len(), 1);
    // The edition is the one printed on the sheet, never today.
    assert_eq!(
        given.vis[0].edition,
        NaiveDate::from_ymd_opt(2021, 8, 6).unwrap()
    );
    assert_eq!(given.vis[0].given_on, today());

    draft.at = "2026-11-27 09:00".into();
    assert_eq!(
        draft.check(&cx).unwrap_err().get(&AdministrationField::At),
        Some(&AdministrationError::InFuture)
    );
    draft.at = "2026-11-26 09:00".into();
    draft.dose = "150 mg".into();
    assert!(matches!(
        draft
            .check(&cx)
            .unwrap_err()
            .get(&AdministrationField::Dose),
        Some(AdministrationError::DoseUnit(..))
    ));
}

/// The route and site are the product's, checked in the draft's check and not only by what the
/// form offers; a dose given here falls within the visit.
#[test]
fn route_site_and_time_must_fit_the_product_and_the_visit() {
    let lots = [lot("fluzone", today() + Duration::days(90), 4)];
    let administrator = administrator();
    let mut cx = draft_context(&lots, &administrator);
    let mut draft = AdministrationDraft::new(now());
    draft.pick(catalog().product("fluzone").unwrap(), true);
    draft.lot_id = Some(lots[0].id);
    draft.site = Some(Site::LeftDeltoid);
    draft.ordered_by = "Dr. Patel".into();
    for ticked in draft.vis_given.values_mut() {
        *ticked = true;
    }
    draft.identity = IdentityCheck::passed(NaiveDate::from_ymd_opt(1980, 3, 2).unwrap());
    assert!(draft.check(&cx).is_ok());
    draft.route = Some(Route::Subcutaneous);
    assert!(matches!(
        draft
            .check(&cx)
            .unwrap_err()
            .get(&AdministrationField::Route),
        Some(AdministrationError::RouteNotForProduct(..))
    ));
    draft.route = Some(Route::Intramuscular);
    draft.site = Some(Site::LeftGluteal);
    assert!(matches!(
        draft
            .check(&cx)
            .unwrap_err()
            .get(&AdministrationField::Site),
        Some(AdministrationError::SiteNotForProduct(..))
    ));
    draft.site = Some(Site::LeftDeltoid);
    // The visit started half an hour ago; a dose "given" yesterday is not in it.
    cx.visit_started = Some(now() - Duration::minutes(30));
    draft.at = "2026-11-25 10:00".into();
    assert!(matches!(
        draft.check(&cx).unwrap_err().get(&AdministrationField::At),
        Some(AdministrationError::BeforeVisit(..))
    ));
    draft.at = to_local(now() - Duration::minutes(30))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(draft.check(&cx).is_ok(), "the visit's own minute");
}

#[test]
fn transcribed_and_declined_doses_need_less() {
    let administrator = administrator();
    let cx = draft_context(&[], &administrator);
    let mut draft = AdministrationDraft::new(now());
    draft.mode = EntryMode::Historical;
    draft.pick(catalog().product("influenza_unspecified").unwrap(), true);
    let errors = draft.check(&cx).unwrap_err();
    assert_eq!(
        errors.keys().copied().collect::<Vec<_>>(),
        [AdministrationField::On, AdministrationField::Source]
    );
    draft.on = "10/01/2025".into();
    draft.source = Some(rooming::clinical::injection::administration::HistoricalSource::Card);
    let administration = draft.check(&cx).unwrap();
    assert!(matches!(administration.event, Event::Historical(_)));
    draft.on = "01/01/1979".into();
    assert_eq!(
        draft.check(&cx).unwrap_err().get(&AdministrationField::On),
        Some(&AdministrationError::BeforeBirth)
    );

    let mut declined = AdministrationDraft::new(now());
    declined.mode = EntryMode::NotGiven;
    declined.pick(catalog().product("gardasil_9").unwrap(), true);
    assert!(
        declined
            .check(&cx)
            .unwrap_err()
            .contains_key(&AdministrationField::Reason)
    );
    declined.not_given =
        Some(rooming::clinical::injection::administration::NotGivenReason::Contraindicated);
    assert!(
        declined
            .check(&cx)
            .unwrap_err()
            .contains_key(&AdministrationField::Note)
    );
    declined.note = "severe allergic reaction to yeast".into();
    assert!(declined.check(&cx).is_ok());
    // An unknown formulation cannot be given here.
    let mut here = AdministrationDraft::new(now());
    here.pick(catalog().product("influenza_unspecified").unwrap(), true);
    assert!(matches!(
        here.check(&cx)
            .unwrap_err()
            .get(&AdministrationField::Product),
        Some(AdministrationError::HistoricalOnly(_))
    ));
}

fn gates_of(findings: &[Finding], kind: CheckKind) -> Vec<Gate> {
    findings
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.gate)
        .collect()
}

#[test]
/// Ketorolac label: a single 30 mg IM dose from 65 years or under 50 kg; children 1 mg/kg up
/// to 30 mg. The form offers 30 mg first.
fn ketorolac_is_limited_by_age_and_weight() {
    let toradol = "ketorolac_im";
    assert_eq!(
        catalog().product(toradol).unwrap().doses[0],
        Dose::parse("30 mg").unwrap()
    );
    let over = |case: &Case, dose| gates_of(&case.give_dose(toradol, dose), CheckKind::AboveLimit);
    let adult = Case::new();
    assert!(over(&adult, "60 mg").is_empty(), "40 years, 70 kg");
    let older = Case::of(body(70, 0, Some(70.0)));
    assert_eq!(over(&older, "60 mg"), [Gate::ProviderOverride]);
    assert!(over(&older, "30 mg").is_empty());
    let light = Case::of(body(40, 0, Some(45.0)));
    assert_eq!(over(&light, "60 mg"), [Gate::ProviderOverride]);
    let child = Case::of(body(8, 0, Some(20.0)));
    let found = child.give_dose(toradol, "30 mg");
    assert_eq!(
        gates_of(&found, CheckKind::AboveLimit),
        [Gate::ProviderOverride]
    );
    let fact = &found
        .iter()
        .find(|f| f.kind == CheckKind::AboveLimit)
        .unwrap()
        .fact;
    assert!(
        fact.contains("20 mg") && fact.contains("1 mg/kg × 20 kg"),
        "{fact}"
    );
    assert!(over(&child, "20 mg").is_empty());
    // Unweighed: 30 mg keeps the weight limit, 60 mg may not.
    let unweighed = Case::of(body(40, 0, None));
    let weigh = |dose| gates_of(&unweighed.give_dose(toradol, dose), CheckKind::WeightNeeded);
    assert!(weigh("30 mg").is_empty());
    assert_eq!(weigh("60 mg"), [Gate::Warning]);
}

#[test]
/// Anaphylaxis: 0.01 mg/kg, at most 0.5 mg from 12 years and 0.3 mg below; thigh only; no ratio.
fn epinephrine_is_dosed_by_weight_into_the_thigh() {
    let epi = catalog().product("epinephrine_im").unwrap();
    assert!(!epi.name.contains(':'), "no ratio expression: {}", epi.name);
    assert!(
        epi.sites
            .iter()
            .all(|s| matches!(s, Site::LeftThigh | Site::RightThigh))
    );
    let over = |case: &Case, dose| {
        gates_of(
            &case.give_dose("epinephrine_im", dose),
            CheckKind::AboveLimit,
        )
    };
    let toddler = Case::of(body(1, 6, Some(10.0)));
    assert_eq!(over(&toddler, "0.3 mg"), [Gate::ProviderOverride]);
    assert!(over(&toddler, "0.1 mg").is_empty());
    let child = Case::of(body(9, 0, Some(40.0)));
    assert_eq!(
        over(&child, "0.4 mg"),
        [Gate::ProviderOverride],
        "a child's cap"
    );
    assert!(over(&child, "0.3 mg").is_empty());
    let adult = Case::of(body(40, 0, Some(90.0)));
    assert!(over(&adult, "0.5 mg").is_empty());
    assert_eq!(over(&adult, "0.6 mg"), [Gate::ProviderOverride]);
    let unweighed = Case::of(body(5, 0, None));
    assert_eq!(
        gates_of(
            &unweighed.give_dose("epinephrine_im", "0.15 mg"),
            CheckKind::WeightNeeded
        ),
        [Gate::Warning]
    );
}

#[test]
/// Promethazine's boxed warning: never under 2 years, whatever the override.
fn promethazine_is_refused_under_two_years() {
    let too_young = Case::of(body(1, 11, Some(12.0))).give_dose("promethazine_im", "12.5 mg");
    assert_eq!(gates_of(&too_young, CheckKind::TooYoung), [Gate::HardStop]);
    let two = Case::of(body(2, 0, Some(13.0))).give_dose("promethazine_im", "12.5 mg");
    assert!(gates_of(&two, CheckKind::TooYoung).is_empty());
}

#[test]
/// Testosterone is contraindicated in pregnancy: a positive test stops it whatever the recorded
/// sex, and a patient charted male of childbearing age is shown the question.
fn testosterone_checks_pregnancy_whatever_the_recorded_sex() {
    let mut charted_male = Case::new();
    charted_male.childbearing_age = true;
    let found = charted_male.give("testosterone_cypionate_im");
    assert_eq!(
        gates_of(&found, CheckKind::PregnancyUnknown),
        [Gate::Information]
    );
    charted_male.test = Some(PregnancyTest {
        positive: true,
        at: now(),
    });
    let found = charted_male.give("testosterone_cypionate_im");
    assert_eq!(
        gates_of(&found, CheckKind::PositivePregnancyTest),
        [Gate::HardStop]
    );
    // Asked at her sex and age: the usual warning.
    let mut woman = Case::new();
    woman.asks_pregnancy = true;
    woman.childbearing_age = true;
    assert_eq!(
        gates_of(
            &woman.give("testosterone_cypionate_im"),
            CheckKind::PregnancyUnknown
        ),
        [Gate::Warning]
    );
}

#[test]
/// Depo-SubQ Provera 104 is in the catalog, subcutaneous, at 104 mg.
fn dmpa_subcutaneous_is_104_mg() {
    let sc = catalog().product("medroxyprogesterone_sc").unwrap();
    assert_eq!(sc.doses, [Dose::parse("104 mg").unwrap()]);
    assert_eq!(sc.route, Some(Route::Subcutaneous));
    assert!(sc.pregnancy.applies());
}

#[test]
/// A scheduled drug given again before its window warns; within it, nothing.
fn a_scheduled_drug_given_early_warns() {
    let mut case = Case::new();
    case.past = vec![given("testosterone_cypionate_im", 7)];
    let found = case.give("testosterone_cypionate_im");
    assert_eq!(gates_of(&found, CheckKind::Early), [Gate::Warning]);
    assert!(
        found
            .iter()
            .any(|f| f.kind == CheckKind::Early && f.fact.contains("7 days ago"))
    );
    case.past = vec![given("testosterone_cypionate_im", 13)];
    assert!(gates_of(&case.give("testosterone_cypionate_im"), CheckKind::Early).is_empty());
    case.past = vec![given("medroxyprogesterone_im", 60)];
    case.asks_pregnancy = false;
    assert_eq!(
        gates_of(&case.give("medroxyprogesterone_im"), CheckKind::Early),
        [Gate::Warning]
    );
    case.past = vec![given("medroxyprogesterone_im", 80)];
    assert!(gates_of(&case.give("medroxyprogesterone_im"), CheckKind::Early).is_empty());
}

/// The schedule's verdict on giving `product` to a patient `years`/`months` old after `past`.
fn schedule_gates(
    years: u32,
    months: u32,
    past: Vec<Versioned<Administration>>,
    product: &str,
) -> Vec<Gate> {
    let mut case = Case::of(body(years, months, Some(20.0)));
    case.past = past;
    gates_of(&case.give(product), CheckKind::Schedule)
}

#[test]
/// The hazards the clinical review found, each now judged by CDC's schedule data: a product for
/// another age, a dose too soon, and the intervals the old catalog had wrong.
fn the_schedule_judges_age_product_and_interval() {
    let stop = [Gate::ProviderOverride];
    assert_eq!(
        schedule_gates(6, 0, vec![], "engerix_b_adult"),
        stop,
        "adult Engerix-B to a 6-year-old"
    );
    assert!(schedule_gates(6, 0, vec![], "engerix_b_pediatric").is_empty());
    assert_eq!(
        schedule_gates(30, 0, vec![], "infanrix"),
        stop,
        "DTaP to an adult"
    );
    assert_eq!(
        schedule_gates(0, 3, vec![given("infanrix", 30)], "boostrix"),
        stop,
        "Tdap to an infant"
    );
    assert_eq!(
        schedule_gates(10, 0, vec![], "heplisav_b"),
        stop,
        "Heplisav-B under 18"
    );
    assert_eq!(
        schedule_gates(1, 0, vec![], "flumist"),
        stop,
        "FluMist under 2 years"
    );
    // PCV: 4 weeks between infant doses, not 56 days.
    assert!(schedule_gates(0, 4, vec![given("prevnar_20", 29)], "prevnar_20").is_empty());
    // Hep A: 6 months between doses.
    assert!(
        schedule_gates(
            2,
            6,
            vec![given("havrix_pediatric", 183)],
            "havrix_pediatric"
        )
        .is_empty()
    );
    assert_eq!(
        schedule_gates(
            2,
            6,
            vec![given("havrix_pediatric", 120)],
            "havrix_pediatric"
        ),
        stop
    );
    // Twinrix dose 2 a month after dose 1 is on schedule.
    let mut adult = Case::of(body(30, 0, Some(70.0)));
    adult.past = vec![given("twinrix", 31)];
    let found = adult.give("twinrix");
    assert!(
        gates_of(&found, CheckKind::Schedule).is_empty(),
        "{found:?}"
    );
}

fn contraindications(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.kind == CheckKind::Contraindication)
        .collect()
}

#[test]
fn a_live_vaccine_for_a_patient_on_methotrexate_needs_a_provider() {
    let case = Case::new().taking("Methotrexate", Some("2.5 mg"));
    let findings = case.give_dose("mmr_ii", "0.5 mL");
    let found = contraindications(&findings);
    assert_eq!(found.len(), 1, "{findings:#?}");
    assert_eq!(found[0].gate, Gate::ProviderOverride);
    assert!(
        found[0]
            .fact
            .starts_with("Immunosuppressive therapy: Methotrexate (medication list). CDC: "),
        "{}",
        found[0].fact
    );
    // An inactivated vaccine is not ruled out.
    assert!(contraindications(&case.give_dose("shingrix", "0.5 mL")).is_empty());
}

#[test]
fn prednisone_counts_from_twenty_mg_and_an_unknown_dose_is_asked() {
    let low = Case::new().taking("Prednisone", Some("5 mg"));
    assert!(contraindications(&low.give_dose("varivax", "0.5 mL")).is_empty());
    let high = Case::new().taking("Prednisone", Some("20 mg"));
    let found = high.give_dose("varivax", "0.5 mL");
    assert!(
        contraindications(&found)[0]
            .fact
            .contains("Prednisone 20 mg")
    );
    let unknown = Case::new().taking("Prednisone", None);
    let found = unknown.give_dose("varivax", "0.5 mL");
    assert!(
        contraindications(&found)[0]
            .fact
            .contains("dose not charted")
    );
}

#[test]
fn hiv_and_a_transplant_rule_out_live_vaccines_from_the_history() {
    // CDC: MMRV never with HIV; MMR only when severely immunocompromised, which a code
    // alone does not say (the provider judges it).
    let hiv = Case::new().condition("HIV disease", "B20");
    let found = hiv.give_dose("proquad", "0.5 mL");
    assert!(
        contraindications(&found)[0]
            .fact
            .starts_with("HIV Infection: HIV disease, B20 (history)"),
        "{found:#?}"
    );
    assert!(contraindications(&hiv.give_dose("mmr_ii", "0.5 mL")).is_empty());
    let kidney = Case::new().condition("Kidney transplant status", "Z94.0");
    assert!(!contraindications(&kidney.give_dose("flumist", "0.2 mL")).is_empty());
    // A resolved or unrelated condition says nothing.
    let htn = Case::new().condition("Hypertension", "I10");
    assert!(contraindications(&htn.give_dose("mmr_ii", "0.5 mL")).is_empty());
}

#[test]
fn pregnancy_rules_out_hpv_through_cdsi_and_mmr_through_the_pregnancy_check() {
    let pregnant = Case::new().pregnancy(PregnancyStatus::Pregnant, 3);
    let hpv = pregnant.give_dose("gardasil_9", "0.5 mL");
    let found = contraindications(&hpv);
    assert_eq!(found.len(), 1, "{hpv:#?}");
    assert!(
        found[0]
            .fact
            .starts_with("Pregnant: pregnant (social history)")
    );
    // MMR is live: the pregnancy check says it once; no second, CDSi finding.
    let mmr = pregnant.give_dose("mmr_ii", "0.5 mL");
    assert!(contraindications(&mmr).is_empty(), "{mmr:#?}");
    assert!(mmr.iter().any(|f| f.kind == CheckKind::Pregnant));
}

impl Case {
    fn last_period(mut self, weeks_ago: i64) -> Self {
        if let Some((p, _)) = &mut self.pregnancy {
            p.last_menstrual_period = Some(today() - Duration::weeks(weeks_ago));
        }
        self
    }
}

fn of_kind(findings: &[Finding], kind: CheckKind) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn abrysvo_is_the_rsv_vaccine_for_pregnancy_and_only_at_32_to_36_weeks() {
    let pregnant = || Case::new().pregnancy(PregnancyStatus::Pregnant, 3);
    // Arexvy (and mRESVIA) are not given in pregnancy: a hard stop.
    let arexvy = pregnant().give_dose("arexvy", "0.5 mL");
    assert!(
        arexvy
            .iter()
            .any(|f| f.kind == CheckKind::Pregnant && f.gate == Gate::HardStop),
        "{arexvy:#?}"
    );
    // Abrysvo at 34 weeks: nothing to say about the weeks.
    let at_34 = pregnant().last_period(34).give_dose("abrysvo", "0.5 mL");
    assert!(
        of_kind(&at_34, CheckKind::PregnancyWindow).is_empty(),
        "{at_34:#?}"
    );
    assert!(!at_34.iter().any(|f| f.kind == CheckKind::Pregnant));
    // At 28 weeks: a provider's co-signature, with the weeks worked out.
    let at_28 = pregnant().last_period(28).give_dose("abrysvo", "0.5 mL");
    let window = of_kind(&at_28, CheckKind::PregnancyWindow);
    assert_eq!(window.len(), 1, "{at_28:#?}");
    assert_eq!(window[0].gate, Gate::ProviderOverride);
    assert!(
        window[0].fact.ends_with("she is 28 weeks 0 days"),
        "{}",
        window[0].fact
    );
    // No LMP: confirm the weeks.
    let unknown = pregnant().give_dose("abrysvo", "0.5 mL");
    let window = of_kind(&unknown, CheckKind::PregnancyWindow);
    assert_eq!(window[0].gate, Gate::Warning);
    assert!(window[0].fact.contains("confirm the weeks"));
    // Not pregnant: no window.
    assert!(
        of_kind(
            &Case::new().give_dose("abrysvo", "0.5 mL"),
            CheckKind::PregnancyWindow
        )
        .is_empty()
    );
}

#[test]
fn afluria_is_a_quarter_millilitre_under_three_years() {
    let toddler = Case::of(body(2, 0, Some(12.0)));
    let quarter = toddler.give_dose("afluria", "0.25 mL");
    assert!(
        of_kind(&quarter, CheckKind::UnusualDose).is_empty(),
        "{quarter:#?}"
    );
    assert!(
        of_kind(&quarter, CheckKind::AboveLimit).is_empty(),
        "{quarter:#?}"
    );
    let half = toddler.give_dose("afluria", "0.5 mL");
    let above = of_kind(&half, CheckKind::AboveLimit);
    assert_eq!(above.len(), 1, "{half:#?}");
    assert_eq!(above[0].gate, Gate::ProviderOverride);
    let adult = Case::new().give_dose("afluria", "0.5 mL");
    assert!(of_kind(&adult, CheckKind::AboveLimit).is_empty());
    assert!(of_kind(&adult, CheckKind::UnusualDose).is_empty());
}

#[test]
fn every_vaccine_in_the_catalog_is_one_cdc_knows() {
    let data = reference().schedule.get().unwrap();
    for product in catalog().products() {
        let Some(cvx) = &product.cvx else { continue };
        let code: u16 = cvx.parse().unwrap();
        assert!(
            data.schedule.cvx.contains_key(&code),
            "{} (CVX {cvx}) is not in CDSi's CVX map",
            product.name
        );
        assert!(
            data.groups_of(code).next().is_some(),
            "{} (CVX {cvx}) counts toward no CDSi vaccine group",
            product.name
        );
    }
}
