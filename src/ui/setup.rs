//! First start: the clinic (name and address, which vaccine records need) and its first
//! administrator: name, credentials, username and password.

use egui::{RichText, Ui};

use crate::clinical::account::{AccountField, CommonPasswords, MIN_PASSWORD_CHARS, NewAccount};
use crate::clinical::staff::{NewClinic, SetupDraft, SetupField};
use crate::ui::theme;
use crate::ui::widgets::{
    FieldErrors, Saving, Width, labelled_password, rows, save_row, submitted, toggle,
};

#[derive(Default)]
pub struct SetupScreen {
    draft: SetupDraft,
    errors: FieldErrors<SetupField>,
    focused: bool,
    save_error: Option<String>,
}

impl SetupScreen {
    pub fn failed(&mut self, message: String) {
        self.save_error = Some(message);
    }

    pub fn ui(&mut self, ui: &mut Ui, common: &CommonPasswords) -> Option<(NewClinic, NewAccount)> {
        ui.heading("Welcome to Rooming");
        ui.label(
            "First, the clinic and its first administrator. The clinic's address goes on vaccine records; the chart is encrypted, and only staff with an account can open it.",
        );
        ui.add_space(12.0);
        let Self {
            draft,
            errors,
            focused,
            save_error,
        } = self;
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let wide = Width::of(330.0);
            let first = errors.text(
                ui,
                "Clinic name",
                Some(SetupField::ClinicName),
                &mut draft.clinic_name,
                wide,
            );
            if !*focused {
                first.request_focus();
                *focused = true;
            }
            responses.push(first);
            responses.push(errors.text(
                ui,
                "Clinic address",
                Some(SetupField::ClinicAddress),
                &mut draft.clinic_address,
                wide,
            ));
            responses.push(errors.text(
                ui,
                "Your name",
                Some(SetupField::Account(AccountField::Name)),
                &mut draft.name,
                wide,
            ));
            responses.push(errors.text(
                ui,
                "Your credentials",
                Some(SetupField::Account(AccountField::Credentials)),
                &mut draft.credentials,
                Width::of(120.0).hint("e.g. CMA, RN, MD"),
            ));
            responses.push(errors.row(ui, "Provider", None, |ui| {
                toggle(
                    ui,
                    "I am a provider (my co-signature passes hard stops)",
                    "I am a provider (my co-signature passes hard stops)",
                    &mut draft.provider,
                )
            }));
            responses.push(errors.text(
                ui,
                "Username",
                Some(SetupField::Account(AccountField::Username)),
                &mut draft.username,
                Width::of(220.0).hint("e.g. alopez"),
            ));
            responses.push(labelled_password(
                ui,
                "Password",
                &mut draft.password,
                Width::of(330.0),
            ));
            errors.message(ui, Some(SetupField::Account(AccountField::Password)));
            ui.end_row();
            responses.push(labelled_password(
                ui,
                "Password again",
                &mut draft.confirm,
                Width::of(330.0),
            ));
            errors.message(ui, Some(SetupField::Account(AccountField::Confirm)));
            ui.end_row();
        });
        ui.label(
            RichText::new(format!(
                "At least {MIN_PASSWORD_CHARS} characters, any you like: a few words you will remember make a good one."
            ))
            .color(theme::muted(ui.visuals())),
        );
        let checked = draft.check(common);
        errors.check(&checked);
        let row = save_row(
            ui,
            Saving::New("Set up the clinic (Enter)"),
            save_error.as_deref(),
        );
        if row.save || submitted(ui, &responses) {
            errors.tried();
            *save_error = None;
            return checked.ok();
        }
        None
    }
}
