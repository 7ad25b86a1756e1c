//! Staff accounts in the chart: each staff member's versions (name, credentials, username, role,
//! provider, active), what they must do at sign-in and their PIN, kept in step with their slot
//! in the key file. Every change is a new version or an access row, and an audit row.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::account::{Account, AccountChange, NewAccount, Password, Pin, Role, Username};
use crate::clinical::ids::StaffId;
use crate::clinical::staff::Staff;
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::time_text;
use crate::store::keyring::KeyError;
use crate::store::{Store, StoreError, StoreResult};

/// Why an account could not be signed into, or changed, in words.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The one message for a wrong username and a wrong password alike.
    #[error("that username and password do not match an active account")]
    WrongCredentials,
    #[error("the clinic needs at least one active administrator: give someone else the role first")]
    LastAdministrator,
    #[error("that username is not an active administrator's")]
    NotAnAdministrator,
    #[error("the current password is not right")]
    WrongCurrentPassword,
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for AccountError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Store(e.into())
    }
}

const CURRENT_VERSION: &str = "NOT EXISTS (SELECT 1 FROM staff_versions n WHERE n.replaces = v.id)";

const SELECT_ACCOUNT: &str =
    "SELECT v.id AS version, v.staff_id, v.name, v.credentials, v.username, v.role,
        v.provider, v.active, coalesce(a.must_change_password, 0) AS must_change
    FROM staff_versions v LEFT JOIN staff_access a ON a.staff_id = v.staff_id";

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let username: Option<String> = row.get("username")?;
    Ok(Account {
        staff: Staff {
            id: row.get("staff_id")?,
            name: row.get("name")?,
            credentials: row.get("credentials")?,
        },
        username: username.and_then(|u| Username::parse(&u).ok()),
        role: crate::store::codec::get_code(row, "role", Role::from_code)?,
        provider: row.get::<_, i64>("provider")? == 1,
        active: row.get::<_, i64>("active")? == 1,
        must_change_password: row.get::<_, i64>("must_change")? == 1,
    })
}

/// Inserts a version of a staff member's account, replacing `replaces`.
fn insert_version(
    tx: &Transaction<'_>,
    account: &Account,
    replaces: Option<&str>,
    at: DateTime<Utc>,
    by: Option<StaffId>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO staff_versions (id, staff_id, name, credentials, username, role, provider, active,
            recorded_at, recorded_by, replaces)
         VALUES (:id, :staff, :name, :credentials, :username, :role, :provider, :active, :at, :by, :replaces)",
    )?
    .execute(named_params! {
        ":id": uuid::Uuid::now_v7().to_string(),
        ":staff": account.staff.id,
        ":name": account.staff.name,
        ":credentials": account.staff.credentials,
        ":username": account.username.as_ref().map(Username::as_str),
        ":role": account.role.code(),
        ":provider": i64::from(account.provider),
        ":active": i64::from(account.active),
        ":at": time_text(at),
        ":by": by,
        ":replaces": replaces,
    })
    .map_err(crate::store::records::superseded)?;
    Ok(())
}

fn set_access(
    tx: &Transaction<'_>,
    staff: StaffId,
    must_change: bool,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO staff_access (staff_id, must_change_password, changed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (staff_id) DO UPDATE SET must_change_password = excluded.must_change_password,
            changed_at = excluded.changed_at",
    )?
    .execute(rusqlite::params![
        staff,
        i64::from(must_change),
        time_text(at)
    ])?;
    Ok(())
}

/// A new staff member: identity, first version, username and access, in the caller's
/// transaction. `by` is `None` for the first administrator, who adds themselves at set-up.
pub(crate) fn insert_account(
    tx: &Transaction<'_>,
    new: &NewAccount,
    must_change: bool,
    at: DateTime<Utc>,
    by: Option<StaffId>,
) -> StoreResult<Account> {
    let id = StaffId::new();
    tx.prepare_cached(
        "INSERT INTO staff (id, name, credentials, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![
        id,
        new.name,
        new.credentials,
        time_text(at)
    ])?;
    let taken = tx
        .prepare_cached("INSERT INTO usernames (username, staff_id, given_at) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![new.username.as_str(), id, time_text(at)]);
    if let Err(e) = taken {
        return Err(match StoreError::from(e) {
            StoreError::Refused(text) if text.contains("UNIQUE") => {
                StoreError::UsernameTaken(new.username.to_string())
            }
            other => other,
        });
    }
    let account = Account {
        staff: Staff {
            id,
            name: new.name.clone(),
            credentials: new.credentials.clone(),
        },
        username: Some(new.username.clone()),
        role: new.role,
        provider: new.provider,
        active: true,
        must_change_password: must_change,
    };
    insert_version(tx, &account, None, at, by)?;
    set_access(tx, id, must_change, at)?;
    append(
        tx,
        at,
        &Audit {
            by: by.unwrap_or(id),
            action: AuditAction::StaffAdded,
            patient: None,
            record: Some(id.to_string()),
            detail: Some(new.username.as_str()),
        },
    )?;
    Ok(account)
}

