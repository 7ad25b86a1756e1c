//! Point-of-care rules per test of the built-in catalog: what is flagged, the meter's LO and HI,
//! an expired kit (usable on its last day), failed controls, and a positive hCG read as a
//! pregnancy test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::{DateTime, FixedOffset, NaiveDate};
use rooming::clinical::identity::IdentityCheck;
use rooming::clinical::poc::result::PocPatient;
use rooming::clinical::poc::result::assess;
use rooming::clinical::poc::{Flag, PocCatalog, PocDraft, PocError, PocField, QcStatus};
use rooming::clinical::specimen::SpecimenId;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T15:30:00+00:00").unwrap()
}

fn birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 5, 1).unwrap()
}

/// A patient with one specimen.
fn patient() -> PocPatient<'static> {
    static SPECIMENS: std::sync::OnceLock<[SpecimenId; 1]> = std::sync::OnceLock::new();
    PocPatient {
        birth_date: birth(),
        specimens: SPECIMENS.get_or_init(|| [SpecimenId::from_bits(7)]),
    }
}

/// A new draft whose patient said their name and date of birth.
fn new_draft() -> PocDraft {
    let mut draft = PocDraft::new(now().to_utc());
    draft.identity = IdentityCheck::passed(birth());
    draft
}

fn catalog() -> PocCatalog {
    PocCatalog::built_in().unwrap()
}

fn flag(test: &str, part: usize, typed: &str) -> Option<Flag> {
    let catalog = catalog();
    let test = catalog.test(test).unwrap();
    assess(&test.parts[part], typed).unwrap().1
}

#[test]
fn qualitative_tests_flag_a_positive_and_not_a_negative() {
    for (test, part, normal, abnormal) in [
        ("strep", 0, "Not detected", "Detected"),
        ("flu", 0, "Not detected", "Detected"),
        ("flu", 1, "not detected", "detected"),
        ("rsv", 0, "Not detected", "Detected"),
        ("covid", 0, "Not detected", "Detected"),
        ("hcg", 0, "Negative", "Positive"),
        ("fobt", 0, "Negative", "Positive"),
        ("mono", 0, "Negative", "Positive"),
    ] {
        assert_eq!(flag(test, part, normal), None, "{test} {normal}");
        assert_eq!(
            flag(test, part, abnormal),
            Some(Flag::Abnormal),
            "{test} {abnormal}"
        );
    }
}

#[test]
fn glucose_is_flagged_low_high_and_beyond_the_meter() {
    assert_eq!(flag("glucose", 0, "69"), Some(Flag::Low));
    assert_eq!(flag("glucose", 0, "70"), None);
    assert_eq!(flag("glucose", 0, "140 mg/dL"), None);
    assert_eq!(flag("glucose", 0, "141"), Some(Flag::High));
    // The critical tier: the provider is told at once.
    assert_eq!(flag("glucose", 0, "50"), Some(Flag::Low));
    assert_eq!(flag("glucose", 0, "49"), Some(Flag::CriticalLow));
    assert_eq!(flag("glucose", 0, "400"), Some(Flag::High));
    assert_eq!(flag("glucose", 0, "401"), Some(Flag::CriticalHigh));
    assert_eq!(flag("glucose", 0, "LO"), Some(Flag::BelowMeter));
    assert_eq!(flag("glucose", 0, "hi"), Some(Flag::AboveMeter));
    let catalog = catalog();
    let part = &catalog.test("glucose").unwrap().parts[0];
    assert!(matches!(
        assess(part, "19"),
        Err(PocError::BeyondMeter { .. })
    ));
    assert!(matches!(
        assess(part, "601"),
        Err(PocError::BeyondMeter { .. })
    ));
    assert!(matches!(
        assess(part, "95.5"),
        Err(PocError::NotANumber { .. })
    ));
}

#[test]
fn each_dipstick_part_has_its_normal_and_its_abnormal() {
    let cases = [
        ("Glucose", "Negative", "Trace"),
        ("Bilirubin", "Negative", "1+"),
        ("Ketones", "Negative", "Trace"),
        ("Specific gravity", "1.030", "1.000"),
        ("Blood", "Negative", "Trace"),
        ("pH", "8.0", "8.5"),
        ("Protein", "Negative", "1+"),
        ("Urobilinogen", "1 mg/dL", "2 mg/dL"),
        ("Nitrite", "Negative", "Positive"),
        ("Leukocytes", "Negative", "Trace"),
    ];
    let catalog = catalog();
    let dipstick = catalog.test("dipstick").unwrap();
    assert_eq!(dipstick.parts.len(), cases.len());
    for (part, (name, normal, abnormal)) in dipstick.parts.iter().zip(cases) {
        assert_eq!(part.name, name);
        assert_eq!(assess(part, normal).unwrap().1, None, "{name} {normal}");
        assert_eq!(
            assess(part, abnormal).unwrap().1,
            Some(Flag::Abnormal),
            "{name} {abnormal}"
        );
        assert_eq!(assess(part, "").unwrap_err(), PocError::AnswerMissing);
    }
}

