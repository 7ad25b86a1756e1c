//! The chart's schema as an append-only list of migrations, and the application id that marks a
//! SQLite file as a Rooming chart.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of every Rooming chart: "ROOM" in ASCII.
pub const APPLICATION_ID: i32 = 0x524F_4F4D;

fn steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/001_foundation.sql")),
        M::up(include_str!("migrations/002_chart_records.sql")),
        M::up(include_str!("migrations/003_lots.sql")),
        M::up(include_str!("migrations/004_specimens.sql")),
        // Names are folded into search keys by `deunicode` now: every key is written again.
        M::up_with_hook(
            include_str!("migrations/005_name_keys.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::store::patients::reindex_names(tx)?;
                Ok(())
            },
        ),
        // Staff from before accounts get a first version each (no username until given one).
        M::up_with_hook(
            include_str!("migrations/006_accounts.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::store::accounts::first_versions(tx)?;
                Ok(())
            },
        ),
    ]
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(steps())
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    steps().len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