/// Gives every staff member of an older chart a first version: as they were, active unless
/// deactivated, the one who set up the clinic an administrator, with no username yet.
pub(crate) fn first_versions(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let founder: Option<String> = tx
        .query_row(
            "SELECT recorded_by FROM clinic_versions ORDER BY recorded_at LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let staff: Vec<(String, String, String, String, bool)> = tx
        .prepare("SELECT id, name, credentials, created_at, deactivated_at IS NULL FROM staff")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut insert = tx.prepare(
        "INSERT INTO staff_versions (id, staff_id, name, credentials, username, role, provider, active,
            recorded_at, recorded_by, replaces)
         VALUES (?1, ?2, ?3, ?4, NULL, ?5, 0, ?6, ?7, NULL, NULL)",
    )?;
    for (id, name, credentials, created_at, active) in staff {
        let role = if founder.as_deref() == Some(id.as_str()) {
            Role::Administrator
        } else {
            Role::ClinicalStaff
        };
        insert.execute(rusqlite::params![
            uuid::Uuid::now_v7().to_string(),
            id,
            name,
            credentials,
            role.code(),
            i64::from(active),
            created_at
        ])?;
    }
    Ok(())
}

/// Gives a staff member from before accounts a username, and the role of `new` (their name and
/// credentials stay as they were recorded).
pub(crate) fn give_account(
    tx: &Transaction<'_>,
    staff: StaffId,
    new: &NewAccount,
    at: DateTime<Utc>,
) -> StoreResult<Account> {
    let (version, mut account): (String, Account) = tx
        .prepare(&format!(
            "{SELECT_ACCOUNT} WHERE v.staff_id = ?1 AND {CURRENT_VERSION}"
        ))?
        .query_row([staff], |row| {
            Ok((row.get("version")?, account_from_row(row)?))
        })?;
    tx.prepare_cached("INSERT INTO usernames (username, staff_id, given_at) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![
            new.username.as_str(),
            staff,
            time_text(at)
        ])
        .map_err(|e| match StoreError::from(e) {
            StoreError::Refused(text) if text.contains("UNIQUE") => {
                StoreError::UsernameTaken(new.username.to_string())
            }
            other => other,
        })?;
    account.username = Some(new.username.clone());
    account.role = new.role;
    account.provider = new.provider;
    account.active = true;
    insert_version(tx, &account, Some(&version), at, Some(staff))?;
    set_access(tx, staff, false, at)?;
    Ok(account)
}

