//! The general record table on a real temporary file: every kind of record is versioned and
//! retracted the same way, writes of several records land together or not at all, the
//! checklist sees reviews, and a chart made by schema 1 is upgraded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::float_cmp
)]

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::Chart;
use rooming::clinical::allergy::{
    Allergy, AllergyAssertion, AllergyCategory, AllergyStatusCode, AllergySubstance, Criticality,
    Reaction, Verification,
};
use rooming::clinical::checklist::{ChecklistMark, MarkOutcome};
use rooming::clinical::checklist::{Section, SectionState};
use rooming::clinical::history::social::{Pregnancy, PregnancyStatus};
use rooming::clinical::history::{
    Condition, ConditionStatus, FamilyMember, Named, Procedure, Relative, SocialHistory,
    YesNoUnknown,
};
use rooming::clinical::ids::RecordId;
use rooming::clinical::injection::Administration;
use rooming::clinical::injection::administration::{
    Event, HistoricalDose, HistoricalSource, ProductRef,
};
use rooming::clinical::injection::catalog::ProductKind;
use rooming::clinical::injection::tst::{RiskGroup, TstReading, TstResult};
use rooming::clinical::medication::reconciliation::{Outcome, Reconciliation};
use rooming::clinical::medication::{Medication, MedicationSource, MedicationStatus, Schedule};
use rooming::clinical::poc::{PocResult, QcStatus};
use rooming::clinical::record::{ChartRecord, RecordKind, Retraction, Standing};
use rooming::clinical::review::{Review, ReviewSection};
use rooming::clinical::specimen::{
    Collection, Container, OrderedTest, Specimen, SpecimenId, SpecimenStatus, SpecimenType,
    StatusChange,
};
use rooming::store::{AuditAction, RecordWrite, StoreError};

fn allergy() -> Allergy {
    Allergy {
        substance: AllergySubstance::Catalog {
            id: "penicillins".into(),
            name: "Penicillins".into(),
        },
        category: AllergyCategory::Medication,
        reactions: BTreeSet::from([Reaction::Hives]),
        severity: None,
        criticality: Criticality::High,
        status: AllergyStatusCode::Active,
        verification: Verification::Confirmed,
        onset: None,
        note: None,
    }
}

fn medication(name: &str) -> Medication {
    Medication {
        name: name.into(),
        from_catalog: true,
        strength: Some("10 mg".into()),
        dose: None,
        route: None,
        frequency: Some("once daily".into()),
        schedule: Schedule::Scheduled,
        start: None,
        last_taken: None,
        prescriber: None,
        source: MedicationSource::Patient,
        status: MedicationStatus::Active,
        stop_reason: None,
    }
}

