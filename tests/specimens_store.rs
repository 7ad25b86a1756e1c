//! Specimens against a real chart file: IDs issued once, status history kept in order, a
//! rejected specimen's reason, a pickup that saves all or none, the clinic log and overdue.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{Chart, now};
use rooming::clinical::patient::Patient;
use rooming::clinical::record::{Retraction, Versioned, current};
use rooming::clinical::specimen::log::{LogEntry, LogFilter, StatusFilter};
use rooming::clinical::specimen::{
    Collection, Container, LabCatalog, OrderedTest, Specimen, SpecimenStatus, SpecimenType,
    StatusChange,
};
use rooming::clinical::visit::Visit;
use rooming::store::StoreError;

fn collection(lab: &str, test: &str) -> Collection {
    Collection {
        kind: SpecimenType::Urine,
        container: Container::UrineCup,
        source: Some("clean catch".into()),
        tests: vec![OrderedTest {
            catalog_id: Some(test.into()),
            name: "Urine culture".into(),
        }],
        fasting: None,
        volume: None,
        lab: lab.into(),
        collected_at: now() - Duration::minutes(30),
        collected_by: "Ana Lopez, CMA".into(),
        identifiers_confirmed: true,
        note: None,
    }
}

fn collected(chart: &mut Chart) -> (Patient, Visit, Versioned<Specimen>) {
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let specimen = chart
        .store
        .collect_specimen(
            patient.id,
            Some(visit.id),
            &collection("Quest Diagnostics", "urine_culture"),
            chart.staff.id,
        )
        .unwrap();
    (patient, visit, specimen)
}

/// Sent twenty minutes ago.
fn send(chart: &mut Chart, id: rooming::clinical::specimen::SpecimenId) {
    let by = chart.staff.id;
    chart
        .store
        .change_specimen_status(
            &[id],
            SpecimenStatus::Sent,
            now() - Duration::minutes(20),
            None,
            by,
        )
        .unwrap();
}

#[test]
fn status_history_is_kept_in_order() {
    let mut chart = Chart::new();
    let (patient, _, specimen) = collected(&mut chart);
    let id = specimen.content.id;
    let by = chart.staff.id;
    send(&mut chart, id);
    chart
        .store
        .change_specimen_status(
            &[id],
            SpecimenStatus::Received,
            now() - Duration::minutes(10),
            None,
            by,
        )
        .unwrap();
    // Before the last change: refused, and nothing is added.
    let early = chart.store.change_specimen_status(
        &[id],
        SpecimenStatus::Resulted,
        now() - Duration::minutes(15),
        None,
        by,
    );
    assert!(
        matches!(early, Err(StoreError::Refused(ref t)) if t.contains("before")),
        "{early:?}"
    );
    chart
        .store
        .change_specimen_status(&[id], SpecimenStatus::Resulted, now(), None, by)
        .unwrap();
    let history: Vec<SpecimenStatus> = chart
        .store
        .records::<StatusChange>(patient.id)
        .unwrap()
        .iter()
        .map(|c| c.content.to)
        .collect();
    assert_eq!(
        history,
        [
            SpecimenStatus::Sent,
            SpecimenStatus::Received,
            SpecimenStatus::Resulted
        ]
    );
    let tracked = chart.store.tracked_specimen(id).unwrap();
    assert_eq!(tracked.standing.status, SpecimenStatus::Resulted);
    // Nothing follows a result.
    assert!(
        chart
            .store
            .change_specimen_status(&[id], SpecimenStatus::Rejected, now(), Some("late"), by)
            .is_err()
    );
}

#[test]
fn a_rejected_specimen_keeps_its_reason() {
    let mut chart = Chart::new();
    let (_, _, specimen) = collected(&mut chart);
    let id = specimen.content.id;
    let by = chart.staff.id;
    send(&mut chart, id);
    let without =
        chart
            .store
            .change_specimen_status(&[id], SpecimenStatus::Rejected, now(), None, by);
    assert!(matches!(without, Err(StoreError::Refused(ref t)) if t.contains("say why")));
    chart
        .store
        .change_specimen_status(
            &[id],
            SpecimenStatus::Rejected,
            now(),
            Some("hemolyzed"),
            by,
        )
        .unwrap();
    let tracked = chart.store.tracked_specimen(id).unwrap();
    assert_eq!(tracked.standing.status, SpecimenStatus::Rejected);
    assert_eq!(tracked.standing.reason.as_deref(), Some("hemolyzed"));
    let log = everything(&chart, now());
    assert_eq!(log[0].standing.reason.as_deref(), Some("hemolyzed"));
    assert!(
        found(&chart, &LogFilter::default(), now()).is_empty(),
        "a rejected specimen is no longer open"
    );
}

