//! The patient banner on every patient screen: who this is (full name, date of birth with age,
//! sex, MRN), the allergy status, and the visit. It must be impossible to miss.

use egui::{Frame, RichText, Ui};

use crate::clinical::allergy::AllergyStatus;
use crate::clinical::injection::safety::PregnancyTest;
use crate::clinical::patient::Patient;
use crate::clinical::time::to_local;
use crate::clinical::visit::Visit;
use crate::ui::{ViewContext, format, theme};

pub fn banner(
    ui: &mut Ui,
    patient: &Patient,
    allergies: &AllergyStatus,
    visit: Option<&Visit>,
    pregnancy_test: Option<PregnancyTest>,
    cx: ViewContext<'_>,
) {
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
                allergies_ui(ui, allergies);
                // A positive urine hCG this visit stops live vaccines and Depo-Provera: it sits
                // beside the allergies, as hard to miss.
                if let Some(test) = pregnancy_test.filter(|t| t.positive) {
                    chip(
                        ui,
                        &format!(
                            "PREGNANT: positive test on {}",
                            format::date(to_local(test.at).date_naive())
                        ),
                    );
                }
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

/// Allergies first and in colour when there are any; a dated NKA; or "not recorded", never
/// "none".
fn allergies_ui(ui: &mut Ui, status: &AllergyStatus) {
    if !status.active.is_empty() {
        let list: Vec<String> = status.active.iter().map(|a| a.content.summary()).collect();
        chip(ui, &format!("ALLERGIES: {}", list.join(" · ")));
    }
    match (status.assertion, status.active.is_empty()) {
        (Some((assertion, at)), _) => {
            ui.label(
                RichText::new(format!(
                    "{} ({})",
                    assertion.short(),
                    format::date(crate::clinical::time::to_local(at).date_naive())
                ))
                .strong(),
            );
        }
        (None, true) if status.inactive > 0 => {
            ui.label(
                RichText::new(format!(
                    "Allergies: none active ({} inactive)",
                    status.inactive
                ))
                .strong(),
            );
        }
        (None, true) => {
            ui.label(
                RichText::new("Allergies: not recorded")
                    .strong()
                    .color(theme::warning(ui.visuals())),
            );
        }
        (None, false) => {}
    }
}

/// White on red, for what must stop the hand before a dose.
fn chip(ui: &mut Ui, text: &str) {
    Frame::new()
        .fill(theme::allergy_fill())
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text)
                    .strong()
                    .size(16.0)
                    .color(egui::Color32::WHITE),
            );
        });
}
