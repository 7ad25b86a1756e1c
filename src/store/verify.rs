//! Walking the chain (see `chain.rs`): every chain row links to the one before and matches its
//! seals; every sealed row is there and hashes as it did; every row of a sealed table has its
//! seal. What does not hold is a `Break`, named by table, row and time. A head kept outside the
//! file proves the chain was not rebuilt whole.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::store::chain::{
    ChainHead, GENESIS, SEALED, SealEntry, column_list, columns, digest, hash_row, head,
    key_columns, link, seal_match, sealed,
};
use crate::store::codec::parse_time;

/// What was found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// A chain row was changed, removed or forged.
    ChainAltered,
    /// A row's content differs from its seal: edited or back-dated.
    RowChanged,
    /// A sealed row is gone.
    RowDeleted,
    /// A row with no seal: inserted outside Rooming.
    RowUnsealed,
    /// A row sealed twice: the first was deleted and another took its key.
    RowReplaced,
    /// The head kept outside the file is not in the chain: the chain was rebuilt.
    HeadMissing,
}

impl BreakKind {
    fn words(self) -> &'static str {
        match self {
            Self::ChainAltered => "a link of the chain was changed, removed or forged",
            Self::RowChanged => "the row was changed after it was saved (edited or back-dated)",
            Self::RowDeleted => "the row was deleted",
            Self::RowUnsealed => "the row was inserted outside Rooming",
            Self::RowReplaced => "the row was deleted and another put in its place",
            Self::HeadMissing => {
                "the chain head kept outside the file is not in the chain: the chain was rebuilt"
            }
        }
    }
}

/// One thing that does not hold: the table and row, and when its seal was made (when known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    pub kind: BreakKind,
    pub table: String,
    pub row: String,
    pub sealed_at: Option<DateTime<Utc>>,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {}", self.kind.words(), self.table, self.row)?;
        if let Some(at) = self.sealed_at {
            write!(f, " (sealed {})", at.format("%Y-%m-%d %H:%M:%S UTC"))?;
        }
        Ok(())
    }
}

/// The walk's outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub chain_rows: u64,
    pub rows: u64,
    pub head: Option<ChainHead>,
    /// Every break, earliest seal first.
    pub breaks: Vec<Break>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty()
    }

    pub fn first_break(&self) -> Option<&Break> {
        self.breaks.first()
    }
}

/// One row of `chain`, as both walks read and check it.
struct ChainLink {
    seq: i64,
    at: String,
    digest: String,
    prev_hash: String,
    hash: String,
    when: Option<DateTime<Utc>>,
}

impl ChainLink {
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let at: String = row.get(1)?;
        Ok(Self {
            seq: row.get(0)?,
            when: parse_time(&at),
            at,
            digest: row.get(2)?,
            prev_hash: row.get(3)?,
            hash: row.get(4)?,
        })
    }

    /// A break unless it comes where expected, follows the link before (`linked`), and its
    /// hash and digest are those of what it seals.
    fn check(&self, expected: i64, linked: bool, entries: &[SealEntry], report: &mut VerifyReport) {
        let intact = self.seq == expected
            && linked
            && link(&self.prev_hash, self.seq, &self.at, &self.digest) == self.hash
            && digest(entries.iter()) == self.digest;
        if !intact {
            report.breaks.push(Break {
                kind: BreakKind::ChainAltered,
                table: "chain".into(),
                row: self.seq.to_string(),
                sealed_at: self.when,
            });
        }
    }
}

/// Walks the whole chart. `kept` is a head saved outside the file, checked to be in the chain.
pub fn verify(conn: &Connection, kept: Option<&ChainHead>) -> rusqlite::Result<VerifyReport> {
    // One read transaction: a snapshot, so saves made while the walk runs are not half seen.
    let snapshot = conn.unchecked_transaction()?;
    let report = walk(&snapshot, kept)?;
    snapshot.rollback()?;
    Ok(report)
}

fn walk(conn: &Connection, kept: Option<&ChainHead>) -> rusqlite::Result<VerifyReport> {
    let mut report = VerifyReport {
        head: head(conn)?,
        ..VerifyReport::default()
    };
    let times = walk_chain(conn, &mut report)?;
    for table in SEALED {
        let table = sealed(table.table).unwrap_or(*table);
        check_table(conn, table, &times, &mut report)?;
    }
    for (table, key1, key2) in crate::store::chain::unsealed(conn)? {
        report.breaks.push(Break {
            kind: BreakKind::RowUnsealed,
            table,
            row: row_name(&key1, &key2),
            sealed_at: None,
        });
    }
    if let Some(kept) = kept {
        let found: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT hash FROM chain WHERE seq = ?1",
            [kept.seq],
            |r| r.get(0),
        ))?;
        if found.as_deref() != Some(kept.hash.as_str()) {
            report.breaks.push(Break {
                kind: BreakKind::HeadMissing,
                table: "chain".into(),
                row: kept.to_string(),
                sealed_at: None,
            });
        }
    }
    // Earliest first; what has no time (unsealed rows, a missing head) last.
    report
        .breaks
        .sort_by_key(|b| (b.sealed_at.is_none(), b.sealed_at));
    Ok(report)
}

