//! Registering a patient: MRN (assigned when blank), names, date of birth, sex. Every field says
//! what is wrong beside it; Enter registers.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::clinical::patient::{PatientDraft, PatientError, PatientField, Sex};
use crate::clinical::time::parse_date;
use crate::ui::theme::WIDE_FIELD_WIDTH;
use crate::ui::widgets::{choice, field_message, line, submitted};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct RegisterScreen {
    draft: PatientDraft,
    errors: BTreeMap<PatientField, PatientError>,
    tried: bool,
    focused: bool,
    pub save_error: Option<String>,
}

impl RegisterScreen {
    #[expect(
        clippy::too_many_lines,
        reason = "the form's fields in order, read top to bottom"
    )]
    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        let Self {
            draft,
            errors,
            tried,
            focused,
            save_error,
        } = self;
        ui.heading("Register a patient");
        ui.label(
            RichText::new("Ask for the full legal name and date of birth; check them on an ID.")
                .color(theme::muted(ui.visuals())),
        );
        ui.add_space(8.0);
        let mut responses = Vec::new();
        egui::Grid::new("register")
            .num_columns(3)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let rows: [(&str, Option<PatientField>, &mut String, &str); 5] = [
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
                    (
                        "MRN",
                        Some(PatientField::Mrn),
                        &mut draft.mrn,
                        "blank: the next number is assigned",
                    ),
                ];
                for (label, field, text, hint) in rows {
                    let label = ui.label(label);
                    let response = ui
                        .add(
                            line(text, WIDE_FIELD_WIDTH * 1.4)
                                .hint_text(hint)
                                .id_salt(label.id),
                        )
                        .labelled_by(label.id);
                    if !*focused {
                        response.request_focus();
                        *focused = true;
                    }
                    let show_error = *tried || !text.trim().is_empty();
                    match field.and_then(|f| errors.get(&f)).filter(|_| show_error) {
                        Some(e) => field_message(ui, &e.to_string(), true),
                        None if field == Some(PatientField::BirthDate) => {
                            let shown = parse_date(text)
                                .map(|d| format!("= {}", format::date(d)))
                                .unwrap_or_default();
                            ui.label(shown);
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
                match errors.get(&PatientField::Sex).filter(|_| *tried) {
                    Some(e) => field_message(ui, &e.to_string(), true),
                    None => {
                        ui.label(
                            RichText::new("Left/Right arrow, or the first letter")
                                .color(theme::muted(ui.visuals())),
                        );
                    }
                }
                ui.end_row();
                responses.push(response);
            });
        ui.add_space(8.0);
        let button = ui.button("Register patient (Enter)");
        if let Some(e) = save_error {
            field_message(ui, e, true);
        }
        *errors = draft.check(cx.clock.today()).err().unwrap_or_default();
        if button.clicked() || submitted(ui, &responses) {
            *tried = true;
            if let Ok(patient) = draft.check(cx.clock.today()) {
                return Some(Intent::RegisterPatient(patient));
            }
        }
        None
    }
}
