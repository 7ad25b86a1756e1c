//! Synthetic allergies, history and medications for a demo patient, plausible for the age:
//! some patients never asked about allergies, some with NKA or NKDA, some with allergies;
//! conditions with the medications that treat them; surgeries, family and social history.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, Utc};

use crate::clinical::age::Age;
use crate::clinical::allergy::{
    Allergy, AllergyAssertion, AllergyCategory, AllergyStatusCode, AllergySubstance, Criticality,
    Reaction, Severity, Verification,
};
use crate::clinical::history::social::{
    Drugs, Pregnancy, PregnancyStatus, SocialHistory, Tobacco, UseStatus,
};
use crate::clinical::history::{
    Condition, ConditionStatus, FamilyMember, Named, Procedure, Relative, YesNoUnknown,
};
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::medication::reconciliation::{Outcome, Reconciliation};
use crate::clinical::medication::{
    Medication, MedicationSource, MedicationStatus, Route, Schedule,
};
use crate::clinical::partial_date::PartialDate;
use crate::clinical::patient::Sex;
use crate::clinical::reference::Reference;
use crate::clinical::review::{Review, ReviewSection};
use crate::store::{Batch, StoreResult};

/// Allergens demo patients have, most common first, with the reactions they usually cause.
const ALLERGIES: &[(&str, &[Reaction])] = &[
    (
        "penicillins",
        &[Reaction::Hives, Reaction::Rash, Reaction::Itching],
    ),
    (
        "sulfonamide_antibiotics",
        &[Reaction::Rash, Reaction::Hives],
    ),
    (
        "nsaids",
        &[Reaction::Swelling, Reaction::Hives, Reaction::Wheezing],
    ),
    ("opioids", &[Reaction::Nausea, Reaction::Itching]),
    (
        "peanut",
        &[Reaction::Hives, Reaction::Swelling, Reaction::Anaphylaxis],
    ),
    ("shellfish", &[Reaction::Hives, Reaction::Swelling]),
    ("latex", &[Reaction::Rash, Reaction::Itching]),
    ("egg", &[Reaction::Hives, Reaction::Nausea]),
    ("bee_venom", &[Reaction::Swelling, Reaction::Anaphylaxis]),
    ("pollen", &[Reaction::Itching, Reaction::Wheezing]),
    ("cephalosporins", &[Reaction::Rash]),
    ("macrolides", &[Reaction::Nausea, Reaction::Diarrhea]),
    ("adhesive", &[Reaction::Rash]),
    ("gelatin", &[Reaction::Hives]),
];

