//! The chart's schema as an append-only list of migrations, and the application id that marks a
//! SQLite file as a Rooming chart.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of every Rooming chart: "ROOM" in ASCII.
pub const APPLICATION_ID: i32 = 0x524F_4F4D;

const STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_foundation.sql")),
    M::up(include_str!("migrations/002_chart_records.sql")),
    M::up(include_str!("migrations/003_lots.sql")),
    M::up(include_str!("migrations/004_specimens.sql")),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
