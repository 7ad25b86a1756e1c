//! Allergies, history and medications through `egui_kittest`, keyboard first: what is typed lands
//! in the chart, and the banner and checklist show it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::Chart;
use common::ui::{Ui, app, choose, harness, has_text, press, room_patient, tab, tick, type_into};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use rooming::clinical::allergy::{
    Allergy, AllergyAssertion, AllergySubstance, Criticality, Reaction, Severity,
};
use rooming::clinical::history::Condition;
use rooming::clinical::ids::PatientId;
use rooming::clinical::medication::reconciliation::{Outcome, Reconciliation};
use rooming::clinical::medication::{Medication, MedicationSource, MedicationStatus, Schedule};
use rooming::clinical::record::{Standing, current};
use rooming::clinical::review::{Review, ReviewSection};

#[test]
fn an_allergy_with_reaction_and_severity_shows_in_the_banner() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    assert!(has_text(&h, "Allergies: not recorded"));
    tab(&mut h, Key::Num3);
    // Opening the tab puts the keyboard in its first field.
    assert!(h.get_by_label("Substance").is_focused());
    h.get_by_label("Substance").type_text("penic");
    h.run();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(
        h.get_by_label("Substance").value().as_deref(),
        Some("Penicillins"),
        "picked from the catalog"
    );
    tick(&mut h, "Reaction: Hives");
    tick(&mut h, "Reaction: Swelling");
    choose(&mut h, "Severity", 3);
    choose(&mut h, "Criticality", 1);
    type_into(&mut h, "Onset", "2019");
    press(&mut h, Key::Enter);

    let allergies = app(&h).store().records::<Allergy>(patient).unwrap();
    assert_eq!(allergies.len(), 1);
    let a = &allergies[0].content;
    assert_eq!(
        a.substance,
        AllergySubstance::Catalog {
            id: "penicillins".into(),
            name: "Penicillins".into()
        }
    );
    assert_eq!(
        a.reactions.iter().copied().collect::<Vec<_>>(),
        [Reaction::Hives, Reaction::Swelling]
    );
    assert_eq!(a.severity, Some(Severity::Severe));
    assert_eq!(a.criticality, Criticality::High);
    assert!(allergies[0].visit_id.is_some(), "recorded in the visit");
    assert!(has_text(
        &h,
        "ALLERGIES: Penicillins (hives, swelling; severe)"
    ));
    assert!(!has_text(&h, "Allergies: not recorded"));
    assert_eq!(
        h.get_by_label("Substance").value().as_deref(),
        Some(""),
        "the form is ready for the next"
    );
}

#[test]
fn an_allergy_form_with_errors_says_so_and_keeps_what_was_typed() {
    let chart = Chart::new_with_patient();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num3);
    type_into(&mut h, "Substance", "Kiwi fruit");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "choose the category"));
    assert!(has_text(&h, "choose at least one reaction"));
    assert_eq!(
        h.get_by_label("Substance").value().as_deref(),
        Some("Kiwi fruit")
    );
}

#[test]
fn nkda_is_recorded_dated_and_named() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num3);
    h.get_by_label("No known drug allergies: record").click();
    h.run();
    let assertions = app(&h)
        .store()
        .records::<AllergyAssertion>(patient)
        .unwrap();
    assert_eq!(assertions.len(), 1);
    assert_eq!(
        assertions[0].content,
        AllergyAssertion::NoKnownDrugAllergies
    );
    assert_eq!(assertions[0].recorded.by_name, "Ana Lopez, CMA");
    assert!(has_text(&h, "NKDA (Nov 26, 2026)"), "the banner");
    // Reviewed with the patient: the checklist ticks allergies.
    h.get_by_label("Reviewed with patient: allergies").click();
    h.run();
    let reviews = app(&h).store().records::<Review>(patient).unwrap();
    assert_eq!(reviews[0].content.section, ReviewSection::Allergies);
    assert!(has_text(&h, "Reviewed with patient by Ana Lopez, CMA"));
}

