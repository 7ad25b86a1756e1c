//! The injection catalogs (`assets/vaccines.toml`, `therapeutic_injections.toml`,
//! `tuberculin.toml`) read into one list of products the form can offer, with the vaccine
//! groups, Vaccine Information Statements and manufacturers they name. Checked at start-up: a
//! product naming an unknown group, VIS or manufacturer, or a dose that cannot be read, stops
//! the start with a message naming the file.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::clinical::allergy::catalog::CatalogError;
use crate::clinical::catalog::SuggestionIndex;
use crate::clinical::injection::catalog_files::{
    DrugFile, RawDoseLimit, TuberculinFile, VaccineFile,
};
use crate::clinical::injection::dose::{Dose, DoseUnit, Route, Site};
use crate::clinical::injection::dose_limit::{AgeFloor, DoseLimit};
use crate::clinical::injection::tst::TstRules;

pub const VACCINES: &str = include_str!("../../../assets/vaccines.toml");
pub const THERAPEUTIC: &str = include_str!("../../../assets/therapeutic_injections.toml");
pub const TUBERCULIN: &str = include_str!("../../../assets/tuberculin.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    Vaccine,
    Drug,
    Tuberculin,
}

/// Whether a product is checked against pregnancy before it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PregnancyCheck {
    NotChecked,
    /// Not given in pregnancy: asked at the ages and sexes the social history asks.
    Checked,
    /// The same, and the question is raised whatever the recorded sex (testosterone).
    WhateverSex,
}

impl PregnancyCheck {
    pub fn applies(self) -> bool {
        self != Self::NotChecked
    }

    fn of(checked: bool) -> Self {
        if checked {
            Self::Checked
        } else {
            Self::NotChecked
        }
    }
}

/// When the next dose of a scheduled drug is due, and when it is late.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DoseInterval {
    /// A dose before this many days after the last is early (a warning).
    pub earliest_days: u32,
    pub next_due_days: u32,
    pub late_after_days: u32,
}

/// Something the clinic injects (or, for historical entries, once did): a vaccine, a drug or a
/// tuberculin, as the form and the checks need it.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub id: String,
    pub kind: ProductKind,
    pub name: String,
    pub synonyms: Vec<String>,
    pub cvx: Option<String>,
    pub cvx_description: Option<String>,
    /// Vaccine groups (ids); a combination vaccine is in several.
    pub groups: Vec<String>,
    pub mvx: Vec<String>,
    /// The maker, when it has no MVX code.
    pub manufacturer: Option<String>,
    /// Usual doses, the first prefilled.
    pub doses: Vec<Dose>,
    pub route: Option<Route>,
    pub sites: Vec<Site>,
    pub live: bool,
    /// What the allergy check compares: ingredients, excipients, packaging.
    pub components: Vec<String>,
    /// VIS ids, one sheet per component disease.
    pub vis: Vec<String>,
    /// Only for transcribing old records (an unknown formulation cannot be given here).
    pub historical_only: bool,
    pub interval: Option<DoseInterval>,
    /// Whether the pregnancy checks apply.
    pub pregnancy: PregnancyCheck,
    /// In pregnancy, given only from the first to the last completed week (Abrysvo 32-36).
    pub pregnancy_weeks: Option<[u32; 2]>,
    /// Refused below an age (promethazine under 2 years).
    pub age_floor: Option<AgeFloor>,
    /// The most a dose may be, by age and weight.
    pub dose_limits: Vec<DoseLimit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaccineGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    pub min_interval_days: u32,
}

/// A Vaccine Information Statement and the edition printed on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vis {
    pub id: String,
    pub title: String,
    pub edition: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manufacturer {
    pub mvx: String,
    pub name: String,
}

