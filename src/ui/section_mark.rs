//! The line at the top of a tab whose checklist section the MA closes by hand (injections,
//! specimens): who marked it and when, or the buttons to mark it done or none due.

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::checklist::{ChecklistMark, MarkOutcome, Section};
use crate::clinical::record::RecordKind;
use crate::ui::record_list::save_record;
use crate::ui::tab::{Form, Origin};
use crate::ui::tabs::TabKey;
use crate::ui::{Intent, ViewContext, format, theme};

pub fn mark_line(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
    section: Section,
    tab: TabKey,
) -> Option<Intent> {
    let visit_open = records.visit.is_some();
    let mark = records
        .in_visit::<ChecklistMark>()
        .filter(|m| m.content.section == section)
        .max_by_key(|m| m.recorded.at);
    let title = section.title();
    let mut intent = None;
    let save = |outcome: MarkOutcome| {
        save_record(
            Origin::new(tab, Form::Record(RecordKind::ChecklistMark)),
            &ChecklistMark { section, outcome },
            None,
            format!("{title}: marked {}", outcome.label().to_lowercase()),
        )
        .ok()
    };
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
                intent = save(MarkOutcome::Done);
            }
            if ui.button("None due: mark done").clicked() {
                intent = save(MarkOutcome::NoneDue);
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
