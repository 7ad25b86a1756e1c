//! Demo specimens and point-of-care results: about one visit in four sends a specimen, moved
//! through every status as time allows (some rejected or cancelled, a few sent and never
//! resulted, so the log has overdue ones), and about one in five runs a waived test.

use chrono::{DateTime, Duration, Utc};

use crate::clinical::ids::{PatientId, StaffId, VisitId};
use crate::clinical::patient::Sex;
use crate::clinical::poc::{Measure, PartValue, PocCatalog, PocResult, QcStatus};
use crate::clinical::specimen::{
    Collection, LabCatalog, OrderedTest, SpecimenStatus, StatusChange,
};
use crate::clinical::time::to_local;
use crate::store::{Batch, StoreResult};

pub struct Collector<'a> {
    pub batch: &'a Batch<'a>,
    pub labs: &'a LabCatalog,
    pub poc: &'a PocCatalog,
    pub patient: PatientId,
    pub birth_date: chrono::NaiveDate,
    pub sex: Sex,
    pub by: StaffId,
    pub by_name: String,
    pub now: DateTime<Utc>,
}

impl Collector<'_> {
    /// What one visit at `at` collected and tested.
    pub fn visit(
        &self,
        rng: &mut fastrand::Rng,
        visit: VisitId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        // Nothing is charted in the future, even for a visit that began minutes ago.
        if rng.u8(0..4) == 0 && at <= self.now {
            self.specimen(rng, visit, at)?;
        }
        if rng.u8(0..5) == 0 && at + Duration::minutes(6) <= self.now {
            self.poc_result(rng, visit, at + Duration::minutes(6))?;
        }
        Ok(())
    }

    /// The patient's age in whole years at `at`.
    fn years_at(&self, at: DateTime<Utc>) -> u32 {
        crate::clinical::age::Age::on(self.birth_date, to_local(at).date_naive())
            .map_or(0, crate::clinical::age::Age::years)
    }

    fn specimen(
        &self,
        rng: &mut fastrand::Rng,
        visit: VisitId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let years = self.years_at(at);
        let fitting: Vec<_> = self
            .labs
            .tests()
            .iter()
            .filter(|t| lab_test_fits(&t.id, years))
            .collect();
        let Some(test) = fitting.get(rng.usize(..fitting.len().max(1))).copied() else {
            return Ok(());
        };
        let labs = self.labs.labs();
        let collection = Collection {
            kind: test.specimen,
            container: test.container,
            source: None,
            tests: vec![OrderedTest::from_catalog(test)],
            fasting: test.fasting.then_some(true),
            volume: None,
            lab: labs
                .get(rng.usize(..labs.len().max(1)))
                .cloned()
                .unwrap_or_default(),
            collected_at: at,
            collected_by: self.by_name.clone(),
            identifiers_confirmed: true,
            note: None,
        };
        let id =
            self.batch
                .collect_specimen(self.patient, Some(visit), &collection, at, self.by)?;
        // Each step happens if time has passed for it; a few stop early by chance.
        let roll = rng.u8(0..100);
        let steps: &[(SpecimenStatus, i64, Option<&str>)] = match roll {
            0..4 => &[(
                SpecimenStatus::Cancelled,
                10,
                Some("provider cancelled the order"),
            )],
            4..9 => &[
                (SpecimenStatus::Sent, 180, None),
                (SpecimenStatus::Rejected, 1_500, Some("hemolyzed")),
            ],
            // Sent and never heard of again: overdue once its days have passed.
            9..15 if self.now - at < Duration::days(20) => &[(SpecimenStatus::Sent, 180, None)],
            _ => &[
                (SpecimenStatus::Sent, 180, None),
                (SpecimenStatus::Received, 900, None),
                (
                    SpecimenStatus::Resulted,
                    60 * 24 * i64::from(test.overdue_days.saturating_sub(1).max(1)),
                    None,
                ),
            ],
        };
        for (to, minutes, reason) in steps {
            let when = at + Duration::minutes(*minutes);
            if when > self.now {
                break;
            }
            self.batch.add_record(
                self.patient,
                Some(visit),
                &StatusChange {
                    specimen: id,
                    to: *to,
                    at: when,
                    reason: reason.map(str::to_owned),
                },
                when,
                self.by,
            )?;
        }
        Ok(())
    }

    fn poc_result(
        &self,
        rng: &mut fastrand::Rng,
        visit: VisitId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let years = self.years_at(at);
        let fitting: Vec<_> = self
            .poc
            .tests()
            .iter()
            .filter(|t| poc_test_fits(&t.id, years, self.sex))
            .collect();
        let Some(test) = fitting.get(rng.usize(..fitting.len().max(1))).copied() else {
            return Ok(());
        };
        // Mostly normal; one part in six takes any answer.
        let parts = test
            .parts
            .iter()
            .map(|part| {
                let value = match &part.measure {
                    Measure::Scale { answers, normal } => {
                        let pool = if rng.u8(0..6) == 0 { answers } else { normal };
                        pool.get(rng.usize(..pool.len()))
                            .cloned()
                            .unwrap_or_default()
                    }
                    Measure::Number {
                        unit,
                        decimals,
                        normal_low,
                        normal_high,
                        meter_high,
                        ..
                    } => {
                        // Mostly normal, some high.
                        let top = (normal_high + (normal_high - normal_low)).min(*meter_high);
                        let value = rng.u32(*normal_low..=top);
                        format!(
                            "{} {unit}",
                            crate::clinical::poc::catalog::show_steps(value, *decimals)
                        )
                    }
                };
                let (value, flag) =
                    crate::clinical::poc::result::assess(part, &value).unwrap_or((value, None));
                PartValue {
                    name: part.name.clone(),
                    loinc: part.loinc.clone(),
                    value,
                    flag,
                }
            })
            .collect();
        let result = PocResult {
            test_id: test.id.clone(),
            test_name: test.name.clone(),
            cpt: test.cpt.clone(),
            kit_lot: format!("K{}", rng.u32(1000..9999)),
            kit_expires: (at + Duration::days(rng.i64(30..400))).date_naive(),
            qc: if rng.u8(0..10) == 0 {
                QcStatus::Passed
            } else {
                QcStatus::NotDue
            },
            tested_at: at,
            tested_by: self.by_name.clone(),
            specimen: None,
            identifiers_confirmed: true,
            parts,
        };
        self.batch
            .add_record(self.patient, Some(visit), &result, at, self.by)
            .map(drop)
    }
}

/// Whether a demo patient of this age would plausibly have this test sent: no fecal
/// immunochemical test or vitamin D level for a newborn, no PSA for a child.
fn lab_test_fits(id: &str, years: u32) -> bool {
    match id {
        "cbc" | "urine_culture" | "stool_culture" | "resp_pcr" => true,
        "throat_culture" | "ua_micro" | "cmp" | "bmp" | "tsh" => years >= 2,
        "ct_ng" | "hiv" => years >= 13,
        "fit" => years >= 45,
        "psa" => years >= 50,
        // Lipids, A1c, fasting glucose, vitamin D, INR, AFB and anything new: adults.
        _ => years >= 18,
    }
}

/// The same for waived tests: an hCG only for those who can be pregnant, strep and mono from
/// school age.
fn poc_test_fits(id: &str, years: u32, sex: Sex) -> bool {
    match id {
        "hcg" => sex != Sex::Male && (12..=50).contains(&years),
        "strep" => years >= 3,
        "mono" => years >= 10,
        "fobt" => years >= 45,
        "dipstick" => years >= 2,
        _ => true,
    }
}
