//! The clinic-wide specimen log: specimens across patients, filtered by status, lab and the
//! days they were collected, overdue ones marked; and a courier pickup, where the specimens
//! ticked are marked sent together and a manifest is written. Only visible rows are drawn.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::clinical::specimen::SpecimenId;
use crate::clinical::specimen::log::{LogEntry, LogFilter, LogPage, StatusFilter};
use crate::clinical::time::{format_local_date_time, parse_date, parse_local_date_time};
use crate::ui::widgets::{choice_among, field_error, line, row_label, rows, submitted, toggle};
use crate::ui::{Intent, ViewContext, format, theme};

pub struct SpecimenLogScreen {
    /// The rows the store found for `filter`, newest collection first.
    pub page: LogPage,
    pub filter: LogFilter,
    lab: String,
    from: String,
    to: String,
    pub selected: BTreeSet<SpecimenId>,
    pickup_at: String,
    pub error: Option<String>,
    pub note: Option<String>,
}

/// At most this many rows are fetched at once: a day's or a week's work, while a busy clinic's
/// years of resulted specimens stay in the file until a filter asks for them.
pub const LOG_ROWS: usize = 500;

const COLUMNS: [&str; 8] = [
    "",
    "Specimen",
    "Patient",
    "Tests",
    "Lab",
    "Collected",
    "Status",
    "Overdue",
];

impl SpecimenLogScreen {
    pub fn new(page: LogPage, filter: LogFilter, now: DateTime<Utc>) -> Self {
        let day = |d: Option<chrono::NaiveDate>| d.map(format::date).unwrap_or_default();
        Self {
            lab: filter.lab.clone().unwrap_or_default(),
            from: day(filter.from),
            to: day(filter.to),
            page,
            filter,
            selected: BTreeSet::new(),
            pickup_at: format_local_date_time(now),
            error: None,
            note: None,
        }
    }

    pub fn shown(&self) -> impl Iterator<Item = &LogEntry> {
        self.page.entries.iter()
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Specimen log");
        if self.filters_ui(ui) {
            intents.push(Intent::FilterSpecimenLog(self.filter.clone()));
        }
        let shown = self.page.entries.len();
        let more = if shown >= LOG_ROWS {
            format!("the newest {shown} shown (narrow by status, lab or day for older ones)")
        } else {
            format!("{shown} shown")
        };
        ui.label(
            RichText::new(format!(
                "{more}; {} overdue in the whole log (sent, no result after the tests' usual days)",
                self.page.overdue
            ))
            .color(theme::muted(ui.visuals())),
        );
        intents.extend(self.pickup_ui(ui, cx));
        ui.separator();
        self.table_ui(ui, cx);
        intents
    }

