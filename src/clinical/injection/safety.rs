//! The checks before an injection is saved: allergies and a prior reaction, pregnancy, the lot,
//! the same vaccine today or too soon, two live vaccines too close, an unusual dose. Each finding
//! names the fact that raised it. A warning can be passed with a typed reason; a severe allergy,
//! a severe reaction to the vaccine group or a second dose of a vaccine the same day only with a
//! provider's co-signature too; a hard stop cannot, and says what would have to change.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clinical::allergy::{
    AllergenCatalog, Allergy, AllergySubstance, Substance, relevant_allergies,
};
use crate::clinical::cdsi::supporting::Supporting;
use crate::clinical::coded::coded_enum;
use crate::clinical::history::social::{Pregnancy, PregnancyStatus};
use crate::clinical::ids::RecordId;
use crate::clinical::injection::administration::{Administration, ProductRef};
use crate::clinical::injection::catalog::{InjectionCatalog, PregnancyCheck, Product, ProductKind};
use crate::clinical::injection::contraindicated::contraindication_findings;
use crate::clinical::injection::dose::{Dose, Route};
use crate::clinical::injection::dose_limit::{DosingBasis, limit, weight_is_stale};
use crate::clinical::injection::lot::Lot;
use crate::clinical::injection::observations::Observed;
use crate::clinical::injection::pregnancy_window::window_finding;
use crate::clinical::injection::schedule::{ScheduleFinding, day, schedule_findings};
use crate::clinical::patient::Sex;
use crate::clinical::record::{Recorded, Versioned, current};
use crate::clinical::text::name_keys;

coded_enum!(
    /// What a check is about; kept with an override.
    CheckKind {
        Allergy => "allergy", "Allergy";
        PriorReaction => "prior_reaction", "Prior reaction";
        Pregnant => "pregnant", "Pregnancy";
        PositivePregnancyTest => "positive_hcg", "Positive pregnancy test";
        PregnancyUnknown => "pregnancy_unknown", "Pregnancy status";
        PregnancyTestNeeded => "pregnancy_test_needed", "Pregnancy test needed";
        ExpiredLot => "expired_lot", "Expired lot";
        EmptyLot => "empty_lot", "Empty lot";
        WrongLot => "wrong_lot", "Lot of another product";
        SameDay => "same_day", "Already given today";
        TooSoon => "too_soon", "Too soon";
        LiveSpacing => "live_spacing", "Live vaccines too close";
        UnusualDose => "unusual_dose", "Unusual dose";
        Schedule => "schedule", "ACIP schedule";
        TooYoung => "too_young", "Too young";
        AboveLimit => "above_limit", "Dose above the limit";
        WeightNeeded => "weight_needed", "Weight needed";
        Early => "early", "Before it is due";
        Contraindication => "contraindication", "Contraindication";
        PregnancyWindow => "pregnancy_window", "Weeks of pregnancy";
    }
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// Cannot be overridden.
    HardStop,
    /// Passed only with a reason and a provider's co-signature, proven by their password.
    ProviderOverride,
    /// May be passed with a typed reason.
    Warning,
    /// Shown so the MA knows; nothing to pass.
    Information,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub gate: Gate,
    pub kind: CheckKind,
    /// The fact that raised it, in words.
    pub fact: String,
}

impl Finding {
    /// What identifies a finding across frames, so a typed reason stays with it.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.code(), self.fact)
    }
}

/// A urine pregnancy test done in this visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PregnancyTest {
    pub positive: bool,
    pub at: DateTime<Utc>,
}

