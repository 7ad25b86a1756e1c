//! Moving a chart between plain SQLite and `SQLCipher`: encrypting a chart an earlier version made
//! (once, at its first start with this version), and the plain copy an administrator may export
//! for a migration or an auditor. Both copy with `sqlcipher_export`, and check the copy (its
//! integrity and the rows of every table) before it counts.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::clinical::account::{Account, NewAccount};
use crate::clinical::ids::StaffId;
use crate::store::accounts::insert_account;
use crate::store::audit::{AuditAction, append_access};
use crate::store::keyring::{DataKey, Keyring, RecoveryKey};
use crate::store::open::{
    ChartKey, OpenError, OpenOptions, apply_key, make_private, remove_with_journals, sync_file,
    sync_folder, wait_for_sqlcipher,
};
use crate::store::schema::APPLICATION_ID;
use crate::store::{Store, StoreError, StoreResult};

/// Who becomes the encrypted chart's first administrator: a staff member already in the chart
/// (given a username now), or someone new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FirstAdministrator {
    Existing(StaffId),
    New,
}

fn other(path: &Path, detail: impl std::fmt::Display) -> OpenError {
    OpenError::Other {
        path: path.to_owned(),
        detail: detail.to_string(),
    }
}

/// A new empty file only its owner may read or write.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    file.open(path).map(drop)
}

/// Every table's name and row count: a copy must have the same.
fn row_counts(conn: &Connection, schema: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'patient_name_index%'
             ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    names
        .into_iter()
        .map(|name| {
            let n: i64 = conn.query_row(
                &format!("SELECT count(*) FROM {schema}.\"{name}\""),
                [],
                |r| r.get(0),
            )?;
            Ok((name, n))
        })
        .collect()
}

/// Copies the database open on `conn` into the attached database `into` and gives the copy
/// the chart's marks (which `sqlcipher_export` does not copy).
fn export(conn: &Connection, into: &str) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    conn.query_row(
        &format!("SELECT sqlcipher_export('{into}')"),
        [],
        |_| Ok(()),
    )?;
    conn.execute_batch(&format!(
        "PRAGMA {into}.user_version = {version}; PRAGMA {into}.application_id = {APPLICATION_ID};"
    ))?;
    Ok(())
}

fn path_with(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Encrypts the plain chart at `path` in place, with a first administrator. The encrypted copy
/// is built beside it and checked; then the key file is written and the copy renamed over the
/// plain file, so an interruption at any moment leaves the plain chart as it was, or the
/// encrypted one whole. Returns the chart open, its administrator and the recovery key.
pub fn encrypt_plain_chart(
    path: &Path,
    admin: &FirstAdministrator,
    new: &NewAccount,
    options: OpenOptions,
) -> Result<(Store, Account, RecoveryKey), OpenError> {
    // Opening migrates the plain chart to this version's schema, as any start did.
    let plain = Store::open(path, ChartKey::Plain, options)?;
    let clinic = plain
        .clinic()
        .map_err(|e| other(path, e))?
        .map(|c| c.name)
        .unwrap_or_default();
    plain
        .conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| other(path, e))?;
    let copy = path_with(path, ".encrypting");
    remove_with_journals(&copy);
    // Made first, the owner's only: the chart is opened without SQLite's right to create
    // files, and the copy is never readable by others for a moment.
    create_private(&copy).map_err(|e| other(&copy, e))?;
    let key = DataKey::random()?;
    let (before, after) = {
        let conn = &plain.conn;
        let value = key.pragma_value();
        wait_for_sqlcipher();
        conn.execute(
            &format!("ATTACH DATABASE ?1 AS encrypted KEY \"{}\"", value.as_str()),
            [copy.to_string_lossy()],
        )
        .map_err(|e| other(&copy, e))?;
        let exported = export(conn, "encrypted")
            .and_then(|()| Ok((row_counts(conn, "main")?, row_counts(conn, "encrypted")?)));
        let detached = conn.execute_batch("DETACH DATABASE encrypted;");
        let counts = exported.map_err(|e| other(&copy, e))?;
        detached.map_err(|e| other(&copy, e))?;
        counts
    };
    drop(plain);
    if before != after {
        remove_with_journals(&copy);
        return Err(other(
            &copy,
            "the encrypted copy does not hold the same rows as the chart; the chart was not changed",
        ));
    }
    make_private(&copy);
    let account = first_administrator(&copy, &key, admin, new, options)?;
    let username = account
        .username
        .clone()
        .ok_or_else(|| other(path, "the administrator has no username"))?;
    Keyring::create(
        path,
        &clinic,
        &key,
        account.staff.id,
        &username,
        &new.password,
    )
    .and_then(|(_, recovery)| {
        sync_file(&copy);
        replace_scrubbing(path, &copy).map_err(|e| {
            crate::store::keyring::KeyError::Write(format!(
                "the encrypted chart could not take the plain one's place: {e}"
            ))
        })?;
        Ok(recovery)
    })
    .map_err(OpenError::from)
    .and_then(|recovery| {
        if let Some(folder) = path.parent() {
            sync_folder(folder);
        }
        let store = Store::open(path, ChartKey::Data(&key), options)?;
        Ok((store, account, recovery))
    })
}