    /// Returns whether the filter changed.
    fn filters_ui(&mut self, ui: &mut Ui) -> bool {
        let mut changed = false;
        let choices = StatusFilter::choices();
        let labels: Vec<String> = choices.iter().map(|c| c.label().to_owned()).collect();
        rows(ui, |ui| {
            let label = row_label(ui, "Status");
            let mut position = choices.iter().position(|c| *c == self.filter.status);
            if choice_among(ui, "Status", &mut position, &labels)
                .labelled_by(label.id)
                .changed()
            {
                self.filter.status = position
                    .and_then(|p| choices.get(p))
                    .copied()
                    .unwrap_or_default();
                changed = true;
            }
            ui.end_row();
            let texts: [(&str, &str); 3] = [
                ("Lab", "any lab"),
                ("Collected from", "any day"),
                ("Collected to", "any day"),
            ];
            for (name, hint) in texts {
                let text = match name {
                    "Lab" => &mut self.lab,
                    "Collected from" => &mut self.from,
                    _ => &mut self.to,
                };
                let label = row_label(ui, name);
                if ui
                    .add(line(text, 160.0).hint_text(hint).id_salt(("log", name)))
                    .labelled_by(label.id)
                    .changed()
                {
                    changed = true;
                }
                let unreadable =
                    name != "Lab" && !text.trim().is_empty() && parse_date(text).is_none();
                if unreadable {
                    field_error(ui, "type a day, e.g. 11/26/2026");
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
        if changed {
            self.filter.lab = Some(self.lab.trim().to_owned()).filter(|l| !l.is_empty());
            self.filter.from = parse_date(&self.from);
            self.filter.to = parse_date(&self.to);
        }
        changed
    }

    fn pickup_ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        let mut intent = None;
        ui.horizontal(|ui| {
            ui.label(RichText::new("Courier pickup").strong());
            let label = ui.label("at");
            let at = ui
                .add(line(&mut self.pickup_at, 140.0).id_salt("pickup_at"))
                .labelled_by(label.id);
            let count = self.selected.len();
            let button = ui.add_enabled(
                count > 0,
                egui::Button::new(format!(
                    "Mark {count} selected sent and write manifest (Enter)"
                )),
            );
            if button.clicked() || submitted(ui, &[at]) {
                match parse_local_date_time(&self.pickup_at, cx.clock.now_local()) {
                    _ if count == 0 => {
                        self.error = Some(
                            "tick the specimens the courier takes first (Space on a row)".into(),
                        );
                    }
                    Some(at) => {
                        intent = Some(Intent::CourierPickup {
                            specimens: self.selected.iter().copied().collect(),
                            at,
                        });
                    }
                    None => self.error = Some("type the pickup time, e.g. 16:30".into()),
                }
            }
        });
        if let Some(e) = &self.error {
            field_error(ui, &format!("Nothing was marked sent: {e}"));
        }
        if let Some(note) = &self.note {
            ui.label(RichText::new(note).color(theme::done(ui.visuals())));
        }
        intent
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) {
        let now = cx.clock.now();
        let Self { page, selected, .. } = self;
        let row_height = ui.spacing().interact_size.y + 4.0;
        TableBuilder::new(ui)
            .striped(true)
            .column(Column::exact(28.0))
            .column(Column::exact(80.0))
            .column(Column::exact(190.0))
            .column(Column::exact(230.0))
            .column(Column::exact(130.0))
            .column(Column::exact(120.0))
            .column(Column::exact(170.0))
            .column(Column::remainder().at_least(80.0))
            .header(22.0, |mut header| {
                for title in COLUMNS {
                    header.col(|ui| {
                        ui.label(RichText::new(title).strong());
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, page.entries.len(), |mut row| {
                    let Some(entry) = page.entries.get(row.index()) else {
                        return;
                    };
                    let id = entry.specimen.id;
                    row.col(|ui| {
                        let mut on = selected.contains(&id);
                        if toggle(ui, "", &format!("Select {id}"), &mut on).changed() {
                            if on {
                                selected.insert(id);
                            } else {
                                selected.remove(&id);
                            }
                        }
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(id.to_string()).monospace());
                    });
                    row.col(|ui| {
                        ui.label(format!(
                            "{} · DOB {}",
                            entry.patient.name,
                            format::date(entry.patient.birth_date)
                        ));
                    });
                    row.col(|ui| {
                        ui.label(entry.specimen.tests_text());
                    });
                    row.col(|ui| {
                        ui.label(&entry.specimen.collection.lab);
                    });
                    row.col(|ui| {
                        ui.label(format::time_with_day(
                            entry.specimen.collection.collected_at,
                            cx.clock,
                        ));
                    });
                    row.col(|ui| {
                        let text = match &entry.standing.reason {
                            Some(reason) => format!("{} ({reason})", entry.standing.status.label()),
                            None => format!(
                                "{} {}",
                                entry.standing.status.label(),
                                format::time_with_day(entry.standing.at, cx.clock)
                            ),
                        };
                        ui.label(text);
                    });
                    row.col(|ui| {
                        if let Some(days) = entry.days_overdue(now) {
                            ui.label(
                                RichText::new(format!("OVERDUE {days} d"))
                                    .strong()
                                    .color(theme::error(ui.visuals())),
                            );
                        }
                    });
                });
            });
    }
}
