//! Vital-sign sets: recording one (set and observations in one transaction), correcting it with
//! a new version, marking it entered in error, and reading a patient's whole history back with
//! where each version stands.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Row, Transaction, named_params};

use crate::clinical::ids::{PatientId, StaffId, VisitId, VitalsId};
use crate::clinical::record::{Recorded, Retraction};
use crate::clinical::units::EnteredUnit;
use crate::clinical::visit::VisitStatus;
use crate::clinical::vitals::vital::{
    AbsentReason, BodyPosition, CuffSite, HowObtained, OxygenDelivery, PulseMethod, PulseRhythm,
    TemperatureRoute,
};
use crate::clinical::vitals::{
    Entered, Interpretation, Measured, NewVitals, Observation, ObservationResult, Vital,
    VitalsContext, VitalsSet,
};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{get_code, get_optional_code, get_time, signature_at, time_text};
use crate::store::records::{signature, standing_from_row};
use crate::store::{Store, StoreError, StoreResult};

/// Every version of every set of a patient, in the order they were taken.
pub type VitalsHistory = Vec<VitalsSet>;

/// Where a new set goes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub patient: PatientId,
    pub visit: VisitId,
    pub replaces: Option<VitalsId>,
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    target: Target,
    new: &NewVitals,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<VitalsId> {
    let id = VitalsId::new();
    let c = &new.context;
    tx.prepare_cached(
        "INSERT INTO vital_sets (id, patient_id, visit_id, taken_at, recorded_at, recorded_by, replaces,
            bp_position, cuff_site, pulse_method, pulse_rhythm, temperature_route, oxygen, height_obtained, weight_obtained)
         VALUES (:id, :patient, :visit, :taken, :at, :by, :replaces,
            :position, :cuff, :pulse_method, :rhythm, :route, :oxygen, :height_obtained, :weight_obtained)",
    )?
    .execute(named_params! {
        ":id": id,
        ":patient": target.patient,
        ":visit": target.visit,
        ":taken": time_text(new.taken_at),
        ":at": time_text(at),
        ":by": by,
        ":replaces": target.replaces,
        ":position": c.bp_position.map(BodyPosition::code),
        ":cuff": c.cuff_site.map(CuffSite::code),
        ":pulse_method": c.pulse_method.map(PulseMethod::code),
        ":rhythm": c.pulse_rhythm.map(PulseRhythm::code),
        ":route": c.temperature_route.map(TemperatureRoute::code),
        ":oxygen": c.oxygen.map(OxygenDelivery::code),
        ":height_obtained": c.height_obtained.map(HowObtained::code),
        ":weight_obtained": c.weight_obtained.map(HowObtained::code),
    })
    .map_err(|e| match StoreError::from(e) {
        StoreError::Refused(text) if text.contains("UNIQUE") || text.contains("entered in error") => {
            StoreError::AlreadySuperseded
        }
        other => other,
    })?;
    let mut statement = tx.prepare_cached(
        "INSERT INTO vital_observations (set_id, vital, loinc, ucum, value, entered_text, entered_unit,
            interpretation, confirmed, absent_reason, absent_note)
         VALUES (:set, :vital, :loinc, :ucum, :value, :text, :unit, :interpretation, :confirmed, :reason, :note)",
    )?;
    for o in &new.observations {
        let (value, entered, interpretation, confirmed, reason, note) = match &o.result {
            ObservationResult::Value(m) => (
                Some(m.canonical),
                m.entered.as_ref(),
                m.interpretation,
                m.confirmed,
                None,
                None,
            ),
            ObservationResult::NotObtained { reason, note } => {
                (None, None, None, false, Some(*reason), note.as_deref())
            }
        };
        statement.execute(named_params! {
            ":set": id,
            ":vital": o.vital.code(),
            ":loinc": o.vital.loinc(),
            ":ucum": o.vital.ucum(),
            ":value": value,
            ":text": entered.map(|e| e.text.as_str()),
            ":unit": entered.map(|e| e.unit.code()),
            ":interpretation": interpretation.map(Interpretation::code),
            ":confirmed": confirmed,
            ":reason": reason.map(AbsentReason::code),
            ":note": note,
        })?;
    }
    let (action, detail) = match target.replaces {
        Some(old) => (
            AuditAction::VitalsCorrected,
            Some(format!("replaces {old}")),
        ),
        None => (AuditAction::VitalsRecorded, None),
    };
    append(
        tx,
        at,
        &Audit {
            by,
            action,
            patient: Some(target.patient),
            record: Some(id.to_string()),
            detail: detail.as_deref(),
        },
    )?;
    Ok(id)
}

