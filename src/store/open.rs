//! Opening and creating a chart file safely. A chart is a `SQLCipher` database opened by its data
//! key (from the key file beside it). Before anything is written the file is checked to be ours;
//! a lock file keeps a second running copy out; then `PRAGMA quick_check` (now or in the
//! background), the journal settings and the migrations. Whatever fails, the file is left as it
//! was. A new chart is built aside and renamed into place whole.

use std::fs::{File, OpenOptions as FsOpenOptions, TryLockError};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::clinical::account::{Account, NewAccount, Password, Username};
use crate::clinical::staff::NewClinic;
use crate::clinical::time::Clock;
use crate::store::Store;
use crate::store::accounts::AccountError;
use crate::store::integrity::{Integrity, QuickCheck, quick_check};
use crate::store::keyring::{DataKey, KeyError, Keyring, RecoveryKey, key_file};
use crate::store::schema::{APPLICATION_ID, latest_version, migrations};

/// Why a chart could not be opened, in words for the person at the workstation.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "{path} is not a Rooming chart: it is not a database (or it is an encrypted chart whose key file is missing). Rooming has not changed it. Choose another file with --db."
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
    #[error("there is no chart at {path}")]
    Missing { path: PathBuf },
    #[error(
        "{path} is read-only: Rooming could not save anything into it. Nothing was changed. Make the file writable for this user (or ask the administrator), then start again."
    )]
    ReadOnlyFile { path: PathBuf },
    #[error(
        "{path} is empty (0 bytes): a start was interrupted before the chart was made, and it holds nothing. Delete it to set up a new chart, or choose another file with --db."
    )]
    Empty { path: PathBuf },
    #[error(
        "{path} carries Rooming's mark but is not a Rooming chart: {detail}. It was made by another program, or it is damaged. Rooming has not changed it. Restore the chart from a backup, or choose another file with --db."
    )]
    Unrecognized { path: PathBuf, detail: String },
    #[error(
        "the key file does not open {path}: it belongs to another chart, or one of them was replaced. Nothing was changed; put back the key file that came with this chart"
    )]
    WrongKey { path: PathBuf },
    #[error(
        "{path} is missing, but its key file is there: restore the chart from a backup, or move the key file away to start a new chart"
    )]
    KeysWithoutChart { path: PathBuf },
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    Account(#[from] AccountError),
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
    /// Keep a few megabytes beside the chart to give back when the disk fills (the window
    /// does; tools and tests need not).
    pub keep_reserve: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(5),
            clock: Clock::System,
            integrity: IntegrityCheck::BeforeOpening,
            keep_reserve: false,
        }
    }
}

/// How a chart file is opened: with its data key, or (only to convert an older chart, or to
/// measure) as a plain SQLite file.
#[derive(Clone, Copy, Debug)]
pub enum ChartKey<'a> {
    Data(&'a DataKey),
    Plain,
}

/// What is at a chart's path, found without opening it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartState {
    /// Nothing yet: the first start makes one.
    Missing,
    /// A chart of an earlier version, not encrypted: it is converted on first start.
    Plain,
    /// An encrypted chart with its key file.
    Encrypted,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

