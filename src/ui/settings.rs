//! The clinic's settings, for an administrator: how long an idle screen waits before it locks,
//! and for how long after a full sign-in a PIN may resume it.

use egui::{RichText, Ui};

use crate::clinical::staff::{ClinicSettings, SettingsDraft, SettingsField};
use crate::ui::Intent;
use crate::ui::widgets::{FieldErrors, Saving, Width, rows, save_row, submitted, take_focus};

pub struct SettingsScreen {
    /// The backups in words: the last good one, a failure, one running.
    backups: String,
    draft: SettingsDraft,
    errors: FieldErrors<SettingsField>,
    save_error: Option<String>,
    focus: bool,
}

impl SettingsScreen {
    pub fn new(settings: &ClinicSettings, backups: String) -> Self {
        Self {
            backups,
            draft: SettingsDraft::from_settings(settings),
            errors: FieldErrors::default(),
            save_error: None,
            focus: true,
        }
    }

    pub fn failed(&mut self, message: String) {
        self.save_error = Some(message);
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        ui.heading("Clinic settings");
        ui.label("These hold for every workstation that opens this chart.");
        ui.add_space(8.0);
        let mut responses = Vec::new();
        let Self {
            backups,
            draft,
            errors,
            focus,
            save_error,
        } = self;
        rows(ui, |ui| {
            let idle = errors.text(
                ui,
                "Lock after idle (minutes)",
                Some(SettingsField::IdleLock),
                &mut draft.idle_lock_minutes,
                Width::of(60.0),
            );
            take_focus(ui, focus, &idle);
            responses.push(idle);
            responses.push(errors.text(
                ui,
                "PIN allowed for (hours)",
                Some(SettingsField::PinHours),
                &mut draft.pin_hours,
                Width::of(60.0),
            ));
            responses.push(
                errors.text(
                    ui,
                    "Backup folder",
                    Some(SettingsField::BackupFolder),
                    &mut draft.backup_folder,
                    Width::of(420.0)
                        .hint("another disk or a network share, e.g. /media/backup/rooming"),
                ),
            );
        });
        ui.label(
            RichText::new(
                "An idle screen locks and shows no patient data; 5 minutes suits an exam room. A PIN resumes one's own session for this many hours after a full sign-in; 0 means the password every time. Backups are made at the first sign-in of a day and after a sign-out (once the last is 4 hours old), each verified before it counts; 7 daily, 4 weekly and 12 monthly are kept.",
            )
            .color(crate::ui::theme::muted(ui.visuals())),
        );
        ui.label(RichText::new(backups.as_str()).strong());
        let checked = draft.check();
        errors.check(&checked);
        let row = save_row(
            ui,
            Saving::New("Save settings (Enter)"),
            save_error.as_deref(),
        );
        if row.save || submitted(ui, &responses) {
            errors.tried();
            *save_error = None;
            return checked.ok().map(Intent::SaveSettings);
        }
        None
    }
}
