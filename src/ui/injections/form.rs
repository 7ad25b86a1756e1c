//! The injection form: given here from a lot on hand, transcribed from another record, or not
//! given. The product fills in its usual dose, route and VIS sheets; the safety checks run as
//! the form changes and show beside it, each warning with a field for the reason to go on.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::injection::administration::{
    Administrator, Funding, HistoricalSource, NotGivenReason,
};
use crate::clinical::injection::catalog::ProductKind;
use crate::clinical::injection::dose::{Route, Site};
use crate::clinical::injection::draft::{
    AdministrationDraft, AdministrationError, AdministrationField, Blocked, DraftContext,
    EntryMode, VFC_AGE_LIMIT_YEARS, with_overrides,
};
use crate::clinical::injection::safety::{self, Finding, Gate, Proposal, Proposed, References};
use crate::clinical::injection::{Lot, Product};
use crate::clinical::patient::Patient;
use crate::ui::widgets::{
    Suggestions, choice, choice_among, choice_required, field_message, line, row_label, rows,
    submitted, suggest_field, take_focus, toggle,
};
use crate::ui::{Intent, ViewContext, format, theme};

/// What the form reads from the patient's screen.
pub struct FormInputs<'a> {
    pub patient: &'a Patient,
    pub records: &'a PatientRecords,
    pub lots: &'a [Lot],
}

pub struct AdministrationForm {
    pub draft: AdministrationDraft,
    pub editing: Option<RecordId>,
    suggestions: Suggestions,
    tried: bool,
    focus: bool,
    pub save_error: Option<String>,
    /// Set when a save was refused for a hard stop or for missing reasons.
    blocked: Option<Blocked>,
}

