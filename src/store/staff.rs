//! The clinic, its settings, the first start-up, and each staff member's preferences (such as
//! the units they enter).

use rusqlite::{OptionalExtension, named_params};

use crate::clinical::account::{Account, NewAccount};
use crate::clinical::ids::{ClinicId, StaffId};
use crate::clinical::staff::{Clinic, ClinicSettings, NewClinic};
use crate::clinical::vitals::UnitChoices;
use crate::store::accounts::insert_account;
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::time_text;
use crate::store::{Store, StoreError, StoreResult};

const VITALS_UNITS: &str = "vitals.units";
const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";
const PIN_HOURS: &str = "pin_hours";
const BACKUP_FOLDER: &str = "backup_folder";

impl Store {
    /// The clinic's current name and address, or `None` before first start-up.
    pub fn clinic(&self) -> StoreResult<Option<Clinic>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, address FROM clinic_versions c
                 WHERE NOT EXISTS (SELECT 1 FROM clinic_versions n WHERE n.replaces = c.id)",
            )?
            .query_row([], |row| {
                Ok(Clinic {
                    id: row.get("id")?,
                    name: row.get("name")?,
                    address: row.get("address")?,
                })
            })
            .optional()?)
    }

    /// First start-up: the clinic and its first administrator, together or not at all. The
    /// administrator's password goes into the key file, not here.
    pub fn set_up(
        &mut self,
        clinic: &NewClinic,
        admin: &NewAccount,
    ) -> StoreResult<(Clinic, Account)> {
        if self.clinic()?.is_some() {
            return Err(StoreError::Refused("the clinic is already set up".into()));
        }
        let now = self.clock.now();
        self.write(|tx| {
            let account = insert_account(tx, admin, false, now, None)?;
            let id = ClinicId::new();
            tx.prepare_cached(
                "INSERT INTO clinic_versions (id, name, address, recorded_at, recorded_by)
                 VALUES (:id, :name, :address, :at, :by)",
            )?
            .execute(named_params! {
                ":id": id, ":name": clinic.name, ":address": clinic.address, ":at": time_text(now),
                ":by": account.staff.id,
            })?;
            append(
                tx,
                now,
                &Audit {
                    by: account.staff.id,
                    action: AuditAction::ClinicSetUp,
                    patient: None,
                    record: Some(id.to_string()),
                    detail: None,
                },
            )?;
            Ok((
                Clinic {
                    id,
                    name: clinic.name.clone(),
                    address: clinic.address.clone(),
                },
                account,
            ))
        })
    }

    fn setting(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM clinic_settings WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// The clinic's settings; the defaults where none was set.
    pub fn settings(&self) -> StoreResult<ClinicSettings> {
        let mut settings = ClinicSettings::default();
        if let Some(m) = self
            .setting(IDLE_LOCK_MINUTES)?
            .and_then(|v| v.parse().ok())
        {
            settings.idle_lock_minutes = m;
        }
        if let Some(h) = self.setting(PIN_HOURS)?.and_then(|v| v.parse().ok()) {
            settings.pin_hours = h;
        }
        settings.backup_folder = self.setting(BACKUP_FOLDER)?.filter(|f| !f.is_empty());
        Ok(settings)
    }

    /// An administrator's change of the clinic's settings, audited.
    pub fn set_settings(&mut self, settings: &ClinicSettings, by: StaffId) -> StoreResult<()> {
        let now = self.clock.now();
        self.write(|tx| {
            let mut put = tx.prepare_cached(
                "INSERT INTO clinic_settings (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            )?;
            put.execute(rusqlite::params![
                IDLE_LOCK_MINUTES,
                settings.idle_lock_minutes.to_string()
            ])?;
            put.execute(rusqlite::params![PIN_HOURS, settings.pin_hours.to_string()])?;
            put.execute(rusqlite::params![
                BACKUP_FOLDER,
                settings.backup_folder.clone().unwrap_or_default()
            ])?;
            let detail = format!(
                "idle lock {} min, PIN {} h, backups to {}",
                settings.idle_lock_minutes,
                settings.pin_hours,
                settings.backup_folder.as_deref().unwrap_or("nowhere")
            );
            append(
                tx,
                now,
                &Audit {
                    by,
                    action: AuditAction::SettingsChanged,
                    patient: None,
                    record: None,
                    detail: Some(&detail),
                },
            )
        })
    }

    /// The units this staff member last chose; the defaults when they never chose.
    pub fn unit_choices(&self, staff: StaffId) -> StoreResult<UnitChoices> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT value FROM staff_preferences WHERE staff_id = ?1 AND name = ?2",
            )?
            .query_row(rusqlite::params![staff, VITALS_UNITS], |r| r.get(0))
            .optional()?;
        // A preference this version cannot read falls back to the defaults: it is a convenience,
        // not a record.
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    pub fn set_unit_choices(&mut self, staff: StaffId, units: UnitChoices) -> StoreResult<()> {
        let json = serde_json::to_string(&units).map_err(|e| StoreError::Refused(e.to_string()))?;
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO staff_preferences (staff_id, name, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (staff_id, name) DO UPDATE SET value = excluded.value",
            )?
            .execute(rusqlite::params![staff, VITALS_UNITS, json])?;
            Ok(())
        })
    }
}
