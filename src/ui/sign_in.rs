//! Signing in: username and password. A failure never says which of the two was wrong; after
//! five in a row the account waits, and the screen says how long.

use egui::{RichText, Ui};

use crate::clinical::account::Password;
use crate::ui::theme;
use crate::ui::widgets::{Width, field_error, labelled_password, row_label, rows, submitted};

/// What the person typed to sign in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInAttempt {
    pub username: String,
    pub password: Password,
}

#[derive(Default)]
pub struct SignInScreen {
    /// The clinic's name, from the key file, for the heading.
    pub clinic_name: String,
    username: String,
    password: String,
    error: Option<String>,
    focused: bool,
    /// "Use the recovery key" was pressed.
    recovery_asked: bool,
}

impl SignInScreen {
    pub fn new(clinic_name: String) -> Self {
        Self {
            clinic_name,
            ..Self::default()
        }
    }

    /// Whether the recovery key was asked for since the last call.
    pub fn take_recovery_request(&mut self) -> bool {
        std::mem::take(&mut self.recovery_asked)
    }

    /// Why the last try failed, beside the form; the password field is emptied, the username
    /// kept.
    pub fn failed(&mut self, message: String) {
        self.error = Some(message);
        self.password.clear();
        self.focused = false;
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<SignInAttempt> {
        ui.heading(&self.clinic_name);
        ui.label("Sign in to chart. Only you may use your account.");
        ui.add_space(8.0);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Username");
            let username = ui
                .add(
                    crate::ui::widgets::line(&mut self.username, 220.0).id_salt("sign_in_username"),
                )
                .labelled_by(label.id);
            ui.end_row();
            let password = labelled_password(ui, "Password", &mut self.password, Width::of(220.0));
            ui.end_row();
            if !self.focused {
                if self.username.is_empty() {
                    username.request_focus();
                } else {
                    password.request_focus();
                }
                self.focused = true;
            }
            responses.push(username);
            responses.push(password);
        });
        let button = ui.button(RichText::new("Sign in (Enter)").strong());
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        ui.add_space(12.0);
        ui.label(
            RichText::new("Forgot your password? An administrator can set a new one.")
                .color(theme::muted(ui.visuals())),
        );
        if ui
            .button("Every administrator forgot? Use the recovery key")
            .clicked()
        {
            self.recovery_asked = true;
        }
        if button.clicked() || submitted(ui, &responses) {
            self.error = None;
            let attempt = SignInAttempt {
                username: self.username.trim().to_owned(),
                password: Password::new(&self.password),
            };
            self.password.clear();
            return Some(attempt);
        }
        None
    }
}
