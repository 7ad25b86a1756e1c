//! The growth issue's numbers: the percentile of one measurement (goal under 10 µs), and one
//! frame of the growth tab with a 60-point chart and its seven percentile curves (layout and
//! tessellation, CPU of this thread; goal under 4 ms).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, RawInput, Rect, pos2, vec2};
use rooming::app::RoomingApp;
use rooming::clinical::growth::{Child, GrowthReference, GrowthSex, Measure, assess};
use rooming::ui::Intent;

fn one_percentile(c: &mut Criterion) {
    let reference = GrowthReference::built_in().unwrap();
    let birth = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
    let child = Child {
        sex: GrowthSex::Female,
        birth,
        gestation: None,
    };
    // Ages from birth to 20 years, so WHO's by-day and CDC's by-month tables both count.
    let mut i = 0_i64;
    let mut next = move || {
        i = (i + 37) % 7300;
        birth + Duration::days(i)
    };
    let mut times = Vec::new();
    for _ in 0..10_000 {
        let on = next();
        let started = Instant::now();
        black_box(assess(&reference, &child, on, Measure::Weight, 20.0, None, None).ok());
        times.push(started.elapsed());
    }
    fixture::report("percentile of one weight", times);
    c.bench_function("growth_percentile_one_weight", |b| {
        b.iter(|| {
            black_box(
                assess(
                    &reference,
                    &child,
                    next(),
                    Measure::Weight,
                    20.0,
                    None,
                    None,
                )
                .ok(),
            )
        });
    });
}

fn frame(ctx: &egui::Context, app: &mut RoomingApp, events: Vec<Event>) -> usize {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
        events,
        ..RawInput::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.ui(ui));
    let shapes = std::mem::take(&mut output.shapes);
    let meshes = ctx.tessellate(shapes, output.pixels_per_point);
    output.textures_delta.clear();
    // Vertices drawn: the chart's curves and points show up here.
    meshes
        .iter()
        .map(|m| match &m.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
}

fn growth_tab(c: &mut Criterion) {
    let (_dir, store, _staff, patient) = fixture::child_with_growth(60);
    let mut app = fixture::signed_in(store);
    app.apply(Intent::OpenPatient(patient));
    let ctx = egui::Context::default();
    let mut before = 0;
    for _ in 0..3 {
        before = frame(&ctx, &mut app, Vec::new());
    }
    let tab = Event::Key {
        key: Key::Num8,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    };
    frame(
        &ctx,
        &mut app,
        vec![
            Event::ModifiersChanged(Modifiers::COMMAND),
            tab,
            Event::ModifiersChanged(Modifiers::NONE),
        ],
    );
    let opened = frame(&ctx, &mut app, Vec::new());
    println!("growth tab open: {before} vertices on the vitals tab, {opened} on the growth tab");
    assert!(opened > before, "the chart is drawn");
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let cpu_started = cpu_time::ThreadTime::now();
        black_box(frame(&ctx, &mut app, Vec::new()));
        cpu.push(cpu_started.elapsed());
        wall.push(started.elapsed());
    }
    fixture::report("frame, growth tab, 60 points (wall)", wall);
    fixture::report("frame, growth tab, 60 points (CPU)", cpu);
    c.bench_function("frame_growth_tab_60_points", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
    });
}

criterion_group!(benches, one_percentile, growth_tab);
criterion_main!(benches);
