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
use egui::Key;
use fixture::frames::{frame, open_tab, report_frames};
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

fn growth_tab(c: &mut Criterion) {
    let (_dir, store, _staff, patient) = fixture::child_with_growth(60);
    let mut app = fixture::signed_in(store);
    app.apply(Intent::OpenPatient(patient));
    let ctx = egui::Context::default();
    let mut before = 0;
    for _ in 0..3 {
        before = frame(&ctx, &mut app, Vec::new());
    }
    open_tab(&ctx, &mut app, Key::Num8);
    let opened = frame(&ctx, &mut app, Vec::new());
    println!("growth tab open: {before} vertices on the vitals tab, {opened} on the growth tab");
    assert!(opened > before, "the chart is drawn");
    report_frames("frame, growth tab, 60 points", &ctx, &mut app);
    c.bench_function("frame_growth_tab_60_points", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
    });
}

criterion_group!(benches, one_percentile, growth_tab);
criterion_main!(benches);
