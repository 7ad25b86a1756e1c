//! Keeping the open vitals form's draft in the store while the MA types, a moment after the last
//! keystroke, so a crash, a power cut or a closed window loses nothing typed.

use egui::Ui;

use crate::app::{RoomingApp, Screen};
use crate::clinical::time::to_local;
use crate::clinical::vitals::VitalsDraft;
use crate::ui::vitals_form::FormTarget;

/// When the draft last changed and has not been written since.
pub struct DraftKeeper {
    pub delay: f64,
    pending_since: Option<f64>,
}

impl Default for DraftKeeper {
    fn default() -> Self {
        Self {
            delay: 0.5,
            pending_since: None,
        }
    }
}

impl RoomingApp {
    pub(super) fn keep_drafts(&mut self, ui: &Ui) {
        let now = ui.input(|i| i.time);
        if let Screen::Patient(patient) = &mut self.screen
            && let Some(open) = &mut patient.open
            && open.form.draft_dirty
        {
            open.form.draft_dirty = false;
            self.drafts.pending_since = Some(now);
        }
        let Some(since) = self.drafts.pending_since else {
            return;
        };
        let wait = self.drafts.delay - (now - since);
        if wait > 0.0 {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait));
        } else {
            self.flush_draft();
        }
    }

    /// Writes the open form's draft now (on exit, before sign-out, after a failed save). An
    /// empty form leaves no draft behind.
    pub fn flush_draft(&mut self) {
        self.drafts.pending_since = None;
        let (Screen::Patient(patient), Some(session)) = (&self.screen, &self.session) else {
            return;
        };
        let Some(open) = &patient.open else { return };
        let key = open.form.target.draft_key();
        let result = if open.form.draft.is_blank() {
            self.store.discard_draft(&key)
        } else {
            match serde_json::to_string(&open.form.draft) {
                Ok(json) => {
                    self.store
                        .save_draft(&key, session.staff.id, Some(patient.patient.id), &json)
                }
                Err(e) => Err(crate::store::StoreError::Refused(e.to_string())),
            }
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "draft not written");
            self.say_error(format!(
                "What you typed is on screen but not yet kept on disk: {e}"
            ));
        }
    }

    /// The unsaved draft of a form, if one was left, with a notice saying when it was typed.
    pub(super) fn restore_draft(&self, target: &FormTarget) -> Option<(VitalsDraft, String)> {
        let draft = self.store.draft(&target.draft_key()).ok()??;
        let restored: VitalsDraft = serde_json::from_str(&draft.content).ok()?;
        let at = to_local(draft.saved_at).format("%b %-d %H:%M");
        Some((
            restored,
            format!("Restored what was typed at {at}, not yet saved. Check it, then save."),
        ))
    }
}