/// What the checks know of the patient.
pub struct Patient<'a> {
    pub allergies: &'a [Versioned<Allergy>],
    /// The chart's pregnancy status and when it was recorded.
    pub pregnancy: Option<(Pregnancy, &'a Recorded)>,
    /// Whether pregnancy is asked at this age and sex.
    pub asks_pregnancy: bool,
    /// Whether pregnancy is asked at this age, whatever the sex.
    pub childbearing_age: bool,
    /// Age and latest weight, for the drugs dosed by them.
    pub dosing: DosingBasis,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub pregnancy_test: Option<PregnancyTest>,
    /// Every version of the patient's administrations.
    pub past: &'a [Versioned<Administration>],
    /// What the chart says in CDSi's terms (conditions, medications, allergies, pregnancy).
    pub observations: &'a [Observed],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposed<'a> {
    GivenHere {
        lot: Option<&'a Lot>,
        dose: Option<Dose>,
    },
    Historical {
        lot_expires: Option<NaiveDate>,
    },
}

/// The dose about to be saved.
pub struct Proposal<'a> {
    pub product: &'a Product,
    pub day: NaiveDate,
    pub how: Proposed<'a>,
    /// The version a correction replaces: it is not a dose "already given".
    pub replaces: Option<RecordId>,
}

pub struct References<'a> {
    pub catalog: &'a InjectionCatalog,
    pub allergens: &'a AllergenCatalog,
    /// CDC's CDSi data; without it (unreadable) the catalog's own intervals are used.
    pub schedule: Option<&'a Supporting>,
}

/// Every finding for the proposal, hard stops first.
pub fn check(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    refs: &References<'_>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Proposed::GivenHere { lot, dose } = proposal.how {
        allergies(proposal.product, patient, refs, &mut findings);
        pregnancy(proposal, patient, refs.catalog, &mut findings);
        if let Some(lot) = lot {
            lot_findings(proposal, lot, &mut findings);
        }
        age_and_weight(proposal, patient, dose, refs.catalog, &mut findings);
        contraindications(proposal, patient, refs, &mut findings);
        if let Some(dose) = dose
            && !proposal.product.doses.is_empty()
            && !proposal.product.doses.contains(&dose)
        {
            let usual: Vec<String> = proposal
                .product
                .doses
                .iter()
                .map(ToString::to_string)
                .collect();
            findings.push(Finding {
                gate: Gate::Warning,
                kind: CheckKind::UnusualDose,
                fact: format!(
                    "{dose} is not the usual dose of {} ({})",
                    proposal.product.name,
                    usual.join(" or ")
                ),
            });
        }
    }
    if let Proposed::Historical {
        lot_expires: Some(expires),
    } = proposal.how
        && proposal.day > expires
    {
        findings.push(Finding {
            gate: Gate::Warning,
            kind: CheckKind::ExpiredLot,
            fact: format!(
                "the lot had expired {}, before the dose on {}",
                day(expires),
                day(proposal.day)
            ),
        });
    }
    schedule(proposal, patient, refs, &mut findings);
    findings.sort_by_key(|f| f.gate);
    findings
}

/// CDSi's contraindications for what the chart says: only a provider's co-signature passes.
fn contraindications(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    refs: &References<'_>,
    findings: &mut Vec<Finding>,
) {
    let (Some(data), Some(cvx)) = (refs.schedule, proposal.product.cvx.as_deref()) else {
        return;
    };
    let Ok(cvx) = cvx.parse() else {
        return;
    };
    let facts = contraindication_findings(
        data,
        proposal.product,
        cvx,
        patient.birth_date,
        proposal.day,
        patient.observations,
    );
    findings.extend(facts.into_iter().map(|fact| Finding {
        gate: Gate::ProviderOverride,
        kind: CheckKind::Contraindication,
        fact,
    }));
}