impl AdministrationForm {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            draft: AdministrationDraft::new(now),
            editing: None,
            suggestions: Suggestions::default(),
            tried: false,
            focus: false,
            save_error: None,
            blocked: None,
        }
    }

    pub fn focus_first_field(&mut self) {
        self.focus = true;
    }

    /// Refills the form from a saved record, to correct it.
    pub fn correcting(&mut self, id: RecordId, draft: AdministrationDraft) {
        *self = Self::new(chrono::Utc::now());
        self.draft = draft;
        self.editing = Some(id);
        self.focus = true;
    }

    fn administrator(cx: ViewContext<'_>) -> Administrator {
        Administrator {
            name: cx.staff.name.clone(),
            title: cx.staff.credentials.clone(),
            clinic: cx.clinic.name.clone(),
            address: cx.clinic.address.clone(),
        }
    }

    /// The findings of the safety checks for the form as it stands.
    pub fn findings(&self, cx: ViewContext<'_>, inputs: &FormInputs<'_>) -> Vec<Finding> {
        let catalog = &cx.reference.injections;
        let Some(product) = self.draft.chosen(catalog) else {
            return Vec::new();
        };
        let now = cx.clock.now_local();
        let how = match self.draft.mode {
            EntryMode::GivenHere => Proposed::GivenHere {
                lot: self
                    .draft
                    .lot_id
                    .and_then(|id| inputs.lots.iter().find(|l| l.id == id)),
                dose: self.draft.dose(),
            },
            EntryMode::Historical => Proposed::Historical {
                lot_expires: crate::clinical::injection::lot::parse_expiry(&self.draft.lot_expires),
            },
            EntryMode::NotGiven => return Vec::new(),
        };
        let d = &inputs.patient.demographics;
        let patient = safety::Patient {
            allergies: &inputs.records.allergies,
            pregnancy: inputs.records.pregnancy(),
            asks_pregnancy: cx
                .reference
                .social
                .asks_pregnancy(d.sex, d.age_on(now.date_naive())),
            pregnancy_test: None,
            past: &inputs.records.administrations,
        };
        let proposal = Proposal {
            product,
            day: self.draft.day(now),
            how,
            replaces: self.editing,
        };
        safety::check(
            &proposal,
            &patient,
            &References {
                catalog,
                allergens: &cx.reference.allergens,
            },
        )
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        inputs: &FormInputs<'_>,
    ) -> Option<Intent> {
        let catalog = &cx.reference.injections;
        let now = cx.clock.now_local();
        let today = now.date_naive();
        let adult = inputs
            .patient
            .demographics
            .age_on(today)
            .is_some_and(|a| a.years() >= VFC_AGE_LIMIT_YEARS);
        ui.label(
            RichText::new(if self.editing.is_some() {
                "Correct the injection"
            } else {
                "Give or record an injection"
            })
            .strong()
            .size(16.0),
        );
        let administrator = Self::administrator(cx);
        let checked = self.draft.check(&DraftContext {
            catalog,
            lots: inputs.lots,
            now,
            birth_date: inputs.patient.demographics.birth_date,
            administrator: &administrator,
        });
        let errors = match (&checked, self.tried) {
            (Err(errors), true) => errors.clone(),
            _ => BTreeMap::new(),
        };
        let message = |ui: &mut Ui, field: AdministrationField| message(ui, &errors, field);
        let mut responses: Vec<Response> = Vec::new();
        let product = self.draft.chosen(catalog).cloned();
        rows(ui, |ui| {
            let label = row_label(ui, "Entry");
            let before = self.draft.mode;
            responses.push(
                choice_required(
                    ui,
                    "Entry",
                    &mut self.draft.mode,
                    EntryMode::ALL,
                    EntryMode::label,
                )
                .labelled_by(label.id),
            );
            if self.draft.mode != before {
                self.suggestions.reset();
            }
            ui.end_row();

            let label = row_label(ui, "Product");
            let given_here = self.draft.mode == EntryMode::GivenHere;
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("injection_product"),
                &mut self.draft.product,
                360.0,
                &mut self.suggestions,
                |typed| {
                    catalog
                        .suggest(typed, 8, given_here)
                        .into_iter()
                        .filter_map(|p| {
                            let position = catalog.products().iter().position(|x| x.id == p.id)?;
                            Some((position, product_line(p)))
                        })
                        .collect()
                },
            );
            if let Some(position) = suggested.picked
                && let Some(picked) = catalog.products().get(position)
            {
                self.draft.pick(picked, adult);
            } else if suggested.response.changed() {
                self.draft.product_id = None;
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            message(ui, AdministrationField::Product);
            ui.end_row();

            if let Some(product) = &product {
                row_label(ui, "");
                ui.label(RichText::new(product_facts(product)).color(theme::muted(ui.visuals())));
                ui.end_row();
                match self.draft.mode {
                    EntryMode::GivenHere => {
                        self.given_here_rows(ui, cx, inputs, product, &mut responses, &errors);
                    }
                    EntryMode::Historical => self.historical_rows(ui, &mut responses, &errors),
                    EntryMode::NotGiven => self.not_given_rows(ui, &mut responses, &errors),
                }
            }
        });
        let findings = self.findings(cx, inputs);
        self.findings_ui(ui, &findings, &mut responses);
        if self.draft.mode == EntryMode::GivenHere && product.is_some() {
            ui.label(
                RichText::new(format!(
                    "Administered by {}, {} · {}, {}",
                    administrator.name,
                    administrator.title,
                    administrator.clinic,
                    administrator.address
                ))
                .color(theme::muted(ui.visuals())),
            );
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            let save = ui.button(RichText::new("Save injection (Enter)").strong());
            if self.editing.is_some() && ui.button("Cancel correction").clicked() {
                *self = Self::new(cx.clock.now());
            }
            if save.clicked() || submitted(ui, &responses) {
                self.tried = true;
                self.blocked = None;
                if let Ok(administration) = &checked {
                    match with_overrides(administration.clone(), &findings, &self.draft.reasons) {
                        Ok(ready) => {
                            intent = Some(Intent::SaveAdministration {
                                administration: Box::new(ready),
                                replaces: self.editing,
                            });
                        }
                        Err(blocked) => self.blocked = Some(blocked),
                    }
                }
            }
        });
        match &self.blocked {
            Some(Blocked::HardStop) => field_message(
                ui,
                "Not saved: a hard stop above cannot be overridden. What you typed is still here.",
                true,
            ),
            Some(Blocked::ReasonsMissing(_)) => field_message(
                ui,
                "Not saved: type a reason for each warning to go on, or change the entry.",
                true,
            ),
            None => {}
        }
        if let Some(e) = &self.save_error {
            field_message(
                ui,
                &format!("Not saved: {e}. What you typed is still here."),
                true,
            );
        }
        intent
    }

    fn given_here_rows(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        inputs: &FormInputs<'_>,
        product: &Product,
        responses: &mut Vec<Response>,
        errors: &Errors,
    ) {
        let today = cx.clock.today();
        let day = self.draft.day(cx.clock.now_local());
        let of_product: Vec<&Lot> = inputs
            .lots
            .iter()
            .filter(|l| l.product_id == product.id)
            .collect();
        // Only lots that can be used are offered; the one a correction started from stays.
        let usable: Vec<&Lot> = of_product
            .iter()
            .copied()
            .filter(|l| l.usable_on(day).is_ok() || Some(l.id) == self.draft.lot_id)
            .collect();
        let labels: Vec<String> = usable
            .iter()
            .map(|l| {
                format!(
                    "{} · expires {} · {} left",
                    l.number,
                    format::date(l.expires),
                    l.left
                )
            })
            .collect();
        let label = row_label(ui, "Lot");
        let mut position = self
            .draft
            .lot_id
            .and_then(|id| usable.iter().position(|l| l.id == id));
        if usable.is_empty() {
            field_message(
                ui,
                "No usable lot on hand: receive one on the Lots screen (Ctrl+L)",
                true,
            );
        } else {
            let response = choice_among(ui, "Lot", &mut position, &labels).labelled_by(label.id);
            if response.changed() {
                self.draft.lot_id = position.and_then(|p| usable.get(p)).map(|l| l.id);
            }
            responses.push(response);
            message(ui, errors, AdministrationField::Lot);
        }
        ui.end_row();
        let unusable: Vec<String> = of_product
            .iter()
            .filter(|l| l.usable_on(today).is_err())
            .map(|l| {
                if l.is_expired_on(today) {
                    format!("lot {} expired {}", l.number, format::date(l.expires))
                } else {
                    format!("lot {} is empty", l.number)
                }
            })
            .collect();
        if !unusable.is_empty() {
            row_label(ui, "");
            ui.label(
                RichText::new(format!("Not offered: {}", unusable.join("; ")))
                    .color(theme::muted(ui.visuals())),
            );
            ui.end_row();
        }

        let label = row_label(ui, "Dose");
        responses.push(
            ui.add(line(&mut self.draft.dose, 120.0).id_salt("injection_dose"))
                .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Dose);
        ui.end_row();

        let label = row_label(ui, "Route");
        responses.push(
            choice(ui, "Route", &mut self.draft.route, Route::ALL, Route::label)
                .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Route);
        ui.end_row();

        if self.draft.route.is_some_and(Route::needs_site) {
            let sites: &[Site] = if product.sites.is_empty() {
                Site::ALL
            } else {
                &product.sites
            };
            let label = row_label(ui, "Site");
            responses.push(
                choice(ui, "Site", &mut self.draft.site, sites, Site::label).labelled_by(label.id),
            );
            message(ui, errors, AdministrationField::Site);
            ui.end_row();
        }

        let label = row_label(ui, "Given at");
        responses.push(
            ui.add(line(&mut self.draft.at, 160.0).id_salt("injection_at"))
                .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::At);
        ui.end_row();

        let label = row_label(ui, "Dose number in series");
        responses.push(
            ui.add(
                line(&mut self.draft.series_dose, 60.0)
                    .hint_text("optional")
                    .id_salt("injection_series"),
            )
            .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::SeriesDose);
        ui.end_row();

        let label = row_label(ui, "Ordered by");
        responses.push(
            ui.add(
                line(&mut self.draft.ordered_by, 220.0)
                    .hint_text("ordering provider")
                    .id_salt("injection_ordered_by"),
            )
            .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::OrderedBy);
        ui.end_row();

        if product.kind == ProductKind::Vaccine {
            let label = row_label(ui, "Funding");
            responses.push(
                choice(
                    ui,
                    "Funding",
                    &mut self.draft.funding,
                    Funding::ALL,
                    Funding::label,
                )
                .labelled_by(label.id),
            );
            message(ui, errors, AdministrationField::Funding);
            ui.end_row();

            for vis_id in &product.vis {
                let Some(vis) = cx.reference.injections.vis(vis_id) else {
                    continue;
                };
                row_label(ui, "VIS");
                let mut on = self.draft.vis_given.get(vis_id).copied().unwrap_or(false);
                let shown = format!(
                    "Given to the patient: {} VIS, edition {}",
                    vis.title,
                    format::date(vis.edition)
                );
                let response = toggle(ui, &shown, &format!("VIS given: {}", vis.title), &mut on);
                if response.changed() {
                    self.draft.vis_given.insert(vis_id.clone(), on);
                }
                responses.push(response);
                ui.end_row();
            }
            if errors.contains_key(&AdministrationField::Vis) {
                row_label(ui, "");
                message(ui, errors, AdministrationField::Vis);
                ui.end_row();
            }
            let label = row_label(ui, "VIS given on");
            responses.push(
                ui.add(line(&mut self.draft.vis_given_on, 120.0).id_salt("injection_vis_on"))
                    .labelled_by(label.id),
            );
            message(ui, errors, AdministrationField::VisGivenOn);
            ui.end_row();
        }
    }

    fn historical_rows(&mut self, ui: &mut Ui, responses: &mut Vec<Response>, errors: &Errors) {
        let d = &mut self.draft;
        let fields: [(&str, &mut String, &str, f32, Option<AdministrationField>); 5] = [
            (
                "Date given",
                &mut d.on,
                "03/14/2019",
                120.0,
                Some(AdministrationField::On),
            ),
            (
                "Dose number in series",
                &mut d.series_dose,
                "optional",
                60.0,
                Some(AdministrationField::SeriesDose),
            ),
            ("Lot number", &mut d.lot_number, "optional", 140.0, None),
            (
                "Lot expiry",
                &mut d.lot_expires,
                "optional",
                120.0,
                Some(AdministrationField::LotExpires),
            ),
            (
                "Given by or where",
                &mut d.given_by,
                "optional",
                260.0,
                None,
            ),
        ];
        for (name, text, hint, width, field) in fields {
            let label = row_label(ui, name);
            responses.push(
                ui.add(
                    line(text, width)
                        .hint_text(hint)
                        .id_salt(("injection", name)),
                )
                .labelled_by(label.id),
            );
            match field {
                Some(field) => message(ui, errors, field),
                None => {
                    ui.label("");
                }
            }
            ui.end_row();
        }
        let label = row_label(ui, "Source");
        responses.push(
            choice(
                ui,
                "Source",
                &mut self.draft.source,
                HistoricalSource::ALL,
                HistoricalSource::label,
            )
            .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Source);
        ui.end_row();
    }

    fn not_given_rows(&mut self, ui: &mut Ui, responses: &mut Vec<Response>, errors: &Errors) {
        let label = row_label(ui, "Reason not given");
        responses.push(
            choice(
                ui,
                "Reason not given",
                &mut self.draft.not_given,
                NotGivenReason::ALL,
                NotGivenReason::label,
            )
            .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Reason);
        ui.end_row();
        let label = row_label(ui, "Note");
        responses.push(
            ui.add(line(&mut self.draft.note, 360.0).id_salt("injection_note"))
                .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Note);
        ui.end_row();
    }

    /// The safety findings: hard stops in red, warnings with the reason field beside them.
    fn findings_ui(&mut self, ui: &mut Ui, findings: &[Finding], responses: &mut Vec<Response>) {
        if findings.is_empty() {
            return;
        }
        ui.add_space(6.0);
        let missing = match &self.blocked {
            Some(Blocked::ReasonsMissing(keys)) => keys.clone(),
            _ => Vec::new(),
        };
        let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
        for finding in findings {
            let n = seen.entry(finding.kind.label()).or_insert(0);
            *n += 1;
            ui.horizontal_wrapped(|ui| match finding.gate {
                Gate::HardStop => {
                    ui.label(
                        RichText::new(format!("STOP, {}: {}", finding.kind.label(), finding.fact))
                            .strong()
                            .color(theme::error(ui.visuals())),
                    );
                }
                Gate::Warning => {
                    ui.label(
                        RichText::new(format!(
                            "Warning, {}: {}",
                            finding.kind.label(),
                            finding.fact
                        ))
                        .strong()
                        .color(theme::warning(ui.visuals())),
                    );
                }
            });
            if finding.gate == Gate::Warning {
                ui.horizontal(|ui| {
                    let name = if *n > 1 {
                        format!("Reason to go past: {} ({n})", finding.kind.label())
                    } else {
                        format!("Reason to go past: {}", finding.kind.label())
                    };
                    let label = ui.label(name);
                    let reason = self.draft.reasons.entry(finding.key()).or_default();
                    let response = ui
                        .add(line(reason, 420.0).id_salt(("override", finding.key())))
                        .labelled_by(label.id);
                    responses.push(response);
                    if missing.contains(&finding.key()) && reason.trim().is_empty() {
                        field_message(ui, "type why it is right to go on", true);
                    }
                });
            }
        }
        ui.add_space(6.0);
    }
}

