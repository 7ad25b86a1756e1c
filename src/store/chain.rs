//! Tamper evidence: every row the app inserts into a clinical table or the audit log is sealed
//! in the transaction that wrote it. Each row's content is hashed (`row_hash`); the transaction's
//! seals are one `chain` row whose hash covers them and the previous chain row's hash. A row
//! edited, deleted, back-dated or inserted outside Rooming (even with the triggers dropped) no
//! longer matches its seal or has none; `verify.rs` walks it all.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::store::codec::time_text;
use crate::store::{StoreError, StoreResult};

/// A table whose rows are sealed, and the columns that name a row.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sealed {
    pub table: &'static str,
    pub key1: &'static str,
    pub key2: Option<&'static str>,
}

impl Sealed {
    const fn by(table: &'static str, key1: &'static str) -> Self {
        Self {
            table,
            key1,
            key2: None,
        }
    }

    /// SQL that matches a row of the table to `?1` (and `?2`).
    pub(crate) fn key_match(&self, alias: &str) -> String {
        match self.key2 {
            Some(k2) => format!("{alias}.{} = ?1 AND {alias}.{k2} = ?2", self.key1),
            None => format!("{alias}.{} = ?1", self.key1),
        }
    }
}

/// Every table that holds the chart's facts; the mutable ones (drafts, preferences, counters,
/// settings, access, the name index) are not sealed.
pub(crate) const SEALED: &[Sealed] = &[
    Sealed::by("audit_log", "seq"),
    Sealed::by("chart_records", "id"),
    Sealed::by("clinic_versions", "id"),
    Sealed::by("entered_in_error", "id"),
    Sealed::by("lot_movements", "id"),
    Sealed::by("lots", "id"),
    Sealed::by("patient_versions", "id"),
    Sealed::by("patients", "id"),
    Sealed::by("specimen_ids", "code"),
    Sealed::by("staff", "id"),
    Sealed::by("staff_versions", "id"),
    Sealed::by("usernames", "username"),
    Sealed::by("visit_status_changes", "id"),
    Sealed::by("visits", "id"),
    Sealed::by("vital_observations", "set_id"),
    Sealed::by("vital_sets", "id"),
];

/// `vital_observations` is named by its set and its vital.
pub(crate) fn sealed(table: &str) -> Option<Sealed> {
    SEALED.iter().copied().find(|s| s.table == table).map(|s| {
        if s.table == "vital_observations" {
            Sealed {
                key2: Some("vital"),
                ..s
            }
        } else {
            s
        }
    })
}

/// The latest chain row: its number and hash, what a clinic keeps outside the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

impl std::fmt::Display for ChainHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl ChainHead {
    /// Reads "seq:hash", as `Display` writes it.
    pub fn parse(text: &str) -> Option<Self> {
        let (seq, hash) = text.trim().split_once(':')?;
        let hash = hash.trim().to_ascii_lowercase();
        (hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit())).then_some(())?;
        Some(Self {
            seq: seq.trim().parse().ok()?,
            hash,
        })
    }
}

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

use crate::store::keyring::hex;

/// Feeds one value, tagged by its type, so no two different rows hash alike.
fn feed(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update(b"n"),
        ValueRef::Integer(i) => {
            hasher.update(b"i");
            hasher.update(i.to_be_bytes());
        }
        ValueRef::Real(r) => {
            hasher.update(b"r");
            hasher.update(r.to_bits().to_be_bytes());
        }
        ValueRef::Text(t) => {
            hasher.update(b"t");
            hasher.update((t.len() as u64).to_be_bytes());
            hasher.update(t);
        }
        ValueRef::Blob(b) => {
            hasher.update(b"b");
            hasher.update((b.len() as u64).to_be_bytes());
            hasher.update(b);
        }
    }
}

/// The columns of a table, in their declared order.
pub(crate) fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// The hash of one row: its table, then each column's name and typed value.
pub(crate) fn hash_row(table: &str, names: &[String], row: &rusqlite::Row<'_>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"rooming row 1\0");
    hasher.update(table.as_bytes());
    for (i, name) in names.iter().enumerate() {
        hasher.update([0u8]);
        hasher.update(name.as_bytes());
        feed(&mut hasher, row.get_ref(i).unwrap_or(ValueRef::Null));
    }
    hex(&hasher.finalize())
}

/// The hash of the row `key1`/`key2` of `table` as it is now; `None` when there is none.
pub(crate) fn row_hash(
    conn: &Connection,
    table: Sealed,
    key1: &str,
    key2: &str,
) -> rusqlite::Result<Option<String>> {
    let names = columns(conn, table.table)?;
    let list = column_list(&names);
    let sql = format!(
        "SELECT {list} FROM \"{}\" t WHERE {}",
        table.table,
        table.key_match("t")
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let hash = |row: &rusqlite::Row<'_>| Ok(hash_row(table.table, &names, row));
    match table.key2 {
        Some(_) => statement.query_row([key1, key2], hash),
        None => statement.query_row([key1], hash),
    }
    .optional()
}

/// One sealed row, as a chain row's digest takes it.
pub(crate) struct SealEntry {
    pub table: String,
    pub key1: String,
    pub key2: String,
    pub row_hash: String,
}

/// What a chain row's digest is made of: its seals, in (table, key) order.
pub(crate) fn digest<'a>(entries: impl Iterator<Item = &'a SealEntry>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"rooming seals 1\0");
    for e in entries {
        for part in [&e.table, &e.key1, &e.key2, &e.row_hash] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
    }
    hex(&hasher.finalize())
}

