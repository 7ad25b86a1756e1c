//! Crashes, made real: a writer process is killed with SIGKILL at random moments, again and
//! again on the same chart; after each kill the chart passes its integrity check, its chain
//! verifies, and every save the writer reported committed is there. Chart creation is killed
//! the same way: it leaves no chart or a whole one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Chart, PASSWORD};
use rooming::store::{ChartState, examine};

fn writer(path: &std::path::Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_rooming"))
        .arg("--db")
        .arg(path)
        .args(args)
        .env("ROOMING_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills the process outright (SIGKILL: no destructor, no flush) and returns what it printed.
fn kill(mut child: std::process::Child) -> String {
    child.kill().unwrap();
    child.wait().unwrap();
    let mut printed = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut printed)
        .unwrap();
    printed
}

#[test]
fn a_writer_killed_at_random_moments_never_loses_a_committed_save() {
    let chart = Chart::new();
    let path = chart.path();
    let _dir = chart.dir;
    drop(chart.store);
    let mut rng = fastrand::Rng::with_seed(20_261_129);
    let mut committed: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_mins(2);
    let mut trials = 0;
    while trials < 60 && Instant::now() < deadline {
        let child = writer(&path, &["write-for-crash-test"]);
        std::thread::sleep(Duration::from_millis(rng.u64(10..400)));
        let printed = kill(child);
        committed.extend(
            printed
                .lines()
                .filter_map(|l| l.strip_prefix("committed "))
                .map(str::to_owned),
        );
        trials += 1;
        // Opening checks the file first (quick_check), as after any crash.
        let store = common::reopen(&path);
        let verdict: String = store
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok", "trial {trials}");
        let report = store.verify(None).unwrap();
        assert!(report.is_intact(), "trial {trials}: {:?}", report.breaks);
        let mut missing = Vec::new();
        for mrn in &committed {
            let found: i64 = store
                .connection()
                .query_row("SELECT count(*) FROM patients WHERE mrn = ?1", [mrn], |r| {
                    r.get(0)
                })
                .unwrap();
            if found != 1 {
                missing.push(mrn.clone());
            }
        }
        assert!(missing.is_empty(), "trial {trials}: lost {missing:?}");
    }
    eprintln!(
        "{trials} kills, {} committed saves, none lost, every chart sound",
        committed.len()
    );
    assert!(trials >= 50, "only {trials} trials in the time allowed");
    assert!(!committed.is_empty(), "the writer got to write");
}

#[test]
fn creation_killed_at_any_moment_leaves_no_chart_or_a_whole_one() {
    let mut rng = fastrand::Rng::with_seed(29_112_026);
    let mut whole = 0;
    let mut none = 0;
    for trial in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.rooming");
        let child = writer(&path, &["demo", "--patients", "3"]);
        std::thread::sleep(Duration::from_millis(rng.u64(0..250)));
        kill(child);
        match examine(&path) {
            Ok(ChartState::Missing) => {
                none += 1;
                // Set-up starts again cleanly over whatever was left.
                rooming::store::Store::create(
                    &path,
                    &common::clinic(),
                    &common::administrator(),
                    common::options(),
                )
                .unwrap_or_else(|e| panic!("trial {trial}: {e}"));
            }
            Ok(ChartState::Encrypted) => {
                whole += 1;
                let key = rooming::store::Keyring::load(&path)
                    .unwrap()
                    .unlock(
                        &rooming::clinical::account::Username::parse("ddemo").unwrap(),
                        &rooming::clinical::account::Password::new(PASSWORD),
                    )
                    .unwrap()
                    .1;
                let store = rooming::store::Store::open(
                    &path,
                    rooming::store::ChartKey::Data(&key),
                    common::options(),
                )
                .unwrap_or_else(|e| panic!("trial {trial}: {e}"));
                assert!(store.verify(None).unwrap().is_intact());
            }
            other => panic!("trial {trial}: {other:?}"),
        }
    }
    eprintln!("creation killed 20 times: {none} left no chart, {whole} a whole one");
}
