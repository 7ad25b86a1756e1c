//! The injection form: given here from a lot on hand, transcribed from another record, or not
//! given. The product fills in its usual dose, route and VIS sheets; the safety checks run as
//! the form changes and show beside it, each warning with a field for the reason to go on.

use egui::{Response, RichText, Ui};

use crate::clinical::allergy::Allergy;
use crate::clinical::ids::RecordId;
use crate::clinical::injection::Administration;
use crate::clinical::injection::administration::Administrator;
use crate::clinical::injection::dose_limit::{DosingBasis, suggested_dose};
use crate::clinical::injection::draft::{
    AdministrationDraft, AdministrationField, Blocked, DraftContext, EntryMode,
    VFC_AGE_LIMIT_YEARS, with_overrides,
};
use crate::clinical::injection::safety::{self, Finding, Proposal, Proposed, References};
use crate::clinical::injection::schedule::{fits_age, preferred_ages};
use crate::clinical::patient::Sex;
use crate::clinical::vitals::check::Previous;
use crate::ui::tabs::injections::co_sign::CoSignBox;
use crate::ui::tabs::injections::{entry_rows, findings};
use crate::ui::widgets::{
    FieldErrors, Suggestions, TimeField, choice_required, field_error, row_label, rows, submitted,
    suggest_field, take_focus,
};
use crate::ui::{Intent, ViewContext, theme};

/// What the form reads: the patient's tab context.
pub type FormInputs<'a> = crate::ui::tab::TabContext<'a>;

pub struct AdministrationForm {
    pub draft: AdministrationDraft,
    pub editing: Option<RecordId>,
    suggestions: Suggestions,
    errors: FieldErrors<AdministrationField>,
    focus: bool,
    save_error: Option<String>,
    /// Set when a save was refused for a hard stop or for missing reasons.
    blocked: Option<Blocked>,
    notice: Option<String>,
    pub co_sign: CoSignBox,
    given_at: TimeField,
}

