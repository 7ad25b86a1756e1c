//! Opening a chart file safely. Before anything is written the file is checked, without SQLite,
//! to be ours; a lock file keeps a second running copy out; then `PRAGMA quick_check` (now or
//! in the background), the journal settings, and the migrations. Whatever fails, the file is
//! left as it was.

use std::fs::{File, OpenOptions as FsOpenOptions, TryLockError};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::clinical::time::Clock;
use crate::store::Store;
use crate::store::integrity::{Integrity, QuickCheck, quick_check};
use crate::store::schema::{APPLICATION_ID, latest_version, migrations};

/// Why a chart could not be opened, in words for the person at the workstation.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "{path} is not a Rooming chart: it is not a database. Rooming has not changed it. Choose another file with --db."
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} is a database of another program, not a Rooming chart. Rooming has not changed it. Choose another file with --db."
    )]
    NotRooming { path: PathBuf },
    #[error(
        "{path} was written by a newer version of Rooming (schema {found}; this version knows {known}). Update Rooming to open it; it has not been changed."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "{path} is damaged ({detail}). Rooming has not changed it. Restore it from a backup, or ask for help before charting."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path} is already open in another running copy of Rooming. Close that copy first, or use it instead."
    )]
    AlreadyOpen { path: PathBuf },
    #[error(
        "Rooming cannot write in {folder}: the folder is read-only. Choose a writable place with --db."
    )]
    ReadOnlyFolder { folder: PathBuf },
    #[error("the folder {folder} does not exist. Create it, or choose another place with --db.")]
    FolderMissing { folder: PathBuf },
    #[error("{path} could not be opened: {detail}")]
    Other { path: PathBuf, detail: String },
}

/// When `PRAGMA quick_check` of an existing chart runs. It reads the whole file (seconds for a
/// large chart), so the window opens first and checks in the background; writes wait for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegrityCheck {
    BeforeOpening,
    InBackground,
}

/// How to open: tests shorten the busy timeout to see a locked chart at once.
#[derive(Clone, Copy, Debug)]
pub struct OpenOptions {
    pub busy_timeout: Duration,
    pub clock: Clock,
    pub integrity: IntegrityCheck,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(5),
            clock: Clock::System,
            integrity: IntegrityCheck::BeforeOpening,
        }
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

/// What the first bytes of an existing file say it is.
fn check_header(path: &Path) -> Result<(), OpenError> {
    let other = |e: std::io::Error| OpenError::Other {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let mut header = [0u8; HEADER_LEN];
    let mut file = File::open(path).map_err(other)?;
    let mut read = 0;
    while read < HEADER_LEN {
        match file
            .read(header.get_mut(read..).unwrap_or_default())
            .map_err(other)?
        {
            0 => break,
            n => read += n,
        }
    }
    if read < HEADER_LEN || header.get(..16) != Some(SQLITE_MAGIC.as_slice()) {
        return Err(OpenError::NotADatabase {
            path: path.to_owned(),
        });
    }
    let application_id = header
        .get(68..72)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(i32::from_be_bytes);
    if application_id != Some(APPLICATION_ID) {
        return Err(OpenError::NotRooming {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// The lock that keeps a second copy of Rooming off the same chart. A separate file, because
/// closing any descriptor of the database itself would drop SQLite's own POSIX locks.
fn lock(path: &Path, folder: &Path) -> Result<File, OpenError> {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".lock");
    let lock_path = folder.join(name);
    let file = FsOpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                OpenError::ReadOnlyFolder {
                    folder: folder.to_owned(),
                }
            }
            _ => OpenError::Other {
                path: lock_path.clone(),
                detail: e.to_string(),
            },
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(OpenError::AlreadyOpen {
            path: path.to_owned(),
        }),
        Err(TryLockError::Error(e)) => Err(OpenError::Other {
            path: lock_path,
            detail: e.to_string(),
        }),
    }
}

fn sqlite_error(path: &Path, folder: &Path, e: &rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => OpenError::NotADatabase {
            path: path.to_owned(),
        },
        Some(ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            OpenError::ReadOnlyFolder {
                folder: folder.to_owned(),
            }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => OpenError::AlreadyOpen {
            path: path.to_owned(),
        },
        _ => OpenError::Other {
            path: path.to_owned(),
            detail: e.to_string(),
        },
    }
}

impl Store {
    /// Opens the chart at `path`, creating it when no file is there.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Self, OpenError> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(OpenError::FolderMissing { folder });
        }
        let exists = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(OpenError::NotADatabase {
                    path: path.to_owned(),
                });
            }
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::NotFound => false,
            Err(e) => {
                return Err(OpenError::Other {
                    path: path.to_owned(),
                    detail: e.to_string(),
                });
            }
        };
        if exists {
            check_header(path)?;
        }
        let lock = lock(path, &folder)?;
        let fail = |e: rusqlite::Error| sqlite_error(path, &folder, &e);
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if !exists {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(options.busy_timeout).map_err(fail)?;
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
                    path: path.to_owned(),
                    detail: e.to_string(),
                },
                _ => fail(e),
            })?;
        if usize::try_from(found).is_ok_and(|v| v > latest_version()) {
            return Err(OpenError::TooNew {
                path: path.to_owned(),
                found,
                known: latest_version(),
            });
        }
        let upgrading = usize::try_from(found).is_ok_and(|v| v < latest_version());
        let integrity = if !exists {
            // Mark the file as ours while it is still in rollback mode, so the mark is in the
            // main file from the first commit, where `check_header` looks for it.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(fail)?;
            Integrity::Checked
        } else if upgrading || options.integrity == IntegrityCheck::BeforeOpening {
            // A migration writes: the file must be known sound first.
            quick_check(&conn).map_err(|failure| match failure {
                QuickCheck::Failed(detail) => OpenError::Corrupt {
                    path: path.to_owned(),
                    detail,
                },
                QuickCheck::Sqlite(e) => fail(e),
            })?;
            Integrity::Checked
        } else {
            Integrity::spawn(path)
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(fail)?;
        migrations().to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => fail(err),
            other => OpenError::Other {
                path: path.to_owned(),
                detail: other.to_string(),
            },
        })?;
        tracing::info!(schema = latest_version(), "chart opened");
        Ok(Self::from_parts(
            conn,
            path.to_owned(),
            lock,
            options.clock,
            integrity,
        ))
    }
}
