//! A point-of-care result: which test, the kit lot and its expiry, quality control, who tested
//! and when, and each part's answer with its flag. An expired kit or a failed control cannot
//! report a result; a meter's LO or HI is kept as printed and flagged; "Invalid" (no control
//! line) reports none.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::identity::{IdentityCheck, IdentityError};
use crate::clinical::injection::lot::parse_expiry;
use crate::clinical::poc::catalog::{
    Measure, PocCatalog, PocPart, PocTest, parse_steps, show_steps,
};
use crate::clinical::specimen::SpecimenId;
use crate::clinical::text::required;
use crate::clinical::time::{parse_local_date_time, to_local};

coded_enum!(
    QcStatus {
        Passed => "passed", "Controls run, passed";
        NotDue => "not_due", "Not due (per kit schedule)";
        Failed => "failed", "Controls run, failed";
    }
);

coded_enum!(
    /// Why a part is flagged: outside normal on a scale, or low or high on a number, or beyond
    /// what the meter can read.
    Flag {
        Abnormal => "abnormal", "abnormal";
        Low => "low", "low";
        High => "high", "high";
        BelowMeter => "below_meter", "below the meter's range (LO)";
        AboveMeter => "above_meter", "above the meter's range (HI)";
        Invalid => "invalid", "invalid: no control line, no result; run the test again";
        CriticalLow => "critical_low", "CRITICALLY LOW: tell the provider now";
        CriticalHigh => "critical_high", "CRITICALLY HIGH: tell the provider now";
    }
);

