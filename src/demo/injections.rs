//! Synthetic lots and injections for the demo: lots of the common products (one about to
//! expire, one expired), immunization records transcribed from registries and cards, flu shots
//! and Depo-Provera given here (so the due list has patients on time and late), and skin tests
//! waiting for a reading.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use crate::clinical::ids::{PatientId, StaffId};
use crate::clinical::injection::administration::{
    Administration, Administrator, Event, Funding, GivenDose, HistoricalDose, HistoricalSource,
    LotUsed, ProductRef,
};
use crate::clinical::injection::lot::{Lot, NewLot};
use crate::clinical::injection::{InjectionCatalog, Product};
use crate::clinical::patient::{Demographics, Sex};
use crate::clinical::staff::{Clinic, Staff};
use crate::clinical::time::Clock;
use crate::clinical::visit::{NewVisit, VisitStatus};
use crate::store::{Batch, Store, StoreResult};

/// Products the demo clinic stocks: (product, lot number, days to expiry, doses, maker when
/// the catalog names none). Lots the demo gives from get what the demo chart will use on top.
const STOCK: &[(&str, &str, i64, u32, &str)] = &[
    ("fluzone", "UT8812AA", 160, 50, ""),
    ("flucelvax", "AF92310", 140, 30, ""),
    ("fluzone_high_dose", "UJ4419BA", 150, 30, ""),
    ("boostrix", "7K4J2", 420, 10, ""),
    ("shingrix", "AB3CX", 25, 10, ""),
    ("prevnar_20", "LP9921", 300, 10, ""),
    ("gardasil_9", "Y012733", 500, 10, ""),
    ("mmr_ii", "Z004521", 200, 10, ""),
    ("varivax", "Z009874", 180, 10, ""),
    ("pediarix", "H29KD", 365, 10, ""),
    ("engerix_b_adult", "E77PL", 400, 10, ""),
    ("tubersol", "C5432AA", 240, 10, ""),
    ("medroxyprogesterone_im", "DP2207", 600, 25, "Pfizer"),
    ("cyanocobalamin_im", "B12-4410", 700, 25, "American Regent"),
    ("ketorolac_im", "KT0923", 365, 25, "Hospira"),
    ("ceftriaxone_im", "CF1187", 365, 10, "Sandoz"),
    // Expired last month: listed, never offered.
    ("fluzone", "UT5501ZZ", -30, 10, ""),
];

/// Of every hundred demo patients, a ceiling on how many get a dose here from each lot (see
/// `Injector::record`: about 30, 6, 2 and under 1), with room to spare so a large demo chart
/// never runs a lot dry by chance.
fn expected_use(product: &str, patients: usize) -> u32 {
    let per_hundred = match product {
        "fluzone" => 40,
        "fluzone_high_dose" => 12,
        "medroxyprogesterone_im" => 4,
        "tubersol" => 2,
        _ => 0,
    };
    u32::try_from(patients * per_hundred / 100 + patients.min(1) * 5).unwrap_or(u32::MAX)
}

pub(super) fn receive_lots(
    store: &mut Store,
    catalog: &InjectionCatalog,
    by: StaffId,
    patients: usize,
) -> StoreResult<Vec<Lot>> {
    let today = store.clock().today();
    if !store.lots()?.is_empty() {
        return store.lots();
    }
    for (product, number, days, doses, maker) in STOCK {
        let Some(p) = catalog.product(product) else {
            continue;
        };
        let mvx = p.mvx.first().cloned();
        let manufacturer = mvx
            .as_deref()
            .and_then(|m| catalog.manufacturer(m))
            .map(|m| m.name.clone())
            .or_else(|| p.manufacturer.clone())
            .unwrap_or_else(|| (*maker).to_owned());
        let expires = if *days >= 0 {
            today.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            today.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .unwrap_or(today);
        store.receive_lot(
            &NewLot {
                product_id: (*product).to_owned(),
                number: (*number).to_owned(),
                expires,
                ndc: None,
                manufacturer,
                mvx,
                doses: doses
                    + if *days >= 0 {
                        expected_use(product, patients)
                    } else {
                        0
                    },
            },
            by,
        )?;
    }
    store.lots()
}

pub(super) struct Injector<'a> {
    pub batch: &'a Batch<'a>,
    pub catalog: &'a InjectionCatalog,
    pub lots: &'a [Lot],
    pub clinic: &'a Clinic,
    pub clock: Clock,
    pub patient: PatientId,
    pub staff: &'a Staff,
}

