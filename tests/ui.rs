//! The app through `egui_kittest`, the way an MA uses it: fields found by their labels, typed
//! into, Tab and Enter; then what landed in the chart is read back from the store.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::float_cmp,
    clippy::match_wildcard_for_single_variants
)]

mod common;

use common::Chart;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use rooming::clinical::ids::PatientId;
use rooming::clinical::record::Standing;
use rooming::clinical::units::{LengthUnit, MassUnit, TemperatureUnit};
use rooming::clinical::vitals::UnitChoices;
use rooming::clinical::vitals::vital::{BodyPosition, OxygenDelivery, TemperatureRoute};
use rooming::clinical::vitals::{ObservationResult, Vital, VitalsSet};

use common::ui::{
    Ui, app, harness, harness_at, has_text, press, room_patient, sign_in, tick, type_into,
};

fn sets(h: &Ui, patient: PatientId) -> Vec<VitalsSet> {
    app(h).store().vitals_history(patient).unwrap()
}

fn chart_with_jane() -> (Chart, PatientId) {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    (chart, patient.id)
}

fn value_of(set: &VitalsSet, vital: Vital) -> f64 {
    set.value(vital)
        .unwrap_or_else(|| panic!("{vital:?} missing"))
}

#[test]
fn a_full_set_typed_and_saved_lands_the_right_canonical_values() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smi ja");
    // Systolic has focus; Tab moves to diastolic, as on paper.
    assert!(h.get_by_label("Systolic").is_focused());
    h.get_by_label("Systolic").type_text("128");
    h.run();
    press(&mut h, Key::Tab);
    h.get_by_label("Diastolic").type_text("82");
    h.run();
    type_into(&mut h, "Heart rate", "72");
    type_into(&mut h, "Respiratory rate", "16");
    type_into(&mut h, "Temperature", "98.6 F");
    type_into(&mut h, "SpO2", "98");
    type_into(&mut h, "Height", "5'6\"");
    type_into(&mut h, "Weight", "154 lb");
    type_into(&mut h, "Pain", "0");
    assert!(has_text(&h, "= 69.9 kg"), "the conversion shows live");
    assert!(has_text(&h, "Stage 1 hypertension"));
    press(&mut h, Key::Enter);

    let saved = sets(&h, patient);
    assert_eq!(saved.len(), 1, "one set saved");
    let set = &saved[0];
    assert_eq!(value_of(set, Vital::Systolic), 128.0);
    assert_eq!(value_of(set, Vital::Diastolic), 82.0);
    assert!((value_of(set, Vital::Temperature) - 37.0).abs() < 1e-9);
    assert!((value_of(set, Vital::Weight) - 154.0 * 0.453_592_37).abs() < 1e-9);
    assert!((value_of(set, Vital::Height) - 66.0 * 2.54).abs() < 1e-9);
    assert_eq!(value_of(set, Vital::Pain), 0.0);
    assert!(set.value(Vital::Bmi).is_some());
    match &set.observation(Vital::Weight).unwrap().result {
        ObservationResult::Value(m) => assert_eq!(m.entered.as_ref().unwrap().text, "154 lb"),
        other => panic!("{other:?}"),
    }
    assert!(has_text(&h, "Vitals saved"));
    // The form starts afresh, and no draft is left that could bring the saved set back.
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some(""));
    assert!(!has_text(&h, "Restored what was typed"));
    let staff = app(&h).session().account.staff.id;
    assert!(
        app(&h)
            .store()
            .drafts_of(staff, patient)
            .unwrap()
            .is_empty(),
        "no draft is left behind"
    );
    // The checklist ticks vitals, and the waiting visit moved to rooming.
    assert!(has_text(&h, "1 set,"));
    assert!(has_text(&h, "Annual physical · Rooming"));
}

/// Types `text` one character at a time, counting each as a keystroke.
fn keys(h: &mut Ui, count: &mut usize, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
        *count += 1;
    }
}

fn key(h: &mut Ui, count: &mut usize, key: Key) {
    press(h, key);
    *count += 1;
}

