//! Synthetic demo data: patients of every age (newborns to the elderly) with several past
//! visits, each with a set of vital signs plausible for the age, and a handful of visits today
//! in every status. Values go through the same check as the form, so flags are real.
//! Nothing here is real patient data.

mod chart;
mod injections;
mod names;
mod specimens;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::clinical::account::{
    NewAccount, Password, PasswordError, Role, Username, check_new_password,
};
use crate::clinical::age::Age;
use crate::clinical::checklist::{ChecklistMark, MarkOutcome, Section};
use crate::clinical::ids::StaffId;
use crate::clinical::patient::{Demographics, NewPatient, Patient, Sex};
use crate::clinical::reference::Reference;
use crate::clinical::staff::NewClinic;
use crate::clinical::time::{Clock, format_local_date_time, to_local};
use crate::clinical::units::{LengthUnit, MassUnit, TemperatureUnit};
use crate::clinical::visit::{NewVisit, VisitStatus};
use crate::clinical::vitals::vital::{
    BodyPosition, CuffSite, HowObtained, OxygenDelivery, TemperatureRoute,
};
use crate::clinical::vitals::{CheckContext, Previous, UnitChoices, VitalsDraft, check};
use crate::store::{Batch, Store, StoreError, StoreResult};

/// Patients written per transaction: large enough to be fast, small enough to show progress.
const PATIENTS_PER_BATCH: usize = 2_000;
/// How many of the demo patients have a visit today.
const TODAY_VISITS: usize = 8;

/// What the demo command wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub patients: usize,
    pub visits: usize,
    pub vital_sets: usize,
}

/// The clinic's lots and staff, for doses given here.
struct Stock {
    clinic: crate::clinical::staff::Clinic,
    staff: Vec<crate::clinical::staff::Staff>,
    lots: Vec<crate::clinical::injection::Lot>,
}

/// A synthetic person: the numbers that stay the same across their visits.
struct Person {
    demographics: Demographics,
    /// Where they sit among people of their age and sex: -1 small, +1 large.
    size: f64,
    hypertensive: bool,
    prefers_imperial: bool,
}

/// Adds `patients` synthetic patients to a chart already set up. With `password`, a chart with
/// only its administrator also gets a second staff member (see `demo_staff`).
pub fn fill(
    store: &mut Store,
    reference: &Reference,
    patients: usize,
    seed: u64,
    password: Option<&Password>,
) -> StoreResult<DemoSummary> {
    let clock = store.clock();
    let staff = demo_staff(store, password)?;
    let stock = Stock {
        clinic: store.clinic()?.ok_or(StoreError::NotFound("the clinic"))?,
        staff: store
            .accounts()?
            .into_iter()
            .filter(|a| a.active)
            .map(|a| a.staff)
            .collect(),
        lots: injections::receive_lots(
            store,
            &reference.injections,
            staff
                .first()
                .copied()
                .ok_or(StoreError::NotFound("a staff member"))?,
            patients,
        )?,
    };
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut summary = DemoSummary::default();
    let mut made = 0;
    while made < patients {
        let count = PATIENTS_PER_BATCH.min(patients - made);
        let part = store.batch(|batch| {
            let mut part = DemoSummary::default();
            for i in 0..count {
                let today = made + i < TODAY_VISITS;
                let person = person(&mut rng, clock.today());
                add_patient(
                    batch, reference, clock, &staff, &stock, &mut rng, &person, today, &mut part,
                )?;
            }
            Ok(part)
        })?;
        summary.patients += part.patients;
        summary.visits += part.visits;
        summary.vital_sets += part.vital_sets;
        made += count;
        tracing::info!(made, "demo patients written");
    }
    Ok(summary)
}

/// The demo clinic and its administrator, Dana Demo (username `ddemo`), who gets `password`.
pub fn clinic_and_administrator(
    reference: &Reference,
    password: Password,
) -> Result<(NewClinic, NewAccount), PasswordError> {
    let clinic = NewClinic {
        name: "Riverside Family Clinic (demo)".into(),
        address: "100 Demo Way, Springfield, IL 62701".into(),
    };
    check_new_password(
        &password,
        &["Dana Demo", "ddemo", &clinic.name],
        &reference.common_passwords,
    )?;
    let admin = NewAccount {
        name: "Dana Demo".into(),
        credentials: "CMA".into(),
        username: Username::parse("ddemo").map_err(|_| PasswordError::Personal)?,
        role: Role::Administrator,
        provider: false,
        password,
    };
    Ok((clinic, admin))
}

