//! A child's growth on the vitals form, through the real app: the percentile beside a weight,
//! the gestational age at birth (and the corrected age it brings), and a child's blood pressure
//! judged by AAP 2017.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::{Datelike, Duration};
use common::Chart;
use common::ui::{app, everything_said, harness, has_text, press, room_patient, type_into};
use egui::Key;
use rooming::clinical::growth::GestationalAge;
use rooming::clinical::growth::birth::BirthHistory;
use rooming::clinical::record::Versioned;
use rooming::clinical::time::to_local;

fn born_days_ago(days: i64) -> (i32, u32, u32) {
    let born = to_local(common::now()).date_naive() - Duration::days(days);
    (born.year(), born.month(), born.day())
}

#[test]
/// A premature baby: the MA types the gestational age once; the weight's percentile then says
/// it is read at corrected age, and the record is in the chart.
fn a_premature_babys_weight_is_read_at_corrected_age() {
    let mut chart = Chart::new();
    let patient = chart.patient("Small", "Sam", born_days_ago(70));
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    assert!(has_text(&h, "Gestational age at birth"));
    type_into(&mut h, "Gestational age at birth", "30+2");
    press(&mut h, Key::Enter);
    let stored: Vec<Versioned<BirthHistory>> = app(&h).store().records(patient.id).unwrap();
    assert_eq!(
        stored[0].content.gestation,
        GestationalAge { weeks: 30, days: 2 }
    );
    assert!(has_text(
        &h,
        "Born at 30 weeks 2 days: premature, percentiles at corrected age until 24 months"
    ));
    type_into(&mut h, "Weight", "3.4");
    let said = everything_said(&h);
    assert!(
        said.contains("percentile (z") && said.contains("WHO, corrected age)"),
        "{said}"
    );
}

#[test]
/// A 6-year-old boy's 114/60 with a height at about the 50th percentile is stage 1 by AAP 2017,
/// flagged with its reason; an adult's table would have called it normal.
fn a_childs_blood_pressure_is_judged_by_aap_2017() {
    let mut chart = Chart::new();
    let boy = chart.patient("Young", "Leo", born_days_ago(6 * 365 + 60));
    chart
        .store
        .correct_patient(
            &boy,
            &rooming::clinical::patient::Demographics {
                sex: rooming::clinical::patient::Sex::Male,
                ..boy.demographics.clone()
            },
            chart.staff.id,
        )
        .unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "young");
    type_into(&mut h, "Systolic", "114");
    type_into(&mut h, "Diastolic", "60");
    type_into(&mut h, "Height", "116 cm");
    let said = everything_said(&h);
    assert!(
        said.contains("Stage 1 hypertension: at or above the 95th percentile (AAP 2017"),
        "{said}"
    );
    assert!(
        said.contains("stage 1 hypertension for age, sex and height"),
        "{said}"
    );
}

#[test]
/// A one-year-old's vitals, saved: the history shows the weight's percentile, the growth tab
/// (Ctrl+8) draws WHO's chart with the point and says it in words, and the chart prints.
fn the_growth_tab_charts_the_child_and_prints_for_the_parents() {
    let mut chart = Chart::new();
    chart.patient("Small", "Sam", born_days_ago(365));
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    type_into(&mut h, "Gestational age at birth", "39+1");
    press(&mut h, Key::Enter);
    type_into(&mut h, "Weight", "8.9 kg");
    type_into(&mut h, "Height", "74 cm");
    press(&mut h, Key::Enter);
    common::ui::tab(&mut h, Key::Num2);
    let said = everything_said(&h);
    assert!(said.contains("8.9 (") && said.contains("th)"), "{said}");
    common::ui::tab(&mut h, Key::Num8);
    assert!(has_text(&h, "Growth charts"));
    let said = everything_said(&h);
    assert!(
        said.contains(
            "Weight-for-age (WHO weight-for-age): 1 measurement; latest 8.9 kg at 12.0 months"
        ),
        "{said}"
    );
    common::ui::click(&mut h, "Print for the parents (PDF)");
    let said = everything_said(&h);
    assert!(said.contains("Growth chart: "), "{said}");
    // Patient data left on paper: in the audit log, with who and which chart.
    let printed = app(&h)
        .store()
        .audit_count(rooming::clinical::audit::AuditAction::GrowthChartPrinted)
        .unwrap();
    assert_eq!(printed, 1);
}