#[test]
fn a_full_adult_set_takes_at_most_forty_keystrokes() {
    let (mut chart, patient) = chart_with_jane();
    // The clinic's units, chosen once and remembered.
    chart
        .store
        .set_unit_choices(
            chart.staff.id,
            UnitChoices {
                temperature: TemperatureUnit::Fahrenheit,
                height: LengthUnit::Inch,
                weight: MassUnit::Pound,
                head_circumference: LengthUnit::Centimetre,
            },
        )
        .unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smi ja");
    assert!(h.get_by_label("Systolic").is_focused());
    let mut n = 0;
    keys(&mut h, &mut n, "120/80"); // the slash goes on to diastolic
    key(&mut h, &mut n, Key::Tab);
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Position")
            .is_focused(),
        "cuff site and not obtained are off the Tab path"
    );
    keys(&mut h, &mut n, "s"); // sitting
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "72");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "16");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "98.6");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "o"); // oral
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "98");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "r"); // room air
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "64");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "154");
    key(&mut h, &mut n, Key::Tab);
    keys(&mut h, &mut n, "0");
    key(&mut h, &mut n, Key::Enter);
    assert!(n <= 40, "{n} keystrokes");
    assert_eq!(n, 36);

    let saved = sets(&h, patient);
    assert_eq!(saved.len(), 1, "one set saved");
    let set = &saved[0];
    assert_eq!(value_of(set, Vital::Systolic), 120.0);
    assert_eq!(value_of(set, Vital::Diastolic), 80.0);
    assert_eq!(value_of(set, Vital::HeartRate), 72.0);
    assert_eq!(value_of(set, Vital::RespiratoryRate), 16.0);
    assert!((value_of(set, Vital::Temperature) - 37.0).abs() < 1e-9);
    assert_eq!(value_of(set, Vital::OxygenSaturation), 98.0);
    assert!((value_of(set, Vital::Height) - 64.0 * 2.54).abs() < 1e-9);
    assert!((value_of(set, Vital::Weight) - 154.0 * 0.453_592_37).abs() < 1e-9);
    assert_eq!(value_of(set, Vital::Pain), 0.0);
    assert_eq!(set.context.bp_position, Some(BodyPosition::Sitting));
    assert_eq!(set.context.temperature_route, Some(TemperatureRoute::Oral));
    assert_eq!(set.context.oxygen, Some(OxygenDelivery::RoomAir));
}

#[test]
fn a_pressure_typed_whole_in_systolic_fills_both_fields() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("128/84");
    h.run();
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("128"));
    assert_eq!(h.get_by_label("Diastolic").value().as_deref(), Some("84"));
    assert!(h.get_by_label("Diastolic").is_focused());
}

#[test]
fn a_choice_says_its_new_value_in_the_frame_it_changes() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_role_and_label(Role::ComboBox, "Position").focus();
    h.run();
    h.key_press(Key::ArrowRight);
    // One frame, no more: a screen reader reads the tree as it is after this keystroke.
    h.step();
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Position")
            .value()
            .as_deref(),
        Some("Sitting")
    );
}

#[test]
fn saves_are_announced_and_charts_have_words() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("118/76");
    h.run();
    press(&mut h, Key::Enter);
    let status = h.get_by_label_contains("Vitals saved");
    assert_eq!(
        egui_kittest::kittest::NodeT::accesskit_node(&status).live(),
        egui::accesskit::Live::Polite,
        "the status line is a live region"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num2);
    h.run();
    assert!(has_text(&h, "Systolic: 1 reading"));
    assert!(has_text(&h, "latest 118 mmHg"));
}

#[test]
fn every_detail_is_one_shortcut_away() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::D);
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Position").focus();
    h.run();
    press(&mut h, Key::Tab);
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Cuff site")
            .is_focused(),
        "Ctrl+D puts the details on the Tab path"
    );
    press(&mut h, Key::Tab);
    assert!(h.get_by_label("Blood pressure not obtained").is_focused());
}

#[test]
fn an_impossible_value_blocks_the_save_with_its_message() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("350");
    h.run();
    assert!(has_text(
        &h,
        "350 mmHg is not a possible systolic pressure: allowed 20–300 mmHg"
    ));
    press(&mut h, Key::Enter);
    assert!(sets(&h, patient).is_empty());
    assert!(has_text(&h, "Not saved: fix the marked field first"));
    // What was typed is still there to fix.
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("350"));
}

