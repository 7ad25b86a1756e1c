//! Backups: an online copy by SQLite's backup API into the clinic's backup folder, encrypted
//! with the chart's own key and written beside its key file; counted only once it opens, passes
//! `integrity_check` and its chain verifies; kept by a retention rule (7 daily, 4 weekly, 12
//! monthly). Each good backup also appends the chain's head to `chain-heads.txt` in that folder,
//! a record of the chain kept off the chart's disk. Restoring verifies first and keeps the
//! current chart aside.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::store::keyring::{DataKey, Keyring, key_file};
use crate::store::open::{ChartKey, apply_key, make_private, remove_with_journals, sync_folder};
use crate::store::{ChainHead, Store, StoreResult};

/// How many backups of each kind are kept.
const KEEP_DAILY: usize = 7;
const KEEP_WEEKLY: usize = 4;
const KEEP_MONTHLY: usize = 12;

/// What the last backup did, as the administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecord {
    pub at: DateTime<Utc>,
    /// The backup file, when it was made and verified.
    pub file: Option<PathBuf>,
    /// Why it failed, in words.
    pub error: Option<String>,
}

/// The name of a backup made at `at`: sortable, and readable as a date.
fn backup_name(at: DateTime<Utc>) -> String {
    format!("chart-{}.rooming", at.format("%Y%m%d-%H%M%S"))
}

/// When a backup file was made, from its name.
fn made_at(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix("chart-")?.strip_suffix(".rooming")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens a backup (or any chart file) read-only with `key`, never checkpointing.
fn open_read_only(path: &Path, key: &DataKey) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    apply_key(&conn, ChartKey::Data(key))?;
    Ok(conn)
}

/// Checks a backup whole: it opens with the key, `integrity_check` says "ok", and its chain
/// verifies. Returns its chain head.
pub fn check_backup(path: &Path, key: &DataKey) -> Result<Option<ChainHead>, String> {
    let conn = open_read_only(path, key).map_err(|e| format!("it does not open: {e}"))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| format!("its integrity check failed: {e}"))?;
    if verdict != "ok" {
        return Err(format!("its integrity check failed: {verdict}"));
    }
    let report = crate::store::verify(&conn, None).map_err(|e| e.to_string())?;
    match report.first_break() {
        Some(first) => Err(format!("its chain does not verify: {first}")),
        None => Ok(report.head),
    }
}