/// The ACIP schedule (CDSi) on a dose given here: its findings, and the catalog's own intervals
/// only where the schedule has nothing to say. A transcribed dose is a fact to record: the
/// catalog's intervals warn, the schedule does not stop it.
fn schedule(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    refs: &References<'_>,
    findings: &mut Vec<Finding>,
) {
    let given_here = matches!(proposal.how, Proposed::GivenHere { .. });
    let by_schedule = refs.schedule.filter(|_| given_here).and_then(|data| {
        schedule_findings(
            data,
            proposal.product,
            proposal.day,
            patient.birth_date,
            patient.sex,
            patient.past,
            proposal.replaces,
        )
    });
    let Some(found) = by_schedule else {
        if given_here && refs.schedule.is_none() && proposal.product.kind == ProductKind::Vaccine {
            findings.push(Finding {
                gate: Gate::Information,
                kind: CheckKind::Schedule,
                fact: "CDC's schedule data could not be read: only the catalog's intervals are checked".into(),
            });
        }
        intervals(proposal, patient, refs.catalog, findings, true);
        return;
    };
    findings.extend(found.into_iter().map(|f| match f {
        ScheduleFinding::NotValid(fact) | ScheduleFinding::NotPreferred(fact) => Finding {
            gate: Gate::ProviderOverride,
            kind: CheckKind::Schedule,
            fact,
        },
        ScheduleFinding::NotNeeded(fact) => Finding {
            gate: Gate::Warning,
            kind: CheckKind::Schedule,
            fact,
        },
    }));
    // The schedule has judged age, interval and live vaccines; the same-day checks (a dose of
    // the same vaccine twice) still apply.
    intervals(proposal, patient, refs.catalog, findings, false);
}

fn allergies(
    product: &Product,
    patient: &Patient<'_>,
    refs: &References<'_>,
    findings: &mut Vec<Finding>,
) {
    let contents = Substance {
        name: product.name.clone(),
        ingredients: product.components.clone(),
    };
    let matched = relevant_allergies(patient.allergies, &contents, refs.allergens);
    for m in &matched {
        let summary = m.allergy.content.summary();
        let fact = if name_keys(&m.matched) == name_keys(&product.name) {
            format!("{summary}: recorded against {}", product.name)
        } else {
            format!("{summary}: {} contains {}", product.name, m.matched)
        };
        let information_only = match &m.allergy.content.substance {
            AllergySubstance::Catalog { id, .. } => refs.allergens.get(id).is_some_and(|a| {
                product.kind == ProductKind::Vaccine
                    && a.information_only_for
                        .iter()
                        .any(|g| product.groups.contains(g))
            }),
            AllergySubstance::FreeText(_) => false,
        };
        findings.push(Finding {
            gate: if information_only {
                Gate::Information
            } else {
                severity_gate(&m.allergy.content)
            },
            kind: CheckKind::Allergy,
            fact,
        });
    }
    if product.kind != ProductKind::Vaccine {
        return;
    }
    // A reaction to "the flu shot" is recorded under the vaccine's names, not its contents: the
    // group's names and every product of the group ("reaction to Fluzone" before Flublok).
    let names: Vec<String> = product
        .groups
        .iter()
        .filter_map(|g| refs.catalog.group(g))
        .flat_map(|g| std::iter::once(g.name.clone()).chain(g.synonyms.iter().cloned()))
        .chain(product.cvx_description.clone())
        .chain(
            refs.catalog
                .products()
                .iter()
                .filter(|p| p.groups.iter().any(|g| product.groups.contains(g)))
                // "Fluzone" for "Fluzone (trivalent, preservative free)": notes name the brand.
                .flat_map(|p| {
                    let brand = p.name.split(" (").next().unwrap_or_default().to_owned();
                    [p.name.clone(), brand]
                        .into_iter()
                        .chain(p.synonyms.iter().cloned())
                }),
        )
        .collect();
    let as_vaccine = Substance {
        name: String::new(),
        ingredients: names.clone(),
    };
    let already: Vec<RecordId> = matched.iter().map(|m| m.allergy.id).collect();
    for m in relevant_allergies(patient.allergies, &as_vaccine, refs.allergens) {
        if !already.contains(&m.allergy.id) {
            findings.push(Finding {
                gate: severity_gate(&m.allergy.content),
                kind: CheckKind::PriorReaction,
                fact: format!(
                    "{}: {} is a {} vaccine",
                    m.allergy.content.summary(),
                    product.name,
                    m.matched
                ),
            });
        }
    }
    // "Vaccine (prior reaction)" from the allergen catalog says which vaccine in its note.
    for allergy in current(patient.allergies).filter(|a| a.content.is_in_force()) {
        let AllergySubstance::Catalog { id, .. } = &allergy.content.substance else {
            continue;
        };
        if id != "prior_vaccine_reaction" || already.contains(&allergy.id) {
            continue;
        }
        let note = name_keys(allergy.content.note.as_deref().unwrap_or_default());
        let vaccine_named = names
            .iter()
            .chain(std::iter::once(&product.name))
            .find(|n| {
                let words = name_keys(n);
                !words.is_empty() && note.windows(words.len()).any(|w| w == words.as_slice())
            });
        if let Some(named) = vaccine_named {
            findings.push(Finding {
                gate: severity_gate(&allergy.content),
                kind: CheckKind::PriorReaction,
                fact: format!(
                    "{} (“{}”): {} is a {named} vaccine",
                    allergy.content.summary(),
                    allergy.content.note.as_deref().unwrap_or_default(),
                    product.name
                ),
            });
        }
    }
}

