//! When the chart is backed up, and what the administrator is told: a backup starts at the
//! first sign-in of a day and after a sign-out (once the last good one is some hours old),
//! runs on its own thread, and is recorded when done. A missing folder, a failed backup or none
//! for two days is a banner to administrators at every sign-in until it is fixed.

use std::path::PathBuf;

use chrono::Duration;
use egui::{Panel, RichText, Ui};

use crate::app::RoomingApp;
use crate::ui::theme;

/// After a sign-out, a backup is made if the last good one is older than this.
pub(super) const AFTER_SIGN_OUT: Duration = Duration::hours(4);
/// At a sign-in, if the last good one is older than this ("at least daily").
pub(super) const DAILY: Duration = Duration::hours(24);
/// Administrators are told when no good backup is newer than this.
const OVERDUE: Duration = Duration::hours(48);

impl RoomingApp {
    /// Starts a backup into the clinic's folder if the last good one is older than `age`.
    pub(super) fn back_up_if_older_than(&mut self, age: Duration) {
        let Some(folder) = self.session.settings.backup_folder.clone() else {
            return;
        };
        let last = self.store.last_good_backup().ok().flatten().map(|r| r.at);
        if last.is_none_or(|at| self.clock.now() - at >= age) {
            self.store.start_backup(&PathBuf::from(folder));
        }
    }

    /// Records a finished backup; says a failure to an administrator at once.
    pub(super) fn watch_backup(&mut self, ui: &Ui) {
        if self.store.backing_up() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        match self.store.poll_backup() {
            Ok(Some(record)) => {
                if let Some(e) = record.error
                    && self.session.is_administrator()
                {
                    self.say_error(format!("The backup failed: {e}"));
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "backup not recorded"),
        }
    }

    /// What is wrong with the clinic's backups, for an administrator's banner.
    pub(super) fn backup_trouble(&self) -> Option<String> {
        if !self.session.is_administrator() {
            return None;
        }
        if self.session.settings.backup_folder.is_none() {
            return Some(
                "No backup folder is set: the chart is not backed up. Choose one in Settings (another disk or a network share).".into(),
            );
        }
        let last = self.store.last_backup().ok().flatten();
        if let Some(e) = last.as_ref().and_then(|r| r.error.as_ref())
            && !self.store.backing_up()
        {
            return Some(format!(
                "The last backup failed: {e}. Fix it, then sign out to back up again (or run rooming backup)."
            ));
        }
        let good = self.store.last_good_backup().ok().flatten();
        match good {
            Some(r) if self.clock.now() - r.at < OVERDUE => None,
            _ if self.store.backing_up() => None,
            Some(r) => Some(format!(
                "No good backup since {}.",
                crate::ui::format::moment(r.at)
            )),
            None => Some("The chart has never been backed up.".into()),
        }
    }

    pub(super) fn backup_banner(&self, ui: &mut Ui) {
        if self.lock.is_some() {
            return;
        }
        if let Some(text) = self.backup_trouble() {
            Panel::top("backup_trouble").show(ui, |ui| {
                ui.label(
                    RichText::new(text)
                        .color(theme::warning(ui.visuals()))
                        .strong(),
                );
            });
        }
    }

    /// The backups in words, for the settings screen.
    pub(super) fn backup_words(&self) -> String {
        let good = self.store.last_good_backup().ok().flatten();
        let last = self.store.last_backup().ok().flatten();
        let mut words = match good {
            Some(r) => format!(
                "Last good backup: {}{}.",
                crate::ui::format::moment(r.at),
                r.file
                    .map(|f| format!(", {}", f.display()))
                    .unwrap_or_default()
            ),
            None => "No good backup yet.".to_owned(),
        };
        if let Some(e) = last.and_then(|r| r.error) {
            words.push_str(" The last try failed: ");
            words.push_str(&e);
        }
        if self.store.backing_up() {
            words.push_str(" A backup is running now.");
        }
        words
    }
}