/// Makes one backup of the chart at `chart` into `folder`, now. The copy is written under a
/// `.partial` name and renamed only once it verifies, so a backup that counts is always whole.
pub fn back_up(
    chart: &Path,
    key: &DataKey,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf, String> {
    if !folder.is_dir() {
        return Err(format!(
            "the backup folder {} is not there (a disk not plugged in, a share not reachable?)",
            folder.display()
        ));
    }
    let target = folder.join(backup_name(now));
    if target.exists() {
        return Err(format!(
            "{} is already there: one backup a second",
            target.display()
        ));
    }
    let partial = with_suffix(&target, ".partial");
    remove_with_journals(&partial);
    let copied = (|| -> rusqlite::Result<()> {
        let source = open_read_only(chart, key)?;
        let mut copy = Connection::open(&partial)?;
        apply_key(&copy, ChartKey::Data(key))?;
        let backup = rusqlite::backup::Backup::new(&source, &mut copy)?;
        backup.run_to_completion(2048, std::time::Duration::ZERO, None)?;
        drop(backup);
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })();
    if let Err(e) = copied {
        remove_with_journals(&partial);
        return Err(format!("the copy could not be written: {e}"));
    }
    make_private(&partial);
    let head = match check_backup(&partial, key) {
        Ok(head) => head,
        Err(e) => {
            remove_with_journals(&partial);
            return Err(format!("the copy was made but {e}; it was removed"));
        }
    };
    let keys = Keyring::load(chart)
        .and_then(|ring| ring.copy_to(&target))
        .map_err(|e| format!("the key file could not be copied beside the backup: {e}"));
    if let Err(e) = keys {
        remove_with_journals(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &target).map_err(|e| {
        remove_with_journals(&partial);
        format!("the backup could not be put in place: {e}")
    })?;
    sync_folder(folder);
    if let Some(head) = head {
        keep_head(folder, now, &head, &target);
    }
    prune(folder, now);
    Ok(target)
}

/// Appends the chain's head to the folder's `chain-heads.txt`: kept off the chart's disk, it
/// proves later that the chart was not rewritten since.
fn keep_head(folder: &Path, now: DateTime<Utc>, head: &ChainHead, file: &Path) {
    use std::io::Write;
    let line = format!(
        "{} {head} {}\n",
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(folder.join("chain-heads.txt"))
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        tracing::warn!(error = %e, "chain head not kept beside the backups");
    }
}

/// Which of the backups made at `times` to keep at `now`: the newest of each of the last 7
/// days, of the last 4 weeks, and of the last 12 months.
pub fn to_keep(times: &[DateTime<Utc>], now: DateTime<Utc>) -> BTreeSet<DateTime<Utc>> {
    let mut newest_first: Vec<DateTime<Utc>> = times.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    let mut keep = BTreeSet::new();
    let mut pick =
        |key: &dyn Fn(DateTime<Utc>) -> (i32, u32), limit: usize, span: chrono::Duration| {
            let mut seen = BTreeSet::new();
            for t in &newest_first {
                if now - *t > span || seen.len() >= limit {
                    continue;
                }
                if seen.insert(key(*t)) {
                    keep.insert(*t);
                }
            }
        };
    pick(
        &|t| (t.year(), t.ordinal()),
        KEEP_DAILY,
        chrono::Duration::days(7),
    );
    pick(
        &|t| (t.iso_week().year(), t.iso_week().week()),
        KEEP_WEEKLY,
        chrono::Duration::weeks(4),
    );
    pick(
        &|t| (t.year(), t.month()),
        KEEP_MONTHLY,
        chrono::Duration::days(366),
    );
    // The newest is always kept, however old.
    if let Some(newest) = newest_first.first() {
        keep.insert(*newest);
    }
    keep
}

/// Removes the backups the retention rule no longer keeps (and their key files).
fn prune(folder: &Path, now: DateTime<Utc>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let backups: Vec<(PathBuf, DateTime<Utc>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| made_at(&p).map(|t| (p, t)))
        .collect();
    let times: Vec<DateTime<Utc>> = backups.iter().map(|(_, t)| *t).collect();
    let keep = to_keep(&times, now);
    for (path, at) in backups {
        if !keep.contains(&at) {
            let _ = std::fs::remove_file(key_file(&path));
            remove_with_journals(&path);
        }
    }
}

/// Restores `backup` into `chart`'s place: it is checked whole first (it must open with the
/// key given, pass its integrity check and verify); the current chart, its WAL and key file are
/// kept aside under `.before-restore-<time>`. Refused while the chart is open.
pub fn restore(
    chart: &Path,
    backup: &Path,
    key: &DataKey,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, String> {
    check_backup(backup, key)
        .map_err(|e| format!("{} cannot be restored: {e}", backup.display()))?;
    let aside = with_suffix(
        chart,
        &format!(".before-restore-{}", now.format("%Y%m%d-%H%M%S")),
    );
    let kept = chart.exists();
    if kept {
        let held = std::fs::File::open(chart).map_err(|e| e.to_string())?;
        if held.try_lock().is_err() {
            return Err(format!(
                "{} is open in a running Rooming: close it first",
                chart.display()
            ));
        }
        drop(held);
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(chart, suffix);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&aside, suffix))
                    .map_err(|e| format!("the current chart could not be kept aside: {e}"))?;
            }
        }
        if key_file(chart).exists() {
            std::fs::rename(key_file(chart), key_file(&aside))
                .map_err(|e| format!("the current key file could not be kept aside: {e}"))?;
        }
    }
    let partial = with_suffix(chart, ".restoring");
    std::fs::copy(backup, &partial).map_err(|e| format!("the backup could not be copied: {e}"))?;
    make_private(&partial);
    std::fs::copy(key_file(backup), key_file(chart))
        .map_err(|e| format!("the backup's key file could not be copied: {e}"))?;
    make_private(&key_file(chart));
    std::fs::rename(&partial, chart).map_err(|e| e.to_string())?;
    if let Some(folder) = chart.parent() {
        sync_folder(folder);
    }
    Ok(kept.then_some(aside))
}

type Outcome = Result<PathBuf, String>;