/// A condition (catalog name), its chance in adults, and the medication that treats it.
struct Treated {
    condition: &'static str,
    percent: u32,
    min_age: u32,
    medication: Option<(&'static str, &'static str, &'static str, Schedule)>,
}

const CONDITIONS: &[Treated] = &[
    Treated {
        condition: "Type 2 diabetes mellitus",
        percent: 12,
        min_age: 35,
        medication: Some(("Metformin", "500 mg", "twice daily", Schedule::Scheduled)),
    },
    Treated {
        condition: "Hyperlipidemia",
        percent: 25,
        min_age: 40,
        medication: Some(("Atorvastatin", "20 mg", "at bedtime", Schedule::Scheduled)),
    },
    Treated {
        condition: "Hypothyroidism",
        percent: 7,
        min_age: 25,
        medication: Some((
            "Levothyroxine",
            "50 mcg",
            "every morning",
            Schedule::Scheduled,
        )),
    },
    Treated {
        condition: "Asthma",
        percent: 8,
        min_age: 2,
        medication: Some((
            "Albuterol inhaler",
            "90 mcg/actuation",
            "2 puffs every 4-6 hours",
            Schedule::AsNeeded,
        )),
    },
    Treated {
        condition: "Depression",
        percent: 9,
        min_age: 14,
        medication: Some(("Sertraline", "50 mg", "once daily", Schedule::Scheduled)),
    },
    Treated {
        condition: "Anxiety disorder",
        percent: 8,
        min_age: 14,
        medication: None,
    },
    Treated {
        condition: "Gastroesophageal reflux disease",
        percent: 8,
        min_age: 25,
        medication: Some((
            "Omeprazole",
            "20 mg",
            "once daily before breakfast",
            Schedule::Scheduled,
        )),
    },
    Treated {
        condition: "Osteoarthritis",
        percent: 15,
        min_age: 55,
        medication: Some((
            "Acetaminophen",
            "500 mg",
            "every 6 hours",
            Schedule::AsNeeded,
        )),
    },
    Treated {
        condition: "Allergic rhinitis",
        percent: 10,
        min_age: 4,
        medication: Some(("Cetirizine", "10 mg", "once daily", Schedule::AsNeeded)),
    },
    Treated {
        condition: "Attention-deficit hyperactivity disorder",
        percent: 5,
        min_age: 6,
        medication: Some((
            "Methylphenidate",
            "18 mg",
            "every morning",
            Schedule::Scheduled,
        )),
    },
];

const SURGERIES: &[&str] = &[
    "Appendectomy",
    "Cholecystectomy",
    "Tonsillectomy",
    "Inguinal hernia repair",
    "Arthroscopic knee surgery",
    "Cataract surgery",
    "Carpal tunnel release",
];
const FAMILY_CONDITIONS: &[&str] = &[
    "Hypertension",
    "Type 2 diabetes mellitus",
    "Coronary artery disease",
    "History of breast cancer",
    "History of colon cancer",
    "History of stroke or TIA",
    "Alzheimer's disease",
    "Depression",
];
const OCCUPATIONS: &[&str] = &[
    "Teacher",
    "Nurse",
    "Retail",
    "Construction",
    "Office work",
    "Driver",
    "Student",
    "Retired",
    "Homemaker",
    "Software developer",
    "Cook",
    "Mechanic",
];

fn pick<'a, T>(rng: &mut fastrand::Rng, list: &'a [T]) -> Option<&'a T> {
    list.get(rng.usize(..list.len().max(1)))
}

/// What a demo patient is charted with at registration; returns their medications.
pub(super) struct Demo<'a> {
    pub batch: &'a Batch<'a>,
    pub reference: &'a Reference,
    pub patient: PatientId,
    pub at: DateTime<Utc>,
    pub by: StaffId,
}

