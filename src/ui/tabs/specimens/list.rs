//! The patient's specimens: each with its ID, what it is, its tests and lab, where it stands
//! and when; and the moves it can make next (sent, received, resulted, rejected or cancelled
//! with a reason), a reprint of its label, or entered in error.

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::record::current;
use crate::clinical::specimen::{Specimen, StatusChange};
use crate::clinical::specimen::{SpecimenId, SpecimenStatus};
use crate::clinical::time::{format_local_date_time, parse_local_date_time};
use crate::ui::widgets::{field_error, line, row_label, rows, submitted, take_focus};
use crate::ui::{Intent, ViewContext, format, theme};

/// What a row asked for.
pub enum RowAction {
    Move(SpecimenId, SpecimenStatus),
    Reprint(SpecimenId),
    Correct(RecordId),
    Retract(RecordId),
    /// The last status change, entered in error.
    UndoStatus(RecordId),
}

/// A status change being asked for: its time, and its reason when one is needed.
pub struct StatusPrompt {
    pub specimen: SpecimenId,
    pub to: SpecimenStatus,
    pub at: String,
    pub reason: String,
    pub error: Option<String>,
    focus: bool,
}

impl StatusPrompt {
    pub fn new(
        specimen: SpecimenId,
        to: SpecimenStatus,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        Self {
            specimen,
            to,
            at: format_local_date_time(now),
            reason: String::new(),
            error: None,
            focus: true,
        }
    }

    /// Returns the intent on Enter; `None` and `closed` when cancelled.
    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>, closed: &mut bool) -> Option<Intent> {
        ui.label(
            RichText::new(format!(
                "Mark specimen {} {}",
                self.specimen,
                self.to.label().to_lowercase()
            ))
            .strong(),
        );
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "At");
            let at = ui
                .add(line(&mut self.at, 160.0).id_salt("status_at"))
                .labelled_by(label.id);
            if !self.to.needs_reason() {
                take_focus(ui, &mut self.focus, &at);
            }
            responses.push(at);
            ui.end_row();
            if self.to.needs_reason() {
                let label = row_label(ui, "Reason");
                let reason = ui
                    .add(
                        line(&mut self.reason, 300.0)
                            .hint_text("e.g. hemolyzed, quantity not sufficient")
                            .id_salt("status_reason"),
                    )
                    .labelled_by(label.id);
                take_focus(ui, &mut self.focus, &reason);
                responses.push(reason);
                ui.end_row();
            }
        });
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            let save = ui.button(
                RichText::new(format!("Mark {} (Enter)", self.to.label().to_lowercase())).strong(),
            );
            if save.clicked() || submitted(ui, &responses) {
                match parse_local_date_time(&self.at, cx.clock.now_local()) {
                    None => self.error = Some("type the time, e.g. 16:05".into()),
                    Some(at) => {
                        intent = Some(Intent::ChangeSpecimenStatus {
                            origin: super::STATUS,
                            specimens: vec![self.specimen],
                            to: self.to,
                            at,
                            reason: Some(self.reason.trim().to_owned()).filter(|r| !r.is_empty()),
                        });
                    }
                }
            }
            if ui.button("Cancel (Esc)").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape))
            {
                *closed = true;
            }
        });
        intent
    }
}

pub fn specimens_ui(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
) -> Option<RowAction> {
    ui.label(RichText::new("Specimens").strong().size(16.0));
    let mut shown: Vec<_> = current(records.of::<Specimen>()).collect();
    if shown.is_empty() {
        ui.label(RichText::new("None collected.").color(theme::muted(ui.visuals())));
        return None;
    }
    shown.sort_by_key(|s| std::cmp::Reverse(s.content.collection.collected_at));
    let mut action = None;
    for record in shown {
        let s = &record.content;
        let c = &s.collection;
        let standing = records.specimen_standing(s);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(s.id.to_string()).monospace().strong());
            ui.label(format!("{}, {}", c.kind.label(), c.container.label()));
            ui.label(RichText::new(s.tests_text()).strong());
            ui.label(format!("to {}", c.lab));
        });
        ui.horizontal_wrapped(|ui| {
            let status = if standing.status == SpecimenStatus::Collected {
                "Collected, not yet sent".to_owned()
            } else {
                format!(
                    "{} {}",
                    standing.status.label(),
                    format::time_with_day(standing.at, cx.clock)
                )
            };
            let color = match standing.status {
                SpecimenStatus::Rejected | SpecimenStatus::Cancelled => theme::error(ui.visuals()),
                SpecimenStatus::Resulted => theme::done(ui.visuals()),
                _ => ui.visuals().text_color(),
            };
            ui.label(RichText::new(status).color(color));
            if let Some(reason) = &standing.reason {
                ui.label(RichText::new(format!("({reason})")).color(color));
            }
            ui.label(
                RichText::new(format!(
                    "collected {} by {}",
                    format::time_with_day(c.collected_at, cx.clock),
                    c.collected_by
                ))
                .color(theme::muted(ui.visuals())),
            );
        });
        ui.horizontal_wrapped(|ui| {
            for next in standing.status.next() {
                if ui
                    .small_button(format!("{} {}", move_word(*next), s.id))
                    .clicked()
                {
                    action = Some(RowAction::Move(s.id, *next));
                }
            }
            if ui.small_button(format!("Reprint label {}", s.id)).clicked() {
                action = Some(RowAction::Reprint(s.id));
            }
            if ui.small_button(format!("Correct {}", s.id)).clicked() {
                action = Some(RowAction::Correct(record.id));
            }
            let last_change = current(records.of::<StatusChange>())
                .filter(|c| c.content.specimen == s.id)
                .last();
            if let Some(change) = last_change
                && ui
                    .small_button(format!(
                        "Undo {} {}",
                        change.content.to.label().to_lowercase(),
                        s.id
                    ))
                    .clicked()
            {
                action = Some(RowAction::UndoStatus(change.id));
            }
            if ui
                .small_button(format!("Entered in error {}", s.id))
                .clicked()
            {
                action = Some(RowAction::Retract(record.id));
            }
        });
        ui.add_space(4.0);
    }
    action
}

fn move_word(to: SpecimenStatus) -> &'static str {
    match to {
        SpecimenStatus::Sent => "Mark sent",
        SpecimenStatus::Received => "Received",
        SpecimenStatus::Resulted => "Resulted",
        SpecimenStatus::Rejected => "Rejected…",
        SpecimenStatus::Cancelled => "Cancel…",
        SpecimenStatus::Collected => "Collected",
    }
}
