//! The vaccines the patient is due for, above the injection form: overdue and due now first, in
//! the warning colour, then what comes later; complete groups on one quiet line. Worked out
//! again only when the chart or the day changes.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::clinical::injection::due::{Due, GroupDue, vaccines_due};
use crate::ui::tabs::injections::form::FormInputs;
use crate::ui::{format, theme};

#[derive(Default)]
pub struct DueList {
    /// The list, and the chart revision and day it was worked out for.
    cached: Option<(u64, NaiveDate, Vec<GroupDue>)>,
}

fn dose(group: &GroupDue) -> String {
    group.dose.map(|n| format!(" dose {n}")).unwrap_or_default()
}

impl DueList {
    fn list(&mut self, inputs: &FormInputs<'_>) -> Option<&[GroupDue]> {
        let cx = inputs.view;
        let today = cx.clock.today();
        let fresh = self
            .cached
            .as_ref()
            .is_some_and(|(revision, day, _)| *revision == inputs.revision && *day == today);
        if !fresh {
            let data = cx.reference.schedule.get().ok()?;
            let d = &inputs.patient.demographics;
            let list = vaccines_due(
                data,
                d.birth_date,
                d.sex,
                inputs
                    .records
                    .of::<crate::clinical::injection::Administration>(),
                today,
            );
            self.cached = Some((inputs.revision, today, list));
        }
        self.cached.as_ref().map(|(_, _, list)| list.as_slice())
    }

    pub fn ui(&mut self, ui: &mut Ui, inputs: &FormInputs<'_>) {
        let Some(list) = self.list(inputs) else {
            ui.label(
                RichText::new("Vaccines due: CDC's schedule data could not be read")
                    .color(theme::warning(ui.visuals())),
            );
            return;
        };
        let list = list.to_vec();
        let today = inputs.view.clock.today();
        ui.label(RichText::new("Vaccines due (ACIP schedule, CDC CDSi)").strong());
        let mut complete = Vec::new();
        for group in &list {
            let line = match group.due {
                // CDC's past-due date for a series never begun can be decades back: past a
                // year it says no more than "catch up".
                Due::Overdue { since } if (today - since).num_days() > 365 => Some((
                    format!("{}{}: OVERDUE, catch up now", group.group, dose(group)),
                    true,
                )),
                Due::Overdue { since } => Some((
                    format!(
                        "{}{}: OVERDUE since {}",
                        group.group,
                        dose(group),
                        format::date(since)
                    ),
                    true,
                )),
                Due::Now { from } if (today - from).num_days() > 365 => {
                    Some((format!("{}{}: due now", group.group, dose(group)), true))
                }
                Due::Now { from } => Some((
                    format!(
                        "{}{}: due now (from {})",
                        group.group,
                        dose(group),
                        format::date(from)
                    ),
                    true,
                )),
                Due::Later {
                    recommended,
                    earliest,
                } => Some((
                    format!(
                        "{}{}: next on {} (not before {})",
                        group.group,
                        dose(group),
                        format::date(recommended),
                        format::date(earliest)
                    ),
                    false,
                )),
                Due::Complete => {
                    complete.push(group.group.clone());
                    None
                }
                Due::AgedOut => None,
            };
            if let Some((text, now)) = line {
                let text = RichText::new(text);
                ui.label(if now {
                    text.strong().color(theme::warning(ui.visuals()))
                } else {
                    text
                });
            }
        }
        if !complete.is_empty() {
            ui.label(
                RichText::new(format!("Complete: {}", complete.join(", ")))
                    .color(theme::muted(ui.visuals())),
            );
        }
    }
}
