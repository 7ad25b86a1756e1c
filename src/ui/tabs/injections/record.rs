//! The patient's injections as lists: the immunization record grouped by vaccine, therapeutic
//! injections with the next dose due, and skin tests with their readings. Each current entry
//! can be corrected or marked entered in error.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::injection::ProductKind;
use crate::clinical::injection::administration::{Administration, Event};
use crate::clinical::injection::due::ScheduleView;
use crate::clinical::injection::follow_up::next_doses;
use crate::clinical::injection::immunization_record::immunization_record;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::injection::tst::TstResult;
use crate::clinical::record::{Versioned, current};
use crate::ui::record_list::{RowAction, row_actions, standing_label};
use crate::ui::widgets::{cell, rows};
use crate::ui::{ViewContext, format, theme};

/// A dose in two lines: when and what (with the row's actions), then how, from which lot and
/// by whom.
fn entry_row(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    entry: &Versioned<Administration>,
    with_actions: bool,
) -> Option<RowAction> {
    let a = &entry.content;
    // The name gives way on a narrow window, so the row's buttons stay on its line.
    let name_width = (ui.available_width() - DATE_WIDTH - 260.0).clamp(180.0, 430.0);
    cell(ui, DATE_WIDTH, |ui| ui.label(format::date(a.day())));
    cell(ui, name_width, |ui| {
        let name = match &a.product.cvx {
            Some(cvx) => format!("{} (CVX {cvx})", a.product.name),
            None => a.product.name.clone(),
        };
        ui.label(RichText::new(name).strong())
    });
    let action = if !entry.standing.is_current() {
        standing_label(ui, &entry.standing, cx.clock);
        None
    } else if with_actions {
        row_actions(ui, entry.id, &format!("{} {}", a.product.name, a.day()))
    } else {
        None
    };
    ui.end_row();
    let detail = match &a.event {
        Event::GivenHere(g) => {
            let mut parts = vec![g.dose.to_string(), g.route.code().to_owned()];
            parts.extend(g.site.map(|s| s.label().to_owned()));
            parts.extend(g.series_dose.map(|n| format!("dose {n}")));
            parts.push(format!("lot {} ({})", g.lot.number, g.lot.manufacturer));
            parts.push(format!(
                "given by {}, {} at {}",
                g.administered_by.name,
                g.administered_by.title,
                format::time(g.at, cx.clock)
            ));
            parts.join(" · ")
        }
        Event::Historical(h) => {
            let mut parts = vec![format!(
                "transcribed from {}",
                h.source.label().to_lowercase()
            )];
            parts.extend(h.series_dose.map(|n| format!("dose {n}")));
            parts.extend(h.lot_number.as_ref().map(|l| format!("lot {l}")));
            parts.extend(h.given_by.clone());
            parts.join(" · ")
        }
        Event::NotGiven(n) => {
            let mut text = n.reason.label().to_uppercase();
            if let Some(note) = &n.note {
                text.push_str(": ");
                text.push_str(note);
            }
            text
        }
    };
    cell(ui, DATE_WIDTH, |_| {});
    let text = RichText::new(detail);
    ui.label(if a.was_given() {
        text.color(theme::muted(ui.visuals()))
    } else {
        text.color(theme::warning(ui.visuals()))
    });
    ui.end_row();
    if !a.overrides.is_empty() {
        let passed: Vec<String> = a
            .overrides
            .iter()
            .map(|o| format!("{} (reason: {})", o.check.label(), o.reason))
            .collect();
        cell(ui, DATE_WIDTH, |_| {});
        ui.label(
            RichText::new(format!("Given after a warning: {}", passed.join("; ")))
                .color(theme::warning(ui.visuals())),
        );
        ui.end_row();
    }
    action
}

const DATE_WIDTH: f32 = 100.0;

