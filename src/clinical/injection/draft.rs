//! The injection form as typed, for the three kinds of entry (given here, transcribed, not
//! given), and its check: each problem lands on its field; what passes becomes an
//! `Administration`. The safety checks run beside it; `with_overrides` joins the two.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::clinical::coded::coded_enum;
use crate::clinical::identity::{IdentityCheck, IdentityError};
use crate::clinical::ids::LotId;
use crate::clinical::injection::administration::{
    Administration, Administrator, CoSignature, Event, Funding, GivenDose, HistoricalDose,
    HistoricalSource, LotUsed, NotGiven, NotGivenReason, Override, ProductRef, VisGiven,
};
use crate::clinical::injection::catalog::{InjectionCatalog, Product, ProductKind};
use crate::clinical::injection::dose::{Dose, DoseError, Route, Site};
use crate::clinical::injection::lot::{Lot, parse_expiry};
use crate::clinical::injection::safety::{Finding, Gate};
use crate::clinical::text::required;
use crate::clinical::time::{format_local_date_time, parse_date, parse_local_date_time};

coded_enum!(
    EntryMode {
        GivenHere => "given_here", "Given here";
        Historical => "historical", "Historical (from a record)";
        NotGiven => "not_given", "Not given";
    }
);

/// The age from which a vaccine is assumed not VFC-eligible (VFC covers children under 19).
pub const VFC_AGE_LIMIT_YEARS: u32 = 19;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AdministrationDraft {
    pub mode: EntryMode,
    pub product: String,
    pub product_id: Option<String>,
    pub lot_id: Option<LotId>,
    pub dose: String,
    pub route: Option<Route>,
    pub site: Option<Site>,
    pub at: String,
    pub series_dose: String,
    pub ordered_by: String,
    pub funding: Option<Funding>,
    /// Per VIS of the product (by id): ticked when handed to the patient.
    pub vis_given: BTreeMap<String, bool>,
    pub vis_given_on: String,
    pub on: String,
    pub lot_number: String,
    pub lot_expires: String,
    pub given_by: String,
    pub source: Option<HistoricalSource>,
    pub not_given: Option<NotGivenReason>,
    pub note: String,
    /// Reasons typed to go past warnings, by finding key.
    pub reasons: BTreeMap<String, String>,
    /// The patient's name and date of birth, asked before a dose given here.
    #[serde(skip)]
    pub identity: IdentityCheck,
}

impl AdministrationDraft {
    /// An empty form, its times set to now.
    pub fn new(now: DateTime<Utc>) -> Self {
        let today = crate::clinical::time::to_local(now).date_naive();
        Self {
            mode: EntryMode::GivenHere,
            product: String::new(),
            product_id: None,
            lot_id: None,
            dose: String::new(),
            route: None,
            site: None,
            at: format_local_date_time(now),
            series_dose: String::new(),
            ordered_by: String::new(),
            funding: None,
            vis_given: BTreeMap::new(),
            vis_given_on: today.format("%m/%d/%Y").to_string(),
            on: String::new(),
            lot_number: String::new(),
            lot_expires: String::new(),
            identity: IdentityCheck::default(),
            given_by: String::new(),
            source: None,
            not_given: None,
            note: String::new(),
            reasons: BTreeMap::new(),
        }
    }

    /// Fills what follows from the product: usual dose, route, its VIS sheets, funding for an
    /// adult. The site is left for the MA to choose.
    pub fn pick(&mut self, product: &Product, adult: bool) {
        self.product.clone_from(&product.name);
        self.product_id = Some(product.id.clone());
        self.lot_id = None;
        self.dose = product
            .doses
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        self.route = product.route;
        self.site = match product.sites.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        self.vis_given = product.vis.iter().map(|v| (v.clone(), false)).collect();
        self.funding =
            (product.kind == ProductKind::Vaccine && adult).then_some(Funding::NotEligible);
    }

