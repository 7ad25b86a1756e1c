//! Specimens and point-of-care tests through `egui_kittest`, keyboard only: collect a urine
//! specimen (refused until both identifiers are confirmed), record a dipstick and a positive
//! hCG, mark the specimen sent; then find all of it in the chart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::Duration;
use common::ui::{
    Ui, app, choose, harness, has_text, press, room_patient, sign_in, tick, type_into,
};
use common::{Chart, now};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rooming::clinical::checklist::{Section, SectionState};
use rooming::clinical::poc::PocResult;
use rooming::clinical::poc::{Flag, PocCatalog};
use rooming::clinical::record::current;
use rooming::clinical::specimen::{
    Collection, Container, OrderedTest, Specimen, SpecimenId, SpecimenStatus, SpecimenType,
};

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
        has_text(&h, "type the date of birth the patient says"),
        "no label before the identifiers are confirmed"
    );
    assert!(
        current(
            &app(&h)
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
    tick(&mut h, "Name matches");
    type_into(&mut h, "Date of birth as stated", "05/01/1991");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "is not the chart's: stop"));
    common::ui::replace_text(&mut h, "Date of birth as stated", "05/01/1990");
    press(&mut h, Key::Enter);

    let store = app(&h).store();
    let specimens = store
        .records::<rooming::clinical::specimen::Specimen>(jane)
        .unwrap();
    assert_eq!(specimens.len(), 1);
    let specimen = &specimens[0].content;
    assert_eq!(specimen.collection.kind, SpecimenType::Urine);
    assert_eq!(specimen.collection.container, Container::SterileCup);
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
        .with_file_name(format!("chart.rooming.printouts/label-{id}.pdf"));
    assert!(std::fs::read(&label).unwrap().starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&label), 0o600);
        assert_eq!(mode(label.parent().unwrap()), 0o700);
    }
    assert!(has_text(
        &h,
        &format!("Label for specimen {id}: no printer command found")
    ));

    // A dipstick with a positive nitrite and 1+ leukocytes.
    choose(&mut h, "Test", 9);
    kit(&mut h, "UA4471");
    // Run on the urine just collected: its label scanned ties the result to Jane.
    type_into(&mut h, "Specimen ID", &id.to_string());
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

    assert!(
        has_text(
            &h,
            "FLAGGED: Nitrite Positive (abnormal), Leukocytes 1+ (abnormal)"
        ),
        "the flagged parts lead the result"
    );

    // A positive urine hCG, run from a cup not logged as a specimen: asked of the patient.
    choose(&mut h, "Test", 5);
    kit(&mut h, "HCG2291");
    choose(&mut h, "hCG", 2);
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "type the date of birth the patient says"),
        "no result without the patient identified"
    );
    tick(&mut h, "Name matches for this result");
    type_into(
        &mut h,
        "Date of birth as stated for this result",
        "05/01/1990",
    );
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Pregnant: positive test on Nov 26, 2026"));
    assert!(
        has_text(&h, "PREGNANT: positive test on Nov 26, 2026"),
        "the banner says so beside the allergies"
    );
    // A later negative does not hide it: the positive stands until marked entered in error.
    choose(&mut h, "Test", 5);
    kit(&mut h, "HCG2291");
    choose(&mut h, "hCG", 1);
    type_into(&mut h, "Specimen ID", &id.to_string());
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "PREGNANT: positive test on Nov 26, 2026"),
        "still positive after a later negative"
    );

    // Mark the specimen sent, by keyboard: the button, then Enter in the prompt.
    h.get_by_label(&format!("Mark sent {id}")).focus();
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, &format!("Mark specimen {id} sent to lab")));
    press(&mut h, Key::Enter);

    let store = app(&h).store();
    assert_eq!(
        store.tracked_specimen(id).unwrap().standing.status,
        SpecimenStatus::Sent
    );
    let records = app(&h).open_patient_screen().unwrap();
    let results: Vec<_> = current(records.data().records.of::<PocResult>())
        .map(|r| r.content.clone())
        .collect();
    assert_eq!(results.len(), 3);
    let dipstick = results.iter().find(|r| r.test_id == "dipstick").unwrap();
    assert_eq!(dipstick.cpt, "81002", "read by eye");
    assert_eq!(dipstick.kit_lot, "UA4471");
    assert_eq!(dipstick.specimen, Some(id), "run on the urine collected");
    let flagged: Vec<(&str, &str)> = dipstick
        .parts
        .iter()
        .filter(|p| p.flag == Some(Flag::Abnormal))
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(flagged, [("Nitrite", "Positive"), ("Leukocytes", "1+")]);
    let visit = records.open_visit().unwrap().visit.id;
    let test = records
        .data()
        .records
        .pregnancy_test(visit, &PocCatalog::built_in().unwrap())
        .unwrap();
    assert!(test.positive, "the injection checks see the positive hCG");
    // The checklist sees the work but waits for the MA's mark.
    let state = &records.open_visit().unwrap().checklist.items[5];
    assert_eq!(state.section, Section::Specimens);
    assert_eq!(
        state.state,
        SectionState::Partial {
            summary: "1 collected, 3 tested; mark done when finished".into()
        }
    );
}

