//! A provider's co-signature at the MA's workstation: for the checks only a provider passes
//! (a severe allergy, a severe reaction to the vaccine group, a second dose the same day), the
//! provider types their own username and password; the MA stays signed in.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use crate::clinical::account::Password;
use crate::clinical::injection::administration::CoSignature;
use crate::clinical::injection::safety::{Finding, Gate};
use crate::clinical::time::Clock;
use crate::ui::sign_in::SignInAttempt;
use crate::ui::tab::Origin;
use crate::ui::widgets::{Width, field_error, labelled_password, line, row_label, rows, submitted};
use crate::ui::{Intent, format, theme};

#[derive(Default)]
pub struct CoSignBox {
    username: String,
    password: String,
    /// The provider's co-signature, and the findings it was given for: a finding that appears
    /// afterwards needs the provider again.
    signed: Option<(CoSignature, BTreeSet<String>)>,
    /// The findings shown when the provider was asked.
    asked_for: BTreeSet<String>,
    error: Option<String>,
}

/// The keys of the findings only a provider passes.
fn provider_findings(findings: &[Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .filter(|f| f.gate == Gate::ProviderOverride)
        .map(Finding::key)
        .collect()
}

impl CoSignBox {
    /// The co-signature, if it covers every finding that needs one now.
    pub fn for_findings(&self, findings: &[Finding]) -> Option<&CoSignature> {
        let needed = provider_findings(findings);
        self.signed
            .as_ref()
            .filter(|(_, covers)| needed.is_subset(covers))
            .map(|(signature, _)| signature)
    }

    pub fn signed(&mut self, signature: CoSignature) {
        self.signed = Some((signature, std::mem::take(&mut self.asked_for)));
        self.error = None;
    }

    pub fn failed(&mut self, message: &str) {
        self.error = Some(message.to_owned());
    }

    /// Nothing when no finding needs a provider; else who co-signed, or the fields to do it.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        findings: &[Finding],
        origin: Origin,
        clock: Clock,
    ) -> Option<Intent> {
        let needed = provider_findings(findings);
        if needed.is_empty() {
            return None;
        }
        if let Some(signature) = self.for_findings(findings) {
            ui.label(
                RichText::new(format!(
                    "Co-signed by {} at {}",
                    signature.signature,
                    format::time(signature.at, clock)
                ))
                .strong()
                .color(theme::done(ui.visuals())),
            );
            return None;
        }
        ui.label(
            RichText::new(
                "A provider must co-sign to go past the checks marked PROVIDER: they type their \
                 own username and password here, and you stay signed in.",
            )
            .strong(),
        );
        let mut fields = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Provider's username");
            fields.push(
                ui.add(line(&mut self.username, 220.0).id_salt("co_sign_username"))
                    .labelled_by(label.id),
            );
            ui.end_row();
            fields.push(labelled_password(
                ui,
                "Provider's password",
                &mut self.password,
                Width::of(220.0),
            ));
            ui.end_row();
        });
        let button = ui.button("Co-sign");
        if let Some(e) = &self.error {
            field_error(ui, &format!("Not co-signed: {e}"));
        }
        if button.clicked() || submitted(ui, &fields) {
            let attempt = SignInAttempt {
                username: self.username.trim().to_owned(),
                password: Password::new(&self.password),
            };
            self.password.clear();
            self.error = None;
            self.asked_for = needed;
            return Some(Intent::CoSign { origin, attempt });
        }
        None
    }
}