#[test]
fn a_confirm_tier_value_needs_the_confirmation() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("190");
    h.run();
    type_into(&mut h, "Diastolic", "100");
    press(&mut h, Key::Enter);
    assert!(
        sets(&h, patient).is_empty(),
        "not saved without the confirmation"
    );
    assert!(has_text(
        &h,
        "Not saved: confirm the unusual value first (tick “Confirm” beside it)"
    ));
    h.get_by_label("Confirm systolic").focus();
    h.run();
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    let saved = sets(&h, patient);
    assert_eq!(saved.len(), 1);
    match &saved[0].observation(Vital::Systolic).unwrap().result {
        ObservationResult::Value(m) => {
            assert!(m.confirmed);
            assert_eq!(
                m.interpretation
                    .map(rooming::clinical::vitals::Interpretation::code),
                Some("HH"),
                "still flagged"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_flagged_value_shows_its_flag() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    type_into(&mut h, "Heart rate", "110");
    assert!(has_text(&h, "Heart rate high (normal 60–100 /min)"));
    assert!(h.query_by_label("H").is_some(), "the H chip");
}

#[test]
fn the_banner_shows_name_dob_and_mrn() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "03/02/1980");
    assert!(has_text(&h, "Smith, Jane"));
    assert!(has_text(&h, "DOB Mar 2, 1980 (46 y)"));
    assert!(has_text(&h, "MRN 0000001"));
    assert!(has_text(&h, "Allergies: not recorded"));
}

#[test]
fn a_failed_save_keeps_what_was_typed_and_the_retry_saves() {
    let (chart, patient) = chart_with_jane();
    let other = chart.store.second_connection().unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("118");
    h.run();
    type_into(&mut h, "Diastolic", "76");
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "Not saved: the chart is busy"),
        "says what happened"
    );
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("118"));
    other.execute_batch("ROLLBACK").unwrap();
    h.get_by_label("Diastolic").focus();
    h.run();
    press(&mut h, Key::Enter);
    assert_eq!(sets(&h, patient).len(), 1, "the retry saved");
}

#[test]
fn an_unsaved_draft_survives_a_crash() {
    let (chart, patient) = chart_with_jane();
    let path = chart.path();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("131");
    h.run();
    type_into(&mut h, "Weight", "70");
    // The window is gone without a goodbye: no flush, no save.
    drop(h);
    let store = common::reopen(&path);
    let mut h = harness(store);
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Restored what was typed"));
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("131"));
    assert_eq!(h.get_by_label("Weight").value().as_deref(), Some("70"));
    assert!(
        sets(&h, patient).is_empty(),
        "restored, not saved behind the MA's back"
    );
}

#[test]
fn what_is_typed_on_every_tab_survives_a_crash() {
    let (chart, _) = chart_with_jane();
    let path = chart.path();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num3);
    h.run();
    type_into(&mut h, "Substance", "Latex");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num6);
    h.run();
    type_into(&mut h, "Product", "Boostr");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num7);
    h.run();
    type_into(&mut h, "Volume", "4");
    drop(h);
    let store = common::reopen(&path);
    let mut h = harness(store);
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(
        h.get_by_label("Substance").value().as_deref(),
        Some("Latex")
    );
    assert!(has_text(&h, "Restored what was typed"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num6);
    h.run();
    assert_eq!(h.get_by_label("Product").value().as_deref(), Some("Boostr"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num7);
    h.run();
    assert_eq!(h.get_by_label("Volume").value().as_deref(), Some("4"));
}

#[test]
fn a_saved_set_is_corrected_and_then_marked_entered_in_error() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("210");
    h.run();
    type_into(&mut h, "Diastolic", "80");
    h.get_by_label("Confirm systolic").focus();
    h.run();
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    assert_eq!(sets(&h, patient).len(), 1);

    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num2);
    h.run();
    h.get_by_label("Correct the vitals taken today 15:30")
        .click();
    h.run();
    assert!(has_text(&h, "Correct a set of vitals"));
    assert_eq!(
        h.get_by_label("Systolic").value().as_deref(),
        Some("210"),
        "refilled as typed"
    );
    h.get_by_label("Systolic").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Systolic").type_text("120");
    h.run();
    press(&mut h, Key::Enter);
    let history = sets(&h, patient);
    assert_eq!(history.len(), 2);
    assert!(matches!(history[0].standing, Standing::Replaced { .. }));
    assert_eq!(history[1].value(Vital::Systolic), Some(120.0));
    assert_eq!(history[1].replaces, Some(history[0].id));

    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num2);
    h.run();
    h.get_by_label("Entered in error: the vitals taken today 15:30")
        .click();
    h.run();
    h.get_by_label("Why was this set entered in error?")
        .type_text("wrong patient");
    h.run();
    press(&mut h, Key::Enter);
    let history = sets(&h, patient);
    assert!(
        matches!(&history[1].standing, Standing::EnteredInError { reason, .. } if reason == "wrong patient")
    );
    h.get_by_label("Show corrected and entered-in-error versions")
        .click();
    h.run();
    assert!(
        has_text(&h, "wrong patient"),
        "the history shows the retraction"
    );
    assert!(has_text(&h, "Corrected"), "and the correction");
}