fn hcg_draft(expires: &str, qc: QcStatus, answer: &str) -> PocDraft {
    let catalog = catalog();
    let mut draft = new_draft();
    draft.choose(catalog.test("hcg").unwrap());
    draft.kit_lot = "HCG2291".into();
    draft.kit_expires = expires.into();
    draft.qc = Some(qc);
    draft.parts[0] = answer.into();
    draft
}

#[test]
fn a_kit_is_usable_through_its_expiry_day_and_refused_after() {
    let catalog = catalog();
    let last_day = hcg_draft("11/26/2026", QcStatus::Passed, "Negative");
    assert!(last_day.check(&catalog, patient(), "Ana", now()).is_ok());
    let expired = hcg_draft("11/25/2026", QcStatus::Passed, "Negative");
    let errors = expired
        .check(&catalog, patient(), "Ana", now())
        .unwrap_err();
    assert!(matches!(
        errors.get(&PocField::KitExpires),
        Some(PocError::KitExpired(_))
    ));
    let month = hcg_draft("10/2026", QcStatus::Passed, "Negative");
    assert!(month.check(&catalog, patient(), "Ana", now()).is_err());
}

#[test]
fn failed_controls_report_nothing() {
    let catalog = catalog();
    let draft = hcg_draft("12/2027", QcStatus::Failed, "Negative");
    let errors = draft.check(&catalog, patient(), "Ana", now()).unwrap_err();
    assert_eq!(errors.get(&PocField::Qc), Some(&PocError::QcFailed));
    let not_due = hcg_draft("12/2027", QcStatus::NotDue, "Negative");
    assert_eq!(
        not_due.check(&catalog, patient(), "Ana", now()).unwrap().qc,
        QcStatus::NotDue
    );
}

#[test]
fn a_positive_hcg_is_a_positive_pregnancy_test() {
    let catalog = catalog();
    let positive = hcg_draft("12/2027", QcStatus::Passed, "Positive")
        .check(&catalog, patient(), "Ana", now())
        .unwrap();
    assert!(positive.is_flagged());
    assert_eq!(positive.pregnancy(&catalog), Some(true));
    let negative = hcg_draft("12/2027", QcStatus::Passed, "negative")
        .check(&catalog, patient(), "Ana", now())
        .unwrap();
    assert_eq!(negative.pregnancy(&catalog), Some(false));
    assert_eq!(negative.parts[0].value, "Negative");
}

#[test]
fn a_result_refilled_for_correction_checks_back_to_itself() {
    let catalog = catalog();
    let mut draft = new_draft();
    draft.choose(catalog.test("glucose").unwrap());
    draft.kit_lot = "G55".into();
    draft.kit_expires = "03/2027".into();
    draft.qc = Some(QcStatus::Passed);
    draft.parts[0] = "182".into();
    let result = draft.check(&catalog, patient(), "Ana", now()).unwrap();
    assert_eq!(result.parts[0].value, "182 mg/dL");
    assert_eq!(result.parts[0].flag, Some(Flag::High));
    let again = PocDraft::from_result(&result, &catalog, birth())
        .check(&catalog, patient(), "Ana", now())
        .unwrap();
    assert_eq!(again, result);
}

#[test]
fn a_dipstick_refilled_keeps_its_answers_with_units() {
    let catalog = catalog();
    let dipstick = catalog.test("dipstick").unwrap();
    let mut draft = new_draft();
    draft.choose(dipstick);
    draft.kit_lot = "UA1".into();
    draft.kit_expires = "03/2027".into();
    draft.qc = Some(QcStatus::NotDue);
    for (entry, part) in draft.parts.iter_mut().zip(&dipstick.parts) {
        if let rooming::clinical::poc::Measure::Scale { answers, .. } = &part.measure {
            entry.clone_from(&answers[1]);
        }
    }
    let result = draft.check(&catalog, patient(), "Ana", now()).unwrap();
    assert_eq!(result.parts[7].value, "1 mg/dL");
    let again = PocDraft::from_result(&result, &catalog, birth())
        .check(&catalog, patient(), "Ana", now())
        .unwrap();
    assert_eq!(again, result);
}