    pub fn chosen<'a>(&self, catalog: &'a InjectionCatalog) -> Option<&'a Product> {
        self.product_id
            .as_deref()
            .and_then(|id| catalog.product(id))
    }

    /// The day of the entry, for the checks: what was typed, or today.
    pub fn day(&self, now: DateTime<FixedOffset>) -> NaiveDate {
        let typed = match self.mode {
            EntryMode::GivenHere => parse_local_date_time(&self.at, now)
                .map(|t| crate::clinical::time::to_local(t).date_naive()),
            EntryMode::Historical => parse_date(&self.on),
            EntryMode::NotGiven => None,
        };
        typed.unwrap_or_else(|| now.date_naive())
    }

    pub fn dose(&self) -> Option<Dose> {
        Dose::parse(&self.dose).ok()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdministrationField {
    Product,
    Lot,
    Dose,
    Route,
    Site,
    At,
    Identity,
    SeriesDose,
    OrderedBy,
    Funding,
    Vis,
    VisGivenOn,
    On,
    LotExpires,
    Source,
    Reason,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdministrationError {
    #[error("choose the product from the list")]
    ProductMissing,
    #[error("{0} is for transcribing old records: choose the product given")]
    HistoricalOnly(String),
    #[error("choose the lot the dose came from")]
    LotMissing,
    #[error("{0}")]
    Dose(#[from] DoseError),
    #[error("{0} is not dosed in {1}")]
    DoseUnit(String, &'static str),
    #[error("choose the route")]
    RouteMissing,
    #[error("choose the site")]
    SiteMissing,
    #[error("{0}")]
    Identity(IdentityError),
    #[error("{0} is given {1}, not by this route")]
    RouteNotForProduct(String, &'static str),
    #[error("{0} is not given in this site: choose one of its sites")]
    SiteNotForProduct(String),
    #[error("that is before this visit started ({0}): a dose given here is given during the visit")]
    BeforeVisit(String),
    #[error("type when it was given, e.g. 14:30 or 2026-11-26 14:30")]
    AtUnreadable,
    #[error("that time is in the future")]
    InFuture,
    #[error("that is before the patient was born")]
    BeforeBirth,
    #[error("a dose number from 1 to 10, or leave it empty")]
    SeriesDose,
    #[error("type the ordering provider")]
    OrderedByMissing,
    #[error("choose the funding eligibility")]
    FundingMissing,
    #[error("tick each VIS once it is handed to the patient: the law requires it before the dose")]
    VisNotGiven,
    #[error("type the date the VIS was given, e.g. 11/26/2026")]
    VisGivenOnUnreadable,
    #[error("type the date given, e.g. 03/14/2019")]
    OnUnreadable,
    #[error("type the expiry as printed, or leave it empty")]
    LotExpiresUnreadable,
    #[error("choose where this record comes from")]
    SourceMissing,
    #[error("choose why it was not given")]
    ReasonMissing,
    #[error("say why in the note")]
    NoteMissing,
}

/// What the check needs besides the draft.
pub struct DraftContext<'a> {
    pub catalog: &'a InjectionCatalog,
    pub lots: &'a [Lot],
    pub now: DateTime<FixedOffset>,
    pub birth_date: NaiveDate,
    pub administrator: &'a Administrator,
    /// When the open visit started: a dose given here falls within it.
    pub visit_started: Option<DateTime<Utc>>,
}

type Errors = BTreeMap<AdministrationField, AdministrationError>;

impl AdministrationDraft {
    pub fn check(&self, cx: &DraftContext<'_>) -> Result<Administration, Errors> {
        use AdministrationError as E;
        use AdministrationField as F;
        let mut errors = Errors::new();
        let Some(product) = self.chosen(cx.catalog) else {
            errors.insert(F::Product, E::ProductMissing);
            return Err(errors);
        };
        let event = match self.mode {
            EntryMode::GivenHere => self.given_here(product, cx, &mut errors),
            EntryMode::Historical => self.historical(cx, &mut errors),
            EntryMode::NotGiven => self.not_given(cx, &mut errors),
        };
        match event {
            Some(event) if errors.is_empty() => Ok(Administration {
                product: ProductRef::of(product),
                event,
                overrides: Vec::new(),
            }),
            _ => Err(errors),
        }
    }

    fn series_dose(&self, errors: &mut Errors) -> Option<u8> {
        match self.series_dose.trim() {
            "" => None,
            text => {
                let n = text.parse::<u8>().ok().filter(|n| (1..=10).contains(n));
                if n.is_none() {
                    errors.insert(
                        AdministrationField::SeriesDose,
                        AdministrationError::SeriesDose,
                    );
                }
                n
            }
        }
    }

    fn given_here(
        &self,
        product: &Product,
        cx: &DraftContext<'_>,
        errors: &mut Errors,
    ) -> Option<Event> {
        use AdministrationError as E;
        use AdministrationField as F;
        if let Err(e) = self.identity.check(cx.birth_date) {
            errors.insert(F::Identity, E::Identity(e));
        }
        if product.historical_only {
            errors.insert(F::Product, E::HistoricalOnly(product.name.clone()));
        }
        let lot = self.lot_id.and_then(|id| {
            cx.lots
                .iter()
                .find(|l| l.id == id && l.product_id == product.id)
        });
        if lot.is_none() {
            errors.insert(F::Lot, E::LotMissing);
        }
        let dose = match Dose::parse(&self.dose) {
            Ok(dose) => match product.doses.first() {
                Some(usual) if usual.unit != dose.unit => {
                    errors.insert(
                        F::Dose,
                        E::DoseUnit(product.name.clone(), dose.unit.label()),
                    );
                    None
                }
                _ => Some(dose),
            },
            Err(e) => {
                errors.insert(F::Dose, e.into());
                None
            }
        };
        if self.route.is_none() {
            errors.insert(F::Route, E::RouteMissing);
        }
        if self.route.is_some_and(Route::needs_site) && self.site.is_none() {
            errors.insert(F::Site, E::SiteMissing);
        }
        // Checked here, not only by what the form offers: a restored draft or a product changed
        // after the route was chosen could carry another product's route or site.
        if let (Some(route), Some(usual)) = (self.route, product.route)
            && route != usual
        {
            errors.insert(
                F::Route,
                E::RouteNotForProduct(product.name.clone(), usual.label()),
            );
        }
        if let Some(site) = self
            .site
            .filter(|_| self.route.is_some_and(Route::needs_site))
            && !product.sites.is_empty()
            && !product.sites.contains(&site)
        {
            errors.insert(F::Site, E::SiteNotForProduct(product.name.clone()));
        }
        let at = match parse_local_date_time(&self.at, cx.now) {
            None => Err(E::AtUnreadable),
            Some(at) if at > cx.now.with_timezone(&Utc) => Err(E::InFuture),
            Some(at) if crate::clinical::time::to_local(at).date_naive() < cx.birth_date => {
                Err(E::BeforeBirth)
            }
            // Minutes are what is typed: a dose at 14:30 is within a visit started 14:30:25.
            Some(at)
                if cx
                    .visit_started
                    .is_some_and(|started| at < started - chrono::Duration::seconds(59)) =>
            {
                Err(E::BeforeVisit(
                    cx.visit_started
                        .map(crate::clinical::time::format_local_date_time)
                        .unwrap_or_default(),
                ))
            }
            Some(at) => Ok(at),
        }
        .map_err(|e| errors.insert(F::At, e))
        .ok();
        let series_dose = self.series_dose(errors);
        let ordered_by = required(&self.ordered_by);
        if ordered_by.is_none() {
            errors.insert(F::OrderedBy, E::OrderedByMissing);
        }
        if product.kind == ProductKind::Vaccine && self.funding.is_none() {
            errors.insert(F::Funding, E::FundingMissing);
        }
        let vis_given_on = if product.vis.is_empty() {
            None
        } else {
            if !product
                .vis
                .iter()
                .all(|v| self.vis_given.get(v).copied().unwrap_or(false))
            {
                errors.insert(F::Vis, E::VisNotGiven);
            }
            let on = parse_date(&self.vis_given_on).filter(|d| *d <= cx.now.date_naive());
            if on.is_none() {
                errors.insert(F::VisGivenOn, E::VisGivenOnUnreadable);
            }
            on
        };
        let vis = product
            .vis
            .iter()
            .filter_map(|id| cx.catalog.vis(id))
            .filter_map(|v| {
                vis_given_on.map(|given_on| VisGiven {
                    title: v.title.clone(),
                    edition: v.edition,
                    given_on,
                })
            })
            .collect();
        let (Some(lot), Some(dose), Some(route), Some(at), Some(ordered_by)) =
            (lot, dose, self.route, at, ordered_by)
        else {
            return None;
        };
        Some(Event::GivenHere(Box::new(GivenDose {
            at,
            lot: LotUsed {
                lot_id: lot.id,
                number: lot.number.clone(),
                expires: lot.expires,
                ndc: lot.ndc.clone(),
                manufacturer: lot.manufacturer.clone(),
                mvx: lot.mvx.clone(),
            },
            dose,
            route,
            site: self.site.filter(|_| route.needs_site()),
            series_dose,
            ordered_by,
            funding: self
                .funding
                .filter(|_| product.kind == ProductKind::Vaccine),
            administered_by: cx.administrator.clone(),
            vis,
        })))
    }

    fn historical(&self, cx: &DraftContext<'_>, errors: &mut Errors) -> Option<Event> {
        use AdministrationError as E;
        use AdministrationField as F;
        let on = match parse_date(&self.on) {
            None => Err(E::OnUnreadable),
            Some(d) if d > cx.now.date_naive() => Err(E::InFuture),
            Some(d) if d < cx.birth_date => Err(E::BeforeBirth),
            Some(d) => Ok(d),
        }
        .map_err(|e| errors.insert(F::On, e))
        .ok();
        let lot_expires = match self.lot_expires.trim() {
            "" => None,
            text => {
                let parsed = parse_expiry(text);
                if parsed.is_none() {
                    errors.insert(F::LotExpires, E::LotExpiresUnreadable);
                }
                parsed
            }
        };
        let series_dose = self.series_dose(errors);
        if self.source.is_none() {
            errors.insert(F::Source, E::SourceMissing);
        }
        Some(Event::Historical(HistoricalDose {
            on: on?,
            series_dose,
            lot_number: required(&self.lot_number).map(|l| l.to_uppercase()),
            lot_expires,
            given_by: required(&self.given_by),
            source: self.source?,
        }))
    }

    fn not_given(&self, cx: &DraftContext<'_>, errors: &mut Errors) -> Option<Event> {
        use AdministrationError as E;
        use AdministrationField as F;
        let note = required(&self.note);
        match self.not_given {
            None => {
                errors.insert(F::Reason, E::ReasonMissing);
            }
            Some(reason) if reason.needs_note() && note.is_none() => {
                errors.insert(F::Note, E::NoteMissing);
            }
            Some(_) => {}
        }
        Some(Event::NotGiven(NotGiven {
            at: cx.now.with_timezone(&Utc),
            reason: self.not_given?,
            note,
        }))
    }
}

/// Why a checked administration still cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    HardStop,
    /// The keys of the warnings without a reason.
    ReasonsMissing(Vec<String>),
    /// Checks only a provider passes, and no provider has co-signed.
    NeedsProvider,
}

/// The administration with a typed reason for every warning (and, where only a provider may
/// pass a check, the provider's co-signature), or what blocks it.
pub fn with_overrides(
    mut administration: Administration,
    findings: &[Finding],
    reasons: &BTreeMap<String, String>,
    co_signature: Option<&CoSignature>,
) -> Result<Administration, Blocked> {
    if findings.iter().any(|f| f.gate == Gate::HardStop) {
        return Err(Blocked::HardStop);
    }
    let mut missing = Vec::new();
    for finding in findings.iter().filter(|f| f.gate != Gate::Information) {
        match reasons.get(&finding.key()).and_then(|r| required(r)) {
            Some(reason) => administration.overrides.push(Override {
                check: finding.kind,
                fact: finding.fact.clone(),
                reason,
                co_signed_by: (finding.gate == Gate::ProviderOverride)
                    .then(|| co_signature.cloned())
                    .flatten(),
            }),
            None => missing.push(finding.key()),
        }
    }
    if !missing.is_empty() {
        return Err(Blocked::ReasonsMissing(missing));
    }
    let needs_provider = findings.iter().any(|f| f.gate == Gate::ProviderOverride);
    if needs_provider && co_signature.is_none() {
        return Err(Blocked::NeedsProvider);
    }
    Ok(administration)
}

impl AdministrationDraft {
    /// The form refilled from a saved record, to correct it; reasons already given stay with
    /// their warnings.
    pub fn from_administration(administration: &Administration, now: DateTime<Utc>) -> Self {
        let mut draft = Self::new(now);
        draft.product.clone_from(&administration.product.name);
        draft.product_id = Some(administration.product.id.clone());
        let series = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
        match &administration.event {
            Event::GivenHere(g) => {
                draft.mode = EntryMode::GivenHere;
                draft.lot_id = Some(g.lot.lot_id);
                draft.dose = g.dose.to_string();
                draft.route = Some(g.route);
                draft.site = g.site;
                draft.at = format_local_date_time(g.at);
                draft.series_dose = series(g.series_dose);
                draft.ordered_by.clone_from(&g.ordered_by);
                draft.funding = g.funding;
                if let Some(first) = g.vis.first() {
                    draft.vis_given_on = first.given_on.format("%m/%d/%Y").to_string();
                }
            }
            Event::Historical(h) => {
                draft.mode = EntryMode::Historical;
                draft.on = h.on.format("%m/%d/%Y").to_string();
                draft.series_dose = series(h.series_dose);
                draft.lot_number = h.lot_number.clone().unwrap_or_default();
                draft.lot_expires = h
                    .lot_expires
                    .map(|d| d.format("%m/%d/%Y").to_string())
                    .unwrap_or_default();
                draft.given_by = h.given_by.clone().unwrap_or_default();
                draft.source = Some(h.source);
            }
            Event::NotGiven(n) => {
                draft.mode = EntryMode::NotGiven;
                draft.not_given = Some(n.reason);
                draft.note = n.note.clone().unwrap_or_default();
            }
        }
        draft.reasons = administration
            .overrides
            .iter()
            .map(|o| (format!("{}:{}", o.check.code(), o.fact), o.reason.clone()))
            .collect();
        draft
    }

    /// Ticks the VIS sheets of the product being corrected: they were given with the dose.
    pub fn tick_vis(&mut self, product: &Product) {
        self.vis_given = product.vis.iter().map(|v| (v.clone(), true)).collect();
    }
}
