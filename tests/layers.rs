//! The layers hold: the domain knows nothing of egui, SQL or the layers above it; views know
//! nothing of the store; no SQL is written outside the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of code (not comments) in `dir` that contain any of `words`.
fn offending(dir: &str, words: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    let mut found = Vec::new();
    for file in files {
        for (n, line) in fs::read_to_string(&file).unwrap().lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if let Some(word) = words.iter().find(|w| code.contains(*w)) {
                found.push(format!("{}:{}: {word}", file.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn the_domain_knows_no_egui_and_no_sql() {
    let found = offending(
        "src/clinical",
        &[
            "egui",
            "eframe",
            "rusqlite",
            "SELECT ",
            "INSERT ",
            "crate::store",
            "crate::ui",
            "crate::app",
            "crate::print",
            "crate::demo",
            "crate::run",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn views_know_nothing_of_the_store() {
    let found = offending("src/ui", &["crate::store", "crate::app", "crate::demo"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn views_and_the_shell_write_no_sql() {
    for dir in ["src/ui", "src/app", "src/demo"] {
        let found = offending(
            dir,
            &[
                "rusqlite", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA",
            ],
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn the_store_draws_nothing() {
    let found = offending("src/store", &["egui", "eframe", "crate::ui", "crate::app"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn printing_draws_no_screens_and_writes_no_sql() {
    let found = offending(
        "src/print",
        &["egui", "eframe", "rusqlite", "crate::store", "crate::ui"],
    );
    assert!(found.is_empty(), "{found:#?}");
}