fn row_name(key1: &str, key2: &str) -> String {
    if key2.is_empty() {
        key1.to_owned()
    } else {
        format!("{key1}/{key2}")
    }
}

/// Checks each chain row's link and digest against its seals; returns each chain row's time.
fn walk_chain(
    conn: &Connection,
    report: &mut VerifyReport,
) -> rusqlite::Result<BTreeMap<i64, DateTime<Utc>>> {
    let mut seals: BTreeMap<i64, Vec<SealEntry>> = BTreeMap::new();
    {
        let mut statement = conn.prepare(
            "SELECT chain_seq, tbl, key1, key2, row_hash FROM sealed_rows
             ORDER BY chain_seq, tbl, key1, key2",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            seals.entry(row.get(0)?).or_default().push(SealEntry {
                table: row.get(1)?,
                key1: row.get(2)?,
                key2: row.get(3)?,
                row_hash: row.get(4)?,
            });
        }
    }
    let mut times = BTreeMap::new();
    let mut statement =
        conn.prepare("SELECT seq, at, digest, prev_hash, hash FROM chain ORDER BY seq")?;
    let mut rows = statement.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_owned();
    while let Some(row) = rows.next()? {
        let chain_link = ChainLink::read(row)?;
        let seq = chain_link.seq;
        if let Some(when) = chain_link.when {
            times.insert(seq, when);
        }
        report.chain_rows += 1;
        let entries = seals.remove(&seq).unwrap_or_default();
        let linked = chain_link.prev_hash == prev;
        chain_link.check(expected_seq, linked, &entries, report);
        expected_seq = seq + 1;
        prev = chain_link.hash;
    }
    // Seals that no chain row holds were forged or their chain row removed.
    for seq in seals.keys() {
        report.breaks.push(Break {
            kind: BreakKind::ChainAltered,
            table: "chain".into(),
            row: seq.to_string(),
            sealed_at: None,
        });
    }
    Ok(times)
}

/// Every row of `table` against its seals, and every seal against its row.
fn check_table(
    conn: &Connection,
    table: crate::store::chain::Sealed,
    times: &BTreeMap<i64, DateTime<Utc>>,
    report: &mut VerifyReport,
) -> rusqlite::Result<()> {
    let names = columns(conn, table.table)?;
    let list = column_list(&names);
    let (key1, key2) = key_columns(table);
    let n = names.len();
    let mut statement = conn.prepare(&format!(
        "SELECT {list}, {key1} AS k1, {key2} AS k2,
            (SELECT group_concat(s.chain_seq || ' ' || s.row_hash, ',')
               FROM sealed_rows s WHERE s.tbl = '{t}' AND s.key1 = {key1} AND s.key2 = {key2})
         FROM \"{t}\" t",
        t = table.table
    ))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        report.rows += 1;
        let k1: String = row.get(n)?;
        let k2: String = row.get(n + 1)?;
        let seals: Option<String> = row.get(n + 2)?;
        let hash = hash_row(table.table, &names, row);
        let seals: Vec<(i64, &str)> = seals
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|s| s.split_once(' '))
            .filter_map(|(seq, h)| Some((seq.parse().ok()?, h)))
            .collect();
        let found = match seals.as_slice() {
            [] => Some((BreakKind::RowUnsealed, None)),
            [(seq, sealed_hash)] if *sealed_hash == hash => {
                let _ = seq;
                None
            }
            [(seq, _)] => Some((BreakKind::RowChanged, times.get(seq).copied())),
            more => Some((
                BreakKind::RowReplaced,
                more.iter()
                    .filter_map(|(seq, _)| times.get(seq))
                    .min()
                    .copied(),
            )),
        };
        if let Some((kind, sealed_at)) = found {
            report.breaks.push(Break {
                kind,
                table: table.table.to_owned(),
                row: row_name(&k1, &k2),
                sealed_at,
            });
        }
    }
    let mut gone = conn.prepare(&format!(
        "SELECT s.key1, s.key2, s.chain_seq FROM sealed_rows s
          WHERE s.tbl = '{t}' AND NOT EXISTS (SELECT 1 FROM \"{t}\" t WHERE {found})",
        t = table.table,
        found = seal_match(table),
    ))?;
    let mut rows = gone.query([])?;
    while let Some(row) = rows.next()? {
        let k1: String = row.get(0)?;
        let k2: String = row.get(1)?;
        let seq: i64 = row.get(2)?;
        report.breaks.push(Break {
            kind: BreakKind::RowDeleted,
            table: table.table.to_owned(),
            row: row_name(&k1, &k2),
            sealed_at: times.get(&seq).copied(),
        });
    }
    Ok(())
}