impl Store {
    /// Every staff member's account as it is now, by name.
    pub fn accounts(&self) -> StoreResult<Vec<Account>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_ACCOUNT} WHERE {CURRENT_VERSION} ORDER BY v.name COLLATE NOCASE"
        ))?;
        let rows = statement.query_map([], account_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn account(&self, staff: StaffId) -> StoreResult<Account> {
        self.conn
            .prepare_cached(&format!(
                "{SELECT_ACCOUNT} WHERE v.staff_id = ?1 AND {CURRENT_VERSION}"
            ))?
            .query_row([staff], account_from_row)
            .optional()?
            .ok_or(StoreError::NotFound("the staff member"))
    }

    /// The staff member as they are now (name and credentials for a signature).
    pub fn staff(&self, id: StaffId) -> StoreResult<Staff> {
        self.account(id).map(|a| a.staff)
    }

    fn current_version_id(&self, staff: StaffId) -> StoreResult<String> {
        self.conn
            .prepare_cached(&format!(
                "SELECT v.id FROM staff_versions v WHERE v.staff_id = ?1 AND {CURRENT_VERSION}"
            ))?
            .query_row([staff], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("the staff member"))
    }

    /// Checks a password: the person's slot in the key file must open with it, and their
    /// account must be active. Used to sign in and to co-sign; nothing is written.
    pub fn authenticate(
        &self,
        username: &Username,
        password: &Password,
    ) -> Result<Account, AccountError> {
        let keyring = self
            .keyring
            .as_ref()
            .ok_or(AccountError::WrongCredentials)?;
        let (staff, key) = match keyring.unlock(username, password) {
            Ok(found) => found,
            Err(KeyError::WrongCredentials) => return Err(AccountError::WrongCredentials),
            Err(other) => return Err(other.into()),
        };
        if self.key.as_ref() != Some(&key) {
            return Err(AccountError::WrongCredentials);
        }
        self.active_account(staff, username)
    }

    /// The account a slot opened for, if it is still that username's and active.
    pub(crate) fn active_account(
        &self,
        staff: StaffId,
        username: &Username,
    ) -> Result<Account, AccountError> {
        let account = self.account(staff)?;
        if !account.active || account.username.as_ref() != Some(username) {
            return Err(AccountError::WrongCredentials);
        }
        Ok(account)
    }

    /// With the chart opened by its recovery key: an administrator's new password, when
    /// every administrator has forgotten theirs. Audited as a reset by the recovery key.
    pub fn recover_account(
        &mut self,
        username: &Username,
        password: &Password,
    ) -> Result<Account, AccountError> {
        let account = self
            .accounts()?
            .into_iter()
            .find(|a| a.active && a.username.as_ref() == Some(username))
            .ok_or(AccountError::NotAnAdministrator)?;
        if account.role != Role::Administrator {
            return Err(AccountError::NotAnAdministrator);
        }
        self.seal_slot(&account, password)?;
        let now = self.clock.now();
        let staff = account.staff.id;
        self.write(|tx| {
            set_access(tx, staff, false, now)?;
            crate::store::audit::append_access(
                tx,
                now,
                AuditAction::PasswordReset,
                Some(staff),
                Some("with the recovery key"),
            )
        })?;
        Ok(self.account(staff)?)
    }

    /// Adds a staff member with a temporary password they must change at first sign-in.
    pub fn add_account(&mut self, new: &NewAccount, by: StaffId) -> Result<Account, AccountError> {
        let now = self.clock.now();
        let account = self.write(|tx| insert_account(tx, new, true, now, Some(by)))?;
        self.seal_slot(&account, &new.password)?;
        Ok(account)
    }

    /// Seals the data key for an account under a password (its slot in the key file).
    fn seal_slot(&mut self, account: &Account, password: &Password) -> Result<(), AccountError> {
        let (Some(keyring), Some(key), Some(username)) = (
            self.keyring.as_mut(),
            self.key.as_ref(),
            account.username.as_ref(),
        ) else {
            return Ok(());
        };
        keyring.set_password(account.staff.id, username, password, key)?;
        Ok(())
    }

    /// A new version of an account (name, credentials, role, provider), by an administrator.
    pub fn change_account(
        &mut self,
        staff: StaffId,
        change: &AccountChange,
        by: StaffId,
    ) -> Result<Account, AccountError> {
        let mut account = self.account(staff)?;
        if account.role == Role::Administrator
            && change.role != Role::Administrator
            && self.active_administrators()? <= 1
        {
            return Err(AccountError::LastAdministrator);
        }
        change.name.clone_into(&mut account.staff.name);
        change
            .credentials
            .clone_into(&mut account.staff.credentials);
        account.role = change.role;
        account.provider = change.provider;
        self.new_version(&account, by, AuditAction::AccountChanged)?;
        Ok(self.account(staff)?)
    }

    fn active_administrators(&self) -> StoreResult<usize> {
        Ok(self
            .accounts()?
            .iter()
            .filter(|a| a.active && a.role == Role::Administrator)
            .count())
    }

    fn new_version(
        &mut self,
        account: &Account,
        by: StaffId,
        action: AuditAction,
    ) -> StoreResult<()> {
        let replaces = self.current_version_id(account.staff.id)?;
        let now = self.clock.now();
        self.write(|tx| {
            insert_version(tx, account, Some(&replaces), now, Some(by))?;
            append(
                tx,
                now,
                &Audit {
                    by,
                    action,
                    patient: None,
                    record: Some(account.staff.id.to_string()),
                    detail: account.username.as_ref().map(Username::as_str),
                },
            )
        })
    }

    /// Deactivates an account: never deleted (past records keep naming the person as they
    /// were), but their slot is removed, so their password opens nothing.
    pub fn deactivate_account(&mut self, staff: StaffId, by: StaffId) -> Result<(), AccountError> {
        let mut account = self.account(staff)?;
        if account.role == Role::Administrator && self.active_administrators()? <= 1 {
            return Err(AccountError::LastAdministrator);
        }
        account.active = false;
        self.new_version(&account, by, AuditAction::AccountDeactivated)?;
        if let Some(keyring) = self.keyring.as_mut() {
            keyring.remove(staff)?;
        }
        Ok(())
    }

    /// An administrator sets a temporary password, to be changed at the next sign-in.
    pub fn reset_password(
        &mut self,
        staff: StaffId,
        temporary: &Password,
        by: StaffId,
    ) -> Result<(), AccountError> {
        let account = self.account(staff)?;
        self.seal_slot(&account, temporary)?;
        self.record_access(staff, true, by, AuditAction::PasswordReset)?;
        Ok(())
    }

    /// A staff member's own new password: their slot is sealed again under it.
    pub fn change_own_password(
        &mut self,
        staff: StaffId,
        password: &Password,
    ) -> Result<(), AccountError> {
        let account = self.account(staff)?;
        self.seal_slot(&account, password)?;
        self.record_access(staff, false, staff, AuditAction::PasswordChanged)?;
        Ok(())
    }

    fn record_access(
        &mut self,
        staff: StaffId,
        must_change: bool,
        by: StaffId,
        action: AuditAction,
    ) -> StoreResult<()> {
        let now = self.clock.now();
        self.write(|tx| {
            set_access(tx, staff, must_change, now)?;
            append(
                tx,
                now,
                &Audit {
                    by,
                    action,
                    patient: None,
                    record: Some(staff.to_string()),
                    detail: None,
                },
            )
        })
    }

    /// Sets (or clears) a staff member's PIN, kept as an argon2id hash.
    pub fn set_pin(&mut self, staff: StaffId, pin: Option<&Pin>) -> StoreResult<()> {
        let hash = match pin {
            Some(pin) => Some(hash_pin(pin)?),
            None => None,
        };
        let now = self.clock.now();
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO staff_access (staff_id, must_change_password, pin_hash, changed_at)
                 VALUES (?1, 0, ?2, ?3)
                 ON CONFLICT (staff_id) DO UPDATE SET pin_hash = excluded.pin_hash,
                    changed_at = excluded.changed_at",
            )?
            .execute(rusqlite::params![staff, hash, time_text(now)])?;
            append(
                tx,
                now,
                &Audit {
                    by: staff,
                    action: AuditAction::PinSet,
                    patient: None,
                    record: Some(staff.to_string()),
                    detail: Some(if pin.is_some() { "set" } else { "cleared" }),
                },
            )
        })
    }

    pub fn has_pin(&self, staff: StaffId) -> StoreResult<bool> {
        Ok(self.pin_hash(staff)?.is_some())
    }

    fn pin_hash(&self, staff: StaffId) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT pin_hash FROM staff_access WHERE staff_id = ?1")?
            .query_row([staff], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Whether `pin` is this staff member's PIN.
    pub fn check_pin(&self, staff: StaffId, pin: &Pin) -> StoreResult<bool> {
        use argon2::password_hash::PasswordVerifier;
        let Some(hash) = self.pin_hash(staff)? else {
            return Ok(false);
        };
        Ok(argon2::Argon2::default()
            .verify_password(pin.as_bytes(), hash.as_str())
            .is_ok())
    }

    /// Writes a sign-in event in the audit log: signed in, failed (the username tried, never
    /// the password), signed out, locked, unlocked, co-signed. If it cannot be written now (a
    /// full disk) it is held, and written with the next write that succeeds, or at close.
    pub fn audit_access(
        &mut self,
        action: AuditAction,
        staff: Option<StaffId>,
        detail: Option<&str>,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let held = crate::store::HeldAudit {
            at: at.unwrap_or_else(|| self.clock.now()),
            action,
            staff,
            patient: None,
            detail: detail.map(str::to_owned),
        };
        self.held_access.push(held);
        self.write(|_| Ok(()))
    }

    /// Writes the held audit rows now: before the chart is closed, so none is lost.
    pub fn write_held_access(&mut self) -> StoreResult<()> {
        if self.held_access.is_empty() {
            return Ok(());
        }
        self.write(|_| Ok(()))
    }
}

fn hash_pin(pin: &Pin) -> StoreResult<String> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Refused(format!("the PIN could not be kept: {e}")))
}