impl Demo<'_> {
    fn add<T: crate::clinical::record::ChartRecord>(&self, content: &T) -> StoreResult<RecordId> {
        self.batch
            .add_record(self.patient, None, content, self.at, self.by)
    }

    pub fn chart(
        &self,
        rng: &mut fastrand::Rng,
        sex: Sex,
        age: Age,
        hypertensive: bool,
    ) -> StoreResult<Vec<(RecordId, Medication)>> {
        self.allergies(rng)?;
        let years = age.years();
        let mut medications = Vec::new();
        if hypertensive && years >= 18 {
            self.condition("Hypertension", rng, age)?;
            medications.push(self.medication(
                "Lisinopril",
                "10 mg",
                "once daily",
                Schedule::Scheduled,
                rng,
            )?);
        }
        for treated in CONDITIONS {
            if years >= treated.min_age && rng.u32(0..100) < treated.percent {
                self.condition(treated.condition, rng, age)?;
                if let Some((name, strength, frequency, schedule)) = treated.medication {
                    medications.push(self.medication(name, strength, frequency, schedule, rng)?);
                }
            }
        }
        if years >= 18
            && rng.u32(0..100) < 30
            && let Some(surgery) = pick(rng, SURGERIES)
        {
            let year = self
                .at
                .date_naive()
                .checked_sub_days(Days::new(rng.u64(0..u64::from(years - 5).max(1) * 365)))
                .map(|d| PartialDate::Year(chrono::Datelike::year(&d)));
            self.add(&Procedure {
                procedure: Named {
                    name: (*surgery).to_owned(),
                    code: None,
                },
                date: year,
                note: None,
            })?;
        }
        if years >= 18 {
            for _ in 0..rng.usize(0..3) {
                let (Some(relative), Some(condition)) = (
                    pick(
                        rng,
                        &[
                            Relative::Mother,
                            Relative::Father,
                            Relative::Sister,
                            Relative::Brother,
                        ],
                    ),
                    pick(rng, FAMILY_CONDITIONS),
                ) else {
                    continue;
                };
                let named = self.reference.conditions.by_name(condition).map(|e| Named {
                    name: e.name.clone(),
                    code: e.code.clone(),
                });
                let Some(condition) = named else { continue };
                self.add(&FamilyMember {
                    relative: *relative,
                    condition,
                    age_at_onset: Some(u8::try_from(rng.u32(35..75)).unwrap_or(50)),
                    deceased: if rng.u32(0..4) == 0 {
                        YesNoUnknown::Yes
                    } else {
                        YesNoUnknown::No
                    },
                    note: None,
                })?;
            }
        }
        if years >= 12 {
            self.social(rng, sex, age)?;
        }
        Ok(medications)
    }

    fn allergies(&self, rng: &mut fastrand::Rng) -> StoreResult<()> {
        match rng.u32(0..100) {
            // Never asked: the banner must say "not recorded".
            0..25 => {}
            25..45 => drop(self.add(&AllergyAssertion::NoKnownAllergies)?),
            45..60 => drop(self.add(&AllergyAssertion::NoKnownDrugAllergies)?),
            _ => {
                let count = 1 + usize::from(rng.u32(0..4) == 0) + usize::from(rng.u32(0..10) == 0);
                let mut chosen = BTreeSet::new();
                for _ in 0..count {
                    // The first allergens are the common ones.
                    let index = rng
                        .usize(..ALLERGIES.len())
                        .min(rng.usize(..ALLERGIES.len()));
                    if !chosen.insert(index) {
                        continue;
                    }
                    let Some((id, reactions)) = ALLERGIES.get(index) else {
                        continue;
                    };
                    let Some(allergen) = self.reference.allergens.get(id) else {
                        continue;
                    };
                    let reaction = pick(rng, reactions).copied().unwrap_or(Reaction::Rash);
                    let severe = reaction == Reaction::Anaphylaxis;
                    self.add(&Allergy {
                        substance: AllergySubstance::Catalog {
                            id: allergen.id.clone(),
                            name: allergen.name.clone(),
                        },
                        category: allergen.category,
                        reactions: BTreeSet::from([reaction]),
                        severity: Some(if severe {
                            Severity::Severe
                        } else if rng.bool() {
                            Severity::Mild
                        } else {
                            Severity::Moderate
                        }),
                        criticality: if severe {
                            Criticality::High
                        } else {
                            Criticality::Low
                        },
                        status: AllergyStatusCode::Active,
                        verification: if rng.bool() {
                            Verification::Confirmed
                        } else {
                            Verification::Unconfirmed
                        },
                        onset: None,
                        note: None,
                    })?;
                    if allergen.category == AllergyCategory::Medication && rng.bool() {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn condition(&self, name: &str, rng: &mut fastrand::Rng, age: Age) -> StoreResult<()> {
        let entry = self.reference.conditions.by_name(name);
        let years_ago = u64::from(rng.u32(0..age.years().clamp(1, 20)));
        let onset = self
            .at
            .date_naive()
            .checked_sub_days(Days::new(years_ago * 365))
            .map(|d| PartialDate::Year(chrono::Datelike::year(&d)));
        self.add(&Condition {
            condition: Named {
                name: entry.map_or_else(|| name.to_owned(), |e| e.name.clone()),
                code: entry.and_then(|e| e.code.clone()),
            },
            onset,
            status: ConditionStatus::Active,
            note: None,
        })
        .map(drop)
    }

    fn medication(
        &self,
        name: &str,
        strength: &str,
        frequency: &str,
        schedule: Schedule,
        rng: &mut fastrand::Rng,
    ) -> StoreResult<(RecordId, Medication)> {
        let listed = self.reference.medications.by_name(name);
        let route = listed.map(|m| m.route).or(Some(Route::Oral));
        // "1 tablet", "1 capsule": a count of the form; inhalers say their puffs in the frequency.
        let dose = listed
            .filter(|m| !m.form.contains("inhaler"))
            .map(|m| format!("1 {}", m.form));
        let medication = Medication {
            name: name.to_owned(),
            from_catalog: listed.is_some(),
            strength: Some(strength.to_owned()),
            dose,
            route,
            frequency: Some(frequency.to_owned()),
            schedule,
            start: Some(PartialDate::Year(
                chrono::Datelike::year(&self.at.date_naive())
                    - i32::try_from(rng.u32(0..8)).unwrap_or(0),
            )),
            last_taken: None,
            prescriber: None,
            source: if rng.bool() {
                MedicationSource::Patient
            } else {
                MedicationSource::PharmacyList
            },
            status: MedicationStatus::Active,
            stop_reason: None,
        };
        Ok((self.add(&medication)?, medication))
    }

    fn social(&self, rng: &mut fastrand::Rng, sex: Sex, age: Age) -> StoreResult<()> {
        let adult = age.years() >= 18;
        let tobacco = match rng.u32(0..100) {
            0..70 => Tobacco {
                status: UseStatus::Never,
                packs_per_day: None,
                quit: None,
            },
            70..88 => Tobacco {
                status: UseStatus::Former,
                packs_per_day: Some(0.5),
                quit: Some(PartialDate::Year(
                    2015 + i32::try_from(rng.u32(0..10)).unwrap_or(0),
                )),
            },
            _ => Tobacco {
                status: UseStatus::Current,
                packs_per_day: Some(f64::from(rng.u32(1..4)) / 2.0),
                quit: None,
            },
        };
        let pregnancy = self
            .reference
            .social
            .asks_pregnancy(sex, Some(age))
            .then(|| Pregnancy {
                status: if rng.u32(0..100) < 5 {
                    PregnancyStatus::Pregnant
                } else {
                    PregnancyStatus::NotPregnant
                },
                last_menstrual_period: self
                    .at
                    .date_naive()
                    .checked_sub_days(Days::new(rng.u64(3..35))),
            });
        self.add(&SocialHistory {
            tobacco: Some(tobacco),
            alcohol_drinks_per_week: adult.then(|| u16::try_from(rng.u32(0..10)).unwrap_or(0)),
            drugs: Some(Drugs {
                status: if rng.u32(0..100) < 8 {
                    UseStatus::Former
                } else {
                    UseStatus::Never
                },
                detail: None,
            }),
            occupation: adult
                .then(|| pick(rng, OCCUPATIONS).map(|o| (*o).to_owned()))
                .flatten(),
            pregnancy,
        })
        .map(drop)
    }
}

/// A roomed visit's reviews and reconciliation: everything on the checklist done.
pub(super) fn reviewed(
    batch: &Batch<'_>,
    patient: PatientId,
    visit: VisitId,
    medications: &[(RecordId, Medication)],
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<()> {
    for (id, medication) in medications {
        let entry = Reconciliation {
            medication: *id,
            name: medication.name.clone(),
            outcome: Outcome::Taking,
            how: None,
            stopped: None,
        };
        batch.add_record(patient, Some(visit), &entry, at, by)?;
    }
    for section in [
        ReviewSection::Allergies,
        ReviewSection::PastMedical,
        ReviewSection::Surgical,
        ReviewSection::Family,
        ReviewSection::Social,
        ReviewSection::Medications,
    ] {
        batch.add_record(patient, Some(visit), &Review { section }, at, by)?;
    }
    Ok(())
}