#[test]
fn a_patient_is_registered_by_keyboard() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.get_by_label("Family name").is_focused());
    h.get_by_label("Family name").type_text("Okafor");
    h.run();
    press(&mut h, Key::Tab);
    h.get_by_label("Given names").type_text("Chidi");
    h.run();
    type_into(&mut h, "Date of birth", "07/04/2019");
    assert!(has_text(&h, "= Jul 4, 2019"));
    h.get_by_role_and_label(Role::ComboBox, "Sex").focus();
    h.run();
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::Enter);
    let patient = app(&h)
        .current_patient()
        .cloned()
        .expect("the chart opened");
    assert_eq!(patient.demographics.family_name, "Okafor");
    assert_eq!(patient.demographics.birth_date.to_string(), "2019-07-04");
    assert_eq!(
        patient.demographics.sex,
        rooming::clinical::patient::Sex::Male
    );
    assert_eq!(patient.mrn.as_str(), "0000001");
    assert!(has_text(&h, "MRN 0000001"));
}

#[test]
fn a_registration_with_errors_says_so_beside_the_fields() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Family name").type_text("Okafor");
    h.run();
    type_into(&mut h, "Date of birth", "12/31/2099");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "the date of birth is after today"));
    assert!(has_text(&h, "type the given name(s)"));
    assert!(app(&h).current_patient().is_none());
}

#[test]
fn first_start_sets_up_the_clinic_and_its_administrator_and_shows_the_recovery_key_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.rooming");
    let mut h = harness_at(&path);
    h.run();
    assert!(h.get_by_label("Clinic name").is_focused());
    h.get_by_label("Clinic name")
        .type_text("Valley Family Medicine");
    h.run();
    press(&mut h, Key::Tab);
    h.get_by_label("Clinic address")
        .type_text("12 Main St, Springfield");
    h.run();
    press(&mut h, Key::Tab);
    h.get_by_label("Your name").type_text("Ana Lopez");
    h.run();
    press(&mut h, Key::Tab);
    h.get_by_label("Your credentials").type_text("CMA");
    h.run();
    type_into(&mut h, "Username", "alopez");
    type_into(&mut h, "Password", "short");
    type_into(&mut h, "Password again", "short");
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "at least 15 characters"),
        "a short password is refused beside its field"
    );
    assert!(
        !path.exists(),
        "nothing is written before the form is whole"
    );
    h.get_by_label("Password").focus();
    h.run();
    h.get_by_label("Password")
        .type_text("ferry blue window garden");
    h.run();
    type_into(&mut h, "Password again", "ferry blue window garden");
    press(&mut h, Key::Enter);
    assert!(path.exists(), "the chart is made");
    assert!(has_text(&h, "The chart's recovery key"));
    let shown = h
        .query_all_by_label_contains("-")
        .filter_map(|n| {
            let node = egui_kittest::kittest::NodeT::accesskit_node(&n);
            node.label().or_else(|| node.value())
        })
        .find(|l| l.len() == 42 && l.split('-').count() == 9)
        .expect("the key, in groups of four");
    type_into(&mut h, "Type the key back", "0000-0000");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "That is not the key above"));
    assert!(
        h.state().app().is_none(),
        "no charting before the key is kept"
    );
    h.get_by_label("Type the key back").focus();
    h.run();
    h.get_by_label("Type the key back")
        .type_text(&shown.to_lowercase().replace('-', " "));
    h.run();
    press(&mut h, Key::Enter);
    let clinic = app(&h).store().clinic().unwrap().unwrap();
    assert_eq!(clinic.address, "12 Main St, Springfield");
    let session = app(&h).session();
    assert_eq!(session.account.staff.signature(), "Ana Lopez, CMA");
    assert_eq!(
        session.account.role,
        rooming::clinical::account::Role::Administrator
    );
    assert!(has_text(&h, "Charting: Ana Lopez, CMA"));
    assert!(!has_text(&h, &shown), "the key is never shown again");
}