impl Injector<'_> {
    fn transcribe(
        &self,
        product: &str,
        on: NaiveDate,
        series: Option<u8>,
        source: HistoricalSource,
    ) -> StoreResult<()> {
        let Some(p) = self.catalog.product(product) else {
            return Ok(());
        };
        if on > self.clock.today() {
            return Ok(());
        }
        let at = self.clock.now() - Duration::days(days_since(on, self.clock.today()));
        self.batch.add_record(
            self.patient,
            None,
            &Administration {
                product: ProductRef::of(p),
                event: Event::Historical(HistoricalDose {
                    on,
                    series_dose: series,
                    lot_number: None,
                    lot_expires: None,
                    given_by: None,
                    source,
                }),
                overrides: Vec::new(),
            },
            at,
            self.staff.id,
        )?;
        Ok(())
    }

    fn give(&self, product: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let Some(p) = self.catalog.product(product) else {
            return Ok(());
        };
        let Some(lot) = self
            .lots
            .iter()
            .find(|l| l.product_id == product && l.expires >= self.clock.today())
        else {
            return Ok(());
        };
        // A dose given here belongs to a visit: a short nurse visit of its own.
        let visit = self.batch.start_visit(
            self.patient,
            &NewVisit {
                reason: format!("Nurse visit: {}", p.name),
                room: Some("Injection room".into()),
            },
            at - Duration::minutes(10),
            self.staff.id,
        )?;
        self.batch.set_visit_status(
            &visit,
            VisitStatus::Rooming,
            at - Duration::minutes(8),
            self.staff.id,
        )?;
        self.batch.save_administration(
            self.patient,
            Some(visit.id),
            &given(p, lot, at, self),
            at,
            self.staff.id,
        )?;
        self.batch.set_visit_status(
            &visit,
            VisitStatus::Done,
            at + Duration::minutes(15),
            self.staff.id,
        )?;
        Ok(())
    }

    /// A plausible record for the age: childhood series from the registry, flu and boosters
    /// for adults, Depo-Provera for some women, skin tests for some of today's patients.
    pub fn record(
        &self,
        rng: &mut fastrand::Rng,
        who: &Demographics,
        seen_today: bool,
    ) -> StoreResult<()> {
        let today = self.clock.today();
        let birth = who.birth_date;
        let age_days = (today - birth).num_days();
        let after = |days: u64| birth.checked_add_days(Days::new(days)).unwrap_or(birth);
        if age_days < 18 * 365 && rng.u32(0..100) < 80 {
            let source = HistoricalSource::Registry;
            self.transcribe("hepb_unspecified", birth, Some(1), source)?;
            for (n, days) in [(1u8, 61u64), (2, 122), (3, 183)] {
                self.transcribe("pediarix", after(days), Some(n), source)?;
            }
            self.transcribe("mmr_ii", after(366), Some(1), source)?;
            self.transcribe("varivax", after(366), Some(1), source)?;
            if age_days > 6 * 365 {
                self.transcribe("mmr_ii", after(4 * 365 + 30), Some(2), source)?;
                self.transcribe("varivax", after(4 * 365 + 30), Some(2), source)?;
            }
        }
        if age_days >= 18 * 365 {
            if rng.u32(0..100) < 50 {
                let years_ago = rng.u64(1..9);
                let on = today
                    .checked_sub_days(Days::new(years_ago * 365))
                    .unwrap_or(today);
                self.transcribe("dtap_unspecified", on, None, HistoricalSource::Card)?;
            }
            if rng.u32(0..100) < 55 {
                let on = today
                    .checked_sub_days(Days::new(365 + rng.u64(0..40)))
                    .unwrap_or(today);
                self.transcribe(
                    "influenza_unspecified",
                    on,
                    None,
                    HistoricalSource::OtherProvider,
                )?;
            }
        }
        // This season's flu shot, given here at an earlier visit.
        if age_days >= 365 && rng.u32(0..100) < 35 {
            let at = self.clock.now()
                - Duration::days(rng.i64(20..60))
                - Duration::minutes(rng.i64(0..300));
            let product = if age_days >= 65 * 365 {
                "fluzone_high_dose"
            } else {
                "fluzone"
            };
            self.give(product, at)?;
        }
        let years = age_days / 365;
        if who.sex == Sex::Female && (16..45).contains(&years) && rng.u32(0..100) < 15 {
            // Last dose 70 to 125 days ago: some due soon, some due, some late.
            let at = self.clock.now() - Duration::days(rng.i64(70..125));
            self.give("medroxyprogesterone_im", at)?;
        }
        if seen_today && years >= 18 && rng.u32(0..100) < 35 {
            // Placed two (window open) or four (missed) days ago.
            let hours = if rng.bool() { 50 } else { 98 };
            self.give("tubersol", self.clock.now() - Duration::hours(hours))?;
        }
        Ok(())
    }
}

fn days_since(on: NaiveDate, today: NaiveDate) -> i64 {
    (today - on).num_days().max(0)
}

fn given(p: &Product, lot: &Lot, at: DateTime<Utc>, by: &Injector<'_>) -> Administration {
    let today = by.clock.today();
    let vis = p
        .vis
        .iter()
        .filter_map(|v| by.catalog.vis(v))
        .map(|v| crate::clinical::injection::administration::VisGiven {
            title: v.title.clone(),
            edition: v.edition,
            given_on: crate::clinical::time::to_local(at).date_naive().min(today),
        })
        .collect();
    Administration {
        product: ProductRef::of(p),
        event: Event::GivenHere(Box::new(GivenDose {
            at,
            lot: LotUsed {
                lot_id: lot.id,
                number: lot.number.clone(),
                expires: lot.expires,
                ndc: lot.ndc.clone(),
                manufacturer: lot.manufacturer.clone(),
                mvx: lot.mvx.clone(),
            },
            dose: p
                .doses
                .first()
                .copied()
                .unwrap_or(crate::clinical::injection::dose::Dose {
                    thousandths: 500,
                    unit: crate::clinical::injection::dose::DoseUnit::Millilitre,
                }),
            route: p
                .route
                .unwrap_or(crate::clinical::injection::dose::Route::Intramuscular),
            site: p.sites.first().copied(),
            series_dose: None,
            ordered_by: "Dr. Rivera (demo)".into(),
            funding: (p.kind == crate::clinical::injection::ProductKind::Vaccine)
                .then_some(Funding::NotEligible),
            administered_by: Administrator {
                name: by.staff.name.clone(),
                title: by.staff.credentials.clone(),
                clinic: by.clinic.name.clone(),
                address: by.clinic.address.clone(),
            },
            vis,
        })),
        overrides: Vec::new(),
    }
}