/// The demo's staff: the administrator, and Sam Sample (`ssample`), added by her with the same
/// password as a temporary one, so the first sign-in asks him to choose his own.
fn demo_staff(store: &mut Store, password: Option<&Password>) -> StoreResult<Vec<StaffId>> {
    let accounts = store.accounts()?;
    if let (1, Some(password), Some(admin)) = (accounts.len(), password, accounts.first()) {
        let sam = NewAccount {
            name: "Sam Sample".into(),
            credentials: "RMA".into(),
            username: Username::parse("ssample").map_err(|e| StoreError::Refused(e.to_string()))?,
            role: Role::ClinicalStaff,
            provider: false,
            password: password.clone(),
        };
        store
            .add_account(&sam, admin.staff.id)
            .map_err(|e| StoreError::Refused(e.to_string()))?;
    }
    let staff: Vec<StaffId> = store
        .accounts()?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| a.staff.id)
        .collect();
    if staff.is_empty() {
        return Err(StoreError::NotFound("a staff member"));
    }
    Ok(staff)
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.usize(..list.len()))
        .copied()
        .unwrap_or_default()
}

/// Newborns, infants, children, adolescents, adults and the elderly, in clinic-like shares.
fn person(rng: &mut fastrand::Rng, today: NaiveDate) -> Person {
    let days_old: u64 = match rng.u32(0..100) {
        0..3 => rng.u64(0..28),
        3..10 => rng.u64(28..365),
        10..25 => rng.u64(365..12 * 365),
        25..33 => rng.u64(12 * 365..18 * 365),
        33..83 => rng.u64(18 * 365..65 * 365),
        _ => rng.u64(65 * 365..96 * 365),
    };
    let birth_date = today.checked_sub_days(Days::new(days_old)).unwrap_or(today);
    let sex = if rng.bool() { Sex::Female } else { Sex::Male };
    let given = match sex {
        Sex::Female => pick(rng, names::GIVEN_FEMALE),
        _ => pick(rng, names::GIVEN_MALE),
    };
    let mut given_names = given.to_owned();
    if rng.u32(0..4) == 0 {
        let middle = pick(
            rng,
            if sex == Sex::Female {
                names::GIVEN_FEMALE
            } else {
                names::GIVEN_MALE
            },
        );
        if middle != given {
            given_names = format!("{given} {middle}");
        }
    }
    let preferred_name = (rng.u32(0..12) == 0).then(|| pick(rng, names::PREFERRED).to_owned());
    Person {
        demographics: Demographics {
            family_name: pick(rng, names::FAMILY).to_owned(),
            given_names,
            preferred_name,
            birth_date,
            sex,
        },
        size: rng.f64() * 2.0 - 1.0,
        hypertensive: rng.u32(0..100) < 30,
        prefers_imperial: rng.u32(0..100) < 65,
    }
}

