//! Suggestions as the MA types a medication or allergen name: the issue asks each keystroke's
//! update within 2 ms over the whole catalog. Every prefix of a few real names is one keystroke.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use rooming::clinical::reference::Reference;

const MEDICATIONS: &[&str] = &[
    "amoxicillin",
    "lisinopril",
    "metformin er",
    "insulin glargine",
    "zestril",
    "hydrocodone-acetaminophen",
];
const ALLERGENS: &[&str] = &[
    "penicillin",
    "sulfa drugs",
    "peanuts",
    "latex",
    "egg protein",
    "bee sting",
];

fn keystrokes(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| (1..=w.len()).map(move |n| w[..n].to_owned()))
        .collect()
}

fn suggest(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let medications = keystrokes(MEDICATIONS);
    let allergens = keystrokes(ALLERGENS);
    let mut times = Vec::new();
    for _ in 0..50 {
        for typed in &medications {
            let started = Instant::now();
            black_box(reference.medications.suggest(typed, 8));
            times.push(started.elapsed());
        }
    }
    fixture::report(
        &format!(
            "medication suggestions per keystroke ({} in the catalog)",
            reference.medications.len()
        ),
        times,
    );
    let mut times = Vec::new();
    for _ in 0..50 {
        for typed in &allergens {
            let started = Instant::now();
            black_box(reference.allergens.suggest(typed, 8));
            times.push(started.elapsed());
        }
    }
    fixture::report(
        &format!(
            "allergen suggestions per keystroke ({} in the catalog)",
            reference.allergens.all().len()
        ),
        times,
    );
    c.bench_function("suggest_medication_keystrokes", |b| {
        b.iter(|| {
            for typed in &medications {
                black_box(reference.medications.suggest(typed, 8));
            }
        });
    });
    c.bench_function("suggest_allergen_keystrokes", |b| {
        b.iter(|| {
            for typed in &allergens {
                black_box(reference.allergens.suggest(typed, 8));
            }
        });
    });
}

criterion_group!(benches, suggest);
criterion_main!(benches);
