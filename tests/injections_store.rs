//! Lots and injections on a real temporary chart: a dose takes one off its lot in the same
//! transaction, a failed save takes nothing, corrections and retractions move the dose back,
//! overrides reach the audit log, and the clinic-wide follow-up lists see what is due.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::{Duration, NaiveDate};
use common::{Chart, now};
use rooming::clinical::injection::InjectionCatalog;
use rooming::clinical::injection::administration::{
    Administration, Administrator, Event, GivenDose, LotUsed, Override, ProductRef,
};
use rooming::clinical::injection::lot::{Lot, NewLot};
use rooming::clinical::injection::safety::CheckKind;
use rooming::clinical::injection::tst::{RiskGroup, TstReading, TstResult};
use rooming::clinical::patient::Patient;
use rooming::clinical::record::{Retraction, Versioned};
use rooming::store::{AuditAction, StoreError};

fn catalog() -> InjectionCatalog {
    InjectionCatalog::built_in().unwrap()
}

fn today() -> NaiveDate {
    rooming::clinical::time::to_local(now()).date_naive()
}

fn new_lot(product: &str, number: &str, doses: u32) -> NewLot {
    NewLot {
        product_id: product.into(),
        number: number.into(),
        expires: today() + Duration::days(200),
        ndc: Some("49281-0421-50".into()),
        manufacturer: "Sanofi Pasteur".into(),
        mvx: Some("PMC".into()),
        doses,
    }
}

fn dose_from(lot: &Lot, days_ago: i64) -> Administration {
    let catalog = catalog();
    let product = catalog.product(&lot.product_id).unwrap();
    Administration {
        product: ProductRef::of(product),
        event: Event::GivenHere(Box::new(GivenDose {
            at: now() - Duration::days(days_ago),
            lot: LotUsed {
                lot_id: lot.id,
                number: lot.number.clone(),
                expires: lot.expires,
                ndc: lot.ndc.clone(),
                manufacturer: lot.manufacturer.clone(),
                mvx: lot.mvx.clone(),
            },
            dose: product.doses[0],
            route: product.route.unwrap(),
            site: product.sites.first().copied(),
            series_dose: None,
            ordered_by: "Dr. Patel".into(),
            funding: None,
            administered_by: Administrator {
                name: "Ana Lopez".into(),
                title: "CMA".into(),
                clinic: "Valley Family Medicine".into(),
                address: "12 Main St".into(),
            },
            vis: Vec::new(),
        })),
        overrides: Vec::new(),
    }
}

fn patient(chart: &mut Chart) -> Patient {
    chart.patient("Smith", "Jane", (1980, 3, 2))
}

fn left(chart: &Chart, lot: &Lot) -> u32 {
    chart.store.lot(lot.id).unwrap().left
}

fn records(chart: &Chart, patient: &Patient) -> Vec<Versioned<Administration>> {
    chart.store.records(patient.id).unwrap()
}

#[test]
fn receiving_a_lot_twice_adds_doses_but_not_a_different_expiry() {
    let mut chart = Chart::new();
    let by = chart.staff.id;
    let lot = chart
        .store
        .receive_lot(&new_lot("fluzone", "UT123", 10), by)
        .unwrap();
    assert_eq!((lot.received, lot.left), (10, 10));
    assert_eq!(lot.received_by, "Ana Lopez, CMA");
    let again = chart
        .store
        .receive_lot(&new_lot("fluzone", "UT123", 5), by)
        .unwrap();
    assert_eq!(again.id, lot.id);
    assert_eq!((again.received, again.left), (15, 15));
    let other_expiry = NewLot {
        expires: today() + Duration::days(10),
        ..new_lot("fluzone", "UT123", 5)
    };
    assert!(matches!(
        chart.store.receive_lot(&other_expiry, by),
        Err(StoreError::Refused(_))
    ));
    assert_eq!(chart.store.lots().unwrap().len(), 1);
    assert_eq!(
        chart.store.audit_count(AuditAction::LotReceived).unwrap(),
        2
    );
}

