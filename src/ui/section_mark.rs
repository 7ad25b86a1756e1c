//! The line at the top of a tab whose checklist section the MA closes by hand (injections,
//! specimens): who marked it and when, or the buttons to mark it done or none due.

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::checklist::{ChecklistMark, MarkOutcome, Section};
use crate::clinical::record::current;
use crate::ui::{Intent, ViewContext, format, theme};

pub fn mark_line(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
    section: Section,
    visit_open: bool,
) -> Option<Intent> {
    let mark = current(&records.marks)
        .filter(|m| m.content.section == section)
        .max_by_key(|m| m.recorded.at);
    let title = section.title();
    let mut intent = None;
    ui.horizontal(|ui| match mark {
        Some(m) => {
            ui.label(
                RichText::new(format!(
                    "{title} marked {} by {} at {}",
                    m.content.outcome.label().to_lowercase(),
                    m.recorded.by_name,
                    format::time(m.recorded.at, cx.clock)
                ))
                .color(theme::done(ui.visuals())),
            );
        }
        None if visit_open => {
            if ui
                .button(format!("Mark {} done", title.to_lowercase()))
                .clicked()
            {
                intent = Some(Intent::MarkSection(ChecklistMark {
                    section,
                    outcome: MarkOutcome::Done,
                }));
            }
            if ui.button("None due: mark done").clicked() {
                intent = Some(Intent::MarkSection(ChecklistMark {
                    section,
                    outcome: MarkOutcome::NoneDue,
                }));
            }
            ui.label(
                RichText::new("not yet marked this visit").color(theme::warning(ui.visuals())),
            );
        }
        None => {
            ui.label(
                RichText::new(format!(
                    "Start a visit to chart {} today",
                    title.to_lowercase()
                ))
                .color(theme::muted(ui.visuals())),
            );
        }
    });
    intent
}