/// The first bytes of a file; fewer when the file is shorter.
fn read_header(path: &Path) -> Result<Vec<u8>, OpenError> {
    let other = |e: std::io::Error| OpenError::Other {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let mut header = vec![0u8; HEADER_LEN];
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
    header.truncate(read);
    Ok(header)
}

/// Whether an existing plain file is a Rooming chart.
fn check_plain_header(path: &Path, header: &[u8]) -> Result<(), OpenError> {
    if header.len() < HEADER_LEN || header.get(..16) != Some(SQLITE_MAGIC.as_slice()) {
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

/// What is at `path`: nothing, an older plain chart, or an encrypted one with its key file.
/// Anything else is refused with the reason, untouched.
pub fn examine(path: &Path) -> Result<ChartState, OpenError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(OpenError::NotADatabase {
            path: path.to_owned(),
        }),
        Ok(meta) if meta.len() == 0 => Err(OpenError::Empty {
            path: path.to_owned(),
        }),
        Ok(_) => {
            let header = read_header(path)?;
            if header.get(..16) == Some(SQLITE_MAGIC.as_slice()) {
                check_plain_header(path, &header)?;
                Ok(ChartState::Plain)
            } else if key_file(path).exists() && header.len() == HEADER_LEN {
                Ok(ChartState::Encrypted)
            } else {
                Err(OpenError::NotADatabase {
                    path: path.to_owned(),
                })
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            // A key file beside a half-built chart is what an interrupted creation leaves:
            // nothing was ever in place, and set-up starts again.
            if key_file(path).exists() && !aside_path(path).exists() {
                Err(OpenError::KeysWithoutChart {
                    path: path.to_owned(),
                })
            } else {
                Ok(ChartState::Missing)
            }
        }
        Err(e) => Err(OpenError::Other {
            path: path.to_owned(),
            detail: e.to_string(),
        }),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The lock that keeps a second writer off the chart: an exclusive `flock` on the chart file
/// itself, so it holds whatever path reaches the file (a symlink, a hard link). The descriptor
/// is kept open for as long as the chart is: closing a descriptor of the database would drop
/// SQLite's own POSIX locks, and this one is closed only after SQLite's connection is.
/// (`flock` is separate from SQLite's `fcntl` locks on local disks; a live chart on a network
/// share is not supported.)
fn lock(path: &Path, folder: &Path) -> Result<File, OpenError> {
    let file = File::open(path).map_err(|e| match e.kind() {
        ErrorKind::PermissionDenied => OpenError::ReadOnlyFolder {
            folder: folder.to_owned(),
        },
        _ => OpenError::Other {
            path: path.to_owned(),
            detail: e.to_string(),
        },
    })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(OpenError::AlreadyOpen {
            path: path.to_owned(),
        }),
        Err(TryLockError::Error(e)) => Err(OpenError::Other {
            path: path.to_owned(),
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

/// Gives a connection its data key. The key is the raw 256-bit key, so no key derivation runs;
/// a wrong key shows only at the first read, as "file is not a database".
pub(crate) fn apply_key(conn: &Connection, key: ChartKey<'_>) -> rusqlite::Result<()> {
    if let ChartKey::Data(key) = key {
        wait_for_sqlcipher();
        let value = key.pragma_value();
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", value.as_str()))?;
        // SQLCipher's own log would otherwise write to standard error.
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    }
    Ok(())
}

/// Waits, once per process, until `SQLCipher` has finished setting itself up. SQLite marks
/// itself initialised before it runs `SQLCipher`'s own start-up, so a second thread opening a
/// connection meanwhile could key it too early and fail with "An error occurred with PRAGMA
/// key" (one run in 75 of six charts created at once). Keying a throwaway in-memory database
/// succeeds only once that start-up is done.
pub(crate) fn wait_for_sqlcipher() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let probe = format!("PRAGMA key = \"x'{}'\";", "00".repeat(32));
        for _ in 0..500 {
            let keyed = Connection::open_in_memory().and_then(|c| c.execute_batch(&probe));
            if keyed.is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        tracing::warn!("SQLCipher did not finish starting within a second");
    });
}

/// Only the owner may read or write a chart and what lies beside it. SQLite gives its `-wal`
/// and `-shm` files the database's permissions.
pub(crate) fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!(error = %e, "chart permissions not set");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

impl Store {
    /// Opens the chart at `path`, which must exist.
    pub fn open(path: &Path, key: ChartKey<'_>, options: OpenOptions) -> Result<Self, OpenError> {
        let folder = folder_of(path);
        if !folder.is_dir() {
            return Err(OpenError::FolderMissing { folder });
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(OpenError::NotADatabase {
                    path: path.to_owned(),
                });
            }
            Ok(meta) if meta.len() == 0 => {
                return Err(OpenError::Empty {
                    path: path.to_owned(),
                });
            }
            // The file's own mode, which even an administrator's account is held to here.
            Ok(meta) if meta.permissions().readonly() => {
                return Err(OpenError::ReadOnlyFile {
                    path: path.to_owned(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(OpenError::Missing {
                    path: path.to_owned(),
                });
            }
            Err(e) => {
                return Err(OpenError::Other {
                    path: path.to_owned(),
                    detail: e.to_string(),
                });
            }
        }
        let header = read_header(path)?;
        match key {
            ChartKey::Plain => check_plain_header(path, &header)?,
            ChartKey::Data(_) if header.len() < HEADER_LEN => {
                return Err(OpenError::NotADatabase {
                    path: path.to_owned(),
                });
            }
            ChartKey::Data(_) => {}
        }
        let lock = lock(path, &folder)?;
        let checked = examine_contents(path, key, options, &folder)?;
        let now = options.clock.now();
        let mut health = crate::store::health::Health::load(path);
        // The whole file is read in the background only after an unclean shutdown, or when a
        // day has passed since it last passed.
        let check_due = health.check_due(now);
        let fail = |e: rusqlite::Error| sqlite_error(path, &folder, &e);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        apply_key(&conn, key).map_err(fail)?;
        conn.busy_timeout(options.busy_timeout).map_err(fail)?;
        let integrity = if checked {
            health.checked(now);
            Integrity::Checked
        } else if !check_due {
            Integrity::Checked
        } else {
            let owned = match key {
                ChartKey::Data(k) => Some(k.clone()),
                ChartKey::Plain => None,
            };
            Integrity::spawn(path, owned)
        };
        make_private(path);
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(fail)?;
        // 16 MiB of decrypted pages (SQLite's default is 8): the clinic-wide lists (the specimen
        // log's open specimens, the day's list) stay decrypted between openings.
        conn.pragma_update(None, "cache_size", -16_384)
            .map_err(fail)?;
        migrations().to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => fail(err),
            other => OpenError::Other {
                path: path.to_owned(),
                detail: other.to_string(),
            },
        })?;
        tracing::info!(schema = latest_version(), "chart opened");
        let foreign_rows = crate::store::chain::unsealed(&conn).map_err(fail)?;
        if !foreign_rows.is_empty() {
            tracing::warn!(
                rows = foreign_rows.len(),
                "rows written outside Rooming are waiting unsealed"
            );
        }
        let verify_from = health.verify_from(now);
        health.opened(now);
        if options.keep_reserve {
            crate::store::reserve::keep(path);
        }
        let mut store = Self::from_parts(conn, path.to_owned(), lock, options.clock, integrity);
        store.mark = Some(crate::store::health::OpenMark(health));
        store.foreign_rows = foreign_rows;
        if options.integrity == IntegrityCheck::InBackground {
            let owned = match key {
                ChartKey::Data(k) => Some(k.clone()),
                ChartKey::Plain => None,
            };
            store.chain_check =
                crate::store::chain_check::ChainCheck::spawn(path, owned, verify_from);
        }
        if let ChartKey::Data(k) = key {
            store.key = Some(k.clone());
            store.keyring = Keyring::load(path).ok();
        }
        Ok(store)
    }

    /// Opens an encrypted chart as `username`: their slot gives the data key, and their
    /// account must be active.
    pub fn unlock(
        path: &Path,
        username: &Username,
        password: &Password,
        options: OpenOptions,
    ) -> Result<(Self, Account), OpenError> {
        let keyring = Keyring::load(path)?;
        let (staff, key) = keyring.unlock(username, password).map_err(|e| match e {
            KeyError::WrongCredentials => OpenError::Account(AccountError::WrongCredentials),
            other => other.into(),
        })?;
        // The slot proved the password; the chart says whether the account is still active.
        let store = Self::open(path, ChartKey::Data(&key), options)?;
        let account = store.active_account(staff, username)?;
        Ok((store, account))
    }

    /// Opens an encrypted chart with its recovery key.
    pub fn open_with_recovery(
        path: &Path,
        recovery: &RecoveryKey,
        options: OpenOptions,
    ) -> Result<Self, OpenError> {
        let keyring = Keyring::load(path)?;
        let key = keyring.unlock_with_recovery(recovery)?;
        Self::open(path, ChartKey::Data(&key), options)
    }

    /// A new encrypted chart at `path`, with its clinic and first administrator, and its key
    /// file. It is built beside the final name and renamed into place only when whole, so a
    /// crash at any moment leaves either no chart or a complete one. Returns the recovery key,
    /// to be shown once.
    pub fn create(
        path: &Path,
        clinic: &NewClinic,
        admin: &NewAccount,
        options: OpenOptions,
    ) -> Result<(Self, RecoveryKey), OpenError> {
        let folder = folder_of(path);
        if !folder.is_dir() {
            return Err(OpenError::FolderMissing { folder });
        }
        let aside = aside_path(path);
        if path.exists() {
            return Err(OpenError::Other {
                path: path.to_owned(),
                detail: "a file is already there".into(),
            });
        }
        if key_file(path).exists() {
            if aside.exists() {
                // What an interrupted creation left: no chart was ever in place.
                let _ = std::fs::remove_file(key_file(path));
            } else {
                return Err(OpenError::KeysWithoutChart {
                    path: path.to_owned(),
                });
            }
        }
        let lock = claim_aside(&aside, path, &folder)?;
        let key = DataKey::random()?;
        let (clinic_name, account, held) = {
            let fail = |e: rusqlite::Error| sqlite_error(&aside, &folder, &e);
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let mut conn = Connection::open_with_flags(&aside, flags).map_err(fail)?;
            apply_key(&conn, ChartKey::Data(&key)).map_err(fail)?;
            // Built in rollback mode, so the whole chart is one file when it is renamed.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(fail)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(fail)?;
            conn.pragma_update(None, "foreign_keys", "ON")
                .map_err(fail)?;
            migrations().to_latest(&mut conn).map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => fail(err),
                other => OpenError::Other {
                    path: aside.clone(),
                    detail: other.to_string(),
                },
            })?;
            let mut building =
                Self::from_parts(conn, aside.clone(), lock, options.clock, Integrity::Checked);
            let (clinic, account) =
                building
                    .set_up(clinic, admin)
                    .map_err(|e| OpenError::Other {
                        path: aside.clone(),
                        detail: e.to_string(),
                    })?;
            let held = building.close_for_rename();
            (clinic.name, account, held)
        };
        let (_, recovery) = Keyring::create(
            path,
            &clinic_name,
            &key,
            account.staff.id,
            &admin.username,
            &admin.password,
        )?;
        let _ = held.sync_all();
        std::fs::rename(&aside, path).map_err(|e| OpenError::Other {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        sync_folder(&folder);
        // Let go only now: a second descriptor's lock on the same file would be refused.
        drop(held);
        let store = Self::open(path, ChartKey::Data(&key), options)?;
        Ok((store, recovery))
    }
}

/// Takes the file a new chart is built in: made empty and the owner's only, and locked, so two
/// copies of Rooming never build the same chart. One left by an interrupted creation (nobody
/// holds its lock) is started again.
fn claim_aside(aside: &Path, path: &Path, folder: &Path) -> Result<File, OpenError> {
    let io = |e: std::io::Error| match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => OpenError::ReadOnlyFolder {
            folder: folder.to_owned(),
        },
        _ => OpenError::Other {
            path: aside.to_owned(),
            detail: e.to_string(),
        },
    };
    if aside.exists() {
        let left = File::open(aside).map_err(io)?;
        if let Err(TryLockError::WouldBlock) = left.try_lock() {
            return Err(OpenError::AlreadyOpen {
                path: path.to_owned(),
            });
        }
        drop(left);
        remove_with_journals(aside);
    }
    let mut options = FsOpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(aside).map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(OpenError::AlreadyOpen {
            path: path.to_owned(),
        }),
        Err(TryLockError::Error(e)) => Err(io(e)),
    }
}

/// Looks inside the chart on a read-only connection that never checkpoints, so a refusal
/// leaves the file and its WAL exactly as they were: the key opens it, it carries Rooming's
/// mark and a schema this version knows with that schema's tables, and (before a migration, or
/// when asked) `quick_check` passes. Returns whether the check ran.
///
/// A crash can leave a hot journal (killed while the chart was switched to WAL) that only a
/// writer may roll back: then the chart is looked at on a read-write connection that still never
/// checkpoints, which puts back the last committed state and nothing else.
fn examine_contents(
    path: &Path,
    key: ChartKey<'_>,
    options: OpenOptions,
    folder: &Path,
) -> Result<bool, OpenError> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match examine_with(path, key, options, folder, read_only) {
        Err(OpenError::ReadOnlyFolder { .. }) if left_by_a_crash(path) => {
            let read_write = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            examine_with(path, key, options, folder, read_write)
        }
        other => other,
    }
}

/// A rollback journal or a WAL beside the chart.
fn left_by_a_crash(path: &Path) -> bool {
    ["-journal", "-wal"].iter().any(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        Path::new(&name).exists()
    })
}

fn examine_with(
    path: &Path,
    key: ChartKey<'_>,
    options: OpenOptions,
    folder: &Path,
    flags: OpenFlags,
) -> Result<bool, OpenError> {
    let fail = |e: rusqlite::Error| sqlite_error(path, folder, &e);
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .map_err(fail)?;
    apply_key(&conn, key).map_err(fail)?;
    conn.busy_timeout(options.busy_timeout).map_err(fail)?;
    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| match (e.sqlite_error_code(), key) {
            (Some(rusqlite::ErrorCode::NotADatabase), ChartKey::Data(_)) => OpenError::WrongKey {
                path: path.to_owned(),
            },
            (Some(rusqlite::ErrorCode::DatabaseCorrupt), _) => OpenError::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            _ => fail(e),
        })?;
    if application_id != APPLICATION_ID {
        return Err(OpenError::NotRooming {
            path: path.to_owned(),
        });
    }
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(fail)?;
    let version = match usize::try_from(found) {
        Ok(v) if v > latest_version() => {
            return Err(OpenError::TooNew {
                path: path.to_owned(),
                found,
                known: latest_version(),
            });
        }
        Ok(v) if v >= 1 => v,
        _ => {
            return Err(OpenError::Unrecognized {
                path: path.to_owned(),
                detail: format!("its schema version is {found}, which no Rooming wrote"),
            });
        }
    };
    let present: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            _ => fail(e),
        })?;
    let missing: Vec<&str> = crate::store::schema::tables_at(version)
        .filter(|t| !present.iter().any(|p| p == t))
        .collect();
    if !missing.is_empty() {
        return Err(OpenError::Unrecognized {
            path: path.to_owned(),
            detail: format!(
                "schema {version} of Rooming has the tables {}, which this file lacks",
                missing.join(", ")
            ),
        });
    }
    let upgrading = version < latest_version();
    if upgrading || options.integrity == IntegrityCheck::BeforeOpening {
        // A migration writes: the file must be known sound first.
        quick_check(&conn).map_err(|failure| match failure {
            QuickCheck::Failed(detail) => OpenError::Corrupt {
                path: path.to_owned(),
                detail,
            },
            QuickCheck::Sqlite(e) => fail(e),
        })?;
        return Ok(true);
    }
    Ok(false)
}

/// Where a new chart is built before it is renamed into place.
fn aside_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".creating");
    path.with_file_name(name)
}

/// Removes a file and any journal SQLite left beside it.
pub(crate) fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

pub(crate) fn sync_file(path: &Path) {
    if let Ok(file) = File::open(path) {
        let _ = file.sync_all();
    }
}

pub(crate) fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}