#[expect(
    clippy::too_many_arguments,
    clippy::too_many_lines,
    reason = "one call site: the demo loop, read top to bottom"
)]
fn add_patient(
    batch: &Batch<'_>,
    reference: &Reference,
    clock: Clock,
    staff: &[StaffId],
    stock: &Stock,
    rng: &mut fastrand::Rng,
    person: &Person,
    today: bool,
    summary: &mut DemoSummary,
) -> StoreResult<()> {
    let by = staff
        .get(rng.usize(..staff.len()))
        .copied()
        .ok_or(StoreError::NotFound("a staff member"))?;
    let now = clock.now();
    let birth = person.demographics.birth_date;
    let age_days = (clock.today() - birth).num_days();
    // Registered at the first visit: at birth for the young, up to six years ago for adults.
    let past_visits = match age_days {
        0..28 => 1,
        28..365 => rng.usize(2..5),
        _ => rng.usize(1..5),
    };
    let first_visit_days_ago = age_days.clamp(0, 6 * 365);
    let mut visit_times: Vec<DateTime<Utc>> = (0..past_visits)
        .map(|_| {
            let days_ago = rng.i64(1..=first_visit_days_ago.max(1));
            now - chrono::Duration::days(days_ago) - chrono::Duration::minutes(rng.i64(0..600))
        })
        .filter(|t| to_local(*t).date_naive() >= birth)
        .collect();
    visit_times.sort();
    let registered_at = visit_times.first().copied().unwrap_or(now) - chrono::Duration::minutes(20);
    let patient = batch.register_patient(
        &NewPatient {
            mrn: None,
            demographics: person.demographics.clone(),
        },
        registered_at,
        by,
    )?;
    summary.patients += 1;
    let age_then = Age::on(birth, to_local(registered_at).date_naive().max(birth));
    let medications = match age_then {
        Some(age) => chart::Demo {
            batch,
            reference,
            patient: patient.id,
            at: registered_at,
            by,
        }
        .chart(rng, person.demographics.sex, age, person.hypertensive)?,
        None => Vec::new(),
    };
    if let Some(giver) = stock.staff.iter().find(|s| s.id == by) {
        injections::Injector {
            batch,
            catalog: &reference.injections,
            lots: &stock.lots,
            clinic: &stock.clinic,
            clock,
            patient: patient.id,
            staff: giver,
        }
        .record(rng, &person.demographics, today)?;
    }
    let collector = stock
        .staff
        .iter()
        .find(|s| s.id == by)
        .map(|s| specimens::Collector {
            batch,
            labs: &reference.lab_tests,
            poc: &reference.poc,
            patient: patient.id,
            birth_date: birth,
            sex: person.demographics.sex,
            by,
            by_name: s.signature(),
            now,
        });
    let mut previous = Previous::default();
    for at in visit_times {
        let age_then = (to_local(at).date_naive() - birth).num_days();
        let visit = batch.start_visit(patient.id, &new_visit(rng, age_then), at, by)?;
        batch.set_visit_status(
            &visit,
            VisitStatus::Rooming,
            at + chrono::Duration::minutes(3),
            by,
        )?;
        record_vitals(
            batch,
            reference,
            &patient,
            person,
            rng,
            at + chrono::Duration::minutes(8),
            visit.id,
            by,
            &mut previous,
        )?;
        batch.set_visit_status(
            &visit,
            VisitStatus::ReadyForProvider,
            at + chrono::Duration::minutes(15),
            by,
        )?;
        batch.set_visit_status(
            &visit,
            VisitStatus::Done,
            at + chrono::Duration::minutes(40),
            by,
        )?;
        if let Some(collector) = &collector {
            collector.visit(rng, visit.id, at + chrono::Duration::minutes(12))?;
        }
        summary.visits += 1;
        summary.vital_sets += 1;
    }
    if today {
        // Earlier today, but never yesterday: today's list shows the visits of the local day.
        let (midnight, _) = crate::clinical::time::local_day_bounds(clock.today());
        let started = (now - chrono::Duration::minutes(rng.i64(5..240))).max(midnight.min(now));
        let visit = batch.start_visit(patient.id, &new_visit(rng, age_days), started, by)?;
        summary.visits += 1;
        // Today's visits in every status; the later ones have their vitals.
        let status = VisitStatus::ALL
            .get(rng.usize(..VisitStatus::ALL.len()))
            .copied()
            .unwrap_or(VisitStatus::Waiting);
        if status != VisitStatus::Waiting {
            batch.set_visit_status(
                &visit,
                VisitStatus::Rooming,
                started + chrono::Duration::minutes(2),
                by,
            )?;
        }
        if matches!(status, VisitStatus::ReadyForProvider | VisitStatus::Done) {
            record_vitals(
                batch,
                reference,
                &patient,
                person,
                rng,
                started + chrono::Duration::minutes(4),
                visit.id,
                by,
                &mut previous,
            )?;
            summary.vital_sets += 1;
            chart::reviewed(
                batch,
                patient.id,
                visit.id,
                &medications,
                started + chrono::Duration::minutes(5),
                by,
            )?;
            if let Some(collector) = &collector {
                collector.visit(rng, visit.id, started + chrono::Duration::minutes(5))?;
            }
            // A visit ready for the provider or done has every section of its checklist closed.
            for section in [Section::Injections, Section::Specimens] {
                batch.add_record(
                    patient.id,
                    Some(visit.id),
                    &ChecklistMark {
                        section,
                        outcome: MarkOutcome::NoneDue,
                    },
                    started + chrono::Duration::minutes(6),
                    by,
                )?;
            }
            batch.set_visit_status(&visit, status, started + chrono::Duration::minutes(6), by)?;
        }
    }
    Ok(())
}

/// A visit in one of the clinic's rooms, for a reason that fits the age.
fn new_visit(rng: &mut fastrand::Rng, age_days: i64) -> NewVisit {
    NewVisit {
        reason: reason(rng, age_days).to_owned(),
        room: Some(rng.u32(1..9).to_string()),
    }
}