/// A chain row's hash: the previous hash, its number, its time and its digest.
pub(crate) fn link(prev_hash: &str, seq: i64, at: &str, digest: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"rooming chain 1\0");
    for part in [prev_hash, &seq.to_string(), at, digest] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hex(&hasher.finalize())
}

pub(crate) fn head(conn: &Connection) -> rusqlite::Result<Option<ChainHead>> {
    conn.prepare_cached("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok(ChainHead {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()
}

/// The rows waiting for their seal, as (table, key1, key2).
pub(crate) fn unsealed(conn: &Connection) -> rusqlite::Result<BTreeSet<(String, String, String)>> {
    conn.prepare_cached("SELECT tbl, key1, key2 FROM unsealed_rows")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// Seals what this transaction inserted: called last, before the commit. `foreign` holds rows
/// that were waiting before Rooming opened the chart: inserted by something else, they are never
/// sealed (the verifier names them).
pub(crate) fn seal(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    foreign: &BTreeSet<(String, String, String)>,
) -> StoreResult<()> {
    let pending: Vec<(String, String, String)> = unsealed(tx)?
        .into_iter()
        .filter(|entry| !foreign.contains(entry))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    let mut entries = Vec::with_capacity(pending.len());
    for (table, key1, key2) in &pending {
        let sealed = sealed(table)
            .ok_or_else(|| StoreError::Refused(format!("rows of {table} cannot be sealed")))?;
        let row_hash = row_hash(tx, sealed, key1, key2)?.ok_or_else(|| {
            StoreError::Refused(format!("a row of {table} vanished before its seal"))
        })?;
        entries.push(SealEntry {
            table: table.clone(),
            key1: key1.clone(),
            key2: key2.clone(),
            row_hash,
        });
    }
    append(tx, now, &entries)?;
    let mut done =
        tx.prepare_cached("DELETE FROM unsealed_rows WHERE tbl = ?1 AND key1 = ?2 AND key2 = ?3")?;
    for (table, key1, key2) in &pending {
        done.execute([table, key1, key2])?;
    }
    Ok(())
}

/// Appends one chain row over `entries` (already in table, key order) and their seals.
fn append(tx: &Transaction<'_>, now: DateTime<Utc>, entries: &[SealEntry]) -> StoreResult<()> {
    let (seq, prev_hash) = match head(tx)? {
        Some(head) => (head.seq + 1, head.hash),
        None => (1, GENESIS.to_owned()),
    };
    let at = time_text(now);
    let digest = digest(entries.iter());
    let hash = link(&prev_hash, seq, &at, &digest);
    tx.prepare_cached(
        "INSERT INTO chain (seq, at, digest, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![seq, at, digest, prev_hash, hash])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO sealed_rows (chain_seq, tbl, key1, key2, row_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in entries {
        insert.execute(rusqlite::params![seq, e.table, e.key1, e.key2, e.row_hash])?;
    }
    Ok(())
}

/// SQL that finds the row of table alias `t` a seal (alias `s`) names, by the table's key, so
/// its index is used.
pub(crate) fn seal_match(table: Sealed) -> String {
    let first = if table.table == "audit_log" {
        format!("t.\"{}\" = CAST(s.key1 AS INTEGER)", table.key1)
    } else {
        format!("t.\"{}\" = s.key1", table.key1)
    };
    match table.key2 {
        Some(k2) => format!("{first} AND t.\"{k2}\" = s.key2"),
        None => first,
    }
}

/// The SQL a table's key columns are read and ordered by, as text (the order seals are in).
/// `t."a", t."b", ...`: every column, in order, as the row's hash covers them.
pub(crate) fn column_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("t.\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn key_columns(table: Sealed) -> (String, String) {
    let key1 = format!("CAST(t.\"{}\" AS TEXT)", table.key1);
    let key2 = table
        .key2
        .map_or_else(|| "''".to_owned(), |k| format!("CAST(t.\"{k}\" AS TEXT)"));
    (key1, key2)
}

/// The migration's step: the triggers that note every new row, and one chain row sealing
/// everything the chart held before (so an upgraded chart is covered from then on).
pub(crate) fn install(tx: &Transaction<'_>) -> StoreResult<()> {
    for table in SEALED {
        let table = sealed(table.table).unwrap_or(*table);
        let key2 = table
            .key2
            .map_or_else(|| "''".to_owned(), |k| format!("NEW.\"{k}\""));
        tx.execute_batch(&format!(
            "CREATE TRIGGER \"{t}_seal\" AFTER INSERT ON \"{t}\" BEGIN
               INSERT INTO unsealed_rows (tbl, key1, key2) VALUES ('{t}', NEW.\"{k1}\", {key2});
             END;",
            t = table.table,
            k1 = table.key1,
        ))?;
    }
    let mut entries = Vec::new();
    for table in SEALED {
        let table = sealed(table.table).unwrap_or(*table);
        let names = columns(tx, table.table)?;
        let list = column_list(&names);
        let (key1, key2) = key_columns(table);
        let mut statement = tx.prepare(&format!(
            "SELECT {list}, {key1} AS k1, {key2} AS k2 FROM \"{}\" t ORDER BY k1, k2",
            table.table
        ))?;
        let n = names.len();
        let rows = statement.query_map([], |row| {
            Ok(SealEntry {
                table: table.table.to_owned(),
                key1: row.get(n)?,
                key2: row.get(n + 1)?,
                row_hash: hash_row(table.table, &names, row),
            })
        })?;
        for entry in rows {
            entries.push(entry?);
        }
    }
    if entries.is_empty() {
        return Ok(());
    }
    append(tx, Utc::now(), &entries)
}