type Errors = BTreeMap<AdministrationField, AdministrationError>;

/// The message beside a field: its error, or an empty cell that keeps the row's shape.
fn message(ui: &mut Ui, errors: &Errors, field: AdministrationField) {
    match errors.get(&field) {
        Some(e) => field_message(ui, &e.to_string(), true),
        None => {
            ui.label("");
        }
    }
}

/// "Fluzone (trivalent, preservative free) · CVX 140".
fn product_line(product: &Product) -> String {
    match (&product.cvx, product.kind) {
        (Some(cvx), _) => format!("{} · CVX {cvx}", product.name),
        (None, ProductKind::Tuberculin) => format!("{} · skin test", product.name),
        (None, _) => product.name.clone(),
    }
}

/// What the MA should know of the product at a glance.
fn product_facts(product: &Product) -> String {
    let mut facts = Vec::new();
    if let Some(description) = &product.cvx_description {
        facts.push(description.clone());
    }
    if product.live {
        facts.push("LIVE vaccine".into());
    }
    if let Some(dose) = product.doses.first() {
        facts.push(format!("usual dose {dose}"));
    }
    if let Some(route) = product.route {
        facts.push(route.code().to_owned());
    }
    if product.historical_only {
        facts.push("for transcribing old records only".into());
    }
    facts.join(" · ")
}