/// A reason for a visit that fits the age: well-child checks for children, newborn visits
/// for newborns.
fn reason(rng: &mut fastrand::Rng, age_days: i64) -> &'static str {
    match age_days {
        0..28 => "Newborn visit",
        28..6570 if rng.bool() => "Well-child check",
        _ => pick(rng, names::REASONS),
    }
}

/// Typed the way an MA would: in the clinic's usual units, sometimes imperial.
#[expect(clippy::too_many_arguments, reason = "one call site, the demo loop")]
fn record_vitals(
    batch: &Batch<'_>,
    reference: &Reference,
    patient: &Patient,
    person: &Person,
    rng: &mut fastrand::Rng,
    at: DateTime<Utc>,
    visit: crate::clinical::ids::VisitId,
    by: StaffId,
    previous: &mut Previous,
) -> StoreResult<()> {
    let Some(age) = Age::on(person.demographics.birth_date, to_local(at).date_naive()) else {
        return Ok(());
    };
    let draft = typed_vitals(rng, person, age, at);
    let cx = CheckContext {
        table: &reference.vitals,
        birth_date: person.demographics.birth_date,
        now: to_local(at),
        previous: *previous,
        visit_started: None,
        growth: Some(crate::clinical::vitals::growth_check::ChildGrowth {
            reference: &reference.growth,
            sex: person.demographics.sex,
            gestation: None,
        }),
    };
    let mut checked = check(&draft, cx);
    if !checked.warnings.is_empty() {
        // The demo MA re-checked and confirmed every unusual value.
        let mut draft = draft;
        for vital in checked.warnings.keys() {
            draft.set_confirmed(*vital, true);
        }
        checked = check(&draft, cx);
    }
    let Ok(vitals) = checked.ready() else {
        tracing::debug!(errors = checked.errors.len(), "demo set skipped");
        return Ok(());
    };
    batch.record_vitals(
        patient.id,
        visit,
        vitals,
        at + chrono::Duration::minutes(1),
        by,
    )?;
    if let Some(bmi_weight) = vitals
        .observations
        .iter()
        .find(|o| o.vital == crate::clinical::vitals::Vital::Weight)
        .and_then(super::clinical::vitals::set::Observation::value)
    {
        previous.weight = Some((crate::clinical::units::Mass::from_kilograms(bmi_weight), at));
    }
    if let Some(height) = vitals
        .observations
        .iter()
        .find(|o| o.vital == crate::clinical::vitals::Vital::Height)
        .and_then(super::clinical::vitals::set::Observation::value)
    {
        previous.height = Some((crate::clinical::units::Length::from_centimetres(height), at));
    }
    Ok(())
}

/// Rough growth: weight (kg) and height (cm) at an age, for a person of this size.
fn growth(age: Age, sex: Sex, size: f64) -> (f64, f64) {
    let months = f64::from(age.months());
    let years = months / 12.0;
    let male = if sex == Sex::Male { 1.0 } else { 0.0 };
    let (weight, height) = if months < 1.0 {
        (
            3.4 + 0.03 * age.days() as f64,
            50.0 + 0.1 * age.days() as f64,
        )
    } else if months < 12.0 {
        (
            3.4 + 0.6 * months.min(6.0) + 0.4 * (months - 6.0).max(0.0),
            50.0 + 2.6 * months.min(6.0) + 1.4 * (months - 6.0).max(0.0),
        )
    } else if years < 12.0 {
        (2.2 * years + 8.0, 6.0 * years + 76.0)
    } else if years < 18.0 {
        (
            35.0 + 4.5 * (years - 12.0) + 8.0 * male,
            148.0 + 4.0 * (years - 12.0) + 8.0 * male,
        )
    } else {
        (
            66.0 + 14.0 * male + 0.15 * (years - 18.0).min(40.0),
            163.0 + 13.0 * male - 0.08 * (years - 50.0).max(0.0),
        )
    };
    (weight * (1.0 + 0.18 * size), height * (1.0 + 0.035 * size))
}