/// A backup running on its own thread.
pub(crate) struct BackupJob {
    receiver: Receiver<Outcome>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for BackupJob {
    /// A backup is finished (or fails) before the process ends: never left half written.
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

const LAST_BACKUP: &str = "last_backup";
const LAST_GOOD_BACKUP: &str = "last_good_backup";

impl Store {
    fn backup_record(&self, name: &str) -> StoreResult<Option<BackupRecord>> {
        let text: Option<String> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT value FROM clinic_settings WHERE name = ?1",
            [name],
            |r| r.get(0),
        ))?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// The last backup tried, good or not.
    pub fn last_backup(&self) -> StoreResult<Option<BackupRecord>> {
        self.backup_record(LAST_BACKUP)
    }

    /// The last backup that was made and verified.
    pub fn last_good_backup(&self) -> StoreResult<Option<BackupRecord>> {
        self.backup_record(LAST_GOOD_BACKUP)
    }

    /// Whether a backup is running now.
    pub fn backing_up(&self) -> bool {
        self.backup.is_some()
    }

    /// Starts a backup into `folder` on its own thread, unless one is running.
    pub fn start_backup(&mut self, folder: &Path) {
        if self.backup.is_some() {
            return;
        }
        let Some(key) = self.key.clone() else {
            return;
        };
        let (sender, receiver) = channel();
        let chart = self.path.clone();
        let folder = folder.to_owned();
        let now = self.clock.now();
        let thread = std::thread::Builder::new()
            .name("backup".into())
            .spawn(move || {
                let _ = sender.send(back_up(&chart, &key, &folder, now));
            });
        match thread {
            Ok(thread) => {
                self.backup = Some(BackupJob {
                    receiver,
                    thread: Some(thread),
                });
            }
            Err(e) => {
                let _ = self.record_backup(&Err(e.to_string()));
            }
        }
    }

    /// Takes a finished backup's outcome, records it in the chart and its audit log.
    pub fn poll_backup(&mut self) -> StoreResult<Option<BackupRecord>> {
        let outcome = match &self.backup {
            None => return Ok(None),
            Some(job) => match job.receiver.try_recv() {
                Ok(outcome) => outcome,
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => Err("the backup stopped".into()),
            },
        };
        self.backup = None;
        self.record_backup(&outcome).map(Some)
    }

    /// Waits for a running backup and records it (before the chart closes).
    pub fn finish_backup(&mut self) -> StoreResult<Option<BackupRecord>> {
        let Some(mut job) = self.backup.take() else {
            return Ok(None);
        };
        if let Some(thread) = job.thread.take() {
            let _ = thread.join();
        }
        let outcome = job
            .receiver
            .try_recv()
            .unwrap_or_else(|_| Err("the backup stopped".into()));
        self.record_backup(&outcome).map(Some)
    }

    fn record_backup(&mut self, outcome: &Outcome) -> StoreResult<BackupRecord> {
        let record = BackupRecord {
            at: self.clock.now(),
            file: outcome.as_ref().ok().cloned(),
            error: outcome.as_ref().err().cloned(),
        };
        let json = serde_json::to_string(&record)
            .map_err(|e| crate::store::StoreError::Refused(e.to_string()))?;
        let detail = match outcome {
            Ok(file) => format!("verified: {}", file.display()),
            Err(e) => format!("failed: {e}"),
        };
        let now = self.clock.now();
        let good = outcome.is_ok();
        self.write(|tx| {
            let mut put = tx.prepare_cached(
                "INSERT INTO clinic_settings (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            )?;
            put.execute([LAST_BACKUP, json.as_str()])?;
            if good {
                put.execute([LAST_GOOD_BACKUP, json.as_str()])?;
            }
            crate::store::audit::append_access(
                tx,
                now,
                crate::clinical::audit::AuditAction::BackupMade,
                None,
                Some(&detail),
            )
        })?;
        Ok(record)
    }

    /// Makes a backup now and waits for it (`rooming backup`).
    pub fn back_up_now(&mut self, folder: &Path) -> StoreResult<BackupRecord> {
        let key = self.key.clone().ok_or_else(|| {
            crate::store::StoreError::Refused("a plain chart is not backed up".into())
        })?;
        let outcome = back_up(&self.path, &key, folder, self.clock.now());
        self.record_backup(&outcome)
    }
}