fn observation_from_row(row: &Row<'_>) -> rusqlite::Result<(VitalsId, Observation)> {
    let vital = get_code(row, "vital", Vital::from_code)?;
    let value: Option<f64> = row.get("value")?;
    let result = match value {
        Some(canonical) => {
            let text: Option<String> = row.get("entered_text")?;
            let unit = get_optional_code(row, "entered_unit", EnteredUnit::from_code)?;
            ObservationResult::Value(Measured {
                canonical,
                entered: text.zip(unit).map(|(text, unit)| Entered { text, unit }),
                interpretation: get_optional_code(
                    row,
                    "interpretation",
                    Interpretation::from_code,
                )?,
                confirmed: row.get("confirmed")?,
            })
        }
        None => ObservationResult::NotObtained {
            reason: get_code(row, "absent_reason", AbsentReason::from_code)?,
            note: row.get("absent_note")?,
        },
    };
    Ok((row.get("set_id")?, Observation { vital, result }))
}

fn set_from_row(row: &Row<'_>) -> rusqlite::Result<VitalsSet> {
    let standing = standing_from_row(row)?;
    Ok(VitalsSet {
        id: row.get("id")?,
        patient_id: row.get("patient_id")?,
        visit_id: row.get("visit_id")?,
        taken_at: get_time(row, "taken_at")?,
        recorded: Recorded {
            at: get_time(row, "recorded_at")?,
            by: row.get("recorded_by")?,
            by_name: signature(row, "recorder")?,
        },
        replaces: row.get("replaces")?,
        standing,
        context: VitalsContext {
            bp_position: get_optional_code(row, "bp_position", BodyPosition::from_code)?,
            cuff_site: get_optional_code(row, "cuff_site", CuffSite::from_code)?,
            pulse_method: get_optional_code(row, "pulse_method", PulseMethod::from_code)?,
            pulse_rhythm: get_optional_code(row, "pulse_rhythm", PulseRhythm::from_code)?,
            temperature_route: get_optional_code(
                row,
                "temperature_route",
                TemperatureRoute::from_code,
            )?,
            oxygen: get_optional_code(row, "oxygen", OxygenDelivery::from_code)?,
            height_obtained: get_optional_code(row, "height_obtained", HowObtained::from_code)?,
            weight_obtained: get_optional_code(row, "weight_obtained", HowObtained::from_code)?,
        },
        observations: Vec::new(),
    })
}

const SELECT_SETS: &str = concat!(
    "SELECT s.*, ",
    signature_at!("s.recorded_by", "s.recorded_at"),
    " AS recorder, r.recorded_at AS replaced_at, ",
    signature_at!("r.recorded_by", "r.recorded_at"),
    " AS replaced_by, e.reason AS error_reason, e.recorded_at AS error_at, ",
    signature_at!("e.recorded_by", "e.recorded_at"),
    " AS error_by
    FROM vital_sets s
    LEFT JOIN vital_sets r ON r.replaces = s.id
    LEFT JOIN entered_in_error e ON e.record_id = s.id"
);