#[expect(
    clippy::too_many_lines,
    reason = "one line of the paper form after another"
)]
fn typed_vitals(
    rng: &mut fastrand::Rng,
    person: &Person,
    age: Age,
    at: DateTime<Utc>,
) -> VitalsDraft {
    let years = age.years();
    let adult = years >= 18;
    let imperial = person.prefers_imperial && years >= 2;
    let units = UnitChoices {
        temperature: if imperial {
            TemperatureUnit::Fahrenheit
        } else {
            TemperatureUnit::Celsius
        },
        height: if imperial && adult {
            LengthUnit::FootInch
        } else {
            LengthUnit::Centimetre
        },
        weight: if imperial {
            MassUnit::Pound
        } else {
            MassUnit::Kilogram
        },
        head_circumference: LengthUnit::Centimetre,
    };
    let mut d = VitalsDraft {
        taken_at: format_local_date_time(at),
        ..VitalsDraft::new(units)
    };
    let jitter = |rng: &mut fastrand::Rng, spread: f64| (rng.f64() * 2.0 - 1.0) * spread;
    let (weight, height) = growth(age, person.demographics.sex, person.size);
    let weight = weight * (1.0 + jitter(rng, 0.02));
    d.weight = match units.weight {
        MassUnit::Pound => format!("{:.1}", weight / 0.453_592_37),
        MassUnit::Kilogram => format!("{weight:.2}"),
    };
    d.weight_obtained = Some(HowObtained::Measured);
    if !adult || rng.u32(0..3) == 0 {
        d.height = match units.height {
            LengthUnit::FootInch => {
                let inches = (height / 2.54).round();
                format!("{} ft {} in", (inches / 12.0).floor(), inches % 12.0)
            }
            _ => format!("{height:.1}"),
        };
        d.height_obtained = Some(HowObtained::Measured);
    }
    if age.months() < 36 {
        let head = 35.0 + 12.0 * (f64::from(age.months()) / 36.0).sqrt() + jitter(rng, 1.0);
        d.head_circumference = format!("{head:.1}");
    }
    let (hr_mid, rr_mid, sys_mid, dia_mid) = match years {
        0 => (135.0, 38.0, 80.0, 48.0),
        1..3 => (115.0, 28.0, 92.0, 55.0),
        3..6 => (100.0, 24.0, 98.0, 60.0),
        6..12 => (90.0, 20.0, 104.0, 64.0),
        12..18 => (78.0, 16.0, 112.0, 68.0),
        _ => (74.0, 15.0, 118.0, 76.0),
    };
    let hr = hr_mid + jitter(rng, 18.0);
    d.heart_rate = format!("{hr:.0}");
    d.respiratory_rate = format!("{:.0}", rr_mid + jitter(rng, 3.0));
    if years >= 3 || rng.bool() {
        let extra = if person.hypertensive && adult {
            22.0 + 0.3 * f64::from(years.min(90)) - 5.0
        } else {
            0.0
        };
        let systolic = sys_mid + extra + jitter(rng, 12.0);
        let diastolic = (dia_mid + extra * 0.5 + jitter(rng, 8.0)).min(systolic - 25.0);
        d.systolic = format!("{systolic:.0}");
        d.diastolic = format!("{diastolic:.0}");
        d.bp_position = Some(BodyPosition::Sitting);
        d.cuff_site = Some(if rng.bool() {
            CuffSite::RightArm
        } else {
            CuffSite::LeftArm
        });
    } else {
        d.not_obtained.insert(
            crate::clinical::vitals::VitalGroup::BloodPressure,
            crate::clinical::vitals::NotObtainedDraft {
                reason: Some(crate::clinical::vitals::vital::AbsentReason::NotIndicated),
                note: String::new(),
            },
        );
    }
    let fever = rng.u32(0..100) < 8;
    let celsius = if fever {
        38.0 + rng.f64() * 1.5
    } else {
        36.6 + jitter(rng, 0.5)
    };
    d.temperature = match units.temperature {
        TemperatureUnit::Fahrenheit => format!("{:.1}", celsius * 9.0 / 5.0 + 32.0),
        TemperatureUnit::Celsius => format!("{celsius:.1}"),
    };
    d.temperature_route = Some(if years < 4 {
        TemperatureRoute::Temporal
    } else {
        TemperatureRoute::Oral
    });
    let spo2 = if rng.u32(0..100) < 4 {
        91.0 + rng.f64() * 3.0
    } else {
        96.0 + rng.f64() * 4.0
    };
    d.oxygen_saturation = format!("{:.0}", spo2.min(100.0));
    d.oxygen = Some(OxygenDelivery::RoomAir);
    if years >= 4 {
        d.pain = format!("{}", if rng.u32(0..5) == 0 { rng.u32(2..8) } else { 0 });
    }
    d
}
