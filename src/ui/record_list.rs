//! What the record screens share: the "reviewed with patient" line, the prompt for an
//! entered-in-error reason, and the actions and standing of a listed record.

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::record::{ChartRecord, RecordContent, RecordKind, Retraction, Standing};
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::time::Clock;
use crate::ui::tab::{Form, Origin, Reply};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{field_error, line, submitted};
use crate::ui::{Intent, format, theme};

/// A record being marked entered in error: the reason as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retracting {
    pub kind: RecordKind,
    pub id: RecordId,
    pub reason: String,
    pub error: Option<String>,
}

/// What the user asked of a listed record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    Correct(RecordId),
    Retract(RecordId),
}

/// "Correct…" and "Entered in error…" for a current record; `what` names it for screen readers
/// and tests ("Correct Penicillins").
pub fn row_actions(ui: &mut Ui, id: RecordId, what: &str) -> Option<RowAction> {
    let mut action = None;
    let correct = ui.small_button("Correct…");
    correct.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Correct {what}"))
    });
    if correct.clicked() {
        action = Some(RowAction::Correct(id));
    }
    let retract = ui.small_button("Entered in error…");
    retract.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Entered in error: {what}"),
        )
    });
    if retract.clicked() {
        action = Some(RowAction::Retract(id));
    }
    action
}

/// How a version that is no longer current stands, in words.
pub fn standing_label(ui: &mut Ui, standing: &Standing, clock: Clock) {
    match standing {
        Standing::Current => {}
        Standing::Replaced { at, by_name } => {
            ui.label(
                RichText::new(format!(
                    "corrected {} by {by_name}",
                    format::time(*at, clock)
                ))
                .color(theme::muted(ui.visuals())),
            );
        }
        Standing::EnteredInError {
            reason,
            at,
            by_name,
        } => {
            ui.label(
                RichText::new(format!(
                    "entered in error {} by {by_name}: {reason}",
                    format::time(*at, clock)
                ))
                .color(theme::error(ui.visuals()))
                .strikethrough(),
            );
        }
    }
}

impl Retracting {
    pub fn new(kind: RecordKind, id: RecordId) -> Self {
        Self {
            kind,
            id,
            reason: String::new(),
            error: None,
        }
    }

    /// Closes the prompt when its retraction was saved, or shows why not.
    pub fn on_reply(retracting: &mut Option<Self>, reply: &Reply) {
        match reply {
            Reply::Saved(origin) if origin.form == Form::Retraction => *retracting = None,
            Reply::Failed { origin, message } if origin.form == Form::Retraction => {
                if let Some(state) = retracting {
                    state.error = Some(message.clone());
                }
            }
            _ => {}
        }
    }
}

/// A save of `record` from the form `origin`; `done` is what the status line says after.
pub fn save_record<T: ChartRecord>(
    origin: Origin,
    record: &T,
    replaces: Option<RecordId>,
    done: impl Into<String>,
) -> Result<Intent, String> {
    let content = RecordContent::of(record).map_err(|e| e.to_string())?;
    Ok(Intent::SaveRecord {
        origin,
        content,
        replaces,
        done: done.into(),
    })
}

/// The reason prompt for a record being marked entered in error, on the tab `tab`.
pub fn retract_prompt(
    ui: &mut Ui,
    retracting: &mut Option<Retracting>,
    tab: TabKey,
) -> Option<Intent> {
    let state = retracting.as_mut()?;
    let mut intent = None;
    let mut cancel = false;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Why was this entered in error?").strong());
        let field = ui
            .add(
                line(&mut state.reason, 260.0)
                    .hint_text("e.g. wrong patient")
                    .id_salt(("retract", state.id)),
            )
            .labelled_by(label.id);
        if state.reason.is_empty() && !field.has_focus() && !field.lost_focus() {
            field.request_focus();
        }
        let confirm = ui.button("Mark entered in error");
        if confirm.clicked() || submitted(ui, std::slice::from_ref(&field)) {
            match Retraction::new(&state.reason) {
                Ok(retraction) => {
                    intent = Some(Intent::RetractRecord {
                        origin: Origin::new(tab, Form::Retraction),
                        kind: state.kind,
                        id: state.id,
                        retraction,
                    });
                }
                Err(e) => state.error = Some(e.to_string()),
            }
        }
        cancel = ui.button("Cancel").clicked();
    });
    if let Some(e) = &state.error {
        field_error(ui, e);
    }
    if cancel {
        *retracting = None;
    }
    intent
}

/// "Reviewed with patient" for a section: who did it in this visit, or the button to attest.
pub fn review_line(
    ui: &mut Ui,
    records: &PatientRecords,
    section: ReviewSection,
    tab: TabKey,
    clock: Clock,
) -> Option<Intent> {
    let visit_open = records.visit.is_some();
    let mut intent = None;
    ui.horizontal(|ui| match records.reviewed(section) {
        Some(recorded) => {
            ui.label(
                RichText::new(format!(
                    "Reviewed with patient by {} at {}",
                    recorded.by_name,
                    format::time(recorded.at, clock)
                ))
                .color(theme::done(ui.visuals())),
            );
        }
        None if visit_open => {
            let button = ui.button(format!(
                "Reviewed with patient: {}",
                section.label().to_lowercase()
            ));
            if button.clicked() {
                intent = save_record(
                    Origin::new(tab, Form::Record(RecordKind::Review)),
                    &Review { section },
                    None,
                    format!("{} reviewed with patient", section.label()),
                )
                .ok();
            }
            ui.label(
                RichText::new("not yet reviewed this visit").color(theme::warning(ui.visuals())),
            );
        }
        None => {
            ui.label(
                RichText::new("Start a visit to attest a review").color(theme::muted(ui.visuals())),
            );
        }
    });
    intent
}
