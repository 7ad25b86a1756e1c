//! The injection issue's numbers. Every safety check for a patient with 100 allergies, 100
//! history items (social history versions, whose latest gives the pregnancy status) and 100
//! past doses: under 1 ms. One frame of the injections tab for a patient with 80 doses (layout
//! and tessellation, CPU of this thread), with the vaccines due shown: under 4 ms. CDSi's
//! evaluation and forecast for a patient with 40 doses: under 2 ms.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Key;
use fixture::frames::{frame, open_tab, report_frames};
use rooming::clinical::allergy::{
    Allergy, AllergyCategory, AllergyStatusCode, AllergySubstance, Criticality, Reaction,
    Verification,
};
use rooming::clinical::chart::PatientRecords;
use rooming::clinical::history::social::{Pregnancy, PregnancyStatus, SocialHistory};
use rooming::clinical::ids::{LotId, PatientId, RecordId, StaffId};
use rooming::clinical::injection::administration::{
    Administration, Administrator, Event as DoseEvent, GivenDose, HistoricalDose, HistoricalSource,
    LotUsed, ProductRef,
};
use rooming::clinical::injection::due::{DueFor, schedule_view};
use rooming::clinical::injection::lot::{Lot, NewLot};
use rooming::clinical::injection::safety::{self, Proposal, Proposed, References};
use rooming::clinical::injection::{InjectionCatalog, Product};
use rooming::clinical::record::{Recorded, Standing, Versioned};
use rooming::clinical::reference::Reference;
use rooming::clinical::time::to_local;
use rooming::clinical::visit::NewVisit;
use rooming::store::RecordWrite;
use rooming::ui::Intent;

fn versioned<T>(content: T, days_ago: i64) -> Versioned<T> {
    Versioned {
        id: RecordId::new(),
        patient_id: PatientId::new(),
        visit_id: None,
        content,
        recorded: Recorded {
            at: Utc::now() - Duration::days(days_ago),
            by: StaffId::new(),
            by_name: "Ana Lopez, CMA".into(),
        },
        replaces: None,
        standing: Standing::Current,
    }
}

fn allergies(reference: &Reference) -> Vec<Versioned<Allergy>> {
    let catalog = reference.allergens.all();
    (0..100)
        .map(|i| {
            let substance = if i % 2 == 0 {
                let a = &catalog[i % catalog.len()];
                AllergySubstance::Catalog {
                    id: a.id.clone(),
                    name: a.name.clone(),
                }
            } else {
                AllergySubstance::FreeText(format!("Made-up substance {i}"))
            };
            versioned(
                Allergy {
                    substance,
                    category: AllergyCategory::Medication,
                    reactions: BTreeSet::from([Reaction::Hives]),
                    severity: None,
                    criticality: Criticality::Low,
                    status: AllergyStatusCode::Active,
                    verification: Verification::Confirmed,
                    onset: None,
                    note: Some("prior vaccine reaction to nothing in particular".into()),
                },
                i64::try_from(i).unwrap(),
            )
        })
        .collect()
}

/// A past dose of a catalog product, historical or given here.
fn dose(product: &Product, days_ago: i64, here: bool) -> Administration {
    let on = to_local(Utc::now()).date_naive() - Duration::days(days_ago);
    let event = if here {
        DoseEvent::GivenHere(Box::new(GivenDose {
            at: Utc::now() - Duration::days(days_ago),
            lot: LotUsed {
                lot_id: LotId::new(),
                number: format!("L{days_ago}"),
                expires: on + Duration::days(365),
                ndc: None,
                manufacturer: "Sanofi Pasteur".into(),
                mvx: Some("PMC".into()),
            },
            dose: product.doses[0],
            route: product.route.unwrap(),
            site: product.sites.first().copied(),
            series_dose: Some(1),
            ordered_by: "Dr. Patel".into(),
            funding: None,
            administered_by: Administrator {
                name: "Ana Lopez".into(),
                title: "CMA".into(),
                clinic: "Valley Family Medicine".into(),
                address: "12 Main St, Springfield".into(),
            },
            vis: Vec::new(),
        }))
    } else {
        DoseEvent::Historical(HistoricalDose {
            on,
            series_dose: None,
            lot_number: None,
            lot_expires: None,
            given_by: Some("County clinic".into()),
            source: HistoricalSource::Registry,
        })
    };
    Administration {
        product: ProductRef::of(product),
        event,
        overrides: Vec::new(),
    }
}