/// Checks the encrypted copy whole, then gives it its first administrator and notes the
/// encryption in its audit log.
fn first_administrator(
    copy: &Path,
    key: &DataKey,
    admin: &FirstAdministrator,
    new: &NewAccount,
    options: OpenOptions,
) -> Result<Account, OpenError> {
    let mut conn = Connection::open(copy).map_err(|e| other(copy, e))?;
    apply_key(&conn, ChartKey::Data(key)).map_err(|e| other(copy, e))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| other(copy, e))?;
    if verdict != "ok" {
        drop(conn);
        remove_with_journals(copy);
        return Err(other(
            copy,
            format!("the encrypted copy is not sound: {verdict}"),
        ));
    }
    let tx = conn.transaction().map_err(|e| other(copy, e))?;
    let now = options.clock.now();
    let account = match admin {
        FirstAdministrator::New => insert_account(&tx, new, false, now, None),
        FirstAdministrator::Existing(staff) => promote(&tx, *staff, new, now),
    }
    .map_err(|e| other(copy, e))?;
    append_access(
        &tx,
        now,
        AuditAction::ChartEncrypted,
        Some(account.staff.id),
        None,
    )
    .map_err(|e| other(copy, e))?;
    crate::store::chain::seal(&tx, now, &std::collections::BTreeSet::new())
        .map_err(|e| other(copy, e))?;
    tx.commit().map_err(|e| other(copy, e))?;
    conn.close().map_err(|(_, e)| other(copy, e))?;
    Ok(account)
}

/// Gives a staff member of an older chart a username and the administrator's role.
fn promote(
    tx: &rusqlite::Transaction<'_>,
    staff: StaffId,
    new: &NewAccount,
    at: chrono::DateTime<chrono::Utc>,
) -> StoreResult<Account> {
    crate::store::accounts::give_account(tx, staff, new, at)
}

/// Puts the encrypted copy in the plain chart's place in one rename, after overwriting the
/// plain file's bytes through a handle kept across the rename (best effort: a solid-state disk
/// may keep old blocks; whole-disk encryption covers those). The plain journals go too.
fn replace_scrubbing(path: &Path, copy: &Path) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let old = std::fs::OpenOptions::new().write(true).open(path);
    std::fs::rename(copy, path)?;
    if let Ok(mut old) = old
        && let Ok(len) = old.metadata().map(|m| m.len())
    {
        let zeros = vec![0u8; 64 * 1024];
        let _ = old.seek(std::io::SeekFrom::Start(0));
        let mut left = len;
        while left > 0 {
            let n = usize::try_from(left.min(64 * 1024)).unwrap_or(64 * 1024);
            if old.write_all(zeros.get(..n).unwrap_or(&zeros)).is_err() {
                break;
            }
            left = left.saturating_sub(n as u64);
        }
        let _ = old.sync_all();
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(path_with(path, suffix));
    }
    Ok(())
}

/// Writes a plain SQLite copy of the open chart at `out` (which must not exist), readable by
/// the owner only, and notes it in the chart's audit log.
/// `by` is the administrator who asked; `None` when the recovery key opened the chart.
pub fn export_plain(store: &mut Store, out: &Path, by: Option<StaffId>) -> StoreResult<()> {
    if out.exists() {
        return Err(StoreError::Refused(format!(
            "{} already exists: choose a new file",
            out.display()
        )));
    }
    // Created first with the owner's permissions only, so the copy is never readable by
    // others for a moment.
    create_private(out).map_err(|e| StoreError::Io(format!("{}: {e}", out.display())))?;
    let conn = &store.conn;
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [out.to_string_lossy()],
    )?;
    let exported = export(conn, "plain")
        .and_then(|()| Ok(row_counts(conn, "main")? == row_counts(conn, "plain")?));
    let detached = conn.execute_batch("DETACH DATABASE plain;");
    let same = exported?;
    detached?;
    if !same {
        let _ = std::fs::remove_file(out);
        return Err(StoreError::Refused(
            "the copy does not hold the same rows as the chart; it was removed".into(),
        ));
    }
    let detail = match by {
        Some(_) => out.display().to_string(),
        None => format!("{} (opened with the recovery key)", out.display()),
    };
    store.audit_access(AuditAction::PlainCopyExported, by, Some(&detail), None)
}
