//! The administrator's audit viewer: who opened or changed which chart, and when, with filters
//! by patient, staff member, action and dates, and an export as CSV (HIPAA's accounting of
//! access).

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::clinical::audit::{AuditAction, AuditFilter, AuditLine};
use crate::clinical::ids::StaffId;
use crate::clinical::time::parse_date;
use crate::ui::Intent;
use crate::ui::format::moment;
use crate::ui::theme;
use crate::ui::widgets::{
    choice, choice_among, field_error, labelled_text, row_label, rows, submitted, take_focus,
};

pub struct AuditScreen {
    /// The chain's state and head, in words, to keep outside the computer.
    chain: String,
    /// Staff to filter by: id and signature.
    staff: Vec<(StaffId, String)>,
    lines: Vec<AuditLine>,
    /// The most rows shown; an export has them all.
    limit: usize,
    patient: String,
    who: Option<usize>,
    action: Option<AuditAction>,
    from: String,
    until: String,
    error: Option<String>,
    focus: bool,
}

impl AuditScreen {
    pub fn new(
        chain: String,
        staff: Vec<(StaffId, String)>,
        lines: Vec<AuditLine>,
        limit: usize,
    ) -> Self {
        Self {
            chain,
            staff,
            lines,
            limit,
            patient: String::new(),
            who: None,
            action: None,
            from: String::new(),
            until: String::new(),
            error: None,
            focus: true,
        }
    }

    pub fn show(&mut self, lines: Vec<AuditLine>) {
        self.lines = lines;
    }

    fn filter(&self) -> Result<AuditFilter, String> {
        let date = |text: &str, what: &str| {
            let text = text.trim();
            if text.is_empty() {
                Ok(None)
            } else {
                parse_date(text)
                    .map(Some)
                    .ok_or(format!("type the {what} date as YYYY-MM-DD or MM/DD/YYYY"))
            }
        };
        let from = date(&self.from, "first")?;
        let until = date(&self.until, "last")?;
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            return Err("the last date is before the first".into());
        }
        Ok(AuditFilter {
            patient: self.patient.trim().to_owned(),
            staff: self.who.and_then(|i| self.staff.get(i)).map(|(id, _)| *id),
            action: self.action,
            from,
            until,
        })
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        ui.heading("Audit log");
        ui.label("Every opening and change of a chart, every sign-in and account change, from this chart's workstations.");
        ui.label(RichText::new(&self.chain).monospace());
        ui.add_space(6.0);
        let names: Vec<String> = self.staff.iter().map(|(_, n)| n.clone()).collect();
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let patient = {
                let label = row_label(ui, "Patient");
                ui.add(
                    crate::ui::widgets::line(&mut self.patient, 220.0)
                        .hint_text("MRN or family name")
                        .id_salt("audit_patient"),
                )
                .labelled_by(label.id)
            };
            take_focus(ui, &mut self.focus, &patient);
            responses.push(patient);
            ui.end_row();
            let label = row_label(ui, "Staff member");
            responses.push(
                choice_among(ui, "Staff member", &mut self.who, &names).labelled_by(label.id),
            );
            ui.end_row();
            let label = row_label(ui, "Action");
            responses.push(
                choice(
                    ui,
                    "Action",
                    &mut self.action,
                    AuditAction::ALL,
                    AuditAction::label,
                )
                .labelled_by(label.id),
            );
            ui.end_row();
            ui.horizontal(|ui| {
                responses.push(labelled_text(ui, "From", &mut self.from, 110.0));
                responses.push(labelled_text(ui, "Until", &mut self.until, 110.0));
            });
            ui.end_row();
        });
        let mut intent = None;
        ui.horizontal(|ui| {
            let show = ui.button(RichText::new("Show (Enter)").strong()).clicked()
                || submitted(ui, &responses);
            let export = ui.button("Export as CSV").clicked();
            if show || export {
                match self.filter() {
                    Ok(filter) => {
                        self.error = None;
                        intent = Some(if export {
                            Intent::ExportAudit(filter)
                        } else {
                            Intent::QueryAudit(filter)
                        });
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        });
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        ui.add_space(6.0);
        self.table(ui);
        intent
    }

    fn table(&self, ui: &mut Ui) {
        let muted = theme::muted(ui.visuals());
        if self.lines.is_empty() {
            ui.label(RichText::new("Nothing matches.").color(muted));
            return;
        }
        if self.lines.len() >= self.limit {
            ui.label(
                RichText::new(format!(
                    "The latest {} rows; narrow the filter, or export them all.",
                    self.limit
                ))
                .color(muted),
            );
        }
        TableBuilder::new(ui)
            .id_salt("audit_lines")
            .striped(true)
            .column(Column::auto().at_least(150.0))
            .column(Column::auto().at_least(170.0))
            .column(Column::auto().at_least(170.0))
            .column(Column::auto().at_least(220.0))
            .column(Column::remainder())
            .header(22.0, |mut h| {
                for title in ["When", "Who", "What", "Patient", "Detail"] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, self.lines.len(), |mut row| {
                    let Some(line) = self.lines.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(moment(line.at));
                    });
                    row.col(|ui| {
                        ui.label(if line.staff.is_empty() {
                            "(nobody signed in)"
                        } else {
                            &line.staff
                        });
                    });
                    row.col(|ui| {
                        ui.label(line.action.label());
                    });
                    row.col(|ui| {
                        ui.label(line.patient.as_deref().unwrap_or(""));
                    });
                    row.col(|ui| {
                        ui.label(line.detail_words().unwrap_or_default());
                    });
                });
            });
    }
}