/// Products that can be given here, so every dose has a dose, route and site.
fn givable(catalog: &InjectionCatalog) -> Vec<&Product> {
    catalog
        .products()
        .iter()
        .filter(|p| !p.historical_only && p.route.is_some())
        .collect()
}

fn safety_checks(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let catalog = &reference.injections;
    let products = givable(catalog);
    let mut records = PatientRecords::default();
    records.all.set(allergies(&reference));
    records.all.set::<SocialHistory>(
        (0..100)
            .map(|i| {
                versioned(
                    SocialHistory {
                        pregnancy: Some(Pregnancy {
                            status: PregnancyStatus::NotPregnant,
                            last_menstrual_period: None,
                        }),
                        ..SocialHistory::default()
                    },
                    200 - i,
                )
            })
            .collect(),
    );
    records.all.set::<Administration>(
        (0..100)
            .map(|i| {
                let product = products[usize::try_from(i).unwrap() % products.len()];
                versioned(dose(product, i * 20, i % 2 == 0), i * 20)
            })
            .collect(),
    );
    let today = to_local(Utc::now()).date_naive();
    let lot = Lot {
        id: LotId::new(),
        product_id: "mmr_ii".into(),
        number: "Z1".into(),
        expires: today + Duration::days(100),
        ndc: None,
        manufacturer: "Merck".into(),
        mvx: Some("MSD".into()),
        received: 10,
        left: 5,
        received_at: Utc::now(),
        received_by: "Ana Lopez, CMA".into(),
    };
    let refs = References {
        catalog,
        allergens: &reference.allergens,
        schedule: reference.schedule.get().ok(),
    };
    let mmr = catalog.product("mmr_ii").unwrap();
    let run = || {
        let patient = safety::Patient {
            allergies: records.of::<Allergy>(),
            pregnancy: records.pregnancy(),
            asks_pregnancy: true,
            childbearing_age: true,
            dosing: rooming::clinical::injection::dose_limit::DosingBasis::default(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1980, 3, 2).unwrap(),
            sex: rooming::clinical::patient::Sex::Female,
            pregnancy_test: None,
            past: records.of::<Administration>(),
            observations: &records.vaccine_observations(&reference.observations, &reference.poc),
        };
        let proposal = Proposal {
            product: mmr,
            day: today,
            how: Proposed::GivenHere {
                lot: Some(&lot),
                dose: mmr.doses.first().copied(),
            },
            replaces: None,
        };
        safety::check(&proposal, &patient, &refs)
    };
    println!("findings for the bench patient: {}", run().len());
    let times = (0..2000)
        .map(|_| {
            let started = Instant::now();
            black_box(run());
            started.elapsed()
        })
        .collect();
    fixture::report(
        "every safety check, 100 allergies, 100 history items, 100 past doses",
        times,
    );
    c.bench_function("safety_checks_100_each", |b| b.iter(|| black_box(run())));
}

