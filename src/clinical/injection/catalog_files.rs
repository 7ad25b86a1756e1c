//! The shapes of the three injection catalog files as TOML, before they are checked and joined
//! into one product list (`catalog.rs`).

use serde::Deserialize;

use crate::clinical::age::AgeThreshold;
use crate::clinical::injection::catalog::{Manufacturer, VaccineGroup};
use crate::clinical::injection::dose::{Route, Site};
use crate::clinical::injection::tst::TstRules;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VaccineFile {
    pub(super) source: String,
    pub(super) live_vaccine_spacing_days: u32,
    pub(super) due_list_leaves_out: Vec<String>,
    pub(super) pregnancy_status_recheck_days: u32,
    pub(super) manufacturer: Vec<Manufacturer>,
    pub(super) vis: Vec<RawVis>,
    pub(super) group: Vec<VaccineGroup>,
    pub(super) vaccine: Vec<RawVaccine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVis {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) edition: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVaccine {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) cvx: String,
    pub(super) description: String,
    pub(super) groups: Vec<String>,
    #[serde(default)]
    pub(super) mvx: Vec<String>,
    pub(super) dose: Option<String>,
    /// Other usual doses (Afluria's 0.25 mL for 6-35 months), not prefilled.
    #[serde(default)]
    pub(super) other_doses: Vec<String>,
    /// The most a dose may be at some ages (0.25 mL of Afluria under 36 months).
    #[serde(default)]
    pub(super) dose_limit: Vec<RawDoseLimit>,
    pub(super) route: Option<Route>,
    #[serde(default)]
    pub(super) sites: Vec<Site>,
    #[serde(default)]
    pub(super) live: bool,
    #[serde(default)]
    pub(super) components: Vec<String>,
    #[serde(default)]
    pub(super) vis: Vec<String>,
    #[serde(default)]
    pub(super) historical_only: bool,
    /// Not given in pregnancy though not live (the RSV vaccines other than Abrysvo).
    #[serde(default)]
    pub(super) not_in_pregnancy: bool,
    /// Given in pregnancy only between these completed weeks (Abrysvo: 32 through 36).
    pub(super) pregnancy_weeks: Option<[u32; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DrugFile {
    pub(super) source: String,
    pub(super) weight_fresh_days: i64,
    pub(super) drug: Vec<RawDrug>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDrug {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) synonyms: Vec<String>,
    pub(super) ingredients: Vec<String>,
    pub(super) doses: Vec<String>,
    pub(super) route: Route,
    pub(super) sites: Vec<Site>,
    pub(super) earliest_days: Option<u32>,
    pub(super) next_due_days: Option<u32>,
    pub(super) late_after_days: Option<u32>,
    #[serde(default)]
    pub(super) pregnancy_check: bool,
    #[serde(default)]
    pub(super) pregnancy_any_sex: bool,
    /// Refused below this age...
    pub(super) min_age: Option<AgeThreshold>,
    /// ...for this reason.
    pub(super) min_age_reason: Option<String>,
    #[serde(default)]
    pub(super) dose_limit: Vec<RawDoseLimit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDoseLimit {
    pub(super) from_age: Option<AgeThreshold>,
    pub(super) under_age: Option<AgeThreshold>,
    pub(super) under_kg: Option<f64>,
    pub(super) per_kg: Option<String>,
    pub(super) max: String,
    pub(super) source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TuberculinFile {
    pub(super) source: String,
    #[serde(flatten)]
    pub(super) rules: TstRules,
    pub(super) product: Vec<RawTuberculin>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTuberculin {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) synonyms: Vec<String>,
    pub(super) mvx: Vec<String>,
    pub(super) manufacturer: Option<String>,
    pub(super) dose: String,
    pub(super) route: Route,
    pub(super) sites: Vec<Site>,
}
