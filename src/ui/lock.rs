//! The lock screen: no patient data at all, only who was charting. They resume with their PIN
//! (for the hours the clinic allows after a full sign-in) or their password; a wrong PIN falls
//! back to the password. Another staff member can sign in instead; the first one's work stays
//! theirs.

use egui::{RichText, Ui};

use crate::clinical::account::{Password, Pin};
use crate::ui::Intent;
use crate::ui::sign_in::SignInAttempt;
use crate::ui::theme;
use crate::ui::widgets::{Width, field_error, labelled_password, line, row_label, rows, submitted};

/// How the person who was charting may resume.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    Pin,
    Password,
}

pub struct LockScreen {
    /// "Ana Lopez, CMA": who was charting (staff, not patient, data).
    who: String,
    resume: Resume,
    secret: String,
    other_username: String,
    other_password: String,
    error: Option<String>,
    other_error: Option<String>,
    focused: bool,
}

impl LockScreen {
    pub fn new(who: String, resume: Resume) -> Self {
        Self {
            who,
            resume,
            secret: String::new(),
            other_username: String::new(),
            other_password: String::new(),
            error: None,
            other_error: None,
            focused: false,
        }
    }

    /// The PIN or password was wrong: after a wrong PIN only the password will do.
    pub fn resume_failed(&mut self, message: String) {
        self.resume = Resume::Password;
        self.error = Some(message);
        self.secret.clear();
        self.focused = false;
    }

    pub fn switch_failed(&mut self, message: String) {
        self.other_error = Some(message);
        self.other_password.clear();
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let mut intent = None;
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading(RichText::new("Locked").size(28.0));
            ui.label(format!("{} was charting.", self.who));
        });
        ui.add_space(16.0);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let response = match self.resume {
                Resume::Pin => {
                    let label = row_label(ui, "PIN");
                    ui.add(
                        line(&mut self.secret, 120.0)
                            .password(true)
                            .id_salt("unlock_pin"),
                    )
                    .labelled_by(label.id)
                }
                Resume::Password => {
                    labelled_password(ui, "Your password", &mut self.secret, Width::of(260.0))
                }
            };
            if !self.focused {
                response.request_focus();
                self.focused = true;
            }
            responses.push(response);
            ui.end_row();
        });
        let resume = ui.button(RichText::new("Resume (Enter)").strong());
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        if resume.clicked() || submitted(ui, &responses) {
            self.error = None;
            intent = match self.resume {
                Resume::Pin => match Pin::parse(&self.secret) {
                    Ok(pin) => Some(Intent::UnlockWithPin(pin)),
                    Err(e) => {
                        self.error = Some(e.to_string());
                        None
                    }
                },
                Resume::Password => Some(Intent::UnlockWithPassword(Password::new(&self.secret))),
            };
            self.secret.clear();
        }
        ui.add_space(24.0);
        ui.separator();
        ui.label(RichText::new("Someone else? Sign in here").strong());
        ui.label(
            RichText::new(format!(
                "{}'s unsaved work stays theirs, kept for them.",
                self.who
            ))
            .color(theme::muted(ui.visuals())),
        );
        let mut other = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Username");
            other.push(
                ui.add(line(&mut self.other_username, 220.0).id_salt("switch_username"))
                    .labelled_by(label.id),
            );
            ui.end_row();
            other.push(labelled_password(
                ui,
                "Password",
                &mut self.other_password,
                Width::of(220.0),
            ));
            ui.end_row();
        });
        let switch = ui.button("Sign in as someone else");
        if let Some(e) = &self.other_error {
            field_error(ui, e);
        }
        if switch.clicked() || submitted(ui, &other) {
            self.other_error = None;
            intent = Some(Intent::SwitchUser(SignInAttempt {
                username: self.other_username.trim().to_owned(),
                password: Password::new(&self.other_password),
            }));
            self.other_password.clear();
        }
        intent
    }
}
