//! Registering a patient (MRN assigned when blank, names, date of birth, sex), and correcting
//! a patient's demographics, which records a new version. Every field says what is wrong
//! beside it; Enter saves.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::patient::{Patient, PatientDraft, PatientError, PatientField, Sex};
use crate::clinical::time::parse_date;
use crate::ui::theme::WIDE_FIELD_WIDTH;
use crate::ui::widgets::{choice, field_error, line, submitted};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct RegisterScreen {
    draft: PatientDraft,
    /// The patient whose demographics are being corrected; `None` when registering.
    correcting: Option<Patient>,
    errors: BTreeMap<PatientField, PatientError>,
    tried: bool,
    focused: bool,
    pub save_error: Option<String>,
}

impl RegisterScreen {
    /// The form refilled with a patient's current demographics, to correct them.
    pub fn correcting(patient: Patient) -> Self {
        Self {
            draft: PatientDraft::from_patient(&patient),
            correcting: Some(patient),
            ..Self::default()
        }
    }

    /// The patient whose demographics are on the form, when correcting.
    pub fn patient_id(&self) -> Option<crate::clinical::ids::PatientId> {
        self.correcting.as_ref().map(|p| p.id)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        if let Some(patient) = &self.correcting {
            ui.heading(format!("Correct demographics: MRN {}", patient.mrn));
            ui.label(
                RichText::new("The old version is kept; the chart shows the new one. Esc to go back without saving.")
                    .color(theme::muted(ui.visuals())),
            );
        } else {
            ui.heading("Register a patient");
            ui.label(
                RichText::new(
                    "Ask for the full legal name and date of birth; check them on an ID.",
                )
                .color(theme::muted(ui.visuals())),
            );
        }
        ui.add_space(8.0);
        let responses = egui::Grid::new("register")
            .num_columns(3)
            .spacing([12.0, 8.0])
            .show(ui, |ui| self.fields_ui(ui))
            .inner;
        ui.add_space(8.0);
        let label = if self.correcting.is_some() {
            "Save correction (Enter)"
        } else {
            "Register patient (Enter)"
        };
        let button = ui.button(label);
        if let Some(e) = &self.save_error {
            field_error(ui, e);
        }
        let checked = self.draft.check(cx.clock.today());
        self.errors = checked.clone().err().unwrap_or_default();
        if !(button.clicked() || submitted(ui, &responses)) {
            return None;
        }
        self.tried = true;
        let new = checked.ok()?;
        Some(match &self.correcting {
            Some(current) => Intent::CorrectPatient {
                current: Box::new(current.clone()),
                demographics: new.demographics,
            },
            None => Intent::RegisterPatient(new),
        })
    }

    fn fields_ui(&mut self, ui: &mut Ui) -> Vec<Response> {
        let mut responses = Vec::new();
        let correcting = self.correcting.is_some();
        let draft = &mut self.draft;
        let mut rows: Vec<(&str, Option<PatientField>, &mut String, &str)> = vec![
            (
                "Family name",
                Some(PatientField::FamilyName),
                &mut draft.family_name,
                "",
            ),
            (
                "Given names",
                Some(PatientField::GivenNames),
                &mut draft.given_names,
                "",
            ),
            (
                "Preferred name",
                None,
                &mut draft.preferred_name,
                "optional",
            ),
            (
                "Date of birth",
                Some(PatientField::BirthDate),
                &mut draft.birth_date,
                "1980-03-02 or 03/02/1980",
            ),
        ];
        // The MRN identifies the chart: typed or assigned once, never corrected here.
        if !correcting {
            rows.push((
                "MRN",
                Some(PatientField::Mrn),
                &mut draft.mrn,
                "blank: the next number is assigned",
            ));
        }
        for (label, field, text, hint) in rows {
            let label = ui.label(label);
            let response = ui
                .add(
                    line(text, WIDE_FIELD_WIDTH * 1.4)
                        .hint_text(hint)
                        .id_salt(label.id),
                )
                .labelled_by(label.id);
            if !self.focused {
                response.request_focus();
                self.focused = true;
            }
            let show_error = self.tried || !text.trim().is_empty();
            match field
                .and_then(|f| self.errors.get(&f))
                .filter(|_| show_error)
            {
                Some(e) => field_error(ui, &e.to_string()),
                None if field == Some(PatientField::BirthDate) => {
                    ui.label(
                        parse_date(text)
                            .map(|d| format!("= {}", format::date(d)))
                            .unwrap_or_default(),
                    );
                }
                None => {
                    ui.label("");
                }
            }
            ui.end_row();
            responses.push(response);
        }
        let label = ui.label("Sex");
        let response =
            choice(ui, "Sex", &mut draft.sex, &Sex::ALL, Sex::label).labelled_by(label.id);
        match self.errors.get(&PatientField::Sex).filter(|_| self.tried) {
            Some(e) => field_error(ui, &e.to_string()),
            None => {
                ui.label(
                    RichText::new("Left/Right arrow, or the first letter")
                        .color(theme::muted(ui.visuals())),
                );
            }
        }
        ui.end_row();
        responses.push(response);
        responses
    }
}