/// No control line: "Invalid" reports no result, positive or negative, on every test read from
/// a control line (a dipstick has none).
#[test]
fn invalid_reports_no_result() {
    for (test, part) in [
        ("strep", 0),
        ("flu", 0),
        ("flu", 1),
        ("rsv", 0),
        ("covid", 0),
        ("hcg", 0),
        ("fobt", 0),
        ("mono", 0),
    ] {
        assert_eq!(flag(test, part, "invalid"), Some(Flag::Invalid), "{test}");
    }
    let catalog = catalog();
    let dipstick = catalog.test("dipstick").unwrap();
    assert!(
        dipstick.parts.iter().all(|p| assess(p, "Invalid").is_err()),
        "a dipstick has no control line"
    );
    let invalid = hcg_draft("12/2027", QcStatus::Passed, "Invalid")
        .check(&catalog, patient(), "Ana", now())
        .unwrap();
    assert_eq!(
        invalid.pregnancy(&catalog),
        None,
        "neither positive nor negative"
    );
}

#[test]
/// Hemoglobin (85018) and A1c (83036) read to one decimal: the value is kept as typed, a second
/// decimal is refused, and the flags follow the catalog's ranges.
fn hemoglobin_and_a1c_are_read_to_one_decimal() {
    let catalog = catalog();
    let hb = catalog.test("hemoglobin").unwrap();
    assert_eq!(hb.cpt, "85018");
    let a1c = catalog.test("a1c").unwrap();
    assert_eq!(a1c.cpt, "83036");
    assert_eq!(
        assess(&hb.parts[0], "12.4").unwrap(),
        ("12.4 g/dL".to_owned(), None)
    );
    assert_eq!(assess(&hb.parts[0], "12").unwrap().0, "12.0 g/dL");
    assert_eq!(flag("hemoglobin", 0, "10.9"), Some(Flag::Low));
    assert_eq!(flag("hemoglobin", 0, "6.9"), Some(Flag::CriticalLow));
    assert_eq!(flag("hemoglobin", 0, "7.0"), Some(Flag::Low));
    assert!(matches!(
        assess(&hb.parts[0], "12.45"),
        Err(PocError::NotANumber { decimals: 1, .. })
    ));
    assert!(matches!(
        assess(&hb.parts[0], "30"),
        Err(PocError::BeyondMeter { .. })
    ));
    assert_eq!(flag("a1c", 0, "5.6"), None);
    assert_eq!(flag("a1c", 0, "5.7"), Some(Flag::High));
    assert_eq!(flag("a1c", 0, "HI"), Some(Flag::AboveMeter));
    // Glucose stays whole.
    assert!(matches!(
        assess(&catalog.test("glucose").unwrap().parts[0], "95.5"),
        Err(PocError::NotANumber { decimals: 0, .. })
    ));
}

#[test]
/// A result is tied to the patient by the specimen's label or by both identifiers: with
/// neither, or with another patient's specimen, nothing is charted.
fn a_result_is_tied_to_the_patient_by_identifiers_or_specimen() {
    let catalog = catalog();
    let mut draft = hcg_draft("12/2027", QcStatus::Passed, "Negative");
    draft.identity = IdentityCheck::default();
    let errors = draft.check(&catalog, patient(), "Ana", now()).unwrap_err();
    assert!(matches!(
        errors.get(&PocField::Identity),
        Some(PocError::Identity(_))
    ));
    draft.identity.name_confirmed = true;
    draft.identity.stated_birth_date = "05/01/1991".into();
    assert!(
        draft.check(&catalog, patient(), "Ana", now()).is_err(),
        "another date of birth"
    );
    // The label of this patient's specimen scanned: no need to ask again.
    draft.identity = IdentityCheck::default();
    let own = SpecimenId::from_bits(7);
    draft.specimen_id = own.to_string();
    let result = draft.check(&catalog, patient(), "Ana", now()).unwrap();
    assert_eq!(result.specimen, Some(own));
    assert!(!result.identifiers_confirmed);
    // Another patient's specimen is a stop.
    draft.specimen_id = SpecimenId::from_bits(8).to_string();
    let errors = draft.check(&catalog, patient(), "Ana", now()).unwrap_err();
    assert!(matches!(
        errors.get(&PocField::Specimen),
        Some(PocError::SpecimenNotThisPatient(_))
    ));
    draft.specimen_id = "K7Q2".into();
    let errors = draft.check(&catalog, patient(), "Ana", now()).unwrap_err();
    assert!(matches!(
        errors.get(&PocField::Specimen),
        Some(PocError::SpecimenUnreadable(_))
    ));
}