impl AdministrationForm {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            draft: AdministrationDraft::new(now),
            editing: None,
            suggestions: Suggestions::default(),
            errors: FieldErrors::default(),
            focus: false,
            save_error: None,
            blocked: None,
            notice: None,
            co_sign: CoSignBox::default(),
            given_at: TimeField::FollowsClock,
        }
    }

    pub fn focus_first_field(&mut self) {
        self.focus = true;
    }

    /// A kept draft put back, with a notice saying when it was typed.
    pub fn restored(
        &mut self,
        draft: AdministrationDraft,
        editing: Option<RecordId>,
        saved_at: chrono::DateTime<chrono::Utc>,
    ) {
        self.draft = draft;
        self.editing = editing;
        self.given_at = TimeField::Typed;
        self.notice = Some(crate::ui::tab::restored_notice(saved_at));
    }

    pub fn failed(&mut self, message: &str) {
        self.save_error = Some(message.to_owned());
    }

    /// Refills the form from a saved record, to correct it.
    pub fn correcting(&mut self, id: RecordId, draft: AdministrationDraft) {
        *self = Self::new(chrono::Utc::now());
        self.draft = draft;
        self.editing = Some(id);
        self.given_at = TimeField::Typed;
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
        let observations = inputs
            .records
            .vaccine_observations(&cx.reference.observations, &cx.reference.poc);
        let patient = safety::Patient {
            allergies: inputs.records.of::<Allergy>(),
            pregnancy: inputs.records.pregnancy(),
            asks_pregnancy: cx
                .reference
                .social
                .asks_pregnancy(d.sex, d.age_on(now.date_naive())),
            childbearing_age: cx
                .reference
                .social
                .asks_pregnancy(Sex::Female, d.age_on(now.date_naive())),
            dosing: dosing_basis(inputs, self.draft.day(now)),
            birth_date: d.birth_date,
            sex: d.sex,
            pregnancy_test: inputs
                .visit_id()
                .and_then(|v| inputs.records.pregnancy_test(v, &cx.reference.poc)),
            past: inputs.records.of::<Administration>(),
            observations: &observations,
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
                schedule: cx.reference.schedule.get().ok(),
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
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        if self.draft.mode == EntryMode::GivenHere {
            self.given_at.keep(ui, &mut self.draft.at, cx.clock.now());
        }
        let administrator = Self::administrator(cx);
        let checked = self.draft.check(&DraftContext {
            catalog,
            lots: inputs.lots,
            now,
            birth_date: inputs.patient.demographics.birth_date,
            administrator: &administrator,
            visit_started: inputs.visit.map(|v| v.started_at),
        });
        self.errors.check(&checked);
        let errors = &self.errors;
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
                    let schedule = cx.reference.schedule.get().ok();
                    let birth = inputs.patient.demographics.birth_date;
                    // What fits the patient's age first, each with the ages it is for.
                    let fits = |p: &crate::clinical::injection::Product| {
                        schedule.is_none_or(|data| fits_age(data, p.cvx.as_deref(), birth, today))
                    };
                    catalog
                        .suggest_fitting(typed, 8, given_here, fits)
                        .into_iter()
                        .filter_map(|p| {
                            let position = catalog.products().iter().position(|x| x.id == p.id)?;
                            let ages =
                                schedule.and_then(|data| preferred_ages(data, p.cvx.as_deref()));
                            Some((position, entry_rows::product_line(p, ages.as_deref())))
                        })
                        .collect()
                },
            );
            if let Some(position) = suggested.picked
                && let Some(picked) = catalog.products().get(position)
            {
                self.draft.pick(picked, adult);
                if let Some(dose) = suggested_dose(
                    &picked.doses,
                    &picked.dose_limits,
                    dosing_basis(inputs, today),
                ) {
                    self.draft.dose = dose.to_string();
                }
            } else if suggested.response.changed() {
                self.draft.product_id = None;
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            errors.message(ui, Some(AdministrationField::Product));
            ui.end_row();

            if let Some(product) = &product {
                row_label(ui, "");
                ui.label(
                    RichText::new(entry_rows::product_facts(product))
                        .color(theme::muted(ui.visuals())),
                );
                ui.end_row();
                match self.draft.mode {
                    EntryMode::GivenHere => {
                        entry_rows::given_here_rows(
                            &mut self.draft,
                            &mut self.given_at,
                            ui,
                            cx,
                            inputs,
                            product,
                            &mut responses,
                            errors,
                        );
                    }
                    EntryMode::Historical => {
                        entry_rows::historical_rows(&mut self.draft, ui, &mut responses, errors);
                    }
                    EntryMode::NotGiven => {
                        entry_rows::not_given_rows(&mut self.draft, ui, &mut responses, errors);
                    }
                }
            }
        });
        let findings = self.findings(cx, inputs);
        findings::findings_ui(
            ui,
            &findings,
            &mut self.draft.reasons,
            self.blocked.as_ref(),
            &mut responses,
        );
        let co_sign = self
            .co_sign
            .ui(ui, &findings, super::ADMINISTRATION, cx.clock);
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
                self.errors.tried();
                self.blocked = None;
                self.save_error = None;
                if let Ok(administration) = &checked {
                    match with_overrides(
                        administration.clone(),
                        &findings,
                        &self.draft.reasons,
                        self.co_sign.for_findings(&findings),
                    ) {
                        Ok(ready) => {
                            intent = Some(Intent::SaveAdministration {
                                origin: super::ADMINISTRATION,
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
            Some(Blocked::HardStop) => field_error(
                ui,
                "Not saved: a hard stop above cannot be overridden. What you typed is still here.",
            ),
            Some(Blocked::ReasonsMissing(_)) => field_error(
                ui,
                "Not saved: type a reason for each warning to go on, or change the entry.",
            ),
            Some(Blocked::NeedsProvider) => field_error(
                ui,
                "Not saved: a provider must co-sign the checks marked PROVIDER. What you typed is still here.",
            ),
            None => {}
        }
        if let Some(e) = &self.save_error {
            field_error(
                ui,
                &format!("Not saved: {e}. What you typed is still here."),
            );
        }
        intent.or(co_sign)
    }
}

/// The patient's age on `day` and latest weight, for the drugs dosed by them.
fn dosing_basis(inputs: &FormInputs<'_>, day: chrono::NaiveDate) -> DosingBasis {
    DosingBasis {
        age: inputs.patient.demographics.age_on(day),
        weight: Previous::from_history(inputs.vitals, None).weight,
    }
}
