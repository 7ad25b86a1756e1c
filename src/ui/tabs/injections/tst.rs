//! Reading a tuberculin skin test: for each placement of this patient still waiting, its window
//! and, while the window is open, the reading form (induration in mm, risk group, time).

use std::collections::{BTreeMap, BTreeSet};

use egui::{Response, RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::injection::Administration;
use crate::clinical::injection::follow_up::awaiting_reading;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::injection::tst::{RiskGroup, TstField, TstReadingDraft, WindowState};
use crate::clinical::time::format_local_date_time;
use crate::ui::widgets::{FieldErrors, Width, choice, field_error, row_label, rows, submitted};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct ReadingForms {
    drafts: BTreeMap<RecordId, TstReadingDraft>,
    tried: BTreeSet<RecordId>,
    save_error: Option<String>,
}

impl ReadingForms {
    /// A reading was saved: its placement is no longer waiting, so its form goes.
    pub fn saved(&mut self) {
        self.drafts.clear();
        self.tried.clear();
        self.save_error = None;
    }

    pub fn failed(&mut self, message: &str) {
        self.save_error = Some(message.to_owned());
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
    ) -> Option<Intent> {
        let rules = &cx.reference.injections.tst;
        let now = cx.clock.now();
        let waiting = awaiting_reading(
            records.of::<Administration>(),
            records.of::<TstReading>(),
            rules,
            now,
        );
        let mut intent = None;
        for w in waiting {
            let placement = w.placement.id;
            let site = w
                .placement
                .content
                .given_here()
                .and_then(|g| g.site)
                .map_or(String::new(), |s| format!(", {}", s.label().to_lowercase()));
            ui.label(
                RichText::new(format!(
                    "Skin test placed {}{site}: read from {} until {}",
                    format::time_with_day(w.placed_at, cx.clock),
                    format::time_with_day(w.window.opens, cx.clock),
                    format::time_with_day(w.window.closes, cx.clock),
                ))
                .strong()
                .size(15.0),
            );
            match w.state {
                WindowState::NotYet => {
                    ui.label(
                        RichText::new(format!(
                            "Too early to read: the window opens {}",
                            format::time_with_day(w.window.opens, cx.clock)
                        ))
                        .color(theme::muted(ui.visuals())),
                    );
                }
                WindowState::Closed => {
                    field_error(
                        ui,
                        &format!(
                            "Not read in time (the window closed {}): the test must be repeated",
                            format::time_with_day(w.window.closes, cx.clock)
                        ),
                    );
                }
                WindowState::Open => {
                    intent = intent.or(self.form_ui(ui, cx, placement, w.placed_at));
                }
            }
            ui.add_space(6.0);
        }
        if let Some(e) = &self.save_error {
            field_error(ui, &format!("Not saved: {e}"));
        }
        intent
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        placement: RecordId,
        placed_at: chrono::DateTime<chrono::Utc>,
    ) -> Option<Intent> {
        let now = cx.clock.now_local();
        let draft = self
            .drafts
            .entry(placement)
            .or_insert_with(|| TstReadingDraft {
                read_at: format_local_date_time(cx.clock.now()),
                ..TstReadingDraft::default()
            });
        let checked = draft.check(placement, placed_at, &cx.reference.injections.tst, now);
        let mut errors = FieldErrors::default();
        errors.check(&checked);
        if self.tried.contains(&placement) {
            errors.tried();
        }
        let mut responses: Vec<Response> = Vec::new();
        rows(ui, |ui| {
            responses.push(errors.text(
                ui,
                "Induration (mm)",
                Some(TstField::Induration),
                &mut draft.induration,
                Width::of(60.0).hint("0-50"),
            ));
            let label = row_label(ui, "Risk group");
            responses.push(
                choice(
                    ui,
                    "Risk group",
                    &mut draft.risk_group,
                    RiskGroup::ALL,
                    RiskGroup::label,
                )
                .labelled_by(label.id),
            );
            if let Some(rule) = draft.risk_group.and_then(|g| {
                cx.reference
                    .injections
                    .tst
                    .risk_group
                    .iter()
                    .find(|r| r.id == g)
            }) {
                ui.label(RichText::new(&rule.name).color(theme::muted(ui.visuals())));
            }
            errors.message(ui, Some(TstField::RiskGroup));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Read at",
                Some(TstField::ReadAt),
                &mut draft.read_at,
                Width::of(160.0),
            ));
        });
        if let Ok(reading) = &checked {
            ui.label(
                RichText::new(format!(
                    "{} mm: {} for this risk group (cut-off {} mm)",
                    reading.induration_mm,
                    reading.result.label().to_uppercase(),
                    reading.cutoff_mm
                ))
                .strong(),
            );
        }
        let save = ui.button(RichText::new("Save reading (Enter)").strong());
        if save.clicked() || submitted(ui, &responses) {
            self.tried.insert(placement);
            if let Ok(reading) = checked {
                return Some(Intent::RecordTstReading {
                    origin: super::READING,
                    reading,
                });
            }
        }
        None
    }
}
