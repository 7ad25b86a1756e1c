//! The recovery key: shown once when the chart is made (to print or write down, and type back
//! to prove it was), and used when every administrator has forgotten their password, to set a
//! new one.

use egui::{RichText, Ui};

use crate::clinical::account::{
    CommonPasswords, MIN_PASSWORD_CHARS, Password, check_password_change,
};
use crate::ui::theme;
use crate::ui::widgets::{
    Width, field_error, labelled_password, line, row_label, rows, submitted, take_focus,
};

/// The key shown once, until the person types it back.
pub struct RecoveryKeyShown {
    /// "K7Q2-M9XA-…": the key as it is printed.
    key: String,
    typed: String,
    error: Option<String>,
    focus: bool,
}

impl RecoveryKeyShown {
    pub fn new(key: String) -> Self {
        Self {
            key,
            typed: String::new(),
            error: None,
            focus: true,
        }
    }

    /// What was typed back did not match.
    pub fn mismatch(&mut self) {
        self.error =
            Some("That is not the key above. Check each group of four and type it again.".into());
    }

    /// Returns what was typed back, when the person says they have kept it.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<String> {
        ui.heading("The chart's recovery key");
        ui.label(
            "The chart is encrypted: only a staff password or this key opens it. If every administrator forgets their password, this key is the only way back in. It is shown now and never again.",
        );
        ui.add_space(10.0);
        ui.label(RichText::new(&self.key).monospace().size(24.0).strong());
        ui.add_space(10.0);
        ui.label("Write it on paper (or print this screen), and keep it locked away from the workstation, e.g. in the clinic's safe. Never keep it in a file on this computer or beside the chart.");
        ui.label(
            RichText::new("Letters and digits only; dashes, spaces and case do not matter when it is typed back.")
                .color(theme::muted(ui.visuals())),
        );
        ui.add_space(10.0);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Type the key back");
            let field = ui
                .add(line(&mut self.typed, 520.0).id_salt("recovery_typed_back"))
                .labelled_by(label.id);
            take_focus(ui, &mut self.focus, &field);
            responses.push(field);
            ui.end_row();
        });
        let done = ui.button(RichText::new("I have kept it safe (Enter)").strong());
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        (done.clicked() || submitted(ui, &responses)).then(|| std::mem::take(&mut self.typed))
    }
}

/// What is typed to get back in with the recovery key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    pub key: String,
    pub username: String,
    pub password: Password,
}

/// Getting back in with the recovery key: an administrator's username and their new password.
pub struct RecoveryScreen {
    clinic: String,
    key: String,
    username: String,
    new: String,
    confirm: String,
    error: Option<String>,
    focus: bool,
}

impl RecoveryScreen {
    pub fn new(clinic: String) -> Self {
        Self {
            clinic,
            key: String::new(),
            username: String::new(),
            new: String::new(),
            confirm: String::new(),
            error: None,
            focus: true,
        }
    }

    pub fn failed(&mut self, message: String) {
        self.error = Some(message);
    }

    /// Returns `Some(None)` to go back to the sign-in screen.
    pub fn ui(&mut self, ui: &mut Ui, common: &CommonPasswords) -> Option<Option<Recovery>> {
        ui.heading("Use the recovery key");
        ui.label("For when every administrator has forgotten their password. Type the key from the paper kept safe, an administrator's username, and their new password.");
        ui.add_space(8.0);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Recovery key");
            let key = ui
                .add(line(&mut self.key, 520.0).id_salt("recovery_key"))
                .labelled_by(label.id);
            take_focus(ui, &mut self.focus, &key);
            responses.push(key);
            ui.end_row();
            let label = row_label(ui, "Administrator's username");
            responses.push(
                ui.add(line(&mut self.username, 220.0).id_salt("recovery_username"))
                    .labelled_by(label.id),
            );
            ui.end_row();
            responses.push(labelled_password(
                ui,
                "New password",
                &mut self.new,
                Width::of(330.0),
            ));
            ui.end_row();
            responses.push(labelled_password(
                ui,
                "New password again",
                &mut self.confirm,
                Width::of(330.0),
            ));
            ui.end_row();
        });
        ui.label(
            RichText::new(format!("At least {MIN_PASSWORD_CHARS} characters."))
                .color(theme::muted(ui.visuals())),
        );
        let (go, back) = ui
            .horizontal(|ui| {
                let go = ui
                    .button(RichText::new("Set the password and sign in (Enter)").strong())
                    .clicked();
                (go, ui.button("Back to sign-in").clicked())
            })
            .inner;
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        if back {
            return Some(None);
        }
        if go || submitted(ui, &responses) {
            let context = [self.username.as_str(), self.clinic.as_str()];
            match check_password_change(&self.new, &self.confirm, &context, common) {
                Ok(password) => {
                    self.error = None;
                    self.new.clear();
                    self.confirm.clear();
                    return Some(Some(Recovery {
                        key: self.key.clone(),
                        username: self.username.trim().to_owned(),
                        password,
                    }));
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        None
    }
}