#[test]
fn a_pickup_saves_all_or_none() {
    let mut chart = Chart::new();
    let (patient, visit, first) = collected(&mut chart);
    let by = chart.staff.id;
    let second = chart
        .store
        .collect_specimen(
            patient.id,
            Some(visit.id),
            &collection("Labcorp", "ua_micro"),
            by,
        )
        .unwrap();
    assert_ne!(first.content.id, second.content.id);
    chart
        .store
        .change_specimen_status(
            &[second.content.id],
            SpecimenStatus::Cancelled,
            now(),
            Some("not needed"),
            by,
        )
        .unwrap();
    let both = [first.content.id, second.content.id];
    let refused = chart
        .store
        .change_specimen_status(&both, SpecimenStatus::Sent, now(), None, by);
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains(&second.content.id.to_string()),
        "{message}"
    );
    // The first was not sent either.
    assert_eq!(
        chart
            .store
            .tracked_specimen(first.content.id)
            .unwrap()
            .standing
            .status,
        SpecimenStatus::Collected
    );
}

#[test]
fn the_log_filters_and_marks_overdue() {
    let mut chart = Chart::new();
    let (_, _, specimen) = collected(&mut chart);
    let id = specimen.content.id;
    send(&mut chart, id);
    let log = found(&chart, &LogFilter::default(), now());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].patient.name, "SMITH, Jane");
    assert_eq!(
        log[0].overdue_days, 4,
        "urine culture turns around in 4 days"
    );
    let overdue = LogFilter {
        status: StatusFilter::Overdue,
        ..LogFilter::default()
    };
    assert!(found(&chart, &overdue, now()).is_empty());
    assert!(found(&chart, &overdue, now() + Duration::days(3)).is_empty());
    assert_eq!(found(&chart, &overdue, now() + Duration::days(4)).len(), 1);
    let catalog = LabCatalog::built_in().unwrap();
    let page = chart
        .store
        .specimen_log(
            &catalog,
            &LogFilter::default(),
            now() + Duration::days(4),
            10,
        )
        .unwrap();
    assert_eq!(page.overdue, 1);
    let before = chart
        .store
        .specimen_log(
            &catalog,
            &LogFilter::default(),
            now() + Duration::days(3),
            10,
        )
        .unwrap();
    assert_eq!(
        before.overdue, 0,
        "the count follows the same rule as the rows"
    );
    assert_eq!(log[0].days_overdue(now() + Duration::days(6)), Some(2));
    let other_lab = LogFilter {
        lab: Some("labcorp".into()),
        ..LogFilter::default()
    };
    assert!(found(&chart, &other_lab, now()).is_empty());
    let quest = LogFilter {
        lab: Some("quest diagnostics".into()),
        from: Some(now().date_naive()),
        to: Some(now().date_naive()),
        ..LogFilter::default()
    };
    assert_eq!(found(&chart, &quest, now()).len(), 1);
    let tomorrow = LogFilter {
        from: Some(now().date_naive() + Duration::days(1)),
        ..LogFilter::default()
    };
    assert!(found(&chart, &tomorrow, now()).is_empty());
}

/// The log's index is kept by triggers; whatever happens to a specimen, the log says what the
/// specimen's own records say.
#[test]
fn the_log_index_follows_corrections_status_changes_and_retractions() {
    let mut chart = Chart::new();
    let (patient, visit, first) = collected(&mut chart);
    let by = chart.staff.id;
    let second = chart
        .store
        .collect_specimen(
            patient.id,
            Some(visit.id),
            &collection("Labcorp", "ua_micro"),
            by,
        )
        .unwrap();
    send(&mut chart, first.content.id);
    // The sent status change entered in error: back to collected.
    let status = chart
        .store
        .records::<StatusChange>(patient.id)
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    chart
        .store
        .record_entered_in_error::<StatusChange>(
            status.id,
            &Retraction::new("not picked up after all").unwrap(),
            by,
        )
        .unwrap();
    // The second corrected to another lab.
    let mut corrected = second.content.clone();
    corrected.collection.lab = "Quest Diagnostics".into();
    chart
        .store
        .correct_specimen(second.id, &corrected, by)
        .unwrap();
    let log = everything(&chart, now());
    assert_eq!(log.len(), 2);
    for entry in &log {
        let tracked = chart.store.tracked_specimen(entry.specimen.id).unwrap();
        assert_eq!(entry.standing.status, tracked.standing.status);
        assert_eq!(entry.specimen, tracked.record.content);
    }
    assert!(
        log.iter()
            .all(|e| e.standing.status == SpecimenStatus::Collected)
    );
    let quest = LogFilter {
        lab: Some("Quest Diagnostics".into()),
        status: StatusFilter::All,
        ..LogFilter::default()
    };
    assert_eq!(
        found(&chart, &quest, now()).len(),
        2,
        "the correction's lab"
    );
    let sent = LogFilter {
        status: StatusFilter::Is(SpecimenStatus::Sent),
        ..LogFilter::default()
    };
    assert!(found(&chart, &sent, now()).is_empty());
    // At most the rows asked for, newest collection first.
    let catalog = LabCatalog::built_in().unwrap();
    let page = chart
        .store
        .specimen_log(&catalog, &LogFilter::default(), now(), 1)
        .unwrap();
    assert_eq!(page.entries.len(), 1);
}

