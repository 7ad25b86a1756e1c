//! The patient banner on every patient screen: who this is (full name, date of birth with age,
//! sex, MRN), the allergy status, and the visit. It must be impossible to miss.

use egui::{Frame, RichText, Ui};

use crate::clinical::patient::Patient;
use crate::clinical::visit::Visit;
use crate::ui::{ViewContext, format, theme};

pub fn banner(ui: &mut Ui, patient: &Patient, visit: Option<&Visit>, cx: ViewContext<'_>) {
    let d = &patient.demographics;
    Frame::new()
        .fill(theme::banner_fill(ui.visuals()))
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(d.full_name()).size(22.0).strong());
                ui.add_space(16.0);
                ui.label(
                    RichText::new(format!("DOB {}", format::birth_date_and_age(d, cx.clock)))
                        .size(17.0),
                );
                ui.add_space(12.0);
                ui.label(RichText::new(d.sex.label()).size(17.0));
                ui.add_space(12.0);
                ui.label(
                    RichText::new(format!("MRN {}", patient.mrn))
                        .size(17.0)
                        .monospace(),
                );
            });
            ui.horizontal_wrapped(|ui| {
                // Allergies arrive with their own issue; until then the chart says so plainly,
                // never "none".
                ui.label(
                    RichText::new("Allergies: not recorded")
                        .strong()
                        .color(theme::warning(ui.visuals())),
                );
                if let Some(visit) = visit {
                    ui.add_space(16.0);
                    let room = visit
                        .room
                        .as_deref()
                        .map(|r| format!(" · Room {r}"))
                        .unwrap_or_default();
                    ui.label(format!(
                        "Visit {}{room} · {} · {}",
                        format::time(visit.started_at, cx.clock),
                        visit.reason,
                        visit.status.label()
                    ));
                }
            });
        });
}