/// A severe allergy or reaction needs a provider; any other a reason.
fn severity_gate(allergy: &Allergy) -> Gate {
    if allergy.is_severe() {
        Gate::ProviderOverride
    } else {
        Gate::Warning
    }
}

fn pregnancy(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    catalog: &InjectionCatalog,
    findings: &mut Vec<Finding>,
) {
    let product = proposal.product;
    if let Some(weeks) = product.pregnancy_weeks {
        findings.extend(window_finding(
            product,
            weeks,
            proposal.day,
            patient.pregnancy.map(|(p, _)| p),
            patient.pregnancy_test,
        ));
    }
    if !product.pregnancy.applies() {
        return;
    }
    let why = if product.live {
        format!("{} is a live vaccine", product.name)
    } else {
        format!("{} is not given in pregnancy", product.name)
    };
    if let Some(test) = patient.pregnancy_test.filter(|t| t.positive) {
        findings.push(Finding {
            gate: Gate::HardStop,
            kind: CheckKind::PositivePregnancyTest,
            fact: format!(
                "urine hCG positive at {}: {why}",
                crate::clinical::time::format_local_date_time(test.at)
            ),
        });
        return;
    }
    let negative_test = patient.pregnancy_test.is_some_and(|t| !t.positive);
    match patient.pregnancy {
        Some((p, recorded)) if p.status == PregnancyStatus::Pregnant => {
            findings.push(Finding {
                gate: Gate::HardStop,
                kind: CheckKind::Pregnant,
                fact: format!(
                    "pregnant per the social history ({}, {}): {why}. If she is no longer pregnant, update the social history first",
                    recorded.by_name,
                    day(crate::clinical::time::to_local(recorded.at).date_naive())
                ),
            });
            return;
        }
        None if !negative_test
            && !patient.asks_pregnancy
            && product.pregnancy == PregnancyCheck::WhateverSex
            && patient.childbearing_age =>
        {
            // Not asked at this recorded sex: shown, not a warning on every dose of a man's
            // testosterone, so a patient who can conceive is still asked.
            findings.push(Finding {
                gate: Gate::Information,
                kind: CheckKind::PregnancyUnknown,
                fact: format!(
                    "{why}: if this patient can become pregnant, ask first (asked whatever the recorded sex)"
                ),
            });
        }
        _ if negative_test || !patient.asks_pregnancy => {}
        None => findings.push(Finding {
            gate: Gate::Warning,
            kind: CheckKind::PregnancyUnknown,
            fact: format!("pregnancy status not recorded: ask before giving; {why}"),
        }),
        Some((p, recorded)) => {
            let recorded_on = crate::clinical::time::to_local(recorded.at).date_naive();
            let age = (proposal.day - recorded_on).num_days();
            if p.status != PregnancyStatus::NotPregnant {
                findings.push(Finding {
                    gate: Gate::Warning,
                    kind: CheckKind::PregnancyUnknown,
                    fact: format!(
                        "pregnancy status “{}” ({}): {why}",
                        p.status.label().to_lowercase(),
                        day(recorded_on)
                    ),
                });
            } else if age > i64::from(catalog.pregnancy_status_recheck_days) {
                findings.push(Finding {
                    gate: Gate::Warning,
                    kind: CheckKind::PregnancyUnknown,
                    fact: format!(
                        "“not pregnant” was recorded {}, {age} days ago: ask again; {why}",
                        day(recorded_on)
                    ),
                });
            }
        }
    }
    // A late contraceptive dose: she may have conceived since the last one.
    if let Some(interval) = product.interval
        && !negative_test
        && let Some(last) = given(patient, proposal.replaces)
            .filter(|a| a.content.product.id == product.id && a.content.day() < proposal.day)
            .map(|a| a.content.day())
            .max()
    {
        let days = (proposal.day - last).num_days();
        if days > i64::from(interval.late_after_days) {
            findings.push(Finding {
                gate: Gate::Warning,
                kind: CheckKind::PregnancyTestNeeded,
                fact: format!(
                    "the last dose was {}, {} weeks ago (late after {} weeks): do a pregnancy test first",
                    day(last),
                    days / 7,
                    interval.late_after_days / 7
                ),
            });
        }
    }
}

