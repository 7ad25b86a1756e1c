//! One's own account: a new password (forced at the first sign-in after an administrator set a
//! temporary one, where nothing else can be reached until it is done) and the short PIN that
//! resumes a locked screen.

use egui::{RichText, Ui};

use crate::clinical::account::{
    CommonPasswords, MIN_PASSWORD_CHARS, Password, Pin, check_password_change,
};
use crate::ui::Intent;
use crate::ui::theme;
use crate::ui::widgets::{Width, field_error, labelled_password, rows, submitted, take_focus};

/// Who the account is, for the words on the screen and the password check.
pub struct Owner {
    pub signature: String,
    /// Name, username and clinic: a password made of them is refused.
    pub personal: Vec<String>,
    pub has_pin: bool,
    /// Hours a PIN resumes a session after a full sign-in; 0 when the clinic allows none.
    pub pin_hours: u32,
}

pub struct MyAccountScreen {
    owner: Owner,
    /// A temporary password must be replaced before anything else.
    forced: bool,
    current: String,
    new: String,
    confirm: String,
    pin: String,
    password_error: Option<String>,
    pin_error: Option<String>,
    focus: bool,
}

impl MyAccountScreen {
    pub fn new(owner: Owner, forced: bool) -> Self {
        Self {
            owner,
            forced,
            current: String::new(),
            new: String::new(),
            confirm: String::new(),
            pin: String::new(),
            password_error: None,
            pin_error: None,
            focus: true,
        }
    }

    pub fn is_forced(&self) -> bool {
        self.forced
    }

    /// The store refused the change (e.g. the current password was wrong).
    pub fn password_failed(&mut self, message: String) {
        self.password_error = Some(message);
        self.current.clear();
        self.focus = true;
    }

    pub fn ui(&mut self, ui: &mut Ui, common: &CommonPasswords) -> Option<Intent> {
        let mut intent = None;
        ui.heading(if self.forced {
            "Choose your own password"
        } else {
            "My account"
        });
        ui.label(format!("Signed in as {}.", self.owner.signature));
        if self.forced {
            ui.label(
                "An administrator gave you a temporary password. Choose one only you know before you chart.",
            );
        }
        ui.add_space(8.0);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let wide = Width::of(330.0);
            if !self.forced {
                let current = labelled_password(ui, "Current password", &mut self.current, wide);
                take_focus(ui, &mut self.focus, &current);
                responses.push(current);
                ui.end_row();
            }
            let new = labelled_password(ui, "New password", &mut self.new, wide);
            take_focus(ui, &mut self.focus, &new);
            responses.push(new);
            ui.end_row();
            responses.push(labelled_password(
                ui,
                "New password again",
                &mut self.confirm,
                wide,
            ));
            ui.end_row();
        });
        ui.label(
            RichText::new(format!(
                "At least {MIN_PASSWORD_CHARS} characters, any you like: a few words you will remember make a good one. Pasting from a password manager is fine."
            ))
            .color(theme::muted(ui.visuals())),
        );
        let save = ui.button(RichText::new("Change my password (Enter)").strong());
        if let Some(e) = &self.password_error {
            field_error(ui, e);
        }
        if save.clicked() || submitted(ui, &responses) {
            let personal: Vec<&str> = self.owner.personal.iter().map(String::as_str).collect();
            match check_password_change(&self.new, &self.confirm, &personal, common) {
                Ok(new) => {
                    self.password_error = None;
                    let current = (!self.forced).then(|| Password::new(&self.current));
                    intent = Some(Intent::ChangeOwnPassword { current, new });
                    self.current.clear();
                    self.new.clear();
                    self.confirm.clear();
                }
                Err(e) => self.password_error = Some(e.to_string()),
            }
        }
        if self.forced {
            return intent;
        }
        ui.add_space(16.0);
        ui.separator();
        ui.label(RichText::new("PIN for the lock screen").strong());
        if self.owner.pin_hours == 0 {
            ui.label("The clinic does not allow PINs: the lock screen asks for your password.");
            return intent;
        }
        ui.label(format!(
            "For {} hours after you sign in with your password, 4 to 8 digits resume your own locked screen. {}",
            self.owner.pin_hours,
            if self.owner.has_pin {
                "You have a PIN."
            } else {
                "You have no PIN yet."
            }
        ));
        let mut pin_row = Vec::new();
        rows(ui, |ui| {
            let label = crate::ui::widgets::row_label(ui, "New PIN");
            pin_row.push(
                ui.add(
                    crate::ui::widgets::line(&mut self.pin, 120.0)
                        .password(true)
                        .id_salt("new_pin"),
                )
                .labelled_by(label.id),
            );
            ui.end_row();
        });
        let (set, clear) = ui
            .horizontal(|ui| {
                let set = ui.button("Set PIN").clicked();
                let clear = self.owner.has_pin && ui.button("Remove my PIN").clicked();
                (set, clear)
            })
            .inner;
        if let Some(e) = &self.pin_error {
            field_error(ui, e);
        }
        if set || submitted(ui, &pin_row) {
            match Pin::parse(&self.pin) {
                Ok(pin) => {
                    self.pin_error = None;
                    self.owner.has_pin = true;
                    intent = Some(Intent::SetPin(Some(pin)));
                }
                Err(e) => self.pin_error = Some(e.to_string()),
            }
            self.pin.clear();
        }
        if clear {
            self.owner.has_pin = false;
            intent = Some(Intent::SetPin(None));
        }
        intent
    }
}