fn listed(name: &str) -> Medication {
    Medication {
        name: name.into(),
        from_catalog: true,
        strength: Some("10 mg".into()),
        dose: Some("1 tablet".into()),
        route: None,
        frequency: Some("once daily".into()),
        schedule: Schedule::Scheduled,
        start: None,
        last_taken: None,
        prescriber: None,
        source: MedicationSource::PharmacyList,
        status: MedicationStatus::Active,
        stop_reason: None,
    }
}

fn medication_chart() -> (Chart, PatientId) {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1960, 3, 2)).id;
    for name in ["Lisinopril", "Metformin", "Atorvastatin"] {
        chart
            .store
            .add_record(patient, None, &listed(name), chart.staff.id)
            .unwrap();
    }
    (chart, patient)
}

#[test]
fn a_three_medication_list_is_reconciled_with_one_stopped_and_one_new() {
    let (chart, patient) = medication_chart();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num5);
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Outcome: Lisinopril")
            .is_focused()
    );
    choose(&mut h, "Outcome: Lisinopril", 1);
    choose(&mut h, "Outcome: Metformin", 3);
    type_into(&mut h, "How", "500 mg once daily instead of twice");
    tick(&mut h, "Stop Atorvastatin");
    type_into(
        &mut h,
        "Why stopped: Atorvastatin",
        "muscle aches, stopped by cardiologist",
    );
    // A medication the list lacks.
    type_into(&mut h, "Medication name", "amlod");
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(
        h.get_by_label("Medication name").value().as_deref(),
        Some("Amlodipine")
    );
    type_into(&mut h, "Strength", "5 mg");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Amlodipine 5 mg"), "added to the list");
    h.get_by_label("Save reconciliation: medication list reviewed with patient")
        .click();
    h.run();

    let store = app(&h).store();
    let medications = store.records::<Medication>(patient).unwrap();
    let now: Vec<&Medication> = current(&medications).map(|m| &m.content).collect();
    assert_eq!(now.len(), 4);
    let atorvastatin = now.iter().find(|m| m.name == "Atorvastatin").unwrap();
    assert_eq!(atorvastatin.status, MedicationStatus::Stopped);
    assert_eq!(
        atorvastatin.stop_reason.as_deref(),
        Some("muscle aches, stopped by cardiologist")
    );
    let amlodipine = now.iter().find(|m| m.name == "Amlodipine").unwrap();
    assert_eq!(amlodipine.strength.as_deref(), Some("5 mg"));
    assert_eq!(
        medications
            .iter()
            .filter(|m| matches!(m.standing, Standing::Replaced { .. }))
            .count(),
        1,
        "only the stopped one has a new version"
    );
    let entries = store.records::<Reconciliation>(patient).unwrap();
    let outcomes: Vec<(&str, Outcome, Option<&str>, bool)> = entries
        .iter()
        .map(|e| {
            (
                e.content.name.as_str(),
                e.content.outcome,
                e.content.how.as_deref(),
                e.content.stopped.is_some(),
            )
        })
        .collect();
    assert_eq!(outcomes.len(), 4);
    assert!(outcomes.contains(&("Lisinopril", Outcome::Taking, None, false)));
    assert!(outcomes.contains(&(
        "Metformin",
        Outcome::TakingDifferently,
        Some("500 mg once daily instead of twice"),
        false
    )));
    assert!(outcomes.contains(&("Atorvastatin", Outcome::NotTaking, None, true)));
    assert!(outcomes.contains(&("Amlodipine", Outcome::Taking, None, false)));
    let reviews = store.records::<Review>(patient).unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].content.section, ReviewSection::Medications);
    assert!(has_text(
        &h,
        "Medication list reviewed with patient by Ana Lopez, CMA"
    ));
}