impl Store {
    pub fn record_vitals(
        &mut self,
        patient: PatientId,
        visit: VisitId,
        new: &NewVitals,
        by: StaffId,
    ) -> StoreResult<VitalsSet> {
        let now = self.clock.now();
        let waiting = self.visit(visit)?.status == VisitStatus::Waiting;
        let id = self.write(|tx| {
            let id = insert(
                tx,
                Target {
                    patient,
                    visit,
                    replaces: None,
                },
                new,
                now,
                by,
            )?;
            // Vitals being taken means the patient is being roomed: in the same transaction,
            // so the chart never shows the set without the visit having moved on.
            if waiting {
                crate::store::visits::change_status(
                    tx,
                    visit,
                    patient,
                    VisitStatus::Rooming,
                    now,
                    by,
                )?;
            }
            Ok(id)
        })?;
        self.vitals_set(id)
    }

    /// Records `new` as the next version of the set `replaces`, in the same visit. Refused when
    /// that set is no longer current.
    pub fn correct_vitals(
        &mut self,
        replaces: VitalsId,
        new: &NewVitals,
        by: StaffId,
    ) -> StoreResult<VitalsSet> {
        let old = self.vitals_set(replaces)?;
        if !old.standing.is_current() {
            return Err(StoreError::AlreadySuperseded);
        }
        let now = self.clock.now();
        let target = Target {
            patient: old.patient_id,
            visit: old.visit_id,
            replaces: Some(replaces),
        };
        let id = self.write(|tx| insert(tx, target, new, now, by))?;
        self.vitals_set(id)
    }

    /// Retracts the current version of a set, with the reason. It stays in the history.
    pub fn vitals_entered_in_error(
        &mut self,
        id: VitalsId,
        retraction: &Retraction,
        by: StaffId,
    ) -> StoreResult<VitalsSet> {
        let set = self.vitals_set(id)?;
        if !set.standing.is_current() {
            return Err(StoreError::AlreadySuperseded);
        }
        let now = self.clock.now();
        self.write(|tx| {
            crate::store::records::retract(
                tx,
                "vital_sets",
                &id.to_string(),
                set.patient_id,
                retraction,
                now,
                by,
            )
        })?;
        self.vitals_set(id)
    }

    /// One version of a set, with where it stands.
    pub fn vitals_set(&self, id: VitalsId) -> StoreResult<VitalsSet> {
        let mut set = self
            .conn
            .prepare_cached(&format!("{SELECT_SETS} WHERE s.id = ?1"))?
            .query_row([id], set_from_row)?;
        let mut statement = self
            .conn
            .prepare_cached("SELECT * FROM vital_observations WHERE set_id = ?1")?;
        set.observations = statement
            .query_map([id], |r| observation_from_row(r).map(|(_, o)| o))?
            .collect::<Result<_, _>>()?;
        sort_observations(&mut set.observations);
        Ok(set)
    }

    /// Every version of every set of the patient, oldest first.
    pub fn vitals_history(&self, patient: PatientId) -> StoreResult<VitalsHistory> {
        let mut sets: Vec<VitalsSet> = self
            .conn
            .prepare_cached(&format!(
                "{SELECT_SETS} WHERE s.patient_id = ?1 ORDER BY s.taken_at, s.recorded_at"
            ))?
            .query_map([patient], set_from_row)?
            .collect::<Result<_, _>>()?;
        let index: HashMap<VitalsId, usize> =
            sets.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let mut statement = self.conn.prepare_cached(
            "SELECT o.* FROM vital_observations o JOIN vital_sets s ON s.id = o.set_id WHERE s.patient_id = ?1",
        )?;
        for row in statement.query_map([patient], observation_from_row)? {
            let (set_id, observation) = row?;
            if let Some(set) = index.get(&set_id).and_then(|i| sets.get_mut(*i)) {
                set.observations.push(observation);
            }
        }
        for set in &mut sets {
            sort_observations(&mut set.observations);
        }
        Ok(sets)
    }
}

fn sort_observations(observations: &mut [Observation]) {
    observations.sort_by_key(|o| o.vital);
}