/// Adds (in a visit), corrects, then retracts one record of a kind, checking the chain each
/// time; returns the kind, so the test can see every kind of the registry went through.
#[allow(clippy::needless_pass_by_value)]
fn version_chain<T: ChartRecord + PartialEq>(first: T, second: T) -> RecordKind {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let by = chart.staff.id;
    let v1 = chart
        .store
        .add_record(patient.id, Some(visit.id), &first, by)
        .unwrap();
    let v2 = chart.store.correct_record(v1.id, &second, by).unwrap();
    assert_eq!(v2.replaces, Some(v1.id));
    assert!(matches!(
        chart.store.correct_record(v1.id, &second, by),
        Err(StoreError::AlreadySuperseded)
    ));
    chart
        .store
        .record_entered_in_error::<T>(v2.id, &Retraction::new("wrong patient").unwrap(), by)
        .unwrap();
    let versions = chart.store.records::<T>(patient.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(matches!(versions[0].standing, Standing::Replaced { .. }));
    assert!(
        matches!(&versions[1].standing, Standing::EnteredInError { reason, .. } if reason == "wrong patient")
    );
    assert_eq!(versions[0].content, first);
    assert_eq!(versions[1].content, second);
    let audit: Vec<AuditAction> = chart
        .store
        .audit_trail(patient.id)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    let records: Vec<AuditAction> = audit
        .into_iter()
        .filter(|a| {
            !matches!(
                a,
                AuditAction::VisitStarted | AuditAction::VisitStatusChanged
            )
        })
        .collect();
    assert_eq!(
        &records[1..],
        [
            AuditAction::RecordAdded,
            AuditAction::RecordCorrected,
            AuditAction::EnteredInError
        ]
    );
    let err = chart
        .store
        .connection()
        .execute("UPDATE chart_records SET content = '{}'", [])
        .unwrap_err();
    assert!(err.to_string().contains("never changed"));
    T::KIND
}

#[test]
fn every_kind_is_versioned_and_retracted() {
    let mut covered = BTreeSet::new();
    let mut resolved = allergy();
    resolved.status = AllergyStatusCode::Resolved;
    covered.insert(version_chain(allergy(), resolved));
    covered.insert(version_chain(
        AllergyAssertion::NoKnownAllergies,
        AllergyAssertion::NoKnownDrugAllergies,
    ));
    let condition = Condition {
        condition: Named {
            name: "Hypertension".into(),
            code: Some("I10".into()),
        },
        onset: None,
        status: ConditionStatus::Active,
        note: None,
    };
    covered.insert(version_chain(
        condition.clone(),
        Condition {
            status: ConditionStatus::Resolved,
            ..condition
        },
    ));
    let procedure = Procedure {
        procedure: Named {
            name: "Appendectomy".into(),
            code: None,
        },
        date: None,
        note: None,
    };
    covered.insert(version_chain(
        procedure.clone(),
        Procedure {
            note: Some("laparoscopic".into()),
            ..procedure
        },
    ));
    let family = FamilyMember {
        relative: Relative::Mother,
        condition: Named {
            name: "Breast cancer".into(),
            code: None,
        },
        age_at_onset: Some(52),
        deceased: YesNoUnknown::No,
        note: None,
    };
    covered.insert(version_chain(
        family.clone(),
        FamilyMember {
            deceased: YesNoUnknown::Yes,
            ..family
        },
    ));
    let social = SocialHistory {
        alcohol_drinks_per_week: Some(2),
        ..SocialHistory::default()
    };
    covered.insert(version_chain(
        social.clone(),
        SocialHistory {
            pregnancy: Some(Pregnancy {
                status: PregnancyStatus::Pregnant,
                last_menstrual_period: None,
            }),
            ..social
        },
    ));
    covered.insert(version_chain(
        medication("Lisinopril"),
        medication("Losartan"),
    ));
    let entry = Reconciliation {
        medication: rooming::clinical::ids::RecordId::new(),
        name: "Lisinopril".into(),
        outcome: Outcome::Taking,
        how: None,
        stopped: None,
    };
    covered.insert(version_chain(
        entry.clone(),
        Reconciliation {
            outcome: Outcome::NotTaking,
            ..entry
        },
    ));
    covered.insert(version_chain(
        Review {
            section: ReviewSection::Allergies,
        },
        Review {
            section: ReviewSection::Medications,
        },
    ));
    let historical = Administration {
        product: ProductRef {
            id: "mmr_unspecified".into(),
            kind: ProductKind::Vaccine,
            name: "MMR".into(),
            cvx: Some("03".into()),
            groups: vec!["mmr".into()],
        },
        event: Event::Historical(HistoricalDose {
            on: NaiveDate::from_ymd_opt(1985, 4, 1).unwrap(),
            series_dose: Some(1),
            lot_number: None,
            lot_expires: None,
            given_by: None,
            source: HistoricalSource::Card,
        }),
        overrides: Vec::new(),
    };
    let mut second = historical.clone();
    second.product.name = "MMR II".into();
    covered.insert(version_chain(historical, second));
    let reading = TstReading {
        placement: RecordId::new(),
        read_at: common::now(),
        induration_mm: 0,
        risk_group: RiskGroup::NoRiskFactor,
        cutoff_mm: 15,
        result: TstResult::Negative,
    };
    covered.insert(version_chain(
        reading.clone(),
        TstReading {
            induration_mm: 3,
            ..reading
        },
    ));
    covered.insert(version_chain(
        ChecklistMark {
            section: Section::Injections,
            outcome: MarkOutcome::Done,
        },
        ChecklistMark {
            section: Section::Injections,
            outcome: MarkOutcome::NoneDue,
        },
    ));
    let specimen = Specimen {
        id: SpecimenId::random(),
        collection: Collection {
            kind: SpecimenType::Urine,
            container: Container::UrineCup,
            source: None,
            tests: vec![OrderedTest {
                catalog_id: None,
                name: "Urinalysis".into(),
            }],
            fasting: None,
            volume: None,
            lab: "Valley Lab".into(),
            collected_at: common::now(),
            collected_by: "Ana Lopez, CMA".into(),
            identifiers_confirmed: true,
            note: None,
        },
    };
    let mut relabelled = specimen.clone();
    relabelled.collection.note = Some("clean catch".into());
    covered.insert(version_chain(specimen.clone(), relabelled));
    let sent = StatusChange {
        specimen: specimen.id,
        to: SpecimenStatus::Sent,
        at: common::now(),
        reason: None,
    };
    covered.insert(version_chain(
        sent.clone(),
        StatusChange {
            to: SpecimenStatus::Received,
            ..sent
        },
    ));
    let result = PocResult {
        test_id: "hcg_urine".into(),
        test_name: "Urine hCG".into(),
        cpt: "81025".into(),
        kit_lot: "H100".into(),
        kit_expires: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        qc: QcStatus::Passed,
        tested_at: common::now(),
        tested_by: "Ana Lopez, CMA".into(),
        specimen: None,
        identifiers_confirmed: true,
        parts: Vec::new(),
    };
    covered.insert(version_chain(
        result.clone(),
        PocResult {
            kit_lot: "H101".into(),
            ..result
        },
    ));
    let birth = rooming::clinical::growth::birth::BirthHistory {
        gestation: rooming::clinical::growth::GestationalAge { weeks: 32, days: 3 },
    };
    covered.insert(version_chain(
        birth,
        rooming::clinical::growth::birth::BirthHistory {
            gestation: rooming::clinical::growth::GestationalAge { weeks: 33, days: 3 },
        },
    ));
    let all: BTreeSet<RecordKind> = RecordKind::ALL.iter().copied().collect();
    assert_eq!(
        covered, all,
        "every kind of the registry is versioned the same way"
    );
}

#[test]
fn a_correction_cannot_change_the_kind_or_the_patient() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2));
    let john = chart.patient("Smith", "John", (1981, 4, 5));
    let by = chart.staff.id;
    let med = chart
        .store
        .add_record(jane.id, None, &medication("Lisinopril"), by)
        .unwrap();
    let other_patient =
        RecordWrite::correct(john.id, None, med.id, &medication("Losartan")).unwrap();
    let err = chart.store.write_records(&[other_patient], by).unwrap_err();
    assert!(err.to_string().contains("another patient"), "{err}");
    let other_kind = RecordWrite::correct(jane.id, None, med.id, &allergy()).unwrap();
    let err = chart.store.write_records(&[other_kind], by).unwrap_err();
    assert!(err.to_string().contains("another kind"), "{err}");
}

