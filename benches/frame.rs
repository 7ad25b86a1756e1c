//! One frame of the vitals screen for a patient with 500 earlier sets, layout and tessellation,
//! on the CPU: the issue asks under 4 ms. Both tabs: the form (with the last three sets beside
//! it) and the history (table of 500 sets and four trend charts).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::Key;
use fixture::frames::{frame, open_tab, report_frames};
use rooming::app::RoomingApp;
use rooming::clinical::ids::PatientId;
use rooming::clinical::visit::NewVisit;
use rooming::ui::Intent;

fn vitals_screen(c: &mut Criterion) {
    let (_dir, mut store, staff, patient) = fixture::chart_with_history(500);
    store
        .start_visit(
            patient,
            &NewVisit {
                reason: "Today".into(),
                room: Some("4".into()),
            },
            staff,
        )
        .unwrap();
    let mut app = fixture::signed_in(store);
    app.apply(Intent::OpenPatient(patient));
    let ctx = egui::Context::default();
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    report_frames("frame, vitals form, 500 earlier sets", &ctx, &mut app);
    c.bench_function("frame_vitals_form_500_sets", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
    });

    open_tab(&ctx, &mut app, Key::Num2);
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    report_frames("frame, vitals history, 500 sets", &ctx, &mut app);
    c.bench_function("frame_vitals_history_500_sets", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
    });
}

/// A signed-in app on a chart with a patient of 200 history items and 50 medications and
/// another patient with little charted, both with a visit open.
fn app_with_history() -> (tempfile::TempDir, RoomingApp, egui::Context, [PatientId; 2]) {
    let (dir, mut store, staff, patient) = fixture::chart_with_history(5);
    fixture::add_history(&mut store, staff, patient, 200, 50);
    store
        .start_visit(
            patient,
            &NewVisit {
                reason: "Today".into(),
                room: Some("4".into()),
            },
            staff,
        )
        .unwrap();
    let other = fixture::another_patient(&mut store, staff);
    let app = fixture::signed_in(store);
    (dir, app, egui::Context::default(), [patient, other])
}

/// Opens a patient and draws a few frames of the vitals tab.
fn open_patient(ctx: &egui::Context, app: &mut RoomingApp, patient: PatientId) {
    app.apply(Intent::OpenPatient(patient));
    for _ in 0..3 {
        frame(ctx, app, Vec::new());
    }
}

/// The history and medication tabs of a patient with 200 history items and 50 medications: the
/// first frame after opening the tab, as in a day's use (the app has shown another patient
/// between, and egui keeps a text layout only while it is drawn, so this patient's text is laid
/// out afresh), and the frames after it.
fn history_screens(c: &mut Criterion) {
    for (key, what) in [(Key::Num4, "history tab"), (Key::Num5, "medications tab")] {
        let (_dir, mut app, ctx, [patient, other]) = app_with_history();
        let mut first = Vec::new();
        for _ in 0..30 {
            open_patient(&ctx, &mut app, other);
            open_tab(&ctx, &mut app, key);
            frame(&ctx, &mut app, Vec::new());
            open_patient(&ctx, &mut app, patient);
            open_tab(&ctx, &mut app, key);
            let cpu = cpu_time::ThreadTime::now();
            frame(&ctx, &mut app, Vec::new());
            first.push(cpu.elapsed());
        }
        fixture::report(
            &format!(
                "{what}, first frame after opening, 200 history items and 50 medications (CPU)"
            ),
            first,
        );
        report_frames(
            &format!("frame, {what}, 200 history items and 50 medications"),
            &ctx,
            &mut app,
        );
        c.bench_function(&format!("frame_{}", what.replace(' ', "_")), |b| {
            b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
        });
    }
}

criterion_group!(benches, vitals_screen, history_screens);
criterion_main!(benches);
