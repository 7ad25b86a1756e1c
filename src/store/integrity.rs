//! `PRAGMA quick_check` of the chart file: run before opening, or on its own read-only
//! connection in the background, in which case every write waits for its verdict and none is
//! made on a damaged file.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use rusqlite::{Connection, InterruptHandle, OpenFlags};

use crate::store::keyring::DataKey;
use crate::store::open::{ChartKey, apply_key};
use crate::store::{Store, StoreError, StoreResult};

pub(crate) enum QuickCheck {
    Failed(String),
    Sqlite(rusqlite::Error),
}

pub(crate) fn quick_check(conn: &Connection) -> Result<(), QuickCheck> {
    let mut statement = conn
        .prepare("PRAGMA quick_check")
        .map_err(QuickCheck::Sqlite)?;
    let lines: Vec<String> = statement
        .query_map([], |r| r.get(0))
        .and_then(Iterator::collect)
        .map_err(|e| match e.sqlite_error_code() {
            // Busy or stopped is not a verdict on the file.
            Some(
                rusqlite::ErrorCode::DatabaseBusy
                | rusqlite::ErrorCode::DatabaseLocked
                | rusqlite::ErrorCode::OperationInterrupted,
            ) => QuickCheck::Sqlite(e),
            // A page that cannot be read (SQLCipher's check of an encrypted page fails as a
            // plain error) is damage.
            _ => QuickCheck::Failed(format!("a page could not be read: {e}")),
        })?;
    match lines.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(QuickCheck::Failed(
            lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        )),
    }
}

/// Where the check of the file stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntegrityStatus {
    Checking,
    Sound,
    Damaged(String),
}

pub(crate) enum Integrity {
    Checked,
    /// Running; the handle stops it if the store closes first, and the thread is joined then.
    Pending(
        Receiver<Result<(), String>>,
        InterruptHandle,
        Option<std::thread::JoinHandle<()>>,
    ),
    Damaged(String),
}

impl Integrity {
    /// Starts the check on its own read-only connection and thread.
    pub(crate) fn spawn(path: &Path, key: Option<DataKey>) -> Self {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags) {
            Ok(conn) => conn,
            Err(e) => {
                return Self::Damaged(format!("the file could not be opened to check it: {e}"));
            }
        };
        let chart_key = match &key {
            Some(k) => ChartKey::Data(k),
            None => ChartKey::Plain,
        };
        if let Err(e) = apply_key(&conn, chart_key) {
            return Self::Damaged(format!("the file could not be opened to check it: {e}"));
        }
        drop(key);
        let interrupt = conn.get_interrupt_handle();
        let (sender, receiver) = channel();
        let spawned = std::thread::Builder::new()
            .name("quick_check".into())
            .spawn(move || {
                let verdict = quick_check(&conn).map_err(|failure| match failure {
                    QuickCheck::Failed(detail) => detail,
                    QuickCheck::Sqlite(e) => e.to_string(),
                });
                tracing::info!(sound = verdict.is_ok(), "quick_check finished");
                // The store may be gone already; then nobody needs the verdict.
                let _ = sender.send(verdict);
            });
        match spawned {
            Ok(thread) => Self::Pending(receiver, interrupt, Some(thread)),
            Err(e) => Self::Damaged(format!("the file check could not start: {e}")),
        }
    }

    fn settle(&mut self, verdict: Result<(), String>) {
        *self = match verdict {
            Ok(()) => Self::Checked,
            Err(detail) => Self::Damaged(detail),
        };
    }
}

impl Drop for Integrity {
    /// A check still running when the chart closes is stopped, not left reading the file; and
    /// waited for, so it never outlives the process's crypto library (which is torn down at
    /// exit under a thread still decrypting pages).
    fn drop(&mut self) {
        if let Self::Pending(_, interrupt, thread) = self {
            interrupt.interrupt();
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Store {
    /// Where the check of the file stands, without waiting.
    pub fn integrity(&mut self) -> IntegrityStatus {
        if let Integrity::Pending(receiver, ..) = &self.integrity {
            match receiver.try_recv() {
                Ok(verdict) => self.settle(verdict),
                Err(TryRecvError::Empty) => return IntegrityStatus::Checking,
                Err(TryRecvError::Disconnected) => {
                    self.integrity.settle(Err("the file check stopped".into()));
                }
            }
            // The sign-in events held while it ran can be written now.
            if let Err(e) = self.write_held_access() {
                tracing::warn!(error = %e, "held sign-in events not written");
            }
        }
        self.status()
    }

    /// Waits for the check to finish.
    pub fn wait_for_integrity(&mut self) -> IntegrityStatus {
        if let Integrity::Pending(receiver, ..) = &self.integrity {
            let verdict = receiver
                .recv()
                .unwrap_or_else(|_| Err("the file check stopped".into()));
            self.settle(verdict);
        }
        self.status()
    }

    /// The check's verdict, kept; a pass is remembered beside the chart.
    fn settle(&mut self, verdict: Result<(), String>) {
        if verdict.is_ok()
            && let Some(mark) = &mut self.mark
        {
            mark.0.checked(self.clock.now());
        }
        self.integrity.settle(verdict);
    }

    fn status(&self) -> IntegrityStatus {
        match &self.integrity {
            Integrity::Checked => IntegrityStatus::Sound,
            Integrity::Pending(..) => IntegrityStatus::Checking,
            Integrity::Damaged(detail) => IntegrityStatus::Damaged(detail.clone()),
        }
    }

    /// Every write goes through here first: nothing is written to a file found damaged. A
    /// check still running does not hold the write up (the MA never waits for it).
    pub(crate) fn ensure_sound(&mut self) -> StoreResult<()> {
        match self.integrity() {
            IntegrityStatus::Damaged(detail) => Err(StoreError::Damaged(detail)),
            IntegrityStatus::Sound | IntegrityStatus::Checking => Ok(()),
        }
    }
}