#[test]
fn several_writes_land_together_or_not_at_all() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let by = chart.staff.id;
    let med = chart
        .store
        .add_record(patient.id, None, &medication("Lisinopril"), by)
        .unwrap();
    let good = RecordWrite::add(patient.id, None, &medication("Metformin")).unwrap();
    // The second write corrects a record that does not exist: the foreign key refuses it,
    // and the first write is undone with it.
    let bad = RecordWrite::correct(
        patient.id,
        None,
        rooming::clinical::ids::RecordId::new(),
        &medication("X"),
    )
    .unwrap();
    assert!(chart.store.write_records(&[good.clone(), bad], by).is_err());
    assert_eq!(
        chart.store.records::<Medication>(patient.id).unwrap().len(),
        1
    );
    let mut stopped = medication("Lisinopril");
    stopped.status = MedicationStatus::Stopped;
    stopped.stop_reason = Some("cough".into());
    let stop = RecordWrite::correct(patient.id, None, med.id, &stopped).unwrap();
    assert_eq!(
        chart.store.write_records(&[good, stop], by).unwrap().len(),
        2
    );
    assert_eq!(
        chart.store.records::<Medication>(patient.id).unwrap().len(),
        3
    );
}

#[test]
fn reviews_tick_the_checklist() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let by = chart.staff.id;
    let state = |chart: &Chart, section: Section| {
        chart
            .store
            .checklist(visit.id)
            .unwrap()
            .items
            .into_iter()
            .find(|i| i.section == section)
            .unwrap()
            .state
    };
    assert_eq!(state(&chart, Section::Allergies), SectionState::ToDo);
    chart
        .store
        .add_record(
            patient.id,
            Some(visit.id),
            &Review {
                section: ReviewSection::Allergies,
            },
            by,
        )
        .unwrap();
    assert!(
        matches!(state(&chart, Section::Allergies), SectionState::Done { summary, .. } if summary == "reviewed by Ana Lopez, CMA")
    );
    chart
        .store
        .add_record(
            patient.id,
            Some(visit.id),
            &Review {
                section: ReviewSection::PastMedical,
            },
            by,
        )
        .unwrap();
    assert!(
        matches!(state(&chart, Section::History), SectionState::Partial { summary } if summary == "1 of 4 reviewed")
    );
    for section in [
        ReviewSection::Surgical,
        ReviewSection::Family,
        ReviewSection::Social,
    ] {
        chart
            .store
            .add_record(patient.id, Some(visit.id), &Review { section }, by)
            .unwrap();
    }
    assert!(matches!(
        state(&chart, Section::History),
        SectionState::Done { .. }
    ));
    // A review made in another visit does not count for this one.
    let other = chart.visit(&patient);
    chart
        .store
        .add_record(
            patient.id,
            Some(other.id),
            &Review {
                section: ReviewSection::Medications,
            },
            by,
        )
        .unwrap();
    assert_eq!(state(&chart, Section::Medications), SectionState::ToDo);
}

#[test]
fn a_chart_of_schema_one_is_upgraded_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.rooming");
    {
        // What the first release wrote: schema 1 only.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", rooming::store::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/001_foundation.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute("INSERT INTO staff (id, name, credentials, created_at) VALUES ('0190a0a0-0000-7000-8000-000000000001', 'Old MA', 'CMA', '2025-01-01T00:00:00.000000Z')", []).unwrap();
    }
    let store =
        rooming::store::Store::open(&path, rooming::store::ChartKey::Plain, common::options())
            .unwrap();
    let version: i64 = store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(
        usize::try_from(version).unwrap(),
        rooming::store::latest_version()
    );
    let old = &store.accounts().unwrap()[0];
    assert_eq!(old.staff.name, "Old MA");
    assert_eq!(old.username, None, "until the conversion gives one");
    store
        .connection()
        .query_row("SELECT count(*) FROM chart_records", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
}