#[test]
fn units_are_remembered_per_staff_member() {
    let (chart, _) = chart_with_jane();
    let staff = chart.staff.id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_role_and_label(Role::ComboBox, "Weight unit")
        .focus();
    h.run();
    press(&mut h, Key::ArrowRight);
    assert_eq!(
        app(&h).store().unit_choices(staff).unwrap().weight,
        MassUnit::Pound
    );
    type_into(&mut h, "Weight", "160");
    assert!(has_text(&h, "= 72.6 kg"));
}

#[test]
fn todays_list_shows_the_visit_and_its_status() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("120");
    h.run();
    type_into(&mut h, "Diastolic", "80");
    press(&mut h, Key::Enter);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.run();
    assert!(has_text(&h, "Annual physical"));
    assert!(has_text(
        &h,
        "1/6, to do: Allergies, History, Medications, Injections, Specimens"
    ));
    assert!(h.get_by_label("Find patient").is_focused());
}

#[test]
fn the_whole_form_is_reachable_by_tab_in_paper_order() {
    let (chart, _) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    // Values and how they were taken; the seldom-changed details are off the path.
    let order = [
        "Systolic",
        "Diastolic",
        "Position",
        "Heart rate",
        "Respiratory rate",
        "Temperature",
        "Route",
        "SpO2",
        "Breathing",
        "Height",
        "Weight",
        "Pain",
    ];
    for (i, label) in order.iter().enumerate() {
        assert!(
            h.get_by_label(label).is_focused(),
            "step {i}: {label} should have focus"
        );
        press(&mut h, Key::Tab);
    }
    // Shift+Tab goes back through the details.
    h.get_by_label("Heart rate").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run();
    assert!(h.get_by_label("Blood pressure not obtained").is_focused());
}

#[test]
fn demographics_are_corrected_as_a_new_version() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Correct demographics…").click();
    h.run();
    assert_eq!(
        h.get_by_label("Family name").value().as_deref(),
        Some("Smith")
    );
    h.get_by_label("Family name").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Family name").type_text("Smith-Jones");
    h.run();
    press(&mut h, Key::Enter);
    let versions = app(&h).store().patient_versions(patient).unwrap();
    assert_eq!(versions.len(), 2, "the first version is kept");
    assert_eq!(versions[1].demographics.family_name, "Smith-Jones");
    assert!(
        has_text(&h, "Smith-Jones, Jane"),
        "the banner shows the new name"
    );
}

#[test]
/// "Time taken" follows the clock until it is typed in: a blood pressure taken four minutes
/// after the form opened is charted at the minute it was saved.
fn the_time_taken_follows_the_clock_until_typed() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    let later = common::now() + chrono::Duration::minutes(4);
    h.state_mut()
        .app_mut()
        .unwrap()
        .set_clock(rooming::clinical::time::Clock::Fixed(later));
    h.get_by_label("Systolic").type_text("120");
    h.run();
    type_into(&mut h, "Diastolic", "80");
    press(&mut h, Key::Enter);
    assert_eq!(sets(&h, patient)[0].taken_at, later);
}

#[test]
/// A set dated before the visit started asks for one deliberate confirmation.
fn vitals_dated_before_the_visit_started_ask_for_confirmation() {
    let (chart, patient) = chart_with_jane();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    common::ui::replace_text(&mut h, "Time taken", "08:00");
    h.get_by_label("Systolic").focus();
    h.run();
    h.get_by_label("Systolic").type_text("120");
    h.run();
    type_into(&mut h, "Diastolic", "80");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Not saved: confirm the time taken first"));
    assert!(sets(&h, patient).is_empty());
    tick(&mut h, "Confirm time taken");
    h.get_by_label("Diastolic").focus();
    h.run();
    press(&mut h, Key::Enter);
    let saved = sets(&h, patient);
    assert_eq!(saved.len(), 1);
    assert_eq!(
        rooming::clinical::time::to_local(saved[0].taken_at)
            .format("%H:%M")
            .to_string(),
        "08:00"
    );
}

#[test]
/// Enter writes the draft at once, even when the save is refused: the pause that would write
/// it is set to never come, and the window dies right after Enter.
fn enter_keeps_the_draft_even_when_the_save_is_refused() {
    let (chart, patient) = chart_with_jane();
    let path = chart.path();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.state_mut().app_mut().unwrap().set_draft_delay(1.0e6);
    h.get_by_label("Systolic").type_text("400");
    h.run();
    type_into(&mut h, "Diastolic", "80");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Not saved"), "400 is refused");
    drop(h);
    let store = common::reopen(&path);
    let mut h = harness(store);
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Restored what was typed"));
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("400"));
    assert!(sets(&h, patient).is_empty());
}
