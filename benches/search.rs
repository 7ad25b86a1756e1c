//! Patient search on the 100,000-patient demo chart: the issue asks p95 under 5 ms. The search
//! runs once per keystroke, so the mix below is what a typist's queries look like.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use rooming::clinical::patient::PatientQuery;

const QUERIES: &[&str] = &[
    "s",
    "sm",
    "smi",
    "smi j",
    "smi jo",
    "garcia",
    "garcia ma",
    "jo",
    "nguyen m",
    "wil",
    "o'brien",
    "ma ro",
    "0004567",
    "00123",
    "03/02/1980",
    "1975-06-01",
    "smith 1980-03-02",
    "zz",
];

fn search(c: &mut Criterion) {
    let path = fixture::chart_100k();
    let store = fixture::open(&path);
    let mut times = Vec::new();
    for _ in 0..100 {
        for query in QUERIES {
            let query = PatientQuery::parse(query);
            let started = Instant::now();
            black_box(store.search_patients(&query, 50).unwrap());
            times.push(started.elapsed());
        }
    }
    fixture::report("patient search, query mix, 100k patients", times);
    if std::env::var_os("SEARCH_DETAIL").is_some() {
        for text in QUERIES {
            let query = PatientQuery::parse(text);
            let times = (0..50)
                .map(|_| {
                    let started = Instant::now();
                    black_box(store.search_patients(&query, 50).unwrap());
                    started.elapsed()
                })
                .collect();
            fixture::report(&format!("  {text:>18}"), times);
        }
    }
    let mut group = c.benchmark_group("search_100k");
    for text in ["smi jo", "jo", "s", "garcia ma", "03/02/1980", "0004567"] {
        let query = PatientQuery::parse(text);
        group.bench_function(text, |b| {
            b.iter(|| black_box(store.search_patients(&query, 50).unwrap()));
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
