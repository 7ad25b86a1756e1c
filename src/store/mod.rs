//! The chart store: every line of SQL in the app. It opens and migrates the SQLite file, writes
//! each save in one transaction with its audit row, and hands back domain types, never rows.
//! Clinical rows are only ever inserted; triggers in the schema refuse UPDATE and DELETE.

mod accounts;
mod attempts;
mod audit;
pub mod backup;
mod batch;
mod chain;
mod chain_check;
mod checklist;
mod codec;
pub mod convert;
mod drafts;
mod health;
mod injections;
mod integrity;
pub mod keyring;
mod lots;
mod open;
mod patients;
mod records;
mod reserve;
mod schema;
pub(crate) mod specimens;
mod staff;
mod verify;
mod visits;
mod vitals;

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::clinical::record::RecordKind;
use crate::clinical::time::Clock;

pub use accounts::AccountError;
pub use attempts::{Attempts, PendingSignIn, Wait};
pub use audit::{AuditAction, AuditEntry};
pub use batch::Batch;
pub use chain::ChainHead;
pub use chain_check::ChainStatus;
pub use drafts::Draft;
pub use integrity::IntegrityStatus;
pub use keyring::{DataKey, KeyError, Keyring, RecoveryKey};
pub use open::{ChartKey, ChartState, IntegrityCheck, OpenError, OpenOptions, examine};
pub use records::RecordWrite;
pub use schema::{APPLICATION_ID, latest_version};
pub use specimens::TrackedSpecimen;
pub use verify::{Break, BreakKind, VerifyReport, verify, verify_file, verify_since};
pub use vitals::VitalsHistory;

/// Why a save or a read failed, in words; the form that asked keeps what was typed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the chart is busy (another program is writing to it); nothing was saved. Try again in a moment"
    )]
    Busy,
    #[error("the disk is full; nothing was saved. Free some space, then save again")]
    DiskFull,
    #[error("the chart file cannot be written (read-only); nothing was saved")]
    ReadOnly,
    #[error(
        "the disk could not be written ({0}); nothing was saved. Save again; if it keeps failing, get help"
    )]
    Io(String),
    #[error(
        "this record has already been corrected or marked entered in error; open it again to see the current version"
    )]
    AlreadySuperseded,
    #[error("{}", needs_visit(*.0))]
    NeedsVisit(RecordKind),
    #[error("the username {0} is taken (a username is never given to anyone else)")]
    UsernameTaken(String),
    #[error("MRN {0} already belongs to another patient")]
    MrnTaken(String),
    #[error("{0} was not found in the chart")]
    NotFound(&'static str),
    #[error("the chart refused the save: {0}")]
    Refused(String),
    #[error("the chart holds something this version cannot read: {0}")]
    Unreadable(String),
    #[error(
        "the chart file is damaged ({0}); nothing was saved, and nothing will be. Restore it from a backup, or get help"
    )]
    Damaged(String),
    #[error("chart error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Self::Damaged(e.to_string())
            }
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            Some(ErrorCode::SystemIoFailure) => Self::Io(e.to_string()),
            Some(ErrorCode::ConstraintViolation) => {
                let text = e.to_string();
                match text.split_once("rooming: ") {
                    Some((_, reason)) => Self::Refused(reason.to_owned()),
                    None => Self::Refused(text),
                }
            }
            _ => match e {
                rusqlite::Error::FromSqlConversionFailure(_, _, inner) => {
                    Self::Unreadable(inner.to_string())
                }
                rusqlite::Error::QueryReturnedNoRows => Self::NotFound("the record"),
                other => Self::Sqlite(other.to_string()),
            },
        }
    }
}