pub struct InjectionCatalog {
    products: Vec<Product>,
    /// Product positions by id: the checks look products up for every past dose.
    positions: std::collections::HashMap<String, usize>,
    groups: Vec<VaccineGroup>,
    vis: Vec<Vis>,
    manufacturers: Vec<Manufacturer>,
    index: SuggestionIndex,
    pub live_vaccine_spacing_days: u32,
    pub pregnancy_status_recheck_days: u32,
    /// CDSi vaccine groups not listed as due (travel and exposure vaccines).
    pub due_list_leaves_out: Vec<String>,
    /// A weight older than this is stale beside a dose worked out from it.
    pub weight_fresh_days: i64,
    pub tst: TstRules,
}

fn invalid(file: &'static str, detail: String) -> CatalogError {
    CatalogError::Invalid { file, detail }
}

/// A label's limit, checked: in the unit of the drug's doses, with a positive weight.
fn dose_limit(
    file: &'static str,
    id: &str,
    doses: &[Dose],
    raw: RawDoseLimit,
) -> Result<DoseLimit, CatalogError> {
    let max = dose(file, id, &raw.max)?;
    let per_kg = raw.per_kg.map(|t| dose(file, id, &t)).transpose()?;
    let unit = doses.first().map(|d| d.unit);
    if Some(max.unit) != unit || per_kg.is_some_and(|p| Some(p.unit) != unit) {
        return Err(invalid(file, format!("{id}: a dose limit in another unit")));
    }
    if raw.under_kg.is_some_and(|kg| !(kg.is_finite() && kg > 0.0)) {
        return Err(invalid(file, format!("{id}: under_kg must be a weight")));
    }
    Ok(DoseLimit {
        from_age: raw.from_age,
        under_age: raw.under_age,
        under_kg: raw.under_kg,
        per_kg,
        max,
        source: raw.source,
    })
}

fn dose(file: &'static str, id: &str, text: &str) -> Result<Dose, CatalogError> {
    Dose::parse(text).map_err(|e| invalid(file, format!("{id}: the dose “{text}”: {e}")))
}

impl InjectionCatalog {
    pub fn built_in() -> Result<Self, CatalogError> {
        Self::parse(VACCINES, THERAPEUTIC, TUBERCULIN)
    }

    pub fn parse(vaccines: &str, drugs: &str, tuberculin: &str) -> Result<Self, CatalogError> {
        const V: &str = "assets/vaccines.toml";
        const D: &str = "assets/therapeutic_injections.toml";
        const T: &str = "assets/tuberculin.toml";
        let syntax = |file: &'static str| {
            move |e: toml::de::Error| CatalogError::Syntax {
                file,
                detail: e.to_string(),
            }
        };
        let v: VaccineFile = toml::from_str(vaccines).map_err(syntax(V))?;
        let d: DrugFile = toml::from_str(drugs).map_err(syntax(D))?;
        let t: TuberculinFile = toml::from_str(tuberculin).map_err(syntax(T))?;
        for (file, source) in [(V, &v.source), (D, &d.source), (T, &t.source)] {
            if source.trim().is_empty() {
                return Err(invalid(file, "the catalog names no source".into()));
            }
        }
        t.rules.check().map_err(|e| invalid(T, e))?;

        let vis = v
            .vis
            .into_iter()
            .map(|raw| {
                let edition =
                    NaiveDate::parse_from_str(&raw.edition, "%Y-%m-%d").map_err(|_| {
                        invalid(
                            V,
                            format!("the VIS {} has no readable edition date", raw.id),
                        )
                    })?;
                Ok(Vis {
                    id: raw.id,
                    title: raw.title,
                    edition,
                })
            })
            .collect::<Result<Vec<_>, CatalogError>>()?;
        let group_ids: BTreeSet<&str> = v.group.iter().map(|g| g.id.as_str()).collect();
        let vis_ids: BTreeSet<&str> = vis.iter().map(|s| s.id.as_str()).collect();
        let mvx_codes: BTreeSet<&str> = v.manufacturer.iter().map(|m| m.mvx.as_str()).collect();

