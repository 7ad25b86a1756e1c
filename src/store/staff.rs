//! The clinic, its staff, and each staff member's preferences (such as the units they enter).

use rusqlite::{OptionalExtension, Transaction, named_params};

use crate::clinical::ids::{ClinicId, StaffId};
use crate::clinical::staff::{Clinic, NewClinic, NewStaff, Staff};
use crate::clinical::vitals::UnitChoices;
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::time_text;
use crate::store::{Store, StoreError, StoreResult};

const VITALS_UNITS: &str = "vitals.units";

fn insert_staff(
    tx: &Transaction<'_>,
    store_now: chrono::DateTime<chrono::Utc>,
    staff: &NewStaff,
) -> StoreResult<Staff> {
    let id = StaffId::new();
    tx.prepare_cached("INSERT INTO staff (id, name, credentials, created_at) VALUES (:id, :name, :credentials, :at)")?
        .execute(named_params! {
            ":id": id, ":name": staff.name, ":credentials": staff.credentials, ":at": time_text(store_now),
        })?;
    append(
        tx,
        store_now,
        &Audit {
            by: id,
            action: AuditAction::StaffAdded,
            patient: None,
            record: Some(id.to_string()),
            detail: None,
        },
    )?;
    Ok(Staff {
        id,
        name: staff.name.clone(),
        credentials: staff.credentials.clone(),
    })
}

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

    /// First start-up: the clinic and the first staff member, together or not at all.
    pub fn set_up(&mut self, clinic: &NewClinic, staff: &NewStaff) -> StoreResult<(Clinic, Staff)> {
        if self.clinic()?.is_some() {
            return Err(StoreError::Refused("the clinic is already set up".into()));
        }
        let now = self.clock.now();
        self.write(|tx| {
            let staff = insert_staff(tx, now, staff)?;
            let id = ClinicId::new();
            tx.prepare_cached(
                "INSERT INTO clinic_versions (id, name, address, recorded_at, recorded_by)
                 VALUES (:id, :name, :address, :at, :by)",
            )?
            .execute(named_params! {
                ":id": id, ":name": clinic.name, ":address": clinic.address, ":at": time_text(now), ":by": staff.id,
            })?;
            append(tx, now, &Audit { by: staff.id, action: AuditAction::ClinicSetUp, patient: None, record: Some(id.to_string()), detail: None })?;
            Ok((Clinic { id, name: clinic.name.clone(), address: clinic.address.clone() }, staff))
        })
    }

    pub fn add_staff(&mut self, staff: &NewStaff) -> StoreResult<Staff> {
        let now = self.clock.now();
        self.write(|tx| insert_staff(tx, now, staff))
    }

    /// Everyone who can chart, by name.
    pub fn staff_list(&self) -> StoreResult<Vec<Staff>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, credentials FROM staff WHERE deactivated_at IS NULL ORDER BY name COLLATE NOCASE",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Staff {
                id: row.get("id")?,
                name: row.get("name")?,
                credentials: row.get("credentials")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn staff(&self, id: StaffId) -> StoreResult<Staff> {
        self.conn
            .prepare_cached("SELECT id, name, credentials FROM staff WHERE id = ?1")?
            .query_row([id], |row| {
                Ok(Staff {
                    id: row.get("id")?,
                    name: row.get("name")?,
                    credentials: row.get("credentials")?,
                })
            })
            .optional()?
            .ok_or(StoreError::NotFound("the staff member"))
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
