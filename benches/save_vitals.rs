//! Saving a set of vitals in one transaction with synchronous = FULL, on the 100,000-patient
//! chart, encrypted and (the same data) plain, side by side: the issues ask p99 under 30 ms,
//! and the encrypted save within 2x of the plain one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rooming::clinical::patient::PatientQuery;
use rooming::clinical::time::{Clock, format_local_date_time};
use rooming::clinical::visit::NewVisit;
use rooming::clinical::vitals::{CheckContext, Previous, ReferenceTable, VitalsDraft, check};
use rooming::store::Store;

/// Saves 300 sets in one visit of a "smith" on `store`; returns the times.
fn saves(store: &mut Store) -> (Vec<Duration>, impl FnMut(&mut Store) + use<>) {
    store.wait_for_integrity();
    let staff = store.accounts().unwrap()[0].staff.id;
    let patient = store
        .search_patients(&PatientQuery::parse("smith"), 1)
        .unwrap()
        .patients[0]
        .clone();
    let visit = store
        .start_visit(
            patient.id,
            &NewVisit {
                reason: "Benchmark".into(),
                room: None,
            },
            staff,
        )
        .unwrap();
    let reference = ReferenceTable::built_in().unwrap();
    let clock = Clock::System;
    let draft = VitalsDraft {
        taken_at: format_local_date_time(clock.now()),
        systolic: "124".into(),
        diastolic: "78".into(),
        heart_rate: "72".into(),
        respiratory_rate: "16".into(),
        temperature: "36.9".into(),
        oxygen_saturation: "98".into(),
        pain: "1".into(),
        ..VitalsDraft::default()
    };
    let cx = CheckContext {
        table: &reference,
        birth_date: patient.demographics.birth_date,
        now: clock.now_local(),
        previous: Previous::default(),
        visit_started: None,
        growth: None,
    };
    let vitals = check(&draft, cx).ready().unwrap().clone();
    let save = move |store: &mut Store| {
        store
            .record_vitals(patient.id, visit.id, &vitals, staff)
            .unwrap();
    };
    let mut times = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        save(store);
        times.push(started.elapsed());
    }
    (times, save)
}

fn p50(times: &[Duration]) -> f64 {
    fixture::percentiles(times.to_vec())[0].as_secs_f64()
}

fn save(c: &mut Criterion) {
    // The plain copy is made (once) before the encrypted chart is held open.
    let plain_path = fixture::chart_100k_plain();
    let mut encrypted = fixture::open(&fixture::chart_100k());
    let mut plain = fixture::open_plain(&plain_path);
    let (encrypted_times, mut save_encrypted) = saves(&mut encrypted);
    let (plain_times, mut save_plain) = saves(&mut plain);
    println!(
        "encrypted / plain, median save: {:.2}x",
        p50(&encrypted_times) / p50(&plain_times)
    );
    fixture::report(
        "save a vitals set (synchronous FULL), 100k chart, encrypted",
        encrypted_times,
    );
    fixture::report(
        "save a vitals set (synchronous FULL), 100k chart, plain",
        plain_times,
    );
    c.bench_function("save_vitals_100k_encrypted", |b| {
        b.iter(|| save_encrypted(&mut encrypted));
    });
    c.bench_function("save_vitals_100k_plain", |b| {
        b.iter(|| save_plain(&mut plain));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = save
}
criterion_main!(benches);
