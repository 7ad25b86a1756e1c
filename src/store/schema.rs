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
        // The triggers that note new rows, and one seal over everything already there.
        M::up_with_hook(
            include_str!("migrations/007_chain.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::store::chain::install(tx)
                    .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
                Ok(())
            },
        ),
        // The specimen log asks an index kept by triggers, not every specimen.
        M::up(include_str!("migrations/008_specimen_log.sql")),
        // ...and finds a specimen's status changes by their index.
        M::up(include_str!("migrations/009_specimen_status_by_index.sql")),
        // ...and counts the overdue ones from the index alone.
        M::up(include_str!("migrations/010_specimen_sent_in_log.sql")),
        // ...and by lab from an index of its own.
        M::up(include_str!("migrations/011_specimen_log_by_lab.sql")),
    ]
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(steps())
}

/// The tables each schema version has, and the version that made them: a file that carries
/// Rooming's mark but lacks them was not made by Rooming (or is damaged), and is refused before
/// any migration touches it.
const TABLES: &[(usize, &str)] = &[
    (1, "staff"),
    (1, "staff_preferences"),
    (1, "clinic_versions"),
    (1, "counters"),
    (1, "patients"),
    (1, "patient_versions"),
    (1, "patient_name_index"),
    (1, "visits"),
    (1, "visit_status_changes"),
    (1, "vital_sets"),
    (1, "vital_observations"),
    (1, "entered_in_error"),
    (1, "audit_log"),
    (1, "drafts"),
    (2, "chart_records"),
    (3, "lots"),
    (3, "lot_movements"),
    (4, "specimen_ids"),
    (6, "staff_versions"),
    (6, "usernames"),
    (6, "staff_access"),
    (6, "clinic_settings"),
    (7, "unsealed_rows"),
    (7, "chain"),
    (7, "sealed_rows"),
    (8, "specimen_log_index"),
];

/// The tables a chart of `version` must have.
pub(crate) fn tables_at(version: usize) -> impl Iterator<Item = &'static str> {
    TABLES
        .iter()
        .filter(move |(since, _)| *since <= version)
        .map(|(_, name)| *name)
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

    #[test]
    fn every_table_of_the_latest_schema_is_listed() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let made: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND name NOT LIKE 'patient_name_index_%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut listed: Vec<String> = super::tables_at(super::latest_version())
            .map(str::to_owned)
            .collect();
        listed.sort();
        assert_eq!(made, listed);
    }
}
