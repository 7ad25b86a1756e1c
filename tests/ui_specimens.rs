//! Specimens and point-of-care tests through `egui_kittest`, keyboard only: collect a urine
//! specimen (refused until both identifiers are confirmed), record a dipstick and a positive
//! hCG, mark the specimen sent; then find all of it in the chart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::Chart;
use common::ui::{Ui, harness, has_text, press, room_patient, type_into};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rooming::clinical::checklist::{Section, SectionState};
use rooming::clinical::poc::{Flag, PocCatalog};
use rooming::clinical::record::current;
use rooming::clinical::specimen::{Container, SpecimenStatus, SpecimenType};

fn choose(h: &mut Ui, label: &str, steps: usize) {
    h.get_by_role_and_label(Role::ComboBox, label).focus();
    h.run();
    for _ in 0..steps {
        press(h, Key::ArrowRight);
    }
}

fn tick(h: &mut Ui, label: &str) {
    h.get_by_label(label).focus();
    h.run();
    press(h, Key::Space);
}

/// Fills the kit lines of the point-of-care form and runs Enter from the last one.
fn kit(h: &mut Ui, lot: &str) {
    type_into(h, "Kit lot", lot);
    type_into(h, "Kit expires", "12/2027");
    choose(h, "Controls", 1);
}

#[test]
fn collect_a_urine_specimen_test_it_and_send_it() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1990, 5, 1)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();
    assert!(
        h.get_by_label("Tests").is_focused(),
        "the tab opens on its first field"
    );

    // A catalog test brings its specimen type and container.
    h.get_by_label("Tests").type_text("urine culture");
    h.run();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Remove Urine culture"));
    type_into(&mut h, "Lab", "Quest Diagnostics");
    press(&mut h, Key::Escape);
    type_into(&mut h, "Volume", "30");
    press(&mut h, Key::Enter);
    assert!(
        has_text(
            &h,
            "confirm the patient's name and date of birth with the patient first"
        ),
        "no label before the identifiers are confirmed"
    );
    assert!(
        current(
            &h.state()
                .store()
                .records::<rooming::clinical::specimen::Specimen>(jane)
                .unwrap()
        )
        .next()
        .is_none()
    );
    assert!(has_text(
        &h,
        "Ask the patient to say their name and date of birth: Smith, Jane"
    ));
    tick(&mut h, "Name confirmed with patient");
    tick(&mut h, "Date of birth confirmed with patient");
    press(&mut h, Key::Enter);

    let store = h.state().store();
    let specimens = store
        .records::<rooming::clinical::specimen::Specimen>(jane)
        .unwrap();
    assert_eq!(specimens.len(), 1);
    let specimen = &specimens[0].content;
    assert_eq!(specimen.collection.kind, SpecimenType::Urine);
    assert_eq!(specimen.collection.container, Container::UrineCup);
    assert_eq!(specimen.collection.lab, "Quest Diagnostics");
    assert_eq!(specimen.collection.volume.unwrap().to_string(), "30 mL");
    assert_eq!(specimen.collection.collected_by, "Ana Lopez, CMA");
    assert!(specimen.collection.identifiers_confirmed);
    let id = specimen.id;
    assert_eq!(
        store.label_prints(id).unwrap(),
        1,
        "the label printed on saving"
    );
    let label = store
        .path()
        .parent()
        .unwrap()
        .join(format!("labels/label-{id}.pdf"));
    assert!(std::fs::read(&label).unwrap().starts_with(b"%PDF"));
    assert!(has_text(
        &h,
        &format!("Label for specimen {id}: no printer command found")
    ));

    // A dipstick with a positive nitrite and 1+ leukocytes.
    choose(&mut h, "Test", 7);
    kit(&mut h, "UA4471");
    for (part, steps) in [
        ("Glucose", 1),
        ("Bilirubin", 1),
        ("Ketones", 1),
        ("Specific gravity", 5),
        ("Blood", 1),
        ("pH", 3),
        ("Protein", 1),
        ("Urobilinogen", 1),
        ("Nitrite", 2),
        ("Leukocytes", 3),
    ] {
        choose(&mut h, part, steps);
    }
    press(&mut h, Key::Enter);

    // A positive urine hCG.
    choose(&mut h, "Test", 5);
    kit(&mut h, "HCG2291");
    choose(&mut h, "hCG", 2);
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Pregnant: positive test on 11/26/2026"));

    // Mark the specimen sent, by keyboard: the button, then Enter in the prompt.
    h.get_by_label(&format!("Mark sent {id}")).focus();
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, &format!("Mark specimen {id} sent to lab")));
    press(&mut h, Key::Enter);

    let store = h.state().store();
    assert_eq!(
        store.tracked_specimen(id).unwrap().standing.status,
        SpecimenStatus::Sent
    );
    let records = h.state().open_patient_screen().unwrap();
    let results: Vec<_> = current(&records.records.poc_results)
        .map(|r| r.content.clone())
        .collect();
    assert_eq!(results.len(), 2);
    let dipstick = results.iter().find(|r| r.test_id == "dipstick").unwrap();
    assert_eq!(dipstick.cpt, "81003");
    assert_eq!(dipstick.kit_lot, "UA4471");
    let flagged: Vec<(&str, &str)> = dipstick
        .parts
        .iter()
        .filter(|p| p.flag == Some(Flag::Abnormal))
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(flagged, [("Nitrite", "Positive"), ("Leukocytes", "1+")]);
    let visit = records.open.as_ref().unwrap().visit.id;
    let test = records
        .records
        .pregnancy_test(visit, &PocCatalog::built_in().unwrap())
        .unwrap();
    assert!(test.positive, "the injection checks see the positive hCG");
    // The checklist sees the work but waits for the MA's mark.
    let state = &records.open.as_ref().unwrap().checklist.items[5];
    assert_eq!(state.section, Section::Specimens);
    assert_eq!(
        state.state,
        SectionState::Partial {
            summary: "1 collected, 2 tested; mark done when finished".into()
        }
    );
}