#[test]
fn a_dose_takes_one_off_its_lot_in_the_same_transaction() {
    let mut chart = Chart::new();
    let jane = patient(&mut chart);
    let visit = Some(chart.visit(&jane).id);
    let by = chart.staff.id;
    let lot = chart
        .store
        .receive_lot(&new_lot("fluzone", "UT123", 2), by)
        .unwrap();
    let mut dose = dose_from(&lot, 0);
    dose.overrides.push(Override {
        check: CheckKind::Allergy,
        fact: "Egg (hives): Fluzone contains egg protein".into(),
        reason: "tolerated the flu vaccine last year".into(),
        co_signed_by: None,
    });
    let saved = chart
        .store
        .save_administration(jane.id, visit, &dose, None, by)
        .unwrap();
    assert_eq!(saved.content, dose);
    assert_eq!(left(&chart, &lot), 1);
    let trail = chart.store.audit_trail(jane.id).unwrap();
    let overridden = trail
        .iter()
        .find(|e| e.action == AuditAction::WarningOverridden)
        .expect("the override is in the audit log");
    assert!(
        overridden
            .detail
            .as_deref()
            .unwrap()
            .contains("tolerated the flu vaccine")
    );
    assert_eq!(
        overridden.record_id.as_deref(),
        Some(saved.id.to_string().as_str())
    );

    // The last dose goes; a dose more is refused and takes nothing, and charts nothing.
    chart
        .store
        .save_administration(jane.id, visit, &dose_from(&lot, 0), None, by)
        .unwrap();
    assert_eq!(left(&chart, &lot), 0);
    let refused = chart
        .store
        .save_administration(jane.id, visit, &dose_from(&lot, 0), None, by);
    assert!(
        matches!(&refused, Err(StoreError::Refused(text)) if text.contains("no doses left")),
        "{refused:?}"
    );
    assert_eq!(records(&chart, &jane).len(), 2);
    assert_eq!(left(&chart, &lot), 0);
}

#[test]
fn an_expired_lot_or_a_lot_of_another_product_is_refused_by_the_store_too() {
    let mut chart = Chart::new();
    let jane = patient(&mut chart);
    let visit = Some(chart.visit(&jane).id);
    let by = chart.staff.id;
    let lot = chart
        .store
        .receive_lot(&new_lot("fluzone", "UT123", 5), by)
        .unwrap();
    // Given "201 days ago" is fine; a dose dated after the expiry is not.
    let mut late = dose_from(&lot, 0);
    if let Event::GivenHere(given) = &mut late.event {
        given.at = now() + Duration::days(201);
    }
    assert!(matches!(
        chart.store.save_administration(jane.id, visit, &late, None, by),
        Err(StoreError::Refused(text)) if text.contains("expired")
    ));
    let mut wrong = dose_from(&lot, 0);
    wrong.product = ProductRef::of(catalog().product("fluarix").unwrap());
    assert!(
        chart
            .store
            .save_administration(jane.id, visit, &wrong, None, by)
            .is_err()
    );
    assert!(records(&chart, &jane).is_empty());
    assert_eq!(left(&chart, &lot), 5);
}

