//! The collection form: the tests first (each brings its specimen type, tube and fasting), then
//! what was collected, where it goes and when; and before the label prints, the patient's name
//! and date of birth read back and confirmed with the patient.

use egui::{Response, RichText, Ui};

use crate::clinical::ids::RecordId;
use crate::clinical::patient::Patient;
use crate::clinical::specimen::{
    Container, Specimen, SpecimenDraft, SpecimenField, SpecimenId, SpecimenType,
};
use crate::ui::widgets::TimeField;
use crate::ui::widgets::{
    AskedFor, FieldErrors, Saving, Suggestions, Width, choice, field_warning, identity_rows,
    row_label, rows, save_row, submitted, suggest_field, take_focus,
};
use crate::ui::{Intent, ViewContext, theme};

pub struct CollectForm {
    pub draft: SpecimenDraft,
    /// The specimen being corrected: its current record and its ID, which stays.
    pub editing: Option<(RecordId, SpecimenId)>,
    tests: Suggestions,
    labs: Suggestions,
    errors: FieldErrors<SpecimenField>,
    pub focus: bool,
    save_error: Option<String>,
    notice: Option<String>,
    collected_at: TimeField,
}

impl CollectForm {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            draft: SpecimenDraft::new(now),
            editing: None,
            tests: Suggestions::default(),
            labs: Suggestions::default(),
            errors: FieldErrors::default(),
            focus: false,
            save_error: None,
            notice: None,
            collected_at: TimeField::FollowsClock,
        }
    }

    /// What is typed, if anything beyond the time that fills itself in.
    pub fn kept(&self) -> Option<(SpecimenDraft, Option<(RecordId, SpecimenId)>)> {
        let blank = SpecimenDraft {
            collected_at: self.draft.collected_at.clone(),
            ..SpecimenDraft::default()
        };
        (self.draft != blank || self.editing.is_some()).then(|| (self.draft.clone(), self.editing))
    }

    /// A kept draft put back, with a notice saying when it was typed.
    pub fn restored(
        &mut self,
        draft: SpecimenDraft,
        editing: Option<(RecordId, SpecimenId)>,
        saved_at: chrono::DateTime<chrono::Utc>,
    ) {
        self.draft = draft;
        self.editing = editing;
        self.collected_at = TimeField::Typed;
        self.notice = Some(crate::ui::tab::restored_notice(saved_at));
    }

    pub fn failed(&mut self, message: &str) {
        self.save_error = Some(message.to_owned());
    }

    /// Refills the form from a charted specimen, to correct it.
    pub fn correcting(
        &mut self,
        record: RecordId,
        specimen: &Specimen,
        birth_date: chrono::NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        *self = Self::new(now);
        self.draft = SpecimenDraft::from_collection(&specimen.collection, birth_date);
        self.editing = Some((record, specimen.id));
        self.collected_at = TimeField::Typed;
        self.focus = true;
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>, patient: &Patient) -> Option<Intent> {
        let catalog = &cx.reference.lab_tests;
        let title = match self.editing {
            Some((_, id)) => format!("Correct specimen {id}"),
            None => "Collect a specimen".to_owned(),
        };
        ui.label(RichText::new(title).strong().size(16.0));
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        self.collected_at
            .keep(ui, &mut self.draft.collected_at, cx.clock.now());
        let errors = &self.errors;
        let message = |ui: &mut Ui, field: SpecimenField| errors.message(ui, Some(field));
        let mut responses: Vec<Response> = Vec::new();
        let mut removed = None;
        rows(ui, |ui| {
            let label = row_label(ui, "Tests");
            let typed = suggest_field(
                ui,
                label.id,
                egui::Id::unique("specimen_test"),
                &mut self.draft.test_entry,
                340.0,
                &mut self.tests,
                |typed| {
                    catalog
                        .suggest(typed, 8)
                        .into_iter()
                        .filter_map(|i| Some((i, catalog.tests().get(i)?.name.clone())))
                        .collect()
                },
            );
            if let Some(test) = typed.picked.and_then(|i| catalog.tests().get(i)) {
                self.draft.add_test(test);
            }
            take_focus(ui, &mut self.focus, &typed.response);
            // Enter in the test field adds what was typed as a test outside the catalog, and
            // keeps the keyboard there for the next one.
            if typed.picked.is_none()
                && typed.response.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && self.draft.add_typed_test()
            {
                typed.response.request_focus();
            }
            message(ui, SpecimenField::Tests);
            ui.end_row();
            for (n, test) in self.draft.tests.iter().enumerate() {
                ui.label("");
                ui.horizontal(|ui| {
                    ui.label(&test.name);
                    if test.catalog_id.is_none() {
                        ui.label(RichText::new("(typed)").color(theme::muted(ui.visuals())));
                    }
                    if ui.small_button(format!("Remove {}", test.name)).clicked() {
                        removed = Some(n);
                    }
                });
                ui.label("");
                ui.end_row();
            }

            let label = row_label(ui, "Specimen");
            let response = choice(
                ui,
                "Specimen",
                &mut self.draft.kind,
                SpecimenType::ALL,
                SpecimenType::label,
            )
            .labelled_by(label.id);
            if response.changed()
                && let (Some(kind), Some(container)) = (self.draft.kind, self.draft.container)
                && !container.holds(kind)
            {
                self.draft.container = None;
            }
            responses.push(response);
            message(ui, SpecimenField::Kind);
            ui.end_row();

            let label = row_label(ui, "Container");
            let containers = self
                .draft
                .kind
                .map_or_else(|| Container::ALL.to_vec(), Container::for_type);
            responses.push(
                choice(
                    ui,
                    "Container",
                    &mut self.draft.container,
                    &containers,
                    Container::label,
                )
                .labelled_by(label.id),
            );
            message(ui, SpecimenField::Container);
            ui.end_row();

            responses.push(errors.text(
                ui,
                "Source or site",
                None,
                &mut self.draft.source,
                Width::of(220.0).hint("e.g. left antecubital, clean catch"),
            ));

            let label = row_label(ui, "Fasting");
            responses.push(
                choice(
                    ui,
                    "Fasting",
                    &mut self.draft.fasting,
                    &[true, false],
                    |fasted| if fasted { "Fasted" } else { "Not fasting" },
                )
                .labelled_by(label.id),
            );
            let asks_fasting = self.draft.tests.iter().any(|t| {
                t.catalog_id
                    .as_deref()
                    .and_then(|id| catalog.test(id))
                    .is_some_and(|t| t.fasting)
            });
            if errors.get(SpecimenField::Fasting).is_some() {
                message(ui, SpecimenField::Fasting);
            } else if asks_fasting && self.draft.fasting == Some(false) {
                field_warning(ui, "a test is done fasting: say so to the provider");
            } else {
                ui.label("");
            }
            ui.end_row();

            responses.push(errors.text(
                ui,
                "Volume",
                Some(SpecimenField::Volume),
                &mut self.draft.volume,
                Width::of(80.0).hint("mL"),
            ));

            let label = row_label(ui, "Lab");
            let lab = suggest_field(
                ui,
                label.id,
                egui::Id::unique("specimen_lab"),
                &mut self.draft.lab,
                220.0,
                &mut self.labs,
                |typed| {
                    let typed = typed.to_lowercase();
                    catalog
                        .labs()
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.to_lowercase().contains(&typed))
                        .map(|(i, l)| (i, l.clone()))
                        .collect()
                },
            );
            if let Some(name) = lab.picked.and_then(|i| catalog.labs().get(i)) {
                self.draft.lab.clone_from(name);
            }
            responses.push(lab.response);
            message(ui, SpecimenField::Lab);
            ui.end_row();

            let at = errors.text(
                ui,
                "Collected at",
                Some(SpecimenField::CollectedAt),
                &mut self.draft.collected_at,
                Width::of(160.0),
            );
            self.collected_at.after(&at);
            responses.push(at);
            responses.push(errors.text(ui, "Note", None, &mut self.draft.note, Width::of(300.0)));
        });
        if let Some(n) = removed {
            self.draft.tests.remove(n);
        }
        responses.extend(self.identifiers_ui(ui, patient));
        let checked = self.draft.check(
            catalog,
            &cx.staff.signature(),
            patient.demographics.birth_date,
            cx.clock.now_local(),
        );
        self.errors.check(&checked);
        let row = save_row(
            ui,
            Saving::of("Collect and print label (Enter)", &self.editing),
            self.save_error.as_deref(),
        );
        if row.cancel {
            *self = Self::new(cx.clock.now());
            return None;
        }
        if row.save || submitted(ui, &responses) {
            self.errors.tried();
            self.save_error = None;
            if let Ok(collection) = checked {
                return Some(match self.editing {
                    Some((replaces, id)) => Intent::CorrectSpecimen {
                        origin: super::SPECIMEN,
                        replaces,
                        specimen: Box::new(Specimen { id, collection }),
                    },
                    None => Intent::CollectSpecimen {
                        origin: super::SPECIMEN,
                        collection: Box::new(collection),
                    },
                });
            }
        }
        None
    }

    /// The two identifiers, shown large to be read back, each confirmed on its own.
    fn identifiers_ui(&mut self, ui: &mut Ui, patient: &Patient) -> Vec<Response> {
        identity_rows(
            ui,
            &patient.demographics.full_name(),
            &mut self.draft.identity,
            self.errors.get(SpecimenField::Identifiers),
            AskedFor::Specimen,
        )
    }
}
