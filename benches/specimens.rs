//! The specimen log of a chart with 500 000 specimens (five years of a busy clinic): opening it
//! and filtering it, each a query on the log's index (goal: open in under 50 ms); drawing a
//! frame of a full page of it (budget 4 ms of CPU); and producing a label PDF (budget 50 ms).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod fixture;

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{RawInput, Rect, pos2, vec2};
use rooming::clinical::ids::{ClinicId, PatientId, RecordId, StaffId, VisitId};
use rooming::clinical::patient::{Demographics, NewPatient, Sex};
use rooming::clinical::reference::Reference;
use rooming::clinical::specimen::StatusChange;
use rooming::clinical::specimen::log::{LogEntry, LogFilter, LogPage, LogPatient, StatusFilter};
use rooming::clinical::specimen::status::SpecimenState;
use rooming::clinical::specimen::{Collection, OrderedTest, Specimen, SpecimenId, SpecimenStatus};
use rooming::clinical::staff::{Clinic, Staff};
use rooming::clinical::time::Clock;
use rooming::clinical::visit::NewVisit;
use rooming::print::Label;
use rooming::ui::ViewContext;
use rooming::ui::specimen_log::{LOG_ROWS, SpecimenLogScreen};

const SPECIMENS: usize = 500_000;

/// One collected every five minutes going back; those of the last two weeks still on their
/// way, older ones resulted (or rejected), as a clinic's log looks.
fn entry(reference: &Reference, i: usize, now: DateTime<Utc>) -> LogEntry {
    let tests = reference.lab_tests.tests();
    let labs = reference.lab_tests.labs();
    let test = &tests[i % tests.len()];
    let collected_at = now - Duration::minutes(i64::try_from(i).unwrap() * 5);
    let recent = now - collected_at < Duration::days(14);
    let status = match (recent, i % 10) {
        (true, 0 | 5) => SpecimenStatus::Collected,
        (true, 1 | 2 | 6) => SpecimenStatus::Sent,
        (true, 3) => SpecimenStatus::Received,
        (_, 4) => SpecimenStatus::Rejected,
        _ => SpecimenStatus::Resulted,
    };
    let specimen = Specimen {
        id: SpecimenId::from_bits(u32::try_from(i).unwrap() * 1999),
        collection: Collection {
            kind: test.specimen,
            container: test.container,
            source: None,
            tests: vec![OrderedTest::from_catalog(test)],
            fasting: None,
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
        sent_at: (status != SpecimenStatus::Collected).then_some(collected_at + Duration::hours(3)),
    };
    LogEntry::new(
        RecordId::new(),
        LogPatient {
            id: PatientId::new(),
            name: format!("PATIENT{}, Test", i / 5),
            birth_date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            mrn: format!("{:07}", i / 5),
        },
        specimen,
        standing,
        test.overdue_days,
    )
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
    let now = Utc::now();
    let page = LogPage {
        entries: (0..LOG_ROWS).map(|i| entry(&reference, i, now)).collect(),
        overdue: 40,
    };
    let all = LogFilter {
        status: StatusFilter::All,
        ..LogFilter::default()
    };
    let mut screen = SpecimenLogScreen::new(page, all, now);
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
    fixture::report("frame, specimen log, a full page of 500 rows (CPU)", cpu);
    c.bench_function("frame_specimen_log_page", |b| b.iter(&mut draw));
}

fn label(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let entry = entry(&reference, 0, Utc::now());
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

/// The log as the screen opens it and filters it, from a chart file of 500 000 specimens of
/// 100 000 patients with their status changes (made once, kept under `target/bench-data/`; its
/// "recent" specimens are those of the day it was made).
fn load(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let (mut store, staff, empty) = fixture::kept_chart("specimens-500k.rooming");
    // The day's whole-file check runs in the background when a kept chart is opened again;
    // measured while it reads 2.6 GB on the other core, the log looked 60 % slower.
    store.wait_for_integrity();
    let now = Utc::now();
    let started = Instant::now();
    let to_write = if empty { SPECIMENS } else { 0 };
    for chunk in (0..to_write).collect::<Vec<_>>().chunks(10_000) {
        store
            .batch(|batch| {
                // Five specimens a patient, collected at one visit.
                let mut visit: Option<(PatientId, VisitId)> = None;
                for &i in chunk {
                    let entry = entry(&reference, i, now);
                    let at = entry.specimen.collection.collected_at;
                    let (patient, visit_id) = match visit {
                        Some(v) if i % 5 != 0 => v,
                        _ => {
                            let patient = batch
                                .register_patient(
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
                                    at - Duration::hours(1),
                                    staff,
                                )?
                                .id;
                            let started = batch.start_visit(
                                patient,
                                &NewVisit {
                                    reason: "Labs".into(),
                                    room: None,
                                },
                                at - Duration::hours(1),
                                staff,
                            )?;
                            let v = (patient, started.id);
                            visit = Some(v);
                            v
                        }
                    };
                    let id = batch.collect_specimen(
                        patient,
                        Some(visit_id),
                        &entry.specimen.collection,
                        at,
                        staff,
                    )?;
                    let change = |to, at, reason| {
                        batch.add_record(
                            patient,
                            None,
                            &StatusChange {
                                specimen: id,
                                to,
                                at,
                                reason,
                            },
                            at,
                            staff,
                        )
                    };
                    let status = entry.standing.status;
                    if status != SpecimenStatus::Collected {
                        change(SpecimenStatus::Sent, entry.standing.at, None)?;
                    }
                    if status.is_final() {
                        let at = entry.standing.at + Duration::hours(20);
                        change(status, at, entry.standing.reason.clone())?;
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    if empty {
        println!(
            "wrote 500 000 specimens in {:.1} s (kept under target/bench-data/)",
            started.elapsed().as_secs_f64()
        );
    }
    let today = now.date_naive();
    let cases = [
        ("open (as the log opens)", LogFilter::default()),
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
        (
            "resulted, any day",
            LogFilter {
                status: StatusFilter::Is(SpecimenStatus::Resulted),
                ..LogFilter::default()
            },
        ),
    ];
    for (name, filter) in &cases {
        let times = (0..30)
            .map(|_| {
                let started = Instant::now();
                let page = store
                    .specimen_log(&reference.lab_tests, filter, now, LOG_ROWS)
                    .unwrap();
                black_box(page);
                started.elapsed()
            })
            .collect();
        fixture::report(
            &format!("specimen log from the chart, 500 000 specimens, {name}"),
            times,
        );
    }
    let open = LogFilter::default();
    c.bench_function("specimen_log_open_500k", |b| {
        b.iter(|| {
            black_box(
                store
                    .specimen_log(&reference.lab_tests, &open, now, LOG_ROWS)
                    .unwrap(),
            )
        });
    });
}

criterion_group!(benches, frame, label, load);
criterion_main!(benches);