#[test]
fn corrections_and_retractions_put_the_dose_back() {
    let mut chart = Chart::new();
    let jane = patient(&mut chart);
    let visit = Some(chart.visit(&jane).id);
    let by = chart.staff.id;
    let first = chart
        .store
        .receive_lot(&new_lot("fluzone", "AAA1", 5), by)
        .unwrap();
    let second = chart
        .store
        .receive_lot(&new_lot("fluzone", "BBB2", 5), by)
        .unwrap();
    let saved = chart
        .store
        .save_administration(jane.id, visit, &dose_from(&first, 0), None, by)
        .unwrap();
    assert_eq!((left(&chart, &first), left(&chart, &second)), (4, 5));
    // Charted from the wrong lot: the correction moves the dose.
    let corrected = chart
        .store
        .save_administration(jane.id, visit, &dose_from(&second, 0), Some(saved.id), by)
        .unwrap();
    assert_eq!((left(&chart, &first), left(&chart, &second)), (5, 4));
    // A correction that keeps the lot moves nothing.
    let mut same_lot = dose_from(&second, 0);
    same_lot.overrides.clear();
    let kept = chart
        .store
        .save_administration(jane.id, visit, &same_lot, Some(corrected.id), by)
        .unwrap();
    assert_eq!(left(&chart, &second), 4);
    // Correcting a replaced version is refused.
    assert!(matches!(
        chart
            .store
            .save_administration(jane.id, visit, &same_lot, Some(saved.id), by),
        Err(StoreError::AlreadySuperseded)
    ));
    // Entered in error (wrong patient): the dose goes back.
    chart
        .store
        .record_entered_in_error::<Administration>(
            kept.id,
            &Retraction::new("wrong patient").unwrap(),
            by,
        )
        .unwrap();
    assert_eq!(left(&chart, &second), 5);
    let all = records(&chart, &jane);
    assert_eq!(all.len(), 3, "every version stays");
    assert!(all.iter().all(|a| !a.standing.is_current()));
}

#[test]
fn a_skin_test_reading_is_linked_once_and_leaves_the_waiting_list() {
    let mut chart = Chart::new();
    let jane = patient(&mut chart);
    let visit = Some(chart.visit(&jane).id);
    let by = chart.staff.id;
    let lot = chart
        .store
        .receive_lot(&new_lot("tubersol", "C5000", 10), by)
        .unwrap();
    let placement = chart
        .store
        .save_administration(jane.id, visit, &dose_from(&lot, 2), None, by)
        .unwrap();
    let waiting = chart.store.tst_awaiting_reading(14).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].0.demographics.family_name, "Smith");
    assert_eq!(waiting[0].1.id, placement.id);
    let reading = TstReading {
        placement: placement.id,
        read_at: now(),
        induration_mm: 12,
        risk_group: RiskGroup::Moderate,
        cutoff_mm: 10,
        result: TstResult::Positive,
    };
    chart
        .store
        .record_tst_reading(jane.id, None, &reading, by)
        .unwrap();
    assert!(chart.store.tst_awaiting_reading(14).unwrap().is_empty());
    assert!(matches!(
        chart.store.record_tst_reading(jane.id, None, &reading, by),
        Err(StoreError::Refused(text)) if text.contains("already has a reading")
    ));
    // Someone else's placement cannot be read on Jane's chart.
    let john = chart.patient("Doe", "John", (1975, 1, 1));
    assert!(
        chart
            .store
            .record_tst_reading(john.id, None, &reading, by)
            .is_err()
    );
}

#[test]
fn the_clinic_list_shows_depo_doses_coming_due_and_late() {
    let mut chart = Chart::new();
    let jane = patient(&mut chart);
    let maria = chart.patient("Garcia", "Maria", (1995, 6, 1));
    let ana = chart.patient("Ng", "Ana", (1999, 1, 1));
    let by = chart.staff.id;
    let lot = chart
        .store
        .receive_lot(&new_lot("medroxyprogesterone_im", "D100", 10), by)
        .unwrap();
    let catalog = catalog();
    // Jane: 13 weeks ago, due. Maria: 16 weeks ago, late. Ana: 4 weeks ago, not yet.
    for (who, days) in [(&jane, 91), (&maria, 112), (&ana, 28)] {
        let visit = Some(chart.visit(who).id);
        chart
            .store
            .save_administration(who.id, visit, &dose_from(&lot, days), None, by)
            .unwrap();
    }
    let due = chart.store.injections_due(&catalog, today()).unwrap();
    let names: Vec<&str> = due
        .iter()
        .map(|(p, _)| p.demographics.family_name.as_str())
        .collect();
    assert_eq!(names, ["Garcia", "Smith"], "the late one first");
    assert!(due[0].1.describe(today()).starts_with("late: due"));
    assert!(
        due[0].1.describe(today()).contains("21 days ago"),
        "counted from the due date"
    );
    assert!(due[1].1.describe(today()).starts_with("due now"));
}