        let mut products = Vec::new();
        for raw in v.vaccine {
            let id = &raw.id;
            if raw.groups.is_empty() {
                return Err(invalid(V, format!("{id} names no vaccine group")));
            }
            if let Some(g) = raw.groups.iter().find(|g| !group_ids.contains(g.as_str())) {
                return Err(invalid(V, format!("{id} names the unknown group {g}")));
            }
            if let Some(s) = raw.vis.iter().find(|s| !vis_ids.contains(s.as_str())) {
                return Err(invalid(V, format!("{id} names the unknown VIS {s}")));
            }
            if let Some(m) = raw.mvx.iter().find(|m| !mvx_codes.contains(m.as_str())) {
                return Err(invalid(V, format!("{id} names the unknown MVX code {m}")));
            }
            if raw.cvx.is_empty() || !raw.cvx.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid(V, format!("{id}: the CVX code is not a number")));
            }
            let doses = raw
                .dose
                .iter()
                .chain(&raw.other_doses)
                .map(|t| dose(V, id, t))
                .collect::<Result<Vec<_>, _>>()?;
            let dose_limits = raw
                .dose_limit
                .into_iter()
                .map(|l| dose_limit(V, id, &doses, l))
                .collect::<Result<Vec<_>, _>>()?;
            if !raw.historical_only
                && (doses.is_empty()
                    || raw.route.is_none()
                    || raw.vis.is_empty()
                    || raw.mvx.is_empty())
            {
                return Err(invalid(
                    V,
                    format!(
                        "{id} can be given here, so it needs a dose, route, VIS and manufacturer"
                    ),
                ));
            }
            if raw
                .pregnancy_weeks
                .is_some_and(|[from, to]| from > to || to > 42)
            {
                return Err(invalid(
                    V,
                    format!("{id}: pregnancy_weeks must be two weeks of pregnancy, in order"),
                ));
            }
            if doses.iter().any(|d| d.unit != DoseUnit::Millilitre) {
                return Err(invalid(V, format!("{id}: vaccine doses are in mL")));
            }
            if raw.route.is_some_and(Route::needs_site) && raw.sites.is_empty() {
                return Err(invalid(
                    V,
                    format!("{id}: an injected vaccine needs its sites"),
                ));
            }
            let mut synonyms = vec![raw.description.clone()];
            synonyms.extend(
                raw.groups
                    .iter()
                    .filter_map(|g| v.group.iter().find(|x| &x.id == g))
                    .flat_map(|g| std::iter::once(g.name.clone()).chain(g.synonyms.clone())),
            );
            products.push(Product {
                id: raw.id,
                kind: ProductKind::Vaccine,
                name: raw.name,
                synonyms,
                cvx: Some(raw.cvx),
                cvx_description: Some(raw.description),
                groups: raw.groups,
                mvx: raw.mvx,
                manufacturer: None,
                doses,
                route: raw.route,
                sites: raw.sites,
                live: raw.live,
                components: raw.components,
                vis: raw.vis,
                historical_only: raw.historical_only,
                interval: None,
                pregnancy: PregnancyCheck::of(raw.live || raw.not_in_pregnancy),
                pregnancy_weeks: raw.pregnancy_weeks,
                age_floor: None,
                dose_limits,
            });
        }
        for raw in d.drug {
            let id = &raw.id;
            let doses = raw
                .doses
                .iter()
                .map(|t| dose(D, id, t))
                .collect::<Result<Vec<_>, _>>()?;
            if doses.is_empty() || raw.sites.is_empty() || raw.ingredients.is_empty() {
                return Err(invalid(
                    D,
                    format!("{id} needs doses, sites and ingredients"),
                ));
            }
            let interval = match (raw.next_due_days, raw.late_after_days) {
                (None, None) if raw.earliest_days.is_none() => None,
                (Some(next_due_days), Some(late_after_days))
                    if late_after_days > next_due_days
                        && raw
                            .earliest_days
                            .is_none_or(|e| e > 0 && e <= next_due_days) =>
                {
                    Some(DoseInterval {
                        earliest_days: raw.earliest_days.unwrap_or(next_due_days),
                        next_due_days,
                        late_after_days,
                    })
                }
                _ => {
                    return Err(invalid(
                        D,
                        format!(
                            "{id}: next_due_days, a later late_after_days and an earliest_days no later than next_due_days go together"
                        ),
                    ));
                }
            };
            let age_floor = match (raw.min_age, raw.min_age_reason) {
                (None, None) => None,
                (Some(age), Some(reason)) => Some(AgeFloor { age, reason }),
                _ => {
                    return Err(invalid(
                        D,
                        format!("{id}: min_age and min_age_reason go together"),
                    ));
                }
            };
            let dose_limits = raw
                .dose_limit
                .into_iter()
                .map(|l| dose_limit(D, id, &doses, l))
                .collect::<Result<Vec<_>, _>>()?;
            products.push(Product {
                id: raw.id,
                kind: ProductKind::Drug,
                name: raw.name,
                synonyms: raw.synonyms,
                cvx: None,
                cvx_description: None,
                groups: Vec::new(),
                mvx: Vec::new(),
                manufacturer: None,
                doses,
                route: Some(raw.route),
                sites: raw.sites,
                live: false,
                components: raw.ingredients,
                vis: Vec::new(),
                historical_only: false,
                interval,
                pregnancy: if raw.pregnancy_any_sex {
                    PregnancyCheck::WhateverSex
                } else {
                    PregnancyCheck::of(raw.pregnancy_check)
                },
                pregnancy_weeks: None,
                age_floor,
                dose_limits,
            });
        }
        for raw in t.product {
            let id = &raw.id;
            if let Some(m) = raw.mvx.iter().find(|m| !mvx_codes.contains(m.as_str())) {
                return Err(invalid(T, format!("{id} names the unknown MVX code {m}")));
            }
            if raw.mvx.is_empty() && raw.manufacturer.is_none() {
                return Err(invalid(T, format!("{id} names no manufacturer")));
            }
            products.push(Product {
                doses: vec![dose(T, id, &raw.dose)?],
                id: raw.id,
                kind: ProductKind::Tuberculin,
                name: raw.name,
                synonyms: raw.synonyms,
                cvx: None,
                cvx_description: None,
                groups: Vec::new(),
                mvx: raw.mvx,
                manufacturer: raw.manufacturer,
                route: Some(raw.route),
                sites: raw.sites,
                live: false,
                components: Vec::new(),
                vis: Vec::new(),
                historical_only: false,
                interval: None,
                pregnancy: PregnancyCheck::NotChecked,
                pregnancy_weeks: None,
                age_floor: None,
                dose_limits: Vec::new(),
            });
        }
        let mut ids = BTreeSet::new();
        if let Some(p) = products.iter().find(|p| !ids.insert(p.id.as_str())) {
            return Err(invalid(V, format!("the product id {} is used twice", p.id)));
        }
        let index = SuggestionIndex::new(products.iter().map(|p| {
            std::iter::once(p.name.as_str()).chain(p.synonyms.iter().map(String::as_str))
        }));
        let positions = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Ok(Self {
            products,
            positions,
            groups: v.group,
            vis,
            manufacturers: v.manufacturer,
            index,
            live_vaccine_spacing_days: v.live_vaccine_spacing_days,
            pregnancy_status_recheck_days: v.pregnancy_status_recheck_days,
            due_list_leaves_out: v.due_list_leaves_out,
            weight_fresh_days: d.weight_fresh_days,
            tst: t.rules,
        })
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.get(*self.positions.get(id)?)
    }

    /// Products matching what was typed; `given_here` leaves out formulations that can only be
    /// transcribed.
    pub fn suggest(&self, typed: &str, limit: usize, given_here: bool) -> Vec<&Product> {
        self.index
            .suggest(typed, self.products.len())
            .into_iter()
            .filter_map(|s| self.products.get(s.index))
            .filter(|p| !(given_here && p.historical_only))
            .take(limit)
            .collect()
    }

    /// As `suggest`, with the products that `fits` (the patient's age) first, each kept in its
    /// match order: typing "tdap" for an adult lists Boostrix and Adacel before child DTaP.
    pub fn suggest_fitting(
        &self,
        typed: &str,
        limit: usize,
        given_here: bool,
        fits: impl Fn(&Product) -> bool,
    ) -> Vec<&Product> {
        let mut found = self.suggest(typed, self.products.len(), given_here);
        found.sort_by_key(|p| !fits(p));
        found.truncate(limit);
        found
    }

    pub fn group(&self, id: &str) -> Option<&VaccineGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn groups(&self) -> &[VaccineGroup] {
        &self.groups
    }

    pub fn vis(&self, id: &str) -> Option<&Vis> {
        self.vis.iter().find(|v| v.id == id)
    }

    /// The maker's name for an MVX code.
    pub fn manufacturer(&self, mvx: &str) -> Option<&Manufacturer> {
        self.manufacturers.iter().find(|m| m.mvx == mvx)
    }

    pub fn manufacturers(&self) -> &[Manufacturer] {
        &self.manufacturers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalogs_are_valid_and_cover_the_routine_schedule() {
        let catalog = InjectionCatalog::built_in().unwrap();
        for group in [
            "hepb",
            "hepa",
            "dtp",
            "polio",
            "hib",
            "pneumococcal",
            "rotavirus",
            "mmr",
            "varicella",
            "zoster",
            "hpv",
            "menacwy",
            "menb",
            "influenza",
        ] {
            assert!(
                catalog
                    .products()
                    .iter()
                    .any(|p| !p.historical_only && p.groups.iter().any(|g| g == group)),
                "nothing to give for {group}"
            );
        }
        let depo = catalog.product("medroxyprogesterone_im").unwrap();
        assert_eq!(
            depo.interval,
            Some(DoseInterval {
                earliest_days: 77,
                next_due_days: 91,
                late_after_days: 105
            })
        );
        assert!(depo.pregnancy.applies());
        let mmr = catalog.product("mmr_ii").unwrap();
        assert!(mmr.live && mmr.pregnancy.applies());
        assert_eq!(
            catalog.product("tubersol").unwrap().kind,
            ProductKind::Tuberculin
        );
    }

    #[test]
    fn suggestions_know_brands_groups_and_nicknames() {
        let catalog = InjectionCatalog::built_in().unwrap();
        let first = |typed: &str, here: bool| {
            catalog
                .suggest(typed, 5, here)
                .first()
                .map(|p| p.id.clone())
        };
        assert_eq!(
            first("depo", true).as_deref(),
            Some("medroxyprogesterone_im")
        );
        assert_eq!(first("ppd", true).as_deref(), Some("tubersol"));
        assert!(
            catalog
                .suggest("flu", 20, true)
                .iter()
                .all(|p| p.groups == ["influenza"])
        );
        // An unknown formulation is offered for transcribing only.
        assert!(catalog.suggest("influenza unknown", 5, true).is_empty());
        assert_eq!(
            first("influenza unknown", false).as_deref(),
            Some("influenza_unspecified")
        );
    }

    #[test]
    fn broken_catalogs_are_refused_with_the_reason() {
        let broken = VACCINES.replacen("vis = [\"hepb\"]", "vis = [\"hep-b\"]", 1);
        let error = InjectionCatalog::parse(&broken, THERAPEUTIC, TUBERCULIN)
            .err()
            .unwrap();
        assert!(error.to_string().contains("unknown VIS hep-b"), "{error}");
        let broken = THERAPEUTIC.replacen("\"150 mg\"", "\"150\"", 1);
        let error = InjectionCatalog::parse(VACCINES, &broken, TUBERCULIN)
            .err()
            .unwrap();
        assert!(error.to_string().contains("add the unit"), "{error}");
        let broken = VACCINES.replacen("edition = \"2021-08-06\"", "edition = \"today\"", 1);
        assert!(InjectionCatalog::parse(&broken, THERAPEUTIC, TUBERCULIN).is_err());
        let broken = TUBERCULIN.replacen("read_until_hours = 72", "read_until_hours = 24", 1);
        assert!(InjectionCatalog::parse(VACCINES, THERAPEUTIC, &broken).is_err());
    }
}