/// The immunization record, grouped by vaccine.
pub fn immunizations_ui(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
    schedule: Option<&ScheduleView>,
) -> Option<RowAction> {
    ui.label(RichText::new("Immunization record").strong().size(16.0));
    let groups = immunization_record(records.of::<Administration>(), &cx.reference.injections);
    if groups.is_empty() {
        ui.label(RichText::new("No vaccines recorded").color(theme::muted(ui.visuals())));
        return None;
    }
    let mut action = None;
    // A combination vaccine shows in each of its groups; its actions once.
    let mut with_actions: BTreeSet<RecordId> = BTreeSet::new();
    for group in groups {
        ui.label(
            RichText::new(&group.group)
                .strong()
                .color(theme::muted(ui.visuals())),
        );
        rows(ui, |ui| {
            for entry in group.entries {
                let first = with_actions.insert(entry.id);
                action = action.or(entry_row(ui, cx, entry, first));
                // Whether the schedule counted it, once per dose.
                let verdict = schedule.filter(|_| first).and_then(|s| {
                    let cvx = entry.content.product.cvx.as_deref()?.trim().parse().ok()?;
                    entry.content.was_given().then_some(())?;
                    s.verdict(entry.content.day(), cvx)
                });
                if let Some(verdict) = verdict {
                    cell(ui, DATE_WIDTH, |_| {});
                    let counts = verdict.starts_with("ACIP: counts");
                    let text = RichText::new(verdict);
                    ui.label(if counts {
                        text.color(theme::muted(ui.visuals()))
                    } else {
                        text.strong().color(theme::warning(ui.visuals()))
                    });
                    ui.end_row();
                }
            }
        });
    }
    action
}

/// Therapeutic injections, newest first, with when the next dose is due.
pub fn therapeutic_ui(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
) -> Option<RowAction> {
    let mut drugs: Vec<&Versioned<Administration>> = current(records.of::<Administration>())
        .filter(|a| a.content.product.kind == ProductKind::Drug)
        .collect();
    if drugs.is_empty() {
        return None;
    }
    drugs.sort_by_key(|a| std::cmp::Reverse((a.content.day(), a.recorded.at)));
    ui.label(RichText::new("Therapeutic injections").strong().size(16.0));
    let today = cx.clock.today();
    for next in next_doses(records.of::<Administration>(), &cx.reference.injections) {
        ui.label(
            RichText::new(format!(
                "Next {}: {}",
                next.product_name,
                next.describe(today)
            ))
            .strong()
            .color(theme::warning(ui.visuals())),
        );
    }
    let mut action = None;
    rows(ui, |ui| {
        for entry in drugs {
            action = action.or(entry_row(ui, cx, entry, true));
        }
    });
    action
}

/// Skin test placements, each with its reading or where its window stands.
pub fn skin_tests_ui(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    records: &PatientRecords,
) -> Option<RowAction> {
    let mut placements: Vec<&Versioned<Administration>> = current(records.of::<Administration>())
        .filter(|a| a.content.product.kind == ProductKind::Tuberculin)
        .collect();
    if placements.is_empty() {
        return None;
    }
    placements.sort_by_key(|a| std::cmp::Reverse(a.recorded.at));
    ui.label(RichText::new("Tuberculin skin tests").strong().size(16.0));
    let mut action = None;
    rows(ui, |ui| {
        for placement in placements {
            action = action.or(entry_row(ui, cx, placement, true));
            let reading =
                current(records.of::<TstReading>()).find(|r| r.content.placement == placement.id);
            if let Some(r) = reading {
                cell(ui, DATE_WIDTH, |_| {});
                let text = format!(
                    "Read {}: {} mm, {} ({}; cut-off {} mm), by {}",
                    format::time(r.content.read_at, cx.clock),
                    r.content.induration_mm,
                    r.content.result.label().to_uppercase(),
                    r.content.risk_group.label(),
                    r.content.cutoff_mm,
                    r.recorded.by_name
                );
                let colour = match r.content.result {
                    TstResult::Positive => theme::error(ui.visuals()),
                    TstResult::Negative => theme::done(ui.visuals()),
                };
                ui.label(RichText::new(text).strong().color(colour));
                // A reading is not corrected in place: it is retracted and read again.
                let retract = ui.small_button("Entered in error…");
                retract.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        "Entered in error: TST reading",
                    )
                });
                if retract.clicked() {
                    action = Some(RowAction::Retract(r.id));
                }
                ui.end_row();
            }
        }
    });
    action
}