fn injections_tab(c: &mut Criterion) {
    let (_dir, mut store, staff, patient) = fixture::chart_with_history(5);
    let catalog = InjectionCatalog::built_in().unwrap();
    let products = givable(&catalog);
    let today = to_local(Utc::now()).date_naive();
    let mut lots = Vec::new();
    for p in &products {
        lots.push(
            store
                .receive_lot(
                    &NewLot {
                        product_id: p.id.clone(),
                        number: format!("{}-1", p.id.to_uppercase()),
                        expires: today + Duration::days(300),
                        ndc: None,
                        manufacturer: "Maker".into(),
                        mvx: None,
                        doses: 100,
                    },
                    staff,
                )
                .unwrap(),
        );
    }
    // Doses given here belong to a visit: today's, which the tab then opens on.
    let visit = store
        .start_visit(
            patient,
            &NewVisit {
                reason: "Shots".into(),
                room: Some("2".into()),
            },
            staff,
        )
        .unwrap();
    // 80 doses over 20 years: vaccines of every group, drugs and skin tests, a third transcribed.
    for i in 0..80 {
        let product = products[i % products.len()];
        let mut administration = dose(product, i64::try_from(i).unwrap() * 90, i % 3 != 0);
        if let DoseEvent::GivenHere(given) = &mut administration.event {
            let lot = lots.iter().find(|l| l.product_id == product.id).unwrap();
            given.lot.lot_id = lot.id;
            given.lot.expires = lot.expires;
            given.at = Utc::now() - Duration::days(i64::try_from(i).unwrap() % 200);
        }
        store
            .write_records(
                &[RecordWrite::add(patient, Some(visit.id), &administration).unwrap()],
                staff,
            )
            .unwrap();
    }
    let mut app = fixture::signed_in(store);
    app.apply(Intent::OpenPatient(patient));
    let ctx = egui::Context::default();
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    let opened = Instant::now();
    let cpu_opened = cpu_time::ThreadTime::now();
    open_tab(&ctx, &mut app, Key::Num6);
    frame(&ctx, &mut app, Vec::new());
    println!(
        "injections tab, first two frames after Ctrl+6: {:.3} ms wall, {:.3} ms CPU",
        opened.elapsed().as_secs_f64() * 1e3,
        cpu_opened.elapsed().as_secs_f64() * 1e3
    );
    report_frames("frame, injections tab, 80 doses", &ctx, &mut app);
    c.bench_function("frame_injections_tab_80_doses", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app, Vec::new())));
    });
}

/// CDSi's evaluation and forecast of every routine vaccine group for a 12-year-old with 40
/// doses on the chart (the childhood schedule, every product given in turn): under 2 ms.
fn forecast_40_doses(c: &mut Criterion) {
    let reference = Reference::built_in().unwrap();
    let data = reference.schedule.get().unwrap();
    let vaccines: Vec<&Product> = reference
        .injections
        .products()
        .iter()
        .filter(|p| p.cvx.is_some() && !p.historical_only)
        .collect();
    let today = to_local(Utc::now()).date_naive();
    let birth = today - Duration::days(12 * 365);
    // A dose every 100 days from birth, the products taken in turn.
    let doses: Vec<Versioned<Administration>> = (0..40_i64)
        .map(|i| {
            let product = vaccines[usize::try_from(i).unwrap() % vaccines.len()];
            versioned(dose(product, 12 * 365 - i * 100 - 1, false), 0)
        })
        .collect();
    let none = BTreeSet::new();
    let run = || {
        schedule_view(
            data,
            &DueFor {
                birth,
                sex: rooming::clinical::patient::Sex::Female,
                past: &doses,
                observations: &none,
                today,
                leave_out: &reference.injections.due_list_leaves_out,
            },
        )
    };
    let view = run();
    assert!(view.verdicts.len() >= 40, "every dose judged in some group");
    println!(
        "forecast bench patient: {} verdicts, {} groups listed",
        view.verdicts.len(),
        view.due.len()
    );
    let mut times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        black_box(run());
        times.push(started.elapsed());
    }
    fixture::report("CDSi evaluation and forecast, 40 doses, every group", times);
    c.bench_function("cdsi_forecast_40_doses", |b| b.iter(|| black_box(run())));
}

criterion_group!(benches, safety_checks, injections_tab, forecast_40_doses);
criterion_main!(benches);
