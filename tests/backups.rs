//! Backups and restore: a backup is encrypted like the chart, verified before it counts, keeps
//! the chain's head beside it, and is pruned by the retention rule; a failed one is recorded and
//! shown to administrators; restore verifies first and keeps the chart that was there aside.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use common::{Chart, PASSWORD};
use rooming::clinical::audit::AuditAction;
use rooming::store::backup::{check_backup, to_keep};

fn backups_in(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rooming"))
        .collect();
    found.sort();
    found
}

fn rooming(chart: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rooming"))
        .arg("--db")
        .arg(chart)
        .args(args)
        .env("ROOMING_PASSWORD", PASSWORD)
        .env_remove("ROOMING_RECOVERY_KEY")
        .output()
        .unwrap()
}

#[test]
fn a_backup_is_encrypted_verified_and_keeps_the_chain_head_beside_it() {
    let mut chart = Chart::new();
    chart.patient("Quixotewhistle", "Zebediah", (1980, 3, 2));
    let folder = tempfile::tempdir().unwrap();
    let record = chart.store.back_up_now(folder.path()).unwrap();
    let file = record.file.clone().expect("made");
    assert!(record.error.is_none());
    assert!(
        file.with_extension("rooming.keys").exists(),
        "its key file beside it"
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes.windows(14).any(|w| w == b"Quixotewhistle"),
        "encrypted like the chart"
    );
    let key = chart
        .store
        .keyring()
        .unwrap()
        .unlock(
            &rooming::clinical::account::Username::parse(common::USERNAME).unwrap(),
            &rooming::clinical::account::Password::new(PASSWORD),
        )
        .unwrap()
        .1;
    let head = check_backup(&file, &key).unwrap().unwrap();
    let heads = std::fs::read_to_string(folder.path().join("chain-heads.txt")).unwrap();
    assert!(heads.contains(&head.to_string()), "{heads}");
    assert_eq!(chart.store.last_good_backup().unwrap(), Some(record));
    assert_eq!(chart.store.audit_count(AuditAction::BackupMade).unwrap(), 1);
}

#[test]
fn a_backup_that_cannot_be_made_is_recorded_as_failed() {
    let mut chart = Chart::new();
    let missing = chart.dir.path().join("no-such-disk");
    let record = chart.store.back_up_now(&missing).unwrap();
    assert!(record.file.is_none());
    assert!(record.error.unwrap().contains("not there"));
    assert!(chart.store.last_good_backup().unwrap().is_none());
    assert!(chart.store.last_backup().unwrap().unwrap().error.is_some());
}

#[test]
fn retention_keeps_seven_daily_four_weekly_and_twelve_monthly() {
    let now: DateTime<Utc> = "2026-11-29T20:00:00Z".parse().unwrap();
    // Two backups a day for 400 days.
    let times: Vec<DateTime<Utc>> = (0..800).map(|i| now - Duration::hours(12 * i)).collect();
    let keep = to_keep(&times, now);
    assert!(keep.contains(&now), "the newest");
    for day in 0..7 {
        let newest_that_day = times
            .iter()
            .filter(|t| {
                (now - **t).num_days() == day
                    && t.date_naive() == (now - Duration::days(day)).date_naive()
            })
            .max()
            .copied();
        if let Some(t) = newest_that_day {
            assert!(keep.contains(&t), "day {day}");
        }
    }
    assert!(keep.len() <= 7 + 4 + 12 + 1, "{}", keep.len());
    assert!(keep.len() >= 12, "{}", keep.len());
    let oldest = keep.iter().min().unwrap();
    assert!(now - *oldest <= Duration::days(366));
    assert!(
        now - *oldest >= Duration::days(300),
        "a year of monthly backups"
    );
}

#[test]
fn restore_verifies_the_backup_and_keeps_the_chart_that_was_there() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let path = chart.path();
    let folder = tempfile::tempdir().unwrap();
    drop(chart.store);
    let out = rooming(&path, &["backup", "--to", folder.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let backup = backups_in(folder.path()).pop().unwrap();
    {
        let mut store = common::reopen(&path);
        store
            .register_patient(
                &rooming::clinical::patient::NewPatient {
                    mrn: None,
                    demographics: rooming::clinical::patient::Demographics {
                        family_name: "Jones".into(),
                        given_names: "Ann".into(),
                        preferred_name: None,
                        birth_date: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                        sex: rooming::clinical::patient::Sex::Female,
                    },
                },
                chart.staff.id,
            )
            .unwrap();
        let open = rooming(&path, &["restore", backup.to_str().unwrap()]);
        assert!(!open.status.success(), "refused while the chart is open");
        assert!(String::from_utf8_lossy(&open.stderr).contains("close it first"));
    }
    // A spoiled backup is refused, the chart untouched.
    let spoiled = folder.path().join("chart-20000101-000000.rooming");
    let mut bytes = std::fs::read(&backup).unwrap();
    let at = bytes.len() / 2;
    for b in bytes.iter_mut().skip(at).take(4096) {
        *b ^= 0xFF;
    }
    std::fs::write(&spoiled, &bytes).unwrap();
    std::fs::copy(
        backup.with_extension("rooming.keys"),
        spoiled.with_extension("rooming.keys"),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = rooming(&path, &["restore", spoiled.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be restored"));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = rooming(&path, &["restore", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept as"));
    let store = common::reopen(&path);
    let found = store
        .search_patients(&rooming::clinical::patient::PatientQuery::parse("jones"), 5)
        .unwrap();
    assert!(found.patients.is_empty(), "back to the backup");
    let aside: Vec<_> = std::fs::read_dir(chart.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("before-restore")
                && std::path::Path::new(n)
                    .extension()
                    .is_none_or(|e| e != "keys")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
}

#[test]
fn the_demo_refuses_a_chart_with_patients_unless_asked_to_append() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let path = chart.path();
    drop(chart.store);
    let out = rooming(&path, &["demo", "--patients", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--append"));
    let out = rooming(
        &path,
        &[
            "--user",
            common::USERNAME,
            "demo",
            "--patients",
            "2",
            "--append",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn administrators_are_told_when_there_is_no_backup_folder() {
    use common::ui::{everything_said, harness, has_text, sign_in};
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    assert!(
        has_text(&h, "No backup folder is set"),
        "{}",
        everything_said(&h)
    );
}

#[test]
fn the_first_sign_in_of_the_day_backs_the_chart_up_in_the_background() {
    use common::ui::{app, harness, sign_in};
    let mut chart = Chart::new();
    let folder = tempfile::tempdir().unwrap();
    let mut settings = chart.store.settings().unwrap();
    settings.backup_folder = Some(folder.path().display().to_string());
    chart.store.set_settings(&settings, chart.staff.id).unwrap();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    for _ in 0..500 {
        h.run();
        if !app(&h).store().backing_up() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    let good = app(&h)
        .store()
        .last_good_backup()
        .unwrap()
        .expect("backed up");
    assert!(good.file.unwrap().starts_with(folder.path()));
    assert_eq!(backups_in(folder.path()).len(), 1);
}
