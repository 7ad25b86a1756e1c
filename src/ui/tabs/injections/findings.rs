//! The safety findings under the injection form: hard stops in red, each warning with the field
//! for the reason to go on, keyed by the finding so the reason stays while the form changes;
//! the checks only a provider passes need the reason and the provider's co-signature.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::injection::draft::Blocked;
use crate::clinical::injection::safety::{Finding, Gate};
use crate::ui::theme;
use crate::ui::widgets::{field_error, line};

/// Hard stops in red; each warning with its reason field and, after a refused save, what is
/// missing.
pub(super) fn findings_ui(
    ui: &mut Ui,
    findings: &[Finding],
    reasons: &mut BTreeMap<String, String>,
    blocked: Option<&Blocked>,
    responses: &mut Vec<Response>,
) {
    if findings.is_empty() {
        return;
    }
    ui.add_space(6.0);
    let missing = match blocked {
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
            Gate::ProviderOverride => {
                ui.label(
                    RichText::new(format!(
                        "PROVIDER, {}: {}",
                        finding.kind.label(),
                        finding.fact
                    ))
                    .strong()
                    .color(theme::error(ui.visuals())),
                );
            }
            Gate::Information => {
                ui.label(format!(
                    "For information, {}: {}",
                    finding.kind.label(),
                    finding.fact
                ));
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
        if matches!(finding.gate, Gate::ProviderOverride | Gate::Warning) {
            ui.horizontal(|ui| {
                let name = if *n > 1 {
                    format!("Reason to go ahead: {} ({n})", finding.kind.label())
                } else {
                    format!("Reason to go ahead: {}", finding.kind.label())
                };
                let label = ui.label(name);
                let reason = reasons.entry(finding.key()).or_default();
                let response = ui
                    .add(line(reason, 420.0).id_salt(("override", finding.key())))
                    .labelled_by(label.id);
                responses.push(response);
                if missing.contains(&finding.key()) && reason.trim().is_empty() {
                    field_error(ui, "type why it is right to go on");
                }
            });
        }
    }
    ui.add_space(6.0);
}
