//! The first charts a process opens, several threads at once: SQLite says it is ready before
//! `SQLCipher`'s own start-up has finished, and a key given in that gap failed (one run in 75).
//! Its own test binary, so these are the process's first keyed connections.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Barrier};

use common::Chart;

#[test]
fn six_charts_created_at_the_same_moment_all_open() {
    let start = Arc::new(Barrier::new(6));
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                Chart::new().store.patient_count().unwrap()
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 0);
    }
}
