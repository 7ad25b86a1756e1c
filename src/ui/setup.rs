//! First start: the clinic (name and address, which vaccine records will need) and the first
//! staff member's profile.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::clinical::staff::{SetupDraft, SetupError, SetupField};
use crate::ui::Intent;
use crate::ui::theme::WIDE_FIELD_WIDTH;
use crate::ui::widgets::{field_error, submitted, text_field};

#[derive(Default)]
pub struct SetupScreen {
    draft: SetupDraft,
    errors: BTreeMap<SetupField, SetupError>,
    tried: bool,
    focused: bool,
    pub save_error: Option<String>,
}

impl SetupScreen {
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let Self {
            draft,
            errors,
            tried,
            focused,
            save_error,
        } = self;
        ui.heading("Welcome to Rooming");
        ui.label("First, the clinic and you. The clinic's address goes on vaccine records.");
        ui.add_space(12.0);
        let mut responses = Vec::new();
        egui::Grid::new("setup")
            .num_columns(3)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let rows: [(&str, SetupField, &mut String); 4] = [
                    (
                        "Clinic name",
                        SetupField::ClinicName,
                        &mut draft.clinic_name,
                    ),
                    (
                        "Clinic address",
                        SetupField::ClinicAddress,
                        &mut draft.clinic_address,
                    ),
                    ("Your name", SetupField::StaffName, &mut draft.staff.name),
                    (
                        "Your credentials",
                        SetupField::StaffCredentials,
                        &mut draft.staff.credentials,
                    ),
                ];
                for (label, field, text) in rows {
                    let label = ui.label(label);
                    let response = text_field(ui, label.id, text, WIDE_FIELD_WIDTH * 1.5);
                    if !*focused {
                        response.request_focus();
                        *focused = true;
                    }
                    match errors.get(&field).filter(|_| *tried) {
                        Some(e) => field_error(ui, &e.to_string()),
                        None if field == SetupField::StaffCredentials => {
                            ui.label(RichText::new("e.g. CMA, RMA, LPN").weak());
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                    responses.push(response);
                }
            });
        ui.add_space(8.0);
        let button = ui.button("Start charting");
        if let Some(e) = save_error {
            field_error(ui, e);
        }
        *errors = draft.check().err().unwrap_or_default();
        if button.clicked() || submitted(ui, &responses) {
            *tried = true;
            if let Ok((clinic, staff)) = draft.check() {
                return Some(Intent::SetUp { clinic, staff });
            }
        }
        None
    }
}