/// Jane Smith with a visit and a lipid panel collected for Quest, before the app opens.
fn chart_with_specimens(count: usize) -> (Chart, Vec<SpecimenId>) {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1990, 5, 1));
    let visit = chart.visit(&jane);
    let ids = (0..count)
        .map(|_| {
            chart
                .store
                .collect_specimen(
                    jane.id,
                    Some(visit.id),
                    &Collection {
                        kind: SpecimenType::Blood,
                        container: Container::GoldSst,
                        source: None,
                        tests: vec![OrderedTest {
                            catalog_id: Some("lipid".into()),
                            name: "Lipid panel".into(),
                        }],
                        fasting: Some(true),
                        volume: None,
                        lab: "Quest Diagnostics".into(),
                        collected_at: now() - Duration::minutes(20),
                        collected_by: "Ana Lopez, CMA".into(),
                        identifiers_confirmed: true,
                        note: None,
                    },
                    chart.staff.id,
                )
                .unwrap()
                .content
                .id
        })
        .collect();
    (chart, ids)
}

fn activate(h: &mut Ui, label: &str) {
    h.get_by_label(label).focus();
    h.run();
    press(h, Key::Enter);
}

#[test]
fn a_specimen_is_corrected_and_a_wrong_status_undone() {
    let (chart, ids) = chart_with_specimens(1);
    let id = ids[0];
    let mut h = harness(chart.store);
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();

    activate(&mut h, &format!("Correct {id}"));
    assert!(has_text(&h, &format!("Correct specimen {id}")));
    h.get_by_label("Lab").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Lab").type_text("Labcorp");
    h.run();
    press(&mut h, Key::Enter);
    let store = app(&h).store();
    let versions = store
        .records::<Specimen>(store.tracked_specimen(id).unwrap().record.patient_id)
        .unwrap();
    assert_eq!(versions.len(), 2, "the correction is a new version");
    let now_current: Vec<_> = current(&versions).collect();
    assert_eq!(now_current.len(), 1);
    assert_eq!(now_current[0].content.id, id, "the ID on the tube stays");
    assert_eq!(now_current[0].content.collection.lab, "Labcorp");

    // Sent by mistake, then undone: the change is kept, entered in error.
    activate(&mut h, &format!("Mark sent {id}"));
    press(&mut h, Key::Enter);
    assert_eq!(
        app(&h)
            .store()
            .tracked_specimen(id)
            .unwrap()
            .standing
            .status,
        SpecimenStatus::Sent
    );
    activate(&mut h, &format!("Undo sent to lab {id}"));
    h.get_by_label("Why was this entered in error?")
        .type_text("wrong tube marked");
    h.run();
    press(&mut h, Key::Enter);
    let store = app(&h).store();
    assert_eq!(
        store.tracked_specimen(id).unwrap().standing.status,
        SpecimenStatus::Collected
    );
    let patient = store.tracked_specimen(id).unwrap().record.patient_id;
    assert_eq!(
        store
            .records::<rooming::clinical::specimen::StatusChange>(patient)
            .unwrap()
            .len(),
        1,
        "the mistaken change stays in the history"
    );
}

