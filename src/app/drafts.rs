//! Keeping what is typed in each tab of the open chart as a draft in the store, a moment after
//! the last keystroke (at once on Enter), so a crash, a power cut or a closed window loses
//! nothing typed. Each staff member's drafts are their own.

use std::collections::BTreeMap;

use egui::Ui;

use crate::app::chart::draft_key;
use crate::app::{RoomingApp, Screen};
use crate::ui::tabs::{TABS, TabKey};

/// When typing last changed a draft, and what was last written for each tab.
pub struct DraftKeeper {
    pub delay: f64,
    pending_since: Option<f64>,
    /// What the store holds for each tab of the open chart.
    pub written: BTreeMap<TabKey, serde_json::Value>,
}

impl Default for DraftKeeper {
    fn default() -> Self {
        Self {
            delay: 0.5,
            pending_since: None,
            written: BTreeMap::new(),
        }
    }
}

impl DraftKeeper {
    /// Nothing written yet: a new session's, or a new chart's.
    pub fn fresh(&self) -> Self {
        Self {
            delay: self.delay,
            ..Self::default()
        }
    }
}

impl RoomingApp {
    /// Notes typing on a chart; writes the drafts once typing pauses, or `now`.
    pub(super) fn keep_drafts(&mut self, ui: &Ui, now: bool) {
        if !matches!(self.screen, Screen::Patient(_)) {
            return;
        }
        let time = ui.input(|i| i.time);
        let typed = ui.input(|i| !i.events.is_empty());
        if now {
            self.flush_drafts();
            return;
        }
        if typed {
            self.drafts.pending_since = Some(time);
        }
        let Some(since) = self.drafts.pending_since else {
            return;
        };
        let wait = self.drafts.delay - (time - since);
        if wait > 0.0 {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait));
        } else {
            self.flush_drafts();
        }
    }

    /// Writes each tab's draft that changed since it was last written, and removes the ones
    /// now empty (on exit, before leaving a chart, after a save).
    pub fn flush_drafts(&mut self) {
        self.drafts.pending_since = None;
        let Screen::Patient(screen) = &self.screen else {
            return;
        };
        let staff = self.session.account.staff.id;
        let patient = screen.patient.id;
        let now = screen.drafts();
        let mut failed = None;
        for spec in TABS {
            let key = draft_key(spec.code, patient, staff);
            let (before, after) = (self.drafts.written.get(&spec.key), now.get(&spec.key));
            if before == after {
                continue;
            }
            let result = match after {
                Some(json) => self
                    .store
                    .save_draft(&key, staff, Some(patient), &json.to_string()),
                None => self.store.discard_draft(&key),
            };
            match result {
                Ok(()) => match after {
                    Some(json) => {
                        self.drafts.written.insert(spec.key, json.clone());
                    }
                    None => {
                        self.drafts.written.remove(&spec.key);
                    }
                },
                Err(e) => failed = Some(e),
            }
        }
        if let Some(e) = failed {
            tracing::warn!(error = %e, "draft not written");
            self.say_error(format!(
                "What you typed is on screen but not yet kept on disk: {e}"
            ));
        }
    }
}