/// A drug's age floor and its dose limits by age and weight.
fn age_and_weight(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    dose: Option<Dose>,
    catalog: &InjectionCatalog,
    findings: &mut Vec<Finding>,
) {
    let fresh_days = catalog.weight_fresh_days;
    let product = proposal.product;
    if let Some(floor) = &product.age_floor
        && let Some(age) = patient.dosing.age
        && !age.has_reached(floor.age)
    {
        findings.push(Finding {
            gate: Gate::HardStop,
            kind: CheckKind::TooYoung,
            fact: format!(
                "{} is not given under {} ({}); the patient is {age}",
                product.name, floor.age, floor.reason
            ),
        });
    }
    let Some(dose) = dose else { return };
    let found = limit(&product.dose_limits, patient.dosing);
    if let Some(allowed) = &found.allowed
        && dose.unit == allowed.max.unit
        && dose > allowed.max
    {
        let age = patient
            .dosing
            .age
            .map_or_else(|| "age unknown".to_owned(), |a| a.to_string());
        let weighed = match (&allowed.worked, patient.dosing.weight) {
            (Some(worked), Some((_, taken))) => {
                let when = crate::clinical::time::to_local(taken).date_naive();
                let stale = if weight_is_stale(taken, proposal.day, fresh_days) {
                    ", weigh again"
                } else {
                    ""
                };
                format!(
                    " = {} by weight ({worked}, weighed {}{stale})",
                    allowed.max,
                    day(when)
                )
            }
            _ => String::new(),
        };
        findings.push(Finding {
            gate: Gate::ProviderOverride,
            kind: CheckKind::AboveLimit,
            fact: format!(
                "{dose} is more than {} for this patient ({age}): {} ({}){weighed}",
                allowed.max,
                allowed.limit.source,
                allowed.limit.when()
            ),
        });
    }
    for unchecked in found.unchecked(dose) {
        findings.push(Finding {
            gate: Gate::Warning,
            kind: CheckKind::WeightNeeded,
            fact: format!(
                "no weight on the chart: weigh the patient; {} ({})",
                unchecked.source,
                unchecked.when()
            ),
        });
    }
}

fn lot_findings(proposal: &Proposal<'_>, lot: &Lot, findings: &mut Vec<Finding>) {
    if lot.product_id != proposal.product.id {
        findings.push(Finding {
            gate: Gate::HardStop,
            kind: CheckKind::WrongLot,
            fact: format!(
                "lot {} is not a lot of {}",
                lot.number, proposal.product.name
            ),
        });
    }
    if lot.is_expired_on(proposal.day) {
        findings.push(Finding {
            gate: Gate::HardStop,
            kind: CheckKind::ExpiredLot,
            fact: format!(
                "lot {} expired {}: choose another lot",
                lot.number,
                day(lot.expires)
            ),
        });
    } else if lot.left == 0 {
        findings.push(Finding {
            gate: Gate::HardStop,
            kind: CheckKind::EmptyLot,
            fact: format!("lot {} has no doses left", lot.number),
        });
    }
}

