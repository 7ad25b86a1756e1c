//! The commands without a window, run as a script would run them: the password from the
//! environment, the exit code and the words on standard output and error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::process::{Command, Output};

use common::{Chart, PASSWORD};

fn rooming(chart: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rooming"))
        .arg("--db")
        .arg(chart)
        .args(args)
        .env("ROOMING_PASSWORD", PASSWORD)
        .env_remove("ROOMING_RECOVERY_KEY")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn verify_prints_the_head_and_fails_on_a_row_changed_outside_rooming() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let path = chart.path();
    let head = chart.store.chain_head().unwrap().unwrap();
    drop(chart.store);
    let out = rooming(&path, &["verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("The chain is intact"), "{said}");
    assert!(said.contains(&head.to_string()), "the head to keep: {said}");
    let out = rooming(&path, &["verify", "--head", &head.to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let store = common::reopen(&path);
    let conn = store.second_connection().unwrap();
    conn.execute_batch(
        "DROP TRIGGER patient_versions_no_update;
         UPDATE patient_versions SET birth_date = '1979-03-02';",
    )
    .unwrap();
    drop(conn);
    drop(store);
    let out = rooming(&path, &["verify"]);
    assert!(!out.status.success(), "a break ends with an error");
    let said = text(&out.stderr);
    assert!(said.contains("BROKEN"), "{said}");
    assert!(said.contains("patient_versions"), "names the table: {said}");
}
