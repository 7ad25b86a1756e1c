//! The vaccines the patient is due for, above the injection form: overdue and due now first, in
//! the warning colour, then what comes later; complete groups on one quiet line. Worked out
//! again only when the chart or the day changes.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::clinical::cdsi::contraindication::ObservationCode;
use crate::clinical::injection::due::{Due, GroupDue, ScheduleView, chart_schedule};
use crate::clinical::injection::observations::Observed;
use crate::ui::tabs::injections::form::FormInputs;
use crate::ui::{format, theme};

#[derive(Default)]
pub struct DueList {
    /// The schedule's view, and the chart revision and day it was worked out for.
    cached: Option<(u64, NaiveDate, ScheduleView, Vec<Observed>)>,
}

fn dose(group: &GroupDue) -> String {
    group.dose.map(|n| format!(" dose {n}")).unwrap_or_default()
}

impl DueList {
    /// The schedule's view of the patient, worked out again when the chart or the day changed.
    pub fn view(&mut self, inputs: &FormInputs<'_>) -> Option<&ScheduleView> {
        let cx = inputs.view;
        let today = cx.clock.today();
        let fresh = self
            .cached
            .as_ref()
            .is_some_and(|(revision, day, ..)| *revision == inputs.revision && *day == today);
        if !fresh {
            let data = cx.reference.schedule.get().ok()?;
            let (view, observed) = chart_schedule(
                cx.reference,
                data,
                &inputs.patient.demographics,
                inputs.records,
                today,
            );
            self.cached = Some((inputs.revision, today, view, observed));
        }
        self.cached.as_ref().map(|(_, _, view, _)| view)
    }

    /// The chart entry behind an observation, as the cache found it.
    fn why(&self, code: ObservationCode) -> Option<&str> {
        let (.., observed) = self.cached.as_ref()?;
        observed
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.why.as_str())
    }

    /// At most five wrapped lines, so the form stays in view: overdue, due now, next, ruled
    /// out, complete.
    pub fn ui(&mut self, ui: &mut Ui, inputs: &FormInputs<'_>) {
        let today = inputs.view.clock.today();
        let Some(list) = self.view(inputs).map(|v| v.due.clone()) else {
            ui.label(
                RichText::new("Vaccines due: CDC's schedule data could not be read")
                    .color(theme::warning(ui.visuals())),
            );
            return;
        };
        let mut overdue = Vec::new();
        let mut now = Vec::new();
        let mut next = Vec::new();
        let mut complete = Vec::new();
        let mut not_now = Vec::new();
        for group in &list {
            let name = format!("{}{}", group.group, dose(group));
            match group.due {
                // CDC's past-due date for a series never begun can be decades back: past a
                // year it says no more than "catch up".
                Due::Overdue { since } if (today - since).num_days() > 365 => overdue.push(name),
                Due::Overdue { since } => {
                    overdue.push(format!("{name} (since {})", format::date(since)));
                }
                Due::Now { .. } => now.push(name),
                Due::Later {
                    recommended,
                    earliest,
                } => next.push(format!(
                    "{name} on {} (not before {})",
                    format::date(recommended),
                    format::date(earliest)
                )),
                Due::Contraindicated(code) => {
                    let title = inputs
                        .view
                        .reference
                        .schedule
                        .get()
                        .ok()
                        .and_then(|d| d.schedule.observations.get(&code))
                        .map_or("contraindicated", String::as_str);
                    not_now.push(match self.why(code) {
                        Some(why) => format!("{} ({title}: {why})", group.group),
                        None => format!("{} ({title})", group.group),
                    });
                }
                Due::Complete => complete.push(group.group.clone()),
                Due::Immune => complete.push(format!("{} (immune by birth year)", group.group)),
                Due::AgedOut => {}
            }
        }
        ui.label(RichText::new("Vaccines due (ACIP schedule, CDC CDSi)").strong());
        let warning = theme::warning(ui.visuals());
        let muted = theme::muted(ui.visuals());
        for (title, names, colour, strong) in [
            ("Overdue", overdue, warning, true),
            ("Due now", now, warning, true),
            ("Next", next, ui.visuals().text_color(), false),
            ("Not now, CDC contraindication", not_now, warning, false),
            ("Complete", complete, muted, false),
        ] {
            if names.is_empty() {
                continue;
            }
            let text = RichText::new(format!("{title}: {}", names.join(", "))).color(colour);
            ui.label(if strong { text.strong() } else { text });
        }
        if list.is_empty() {
            ui.label(RichText::new("Nothing the schedule lists.").color(muted));
        }
    }
}