fn found(chart: &Chart, filter: &LogFilter, at: DateTime<Utc>) -> Vec<LogEntry> {
    let catalog = LabCatalog::built_in().unwrap();
    chart
        .store
        .specimen_log(&catalog, filter, at, 1000)
        .unwrap()
        .entries
}

fn everything(chart: &Chart, at: DateTime<Utc>) -> Vec<LogEntry> {
    let all = LogFilter {
        status: StatusFilter::All,
        ..LogFilter::default()
    };
    found(chart, &all, at)
}

#[test]
fn a_specimen_entered_in_error_leaves_the_log_but_not_the_history() {
    let mut chart = Chart::new();
    let (patient, _, specimen) = collected(&mut chart);
    chart
        .store
        .record_entered_in_error::<Specimen>(
            specimen.id,
            &Retraction::new("wrong patient").unwrap(),
            chart.staff.id,
        )
        .unwrap();
    assert!(everything(&chart, now()).is_empty());
    let all = chart.store.records::<Specimen>(patient.id).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(current(&all).count(), 0);
}

#[test]
fn label_prints_are_counted_as_reprints() {
    let mut chart = Chart::new();
    let (_, _, specimen) = collected(&mut chart);
    let id = specimen.content.id;
    assert_eq!(chart.store.label_printed(id, chart.staff.id).unwrap(), 1);
    assert_eq!(chart.store.label_printed(id, chart.staff.id).unwrap(), 2);
    assert_eq!(chart.store.label_prints(id).unwrap(), 2);
}

/// The overdue count reads the tests and the sending time the index keeps: a correction of the
/// tests, a status change and its retraction each move it, as the rows' own rule says.
#[test]
fn the_overdue_count_follows_the_tests_and_the_sending() {
    let mut chart = Chart::new();
    let (patient, _, specimen) = collected(&mut chart);
    let by = chart.staff.id;
    let catalog = LabCatalog::built_in().unwrap();
    let overdue_at = |chart: &Chart, at: DateTime<Utc>| {
        let page = chart
            .store
            .specimen_log(&catalog, &LogFilter::default(), at, 10)
            .unwrap();
        let counted = page
            .entries
            .iter()
            .filter(|e| e.days_overdue(at).is_some())
            .count();
        assert_eq!(page.overdue, counted, "the count and the rows agree");
        page.overdue
    };
    let in_five_days = now() + Duration::days(5);
    assert_eq!(overdue_at(&chart, in_five_days), 0, "not sent yet");
    send(&mut chart, specimen.content.id);
    assert_eq!(overdue_at(&chart, in_five_days), 1, "urine culture: 4 days");
    // Corrected to a test that takes ten days.
    let mut corrected = specimen.content.clone();
    corrected.collection.tests[0].catalog_id = Some("afb".into());
    chart
        .store
        .correct_specimen(specimen.id, &corrected, by)
        .unwrap();
    assert_eq!(overdue_at(&chart, in_five_days), 0, "now a ten-day test");
    assert_eq!(overdue_at(&chart, now() + Duration::days(10)), 1);
    // The sending entered in error: not sent, so not overdue.
    let sending = chart
        .store
        .records::<StatusChange>(patient.id)
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    chart
        .store
        .record_entered_in_error::<StatusChange>(
            sending.id,
            &Retraction::new("never left the clinic").unwrap(),
            by,
        )
        .unwrap();
    assert_eq!(overdue_at(&chart, now() + Duration::days(10)), 0);
}