#[test]
fn a_medication_already_on_the_list_is_not_added_twice() {
    let (chart, patient) = medication_chart();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num5);
    type_into(&mut h, "Medication name", "Zestril");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Lisinopril is already on the list"));
    assert_eq!(
        app(&h)
            .store()
            .records::<Medication>(patient)
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn reconciliation_without_outcomes_is_refused() {
    let (chart, patient) = medication_chart();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num5);
    h.get_by_label("Save reconciliation: medication list reviewed with patient")
        .click();
    h.run();
    assert!(has_text(
        &h,
        "choose taking, not taking, or taking differently"
    ));
    assert!(
        app(&h)
            .store()
            .records::<Reconciliation>(patient)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_condition_is_recorded_from_the_catalog_and_history_reviewed() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num4);
    type_into(&mut h, "Condition", "high blood");
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(
        h.get_by_label("Condition").value().as_deref(),
        Some("Hypertension")
    );
    type_into(&mut h, "Onset", "2015");
    choose(&mut h, "Condition status", 1);
    press(&mut h, Key::Enter);
    let conditions = app(&h).store().records::<Condition>(patient).unwrap();
    assert_eq!(conditions.len(), 1);
    assert_eq!(conditions[0].content.condition.code.as_deref(), Some("I10"));
    for section in [
        "past medical history",
        "surgical history",
        "family history",
        "social history",
    ] {
        h.get_by_label(&format!("Reviewed with patient: {section}"))
            .click();
        h.run();
    }
    assert!(
        has_text(&h, "reviewed by Ana Lopez, CMA"),
        "the checklist's history is done"
    );
}

#[test]
fn retracting_on_one_tab_keeps_what_is_typed_on_another() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let old = chart
        .store
        .add_record(patient.id, None, &listed("Lisinopril"), chart.staff.id)
        .unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    // Half an injection typed...
    tab(&mut h, Key::Num6);
    type_into(&mut h, "Product", "Boostr");
    // ...then an old medication marked entered in error on another tab.
    tab(&mut h, Key::Num5);
    h.get_by_label("Entered in error: Lisinopril").click();
    h.run();
    type_into(&mut h, "Why was this entered in error?", "wrong patient");
    press(&mut h, Key::Enter);
    let medications = app(&h).store().records::<Medication>(patient.id).unwrap();
    assert!(matches!(
        medications
            .iter()
            .find(|m| m.id == old.id)
            .unwrap()
            .standing,
        Standing::EnteredInError { .. }
    ));
    tab(&mut h, Key::Num6);
    assert_eq!(
        h.get_by_label("Product").value().as_deref(),
        Some("Boostr"),
        "the injection form keeps what was typed"
    );
}

#[test]
fn a_saved_outcome_shows_on_its_row_afterwards() {
    let (chart, _) = medication_chart();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num5);
    type_into(&mut h, "Medication name", "amlod");
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Enter);
    // Added this visit, it starts as taken; the patient says not.
    let outcome = |h: &Ui, name: &str| {
        h.get_by_role_and_label(Role::ComboBox, &format!("Outcome: {name}"))
            .value()
    };
    assert_eq!(outcome(&h, "Amlodipine").as_deref(), Some("Taking"));
    choose(&mut h, "Outcome: Amlodipine", 1);
    choose(&mut h, "Outcome: Lisinopril", 2);
    choose(&mut h, "Outcome: Metformin", 1);
    choose(&mut h, "Outcome: Atorvastatin", 1);
    h.get_by_label("Save reconciliation: medication list reviewed with patient")
        .click();
    h.run();
    assert!(has_text(&h, "Medication list reconciled"));
    assert_eq!(outcome(&h, "Lisinopril").as_deref(), Some("Not taking"));
    assert_eq!(
        outcome(&h, "Amlodipine").as_deref(),
        Some("Not taking"),
        "what was saved, not the default for a new medication"
    );
    assert_eq!(outcome(&h, "Metformin").as_deref(), Some("Taking"));
}