#[test]
fn a_courier_pickup_marks_specimens_sent_and_writes_the_manifest() {
    let (chart, ids) = chart_with_specimens(3);
    let folder = chart.dir.path().to_owned();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(has_text(&h, "3 shown;"));
    h.get_by_label("at").focus();
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "tick the specimens the courier takes first"));
    tick(&mut h, &format!("Select {}", ids[0]));
    tick(&mut h, &format!("Select {}", ids[2]));
    assert!(has_text(
        &h,
        "Mark 2 selected sent and write manifest (Enter)"
    ));
    h.get_by_label("at").focus();
    h.run();
    press(&mut h, Key::Enter);

    let store = app(&h).store();
    let status = |id: SpecimenId| store.tracked_specimen(id).unwrap().standing.status;
    assert_eq!(status(ids[0]), SpecimenStatus::Sent);
    assert_eq!(status(ids[1]), SpecimenStatus::Collected);
    assert_eq!(status(ids[2]), SpecimenStatus::Sent);
    let manifests: Vec<_> = std::fs::read_dir(folder.join("chart.rooming.printouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(manifests.len(), 2, "a PDF and a CSV");
    let csv = manifests
        .iter()
        .find(|p| p.extension().unwrap() == "csv")
        .unwrap();
    let csv = std::fs::read_to_string(csv).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains(&ids[0].to_string()) && csv.contains(&ids[2].to_string()));
    assert!(!csv.contains(&ids[1].to_string()));
    assert!(csv.contains("\"SMITH, Jane\",05/01/1990"));
    assert!(has_text(&h, "2 specimens marked sent"));
    // The filters ask the store again: another lab finds none, the right one all three.
    let lab = |h: &mut Ui, text: &str| {
        let field = h.get_by_role_and_label(Role::TextInput, "Lab");
        field.focus();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.run();
        h.get_by_role_and_label(Role::TextInput, "Lab")
            .type_text(text);
        h.run();
    };
    lab(&mut h, "labcorp");
    assert!(has_text(&h, "0 shown;"));
    lab(&mut h, "quest diagnostics");
    assert!(has_text(&h, "3 shown;"));
    assert!(
        h.query_by_label(&format!("Select {}", ids[0])).is_some(),
        "the rows are back"
    );
    common::ui::click(&mut h, "Sign out");
    assert!(
        !folder.join("chart.rooming.printouts").exists(),
        "no manifest naming patients is left behind"
    );
}

#[test]
/// A lipid panel is done fasting: the form asks, and keeps what the patient said.
fn fasting_is_asked_before_a_fasting_test_is_collected() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1990, 5, 1)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();
    h.get_by_label("Tests").type_text("lipid");
    h.run();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    type_into(&mut h, "Lab", "Quest Diagnostics");
    press(&mut h, Key::Escape);
    tick(&mut h, "Name matches");
    type_into(&mut h, "Date of birth as stated", "05/01/1990");
    press(&mut h, Key::Enter);
    assert!(has_text(
        &h,
        "Lipid panel is done fasting: ask whether the patient has fasted"
    ));
    let specimens = |h: &common::ui::Ui| {
        app(h)
            .store()
            .records::<rooming::clinical::specimen::Specimen>(jane)
            .unwrap()
    };
    assert!(specimens(&h).is_empty(), "not collected until asked");
    common::ui::choose(&mut h, "Fasting", 1);
    assert_eq!(h.get_by_label("Fasting").value().as_deref(), Some("Fasted"));
    press(&mut h, Key::Enter);
    let saved = specimens(&h);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].content.collection.fasting, Some(true));
}

#[test]
/// "Collected at" follows the clock until it is typed in: a urine cup filled three minutes
/// after the form opened is charted at the minute it was saved.
fn the_collection_time_follows_the_clock_until_typed() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1990, 5, 1)).id;
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();
    h.get_by_label("Tests").type_text("urine culture");
    h.run();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    type_into(&mut h, "Lab", "Quest Diagnostics");
    press(&mut h, Key::Escape);
    let later = common::now() + chrono::Duration::minutes(3);
    h.state_mut()
        .app_mut()
        .unwrap()
        .set_clock(rooming::clinical::time::Clock::Fixed(later));
    tick(&mut h, "Name matches");
    type_into(&mut h, "Date of birth as stated", "05/01/1990");
    assert_eq!(
        h.get_by_label("Collected at").value().as_deref(),
        Some(rooming::clinical::time::format_local_date_time(later).as_str())
    );
    press(&mut h, Key::Enter);
    let specimens = app(&h)
        .store()
        .records::<rooming::clinical::specimen::Specimen>(jane)
        .unwrap();
    assert_eq!(specimens[0].content.collection.collected_at, later);
    // Typed, it stays as typed however the clock moves.
    common::ui::replace_text(&mut h, "Collected at", "15:20");
    h.state_mut()
        .app_mut()
        .unwrap()
        .set_clock(rooming::clinical::time::Clock::Fixed(
            later + chrono::Duration::minutes(5),
        ));
    h.run();
    assert_eq!(
        h.get_by_label("Collected at").value().as_deref(),
        Some("15:20")
    );
}