/// Why a record of `kind` cannot be charted outside a visit, in words.
fn needs_visit(kind: RecordKind) -> String {
    match kind {
        RecordKind::Administration => "a dose given (or declined) here belongs to a visit: start one first; a transcribed dose needs none".into(),
        other => format!(
            "{} belongs to a visit: start one first",
            crate::clinical::text::a_noun(other.label())
        ),
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// An open chart. One per running app; the lock file keeps it so.
pub struct Store {
    path: PathBuf,
    clock: Clock,
    integrity: integrity::Integrity,
    /// The key that opened the chart, to seal it for new accounts; `None` for a plain chart.
    key: Option<DataKey>,
    /// The key file beside the chart.
    keyring: Option<Keyring>,
    /// Audit rows not yet written (see `audit_access`): written with the next write.
    held_access: Vec<HeldAudit>,
    /// The last write failed for want of disk space; cleared by the next that succeeds.
    disk_full: bool,
    /// Rows noted as new before this store opened the chart: written by something other than
    /// Rooming, never sealed (the verifier names them).
    foreign_rows: std::collections::BTreeSet<(String, String, String)>,
    /// Marks the chart open until the store goes, and remembers when it was checked whole.
    mark: Option<health::OpenMark>,
    /// The chain's walk in the background (the window's store only).
    chain_check: chain_check::ChainCheck,
    /// A backup running on its own thread.
    backup: Option<backup::BackupJob>,
    /// Dropped after every thread above has closed its own connection, so this one is the
    /// last and folds the WAL into the chart on closing (a WAL left behind is read whole at
    /// the next opening: 0.9 s after the 1.6 GB migration of the 100k chart).
    conn: Connection,
    /// Released last: no other copy may open the chart before it is closed.
    _lock: File,
}

/// An audit row not yet written: a sign-in event, or a chart opened on a full disk.
#[derive(Clone, Debug)]
pub(crate) struct HeldAudit {
    pub at: chrono::DateTime<chrono::Utc>,
    pub action: AuditAction,
    pub staff: Option<crate::clinical::ids::StaffId>,
    pub patient: Option<crate::clinical::ids::PatientId>,
    pub detail: Option<String>,
}

impl Store {
    fn from_parts(
        conn: Connection,
        path: PathBuf,
        lock: File,
        clock: Clock,
        integrity: integrity::Integrity,
    ) -> Self {
        Self {
            conn,
            path,
            _lock: lock,
            clock,
            integrity,
            key: None,
            keyring: None,
            held_access: Vec::new(),
            disk_full: false,
            foreign_rows: std::collections::BTreeSet::new(),
            mark: None,
            chain_check: chain_check::ChainCheck::NotRun,
            backup: None,
        }
    }

    /// Closes a chart built aside, so the file can be renamed into place; its lock is handed
    /// back, to be held until the rename is done.
    fn close_for_rename(self) -> File {
        let Self {
            conn, _lock: lock, ..
        } = self;
        if let Err((_, e)) = conn.close() {
            tracing::warn!(error = %e, "chart not closed cleanly before its rename");
        }
        lock
    }

    /// The key file of an encrypted chart.
    pub fn keyring(&self) -> Option<&Keyring> {
        self.keyring.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Moves a fixed clock (tests and demos: the minutes a form stays open).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it is saved, or none of it.
    /// Sign-in events held while the file check ran go first, in the same transaction.
    /// On a full disk the space kept beside the chart is given back, so the next try can
    /// succeed; the flag stays up until a write does.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        self.ensure_sound()?;
        let result = self.transaction(f);
        match &result {
            Ok(_) => self.disk_full = false,
            Err(StoreError::DiskFull) => {
                self.disk_full = true;
                reserve::release(&self.path);
            }
            Err(_) => {}
        }
        result
    }

    fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for held in &self.held_access {
            audit::append_held(&tx, held)?;
        }
        let value = f(&tx)?;
        chain::seal(&tx, self.clock.now(), &self.foreign_rows)?;
        tx.commit()?;
        self.held_access.clear();
        Ok(value)
    }

    /// Whether the last write failed because the disk is full.
    pub fn disk_full(&self) -> bool {
        self.disk_full
    }

    /// For tests and tools that need to look under the hood (e.g. to prove a trigger fires).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A second connection to the same file, with the same key: for tests and tools that must
    /// act as another process would (hold the write lock, write behind the app's back).
    pub fn second_connection(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open(&self.path)?;
        let key = match &self.key {
            Some(key) => open::ChartKey::Data(key),
            None => open::ChartKey::Plain,
        };
        open::apply_key(&conn, key)?;
        Ok(conn)
    }
}
