//! Later starts: pick yourself from the staff list, or add your profile.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::clinical::staff::{SetupError, SetupField, Staff, StaffDraft};
use crate::ui::Intent;
use crate::ui::theme::WIDE_FIELD_WIDTH;
use crate::ui::widgets::{field_error, submitted, text_field};

pub struct SignInScreen {
    pub clinic_name: String,
    pub staff: Vec<Staff>,
    new_staff: StaffDraft,
    errors: BTreeMap<SetupField, SetupError>,
    tried: bool,
    focused: bool,
    pub save_error: Option<String>,
}

impl SignInScreen {
    pub fn new(clinic_name: String, staff: Vec<Staff>) -> Self {
        Self {
            clinic_name,
            staff,
            new_staff: StaffDraft::default(),
            errors: BTreeMap::new(),
            tried: false,
            focused: false,
            save_error: None,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let mut intent = None;
        ui.heading(&self.clinic_name);
        ui.label("Who is charting? Tab to your name and press Enter.");
        ui.add_space(8.0);
        for (i, member) in self.staff.iter().enumerate() {
            let button = ui.button(RichText::new(member.signature()).size(16.0));
            if i == 0 && !self.focused {
                button.request_focus();
                self.focused = true;
            }
            if button.clicked() {
                intent = Some(Intent::SignIn(member.id));
            }
        }
        ui.add_space(16.0);
        ui.separator();
        ui.label(RichText::new("Not on the list? Add yourself").strong());
        let mut responses = Vec::new();
        egui::Grid::new("add_staff")
            .num_columns(3)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                for (label, field, text) in [
                    ("Name", SetupField::StaffName, &mut self.new_staff.name),
                    (
                        "Credentials",
                        SetupField::StaffCredentials,
                        &mut self.new_staff.credentials,
                    ),
                ] {
                    let label = ui.label(label);
                    responses.push(text_field(ui, label.id, text, WIDE_FIELD_WIDTH));
                    match self.errors.get(&field).filter(|_| self.tried) {
                        Some(e) => field_error(ui, &e.to_string()),
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
        let add = ui.button("Add me");
        if let Some(e) = &self.save_error {
            field_error(ui, e);
        }
        self.errors = self.new_staff.check().err().unwrap_or_default();
        if add.clicked() || submitted(ui, &responses) {
            self.tried = true;
            if let Ok(staff) = self.new_staff.check() {
                intent = Some(Intent::AddStaff(staff));
            }
        }
        intent
    }
}