/// The answer a test read from a control line gives when that line does not show.
pub const INVALID: &str = "Invalid";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartValue {
    pub name: String,
    pub loinc: String,
    /// As reported: an answer from the scale, or a number with its unit, or LO/HI.
    pub value: String,
    pub flag: Option<Flag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PocResult {
    pub test_id: String,
    pub test_name: String,
    pub cpt: String,
    pub kit_lot: String,
    pub kit_expires: NaiveDate,
    pub qc: QcStatus,
    pub tested_at: DateTime<Utc>,
    pub tested_by: String,
    /// The specimen it was run on, when its label was scanned (or its ID typed): the label
    /// ties the result to the patient it was printed for.
    pub specimen: Option<SpecimenId>,
    /// Without a specimen, the patient said their name and date of birth and the MA checked
    /// them against the chart. Results charted before this was asked have `false`.
    #[serde(default)]
    pub identifiers_confirmed: bool,
    pub parts: Vec<PartValue>,
}

impl PocResult {
    pub fn is_flagged(&self) -> bool {
        self.parts.iter().any(|p| p.flag.is_some())
    }

    /// "Glucose 182 mg/dL (high)", parts joined.
    pub fn summary(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                let value = match p.flag {
                    Some(flag) => format!("{} ({})", p.value, flag.label()),
                    None => p.value.clone(),
                };
                if self.parts.len() == 1 {
                    value
                } else {
                    format!("{} {value}", p.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Only the flagged parts, as `summary` words them; empty when nothing is flagged.
    pub fn flagged_summary(&self) -> String {
        self.parts
            .iter()
            .filter_map(|p| {
                let flag = p.flag?;
                Some(if self.parts.len() == 1 {
                    format!("{} ({})", p.value, flag.label())
                } else {
                    format!("{} {} ({})", p.name, p.value, flag.label())
                })
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether this is a pregnancy test, and if so whether it was positive.
    pub fn pregnancy(&self, catalog: &PocCatalog) -> Option<bool> {
        catalog
            .test(&self.test_id)
            .filter(|t| t.pregnancy)
            .filter(|_| !self.is_invalid())
            .map(|_| self.is_flagged())
    }

    /// No control line: no result at all, neither positive nor negative.
    pub fn is_invalid(&self) -> bool {
        self.parts.iter().any(|p| p.flag == Some(Flag::Invalid))
    }
}

/// The flag for an answer, or why it cannot be reported.
pub fn assess(part: &PocPart, typed: &str) -> Result<(String, Option<Flag>), PocError> {
    let typed = typed.trim();
    match &part.measure {
        Measure::Scale { answers, normal } => {
            let answer = answers
                .iter()
                .find(|a| a.eq_ignore_ascii_case(typed))
                .ok_or(PocError::AnswerMissing)?;
            let flag = if answer == INVALID {
                Some(Flag::Invalid)
            } else {
                (!normal.contains(answer)).then_some(Flag::Abnormal)
            };
            Ok((answer.clone(), flag))
        }
        Measure::Number {
            unit,
            decimals,
            meter_low,
            meter_high,
            normal_low,
            normal_high,
            critical: (critical_low, critical_high),
        } => {
            let lowered = typed.to_ascii_lowercase();
            let number = lowered
                .strip_suffix(&unit.to_ascii_lowercase())
                .unwrap_or(&lowered)
                .trim();
            match number {
                "lo" => return Ok(("LO".into(), Some(Flag::BelowMeter))),
                "hi" => return Ok(("HI".into(), Some(Flag::AboveMeter))),
                _ => {}
            }
            let value = parse_steps(number, *decimals).ok_or_else(|| PocError::NotANumber {
                unit: unit.clone(),
                decimals: *decimals,
            })?;
            if value < *meter_low || value > *meter_high {
                return Err(PocError::BeyondMeter {
                    low: show_steps(*meter_low, *decimals),
                    high: show_steps(*meter_high, *decimals),
                    unit: unit.clone(),
                });
            }
            let flag = if critical_low.is_some_and(|c| value < c) {
                Some(Flag::CriticalLow)
            } else if critical_high.is_some_and(|c| value > c) {
                Some(Flag::CriticalHigh)
            } else if value < *normal_low {
                Some(Flag::Low)
            } else if value > *normal_high {
                Some(Flag::High)
            } else {
                None
            };
            Ok((format!("{} {unit}", show_steps(value, *decimals)), flag))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PocField {
    Test,
    KitLot,
    KitExpires,
    Qc,
    TestedAt,
    Specimen,
    Identity,
    Part(usize),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PocError {
    #[error("choose the test")]
    TestMissing,
    #[error("type the kit's lot number")]
    LotMissing,
    #[error("type the kit's expiry as printed: 03/31/2027, or 03/2027")]
    ExpiryUnreadable,
    #[error("this kit expired on {0}: use an unexpired kit and run the test again")]
    KitExpired(String),
    #[error("say whether controls were run")]
    QcMissing,
    #[error("the controls failed: no patient result can be reported from this kit")]
    QcFailed,
    #[error("type when it was tested, e.g. 15:30")]
    TimeUnreadable,
    #[error("the test time cannot be in the future")]
    TimeInFuture,
    #[error("choose the result")]
    AnswerMissing,
    #[error("“{0}” is not a specimen ID: scan the label again, or type the ID printed on it")]
    SpecimenUnreadable(String),
    #[error("specimen {0} is not one of this patient's: stop, and check the patient and the tube")]
    SpecimenNotThisPatient(SpecimenId),
    #[error("{0}")]
    Identity(IdentityError),
    #[error("type {} in {unit}, or LO or HI as the meter shows", if *.decimals == 0 { "a whole number" } else { "the number as the meter shows it (one decimal at most, e.g. 12.4)" })]
    NotANumber { unit: String, decimals: u8 },
    #[error("the meter reads {low} to {high} {unit}; below or above, type LO or HI as it shows")]
    BeyondMeter {
        low: String,
        high: String,
        unit: String,
    },
}

/// The result form as typed: one text per part (an answer's name or a number).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PocDraft {
    pub test_id: Option<String>,
    pub kit_lot: String,
    pub kit_expires: String,
    pub qc: Option<QcStatus>,
    pub tested_at: String,
    pub parts: Vec<String>,
    /// The specimen's ID as scanned from its label or typed; empty when the test was run
    /// straight from the patient (then the identifiers are asked).
    pub specimen_id: String,
    /// Never kept in a draft: after a restart the patient is asked again.
    #[serde(skip)]
    pub identity: IdentityCheck,
}

/// Who the result is for: the chart's date of birth and the patient's specimens, to tie the
/// result to them.
#[derive(Clone, Copy, Debug)]
pub struct PocPatient<'a> {
    pub birth_date: NaiveDate,
    pub specimens: &'a [SpecimenId],
}

impl PocDraft {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            tested_at: crate::clinical::time::format_local_date_time(now),
            ..Self::default()
        }
    }

    /// The form refilled from a recorded result, to correct it; the patient was identified
    /// when it was charted, so that stays.
    pub fn from_result(r: &PocResult, catalog: &PocCatalog, birth_date: NaiveDate) -> Self {
        let test = catalog.test(&r.test_id);
        Self {
            test_id: Some(r.test_id.clone()),
            kit_lot: r.kit_lot.clone(),
            kit_expires: r.kit_expires.format("%m/%d/%Y").to_string(),
            qc: Some(r.qc),
            tested_at: crate::clinical::time::format_local_date_time(r.tested_at),
            parts: r
                .parts
                .iter()
                .enumerate()
                .map(|(n, p)| {
                    let number = test
                        .and_then(|t| t.parts.get(n))
                        .is_some_and(|part| matches!(part.measure, Measure::Number { .. }));
                    // "182 mg/dL" is typed back as its number; scale answers stay whole.
                    match p.value.split_once(' ') {
                        Some((value, _)) if number => value.to_owned(),
                        _ => p.value.clone(),
                    }
                })
                .collect(),
            specimen_id: r.specimen.map(|id| id.to_string()).unwrap_or_default(),
            identity: if r.identifiers_confirmed {
                IdentityCheck::passed(birth_date)
            } else {
                IdentityCheck::default()
            },
        }
    }

    /// Chooses the test; the answers typed for another test are cleared, not carried over.
    pub fn choose(&mut self, test: &PocTest) {
        if self.test_id.as_deref() != Some(test.id.as_str()) {
            self.test_id = Some(test.id.clone());
            self.parts = vec![String::new(); test.parts.len()];
        }
    }

    pub fn check(
        &self,
        catalog: &PocCatalog,
        patient: PocPatient<'_>,
        tested_by: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<PocResult, BTreeMap<PocField, PocError>> {
        let mut errors = BTreeMap::new();
        // Tied to the patient by the specimen's label, or by the two identifiers.
        let specimen = if let Some(typed) = required(&self.specimen_id) {
            match typed.parse::<SpecimenId>() {
                Ok(id) if patient.specimens.contains(&id) => Some(id),
                Ok(id) => {
                    errors.insert(PocField::Specimen, PocError::SpecimenNotThisPatient(id));
                    None
                }
                Err(_) => {
                    errors.insert(PocField::Specimen, PocError::SpecimenUnreadable(typed));
                    None
                }
            }
        } else {
            if let Err(e) = self.identity.check(patient.birth_date) {
                errors.insert(PocField::Identity, PocError::Identity(e));
            }
            None
        };
        let test = self.test_id.as_deref().and_then(|id| catalog.test(id));
        if test.is_none() {
            errors.insert(PocField::Test, PocError::TestMissing);
        }
        let kit_lot = required(&self.kit_lot);
        if kit_lot.is_none() {
            errors.insert(PocField::KitLot, PocError::LotMissing);
        }
        let tested_at = match parse_local_date_time(&self.tested_at, now) {
            None => {
                errors.insert(PocField::TestedAt, PocError::TimeUnreadable);
                None
            }
            Some(at) if at > now.with_timezone(&Utc) => {
                errors.insert(PocField::TestedAt, PocError::TimeInFuture);
                None
            }
            Some(at) => Some(at),
        };
        let test_day = tested_at.map_or(now.date_naive(), |t| to_local(t).date_naive());
        let kit_expires = match parse_expiry(&self.kit_expires) {
            None => {
                errors.insert(PocField::KitExpires, PocError::ExpiryUnreadable);
                None
            }
            Some(day) if day < test_day => {
                errors.insert(
                    PocField::KitExpires,
                    PocError::KitExpired(day.format("%m/%d/%Y").to_string()),
                );
                None
            }
            Some(day) => Some(day),
        };
        match self.qc {
            None => {
                errors.insert(PocField::Qc, PocError::QcMissing);
            }
            Some(QcStatus::Failed) => {
                errors.insert(PocField::Qc, PocError::QcFailed);
            }
            Some(_) => {}
        }
        let mut parts = Vec::new();
        if let Some(test) = test {
            for (n, part) in test.parts.iter().enumerate() {
                let typed = self.parts.get(n).map_or("", String::as_str);
                match assess(part, typed) {
                    Ok((value, flag)) => parts.push(PartValue {
                        name: part.name.clone(),
                        loinc: part.loinc.clone(),
                        value,
                        flag,
                    }),
                    Err(e) => {
                        errors.insert(PocField::Part(n), e);
                    }
                }
            }
        }
        match (test, kit_lot, kit_expires, self.qc, tested_at) {
            (Some(test), Some(kit_lot), Some(kit_expires), Some(qc), Some(tested_at))
                if errors.is_empty() =>
            {
                Ok(PocResult {
                    test_id: test.id.clone(),
                    test_name: test.name.clone(),
                    cpt: test.cpt.clone(),
                    kit_lot,
                    kit_expires,
                    qc,
                    tested_at,
                    tested_by: tested_by.to_owned(),
                    identifiers_confirmed: specimen.is_none(),
                    specimen,
                    parts,
                })
            }
            _ => Err(errors),
        }
    }
}