/// The patient's current administrations in which a dose went in, less the one being corrected.
fn given<'a>(
    patient: &'a Patient<'_>,
    replaces: Option<RecordId>,
) -> impl Iterator<Item = &'a Versioned<Administration>> {
    current(patient.past).filter(move |a| a.content.was_given() && Some(a.id) != replaces)
}

/// The same vaccine today, and (`spacing`: when the schedule has not judged it) the catalog's
/// minimum intervals and live-vaccine spacing.
fn intervals(
    proposal: &Proposal<'_>,
    patient: &Patient<'_>,
    catalog: &InjectionCatalog,
    findings: &mut Vec<Finding>,
    spacing: bool,
) {
    let product = proposal.product;
    let this = ProductRef::of(product);
    for past in given(patient, proposal.replaces) {
        let other = &past.content;
        let days = (proposal.day - other.day()).num_days();
        let same_group = product.kind == ProductKind::Vaccine
            && catalog
                .product(&other.product.id)
                .is_some_and(|o| o.groups.iter().any(|g| product.groups.contains(g)));
        if days == 0 && same_group && !this.same_as(&other.product) {
            findings.push(Finding {
                gate: Gate::ProviderOverride,
                kind: CheckKind::SameDay,
                fact: format!(
                    "{} today is a dose of the same vaccine as {}",
                    other.product.name, product.name
                ),
            });
            continue;
        }
        if this.same_as(&other.product) {
            if days == 0 {
                let when = match &other.event {
                    crate::clinical::injection::administration::Event::GivenHere(g) => format!(
                        "{} at {}",
                        other.product.name,
                        crate::clinical::time::to_local(g.at).format("%H:%M")
                    ),
                    _ => format!("{} (transcribed)", other.product.name),
                };

                // A second dose of a vaccine the same day is almost always an error.
                let gate = if product.kind == ProductKind::Vaccine {
                    Gate::ProviderOverride
                } else {
                    Gate::Warning
                };
                findings.push(Finding {
                    gate,
                    kind: CheckKind::SameDay,
                    fact: when,
                });
                continue;
            }
            if let Some(interval) = product.interval
                && days > 0
                && days < i64::from(interval.earliest_days)
            {
                findings.push(Finding {
                    gate: Gate::Warning,
                    kind: CheckKind::Early,
                    fact: format!(
                        "the last dose was {}, {days} days ago: the next is due from day {} ({})",
                        day(other.day()),
                        interval.earliest_days,
                        day(other.day() + chrono::Days::new(u64::from(interval.earliest_days)))
                    ),
                });
            }
            let shared = product
                .groups
                .iter()
                .filter(|g| other.product.groups.contains(g));
            let minimum = shared
                .filter_map(|g| catalog.group(g))
                .map(|g| (g.min_interval_days, g.name.as_str()))
                .max();
            if spacing
                && let Some((minimum, group)) = minimum
                && days.unsigned_abs() < u64::from(minimum)
            {
                findings.push(Finding {
                    gate: Gate::Warning,
                    kind: CheckKind::TooSoon,
                    fact: format!(
                        "{group}: {} given {}, {} days {}; the minimum interval is {minimum} days",
                        other.product.name,
                        day(other.day()),
                        days.abs(),
                        if days >= 0 { "ago" } else { "later" },
                    ),
                });
            }
        }
        let other_live = catalog
            .product(&other.product.id)
            .is_some_and(|p| p.live && p.route != Some(Route::Oral));
        let live_days = i64::from(catalog.live_vaccine_spacing_days);
        if spacing
            && product.live
            && product.route != Some(Route::Oral)
            && other_live
            && days != 0
            && days.abs() < live_days
            && !this.same_as(&other.product)
        {
            findings.push(Finding {
                gate: Gate::Warning,
                kind: CheckKind::LiveSpacing,
                fact: format!(
                    "{} is live and {} (live) was given {}, {} days apart: live vaccines not given the same day need {live_days} days between them",
                    product.name,
                    other.product.name,
                    day(other.day()),
                    days.abs()
                ),
            });
        }
    }
}