impl crate::store::Store {
    /// Walks the whole chain of this chart (see `verify`).
    pub fn verify(&self, kept: Option<&ChainHead>) -> crate::store::StoreResult<VerifyReport> {
        Ok(verify(&self.conn, kept)?)
    }

    /// The latest chain row, to keep outside the file.
    pub fn chain_head(&self) -> crate::store::StoreResult<Option<ChainHead>> {
        Ok(head(&self.conn)?)
    }
}

/// Walks the chart at `path` on a read-only connection that never checkpoints, with its key.
pub fn verify_file(
    path: &std::path::Path,
    key: &crate::store::DataKey,
    kept: Option<&ChainHead>,
) -> Result<VerifyReport, crate::store::OpenError> {
    let fail = |e: rusqlite::Error| crate::store::OpenError::Other {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .map_err(fail)?;
    crate::store::open::apply_key(&conn, crate::store::ChartKey::Data(key)).map_err(fail)?;
    verify(&conn, kept).map_err(fail)
}

/// Walks only what was sealed after `from` (a head verified before): its links and digests,
/// and each row they seal as it is now; and checks `from` itself is still in the chain. Cheap
/// enough for every start; the whole walk still runs daily, for rows sealed long ago.
pub fn verify_since(conn: &Connection, from: &ChainHead) -> rusqlite::Result<VerifyReport> {
    let snapshot = conn.unchecked_transaction()?;
    let report = walk_since(&snapshot, from)?;
    snapshot.rollback()?;
    Ok(report)
}

fn walk_since(conn: &Connection, from: &ChainHead) -> rusqlite::Result<VerifyReport> {
    let mut report = VerifyReport {
        head: head(conn)?,
        ..VerifyReport::default()
    };
    let mut chain = conn.prepare(
        "SELECT seq, at, digest, prev_hash, hash FROM chain WHERE seq >= ?1 ORDER BY seq",
    )?;
    let mut seals = conn.prepare(
        "SELECT tbl, key1, key2, row_hash FROM sealed_rows WHERE chain_seq = ?1
         ORDER BY tbl, key1, key2",
    )?;
    let mut rows = chain.query([from.seq])?;
    let mut prev: Option<String> = None;
    let mut expected = from.seq;
    while let Some(row) = rows.next()? {
        let chain_link = ChainLink::read(row)?;
        let (seq, when) = (chain_link.seq, chain_link.when);
        report.chain_rows += 1;
        let entries: Vec<SealEntry> = seals
            .query_map([seq], |r| {
                Ok(SealEntry {
                    table: r.get(0)?,
                    key1: r.get(1)?,
                    key2: r.get(2)?,
                    row_hash: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let linked = match &prev {
            None => seq == from.seq && chain_link.hash == from.hash,
            Some(prev) => *prev == chain_link.prev_hash,
        };
        chain_link.check(expected, linked, &entries, &mut report);
        if seq > from.seq {
            for entry in &entries {
                report.rows += 1;
                let Some(table) = sealed(&entry.table) else {
                    continue;
                };
                let now = crate::store::chain::row_hash(conn, table, &entry.key1, &entry.key2)?;
                let kind = match now {
                    None => Some(BreakKind::RowDeleted),
                    Some(h) if h != entry.row_hash => Some(BreakKind::RowChanged),
                    Some(_) => None,
                };
                if let Some(kind) = kind {
                    report.breaks.push(Break {
                        kind,
                        table: entry.table.clone(),
                        row: row_name(&entry.key1, &entry.key2),
                        sealed_at: when,
                    });
                }
            }
        }
        expected = seq + 1;
        prev = Some(chain_link.hash);
    }
    if prev.is_none() {
        report.breaks.push(Break {
            kind: BreakKind::HeadMissing,
            table: "chain".into(),
            row: from.to_string(),
            sealed_at: None,
        });
    }
    for (table, key1, key2) in crate::store::chain::unsealed(conn)? {
        report.breaks.push(Break {
            kind: BreakKind::RowUnsealed,
            table,
            row: row_name(&key1, &key2),
            sealed_at: None,
        });
    }
    Ok(report)
}
