//! The specimen log with 50 000 specimens: filtering it (budget 20 ms) and drawing a frame of
//! it (budget 4 ms of CPU); and producing a label PDF (budget 50 ms). The log is built in memory
//! as the store hands it to the screen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod fixture;

use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{RawInput, Rect, pos2, vec2};
use rooming::clinical::ids::{ClinicId, PatientId, RecordId, StaffId};
use rooming::clinical::patient::{Demographics, NewPatient, Sex};
use rooming::clinical::reference::Reference;
use rooming::clinical::specimen::StatusChange;
use rooming::clinical::specimen::log::{LogEntry, LogFilter, LogPatient, StatusFilter};
use rooming::clinical::specimen::status::SpecimenState;
use rooming::clinical::specimen::{Collection, OrderedTest, Specimen, SpecimenId, SpecimenStatus};
use rooming::clinical::staff::{Clinic, Staff};
use rooming::clinical::time::Clock;
use rooming::print::Label;
use rooming::ui::ViewContext;
use rooming::ui::specimen_log::SpecimenLogScreen;

const SPECIMENS: usize = 50_000;

fn log(reference: &Reference) -> Vec<LogEntry> {
    let tests = reference.lab_tests.tests();
    let labs = reference.lab_tests.labs();
    let now = Utc::now();
    (0..SPECIMENS)
        .map(|i| {
            let test = &tests[i % tests.len()];
            let collected_at = now - Duration::minutes(i64::try_from(i).unwrap() * 17);
            let status = match i % 10 {
                0 => SpecimenStatus::Collected,
                1 | 2 => SpecimenStatus::Sent,
                3 => SpecimenStatus::Received,
                4 => SpecimenStatus::Rejected,
                _ => SpecimenStatus::Resulted,
            };
            let specimen = Specimen {
                id: SpecimenId::from_bits(u32::try_from(i).unwrap() * 7919),
                collection: Collection {
                    kind: test.specimen,
                    container: test.container,
                    source: None,
                    tests: vec![OrderedTest::from_catalog(test)],
                    fasting: false,
                    volume: None,
                    lab: labs[i % labs.len()].clone(),
                    collected_at,
                    collected_by: "Ana Lopez, CMA".into(),
                    identifiers_confirmed: true,
                    note: None,
                },
            };
            let standing = SpecimenState {
                status,
                at: collected_at + Duration::hours(3),
                reason: (status == SpecimenStatus::Rejected).then(|| "hemolyzed".into()),
                sent_at: (status != SpecimenStatus::Collected)
                    .then_some(collected_at + Duration::hours(3)),
            };
            LogEntry::new(
                RecordId::new(),
                LogPatient {
                    id: PatientId::new(),
                    name: format!("PATIENT{i}, Test"),
                    birth_date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
                    mrn: format!("{i:07}"),
                },
                specimen,
                standing,
                test.overdue_days,
            )
        })
        .collect()
}

fn filters(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let entries = log(&reference);
    let now = Utc::now();
    let today = now.date_naive();
    let cases = [
        ("open", LogFilter::default()),
        (
            "overdue",
            LogFilter {
                status: StatusFilter::Overdue,
                ..LogFilter::default()
            },
        ),
        (
            "one lab, last 30 days, any status",
            LogFilter {
                status: StatusFilter::All,
                lab: Some("quest diagnostics".into()),
                from: Some(today - Duration::days(30)),
                to: Some(today),
            },
        ),
    ];
    for (name, filter) in &cases {
        let times = (0..200)
            .map(|_| {
                let started = Instant::now();
                black_box(filter.apply(&entries, now));
                started.elapsed()
            })
            .collect();
        fixture::report(&format!("specimen log filter, 50 000, {name}"), times);
    }
    c.bench_function("specimen_log_filter_open_50k", |b| {
        b.iter(|| black_box(cases[0].1.apply(&entries, now)));
    });
}

fn frame(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let staff = Staff {
        id: StaffId::new(),
        name: "Ana Lopez".into(),
        credentials: "CMA".into(),
    };
    let clinic = Clinic {
        id: ClinicId::new(),
        name: "Valley Family Medicine".into(),
        address: "12 Main St".into(),
    };
    let mut screen = SpecimenLogScreen::new(log(&reference), Utc::now());
    screen.filter.status = StatusFilter::All;
    screen.refilter(Utc::now());
    let ctx = egui::Context::default();
    let mut draw = || {
        let cx = ViewContext {
            clock: Clock::System,
            reference: &reference,
            staff: &staff,
            clinic: &clinic,
        };
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            ..RawInput::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| black_box(screen.ui(ui, cx)));
        });
        let shapes = std::mem::take(&mut output.shapes);
        black_box(ctx.tessellate(shapes, output.pixels_per_point));
    };
    for _ in 0..3 {
        draw();
    }
    let mut cpu = Vec::new();
    for _ in 0..300 {
        let started = cpu_time::ThreadTime::now();
        draw();
        cpu.push(started.elapsed());
    }
    fixture::report(
        "frame, specimen log, 50 000 specimens, all shown (CPU)",
        cpu,
    );
    c.bench_function("frame_specimen_log_50k", |b| b.iter(&mut draw));
}

fn label(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let entry = log(&reference).swap_remove(0);
    let label = Label {
        name: "DELACROIX-MONTGOMERY, Marie-Therese".into(),
        birth_date: "07/14/1947".into(),
        mrn: entry.patient.mrn.clone(),
        specimen_id: entry.specimen.id.to_string(),
        what: "Blood - Lavender top (EDTA)".into(),
        collected: "11/26/2026 15:30".into(),
        collector: "Ana Lopez, CMA".into(),
    };
    let times = (0..200)
        .map(|_| {
            let started = Instant::now();
            black_box(label.pdf().unwrap());
            started.elapsed()
        })
        .collect();
    fixture::report("label PDF", times);
    c.bench_function("label_pdf", |b| b.iter(|| black_box(label.pdf().unwrap())));
}

/// The log as the screen opens it: 50 000 specimens, each of its own patient, read from a
/// chart file with their status changes.
fn load(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let (_dir, mut store, staff, _) = fixture::chart_with_history(1);
    let entries = log(&reference);
    let started = Instant::now();
    for chunk in entries.chunks(5_000) {
        store
            .batch(|batch| {
                for entry in chunk {
                    let patient = batch.register_patient(
                        &NewPatient {
                            mrn: None,
                            demographics: Demographics {
                                family_name: entry.patient.name.clone(),
                                given_names: "Test".into(),
                                preferred_name: None,
                                birth_date: entry.patient.birth_date,
                                sex: Sex::Female,
                            },
                        },
                        entry.specimen.collection.collected_at,
                        staff,
                    )?;
                    let id = batch.collect_specimen(
                        patient.id,
                        None,
                        &entry.specimen.collection,
                        entry.specimen.collection.collected_at,
                        staff,
                    )?;
                    if entry.standing.status != SpecimenStatus::Collected {
                        batch.add_record(
                            patient.id,
                            None,
                            &StatusChange {
                                specimen: id,
                                to: SpecimenStatus::Sent,
                                at: entry.standing.at,
                                reason: None,
                            },
                            entry.standing.at,
                            staff,
                        )?;
                    }
                    if entry.standing.status.is_final() {
                        batch.add_record(
                            patient.id,
                            None,
                            &StatusChange {
                                specimen: id,
                                to: entry.standing.status,
                                at: entry.standing.at + Duration::hours(20),
                                reason: entry.standing.reason.clone(),
                            },
                            entry.standing.at + Duration::hours(20),
                            staff,
                        )?;
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    println!(
        "wrote 50 000 specimens in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let times = (0..10)
        .map(|_| {
            let started = Instant::now();
            let log = store.specimen_log(&reference.lab_tests).unwrap();
            assert_eq!(log.len(), SPECIMENS);
            black_box(log);
            started.elapsed()
        })
        .collect();
    fixture::report("specimen log load from the chart, 50 000 specimens", times);
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    group.bench_function("specimen_log_load_50k", |b| {
        b.iter(|| black_box(store.specimen_log(&reference.lab_tests).unwrap()));
    });
    group.finish();
}

criterion_group!(benches, filters, frame, label, load);
criterion_main!(benches);
