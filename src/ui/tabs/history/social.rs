//! The social history form: tobacco, alcohol, drugs, occupation and, for patients who can be
//! pregnant, pregnancy and the last menstrual period. It starts from what the chart says.

use egui::{Response, RichText, Ui};

use crate::clinical::history::social::{PregnancyStatus, SocialField, UseStatus};
use crate::clinical::history::{SocialHistory, SocialHistoryDraft};
use crate::clinical::ids::RecordId;
use crate::clinical::record::RecordKind;
use crate::ui::record_list::save_record;
use crate::ui::tab::{Form, Origin, Reply, TabContext};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{
    FieldErrors, Saving, Width, choice, row_label, rows, save_row, submitted,
};
use crate::ui::{Intent, format, theme};

const ORIGIN: Origin = Origin::new(TabKey::History, Form::Record(RecordKind::SocialHistory));

#[derive(Default)]
pub(super) struct SocialForm {
    draft: SocialHistoryDraft,
    /// The version the form was filled from.
    loaded_from: Option<RecordId>,
    errors: FieldErrors<SocialField>,
    save_error: Option<String>,
}

impl SocialForm {
    pub(super) fn on_reply(&mut self, reply: &Reply) {
        match reply {
            // The saved version is read back from the chart.
            Reply::Saved(origin) if *origin == ORIGIN => *self = Self::default(),
            Reply::Failed { origin, message } if *origin == ORIGIN => {
                self.save_error = Some(message.clone());
            }
            _ => {}
        }
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Option<Intent> {
        let view = cx.view;
        let d = &cx.patient.demographics;
        let asks_pregnancy = view
            .reference
            .social
            .asks_pregnancy(d.sex, d.age_on(view.clock.today()));
        let current = cx.records.social_history();
        // The form starts from what the chart says, once per version.
        if self.loaded_from != current.map(|s| s.id) {
            self.draft = current
                .map(|s| SocialHistoryDraft::from_history(&s.content))
                .unwrap_or_default();
            self.loaded_from = current.map(|s| s.id);
        }
        if let Some(s) = current {
            ui.label(
                RichText::new(format!(
                    "Last updated {} by {}",
                    format::time(s.recorded.at, view.clock),
                    s.recorded.by_name
                ))
                .color(theme::muted(ui.visuals())),
            );
        }
        let checked = self.draft.check(
            &view.reference.social,
            asks_pregnancy,
            d.birth_date,
            view.clock.today(),
        );
        self.errors.check(&checked);
        let errors = &self.errors;
        let draft = &mut self.draft;
        let mut responses: Vec<Response> = Vec::new();
        rows(ui, |ui| {
            responses.push(errors.row(ui, "Tobacco", None, |ui| {
                choice(
                    ui,
                    "Tobacco",
                    &mut draft.tobacco,
                    UseStatus::ALL,
                    UseStatus::label,
                )
            }));
            responses.push(errors.text(
                ui,
                "Packs per day",
                Some(SocialField::PacksPerDay),
                &mut draft.packs_per_day,
                Width::of(60.0),
            ));
            responses.push(errors.text(
                ui,
                "Quit date",
                Some(SocialField::Quit),
                &mut draft.quit,
                Width::of(120.0).hint("former smokers"),
            ));
            responses.push(errors.text(
                ui,
                "Alcohol, drinks per week",
                Some(SocialField::Alcohol),
                &mut draft.alcohol_drinks_per_week,
                Width::of(60.0),
            ));
            let label = row_label(ui, "Recreational drugs");
            ui.horizontal(|ui| {
                responses.push(
                    choice(
                        ui,
                        "Recreational drugs",
                        &mut draft.drugs,
                        UseStatus::ALL,
                        UseStatus::label,
                    )
                    .labelled_by(label.id),
                );
                let what = ui.label("which");
                responses.push(
                    ui.add(
                        crate::ui::widgets::line(&mut draft.drugs_detail, 180.0).id_salt("drugs"),
                    )
                    .labelled_by(what.id),
                );
            });
            errors.message(ui, None);
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Occupation",
                None,
                &mut draft.occupation,
                Width::of(220.0),
            ));
            if asks_pregnancy {
                responses.push(errors.row(ui, "Pregnancy", None, |ui| {
                    choice(
                        ui,
                        "Pregnancy",
                        &mut draft.pregnancy,
                        PregnancyStatus::ALL,
                        PregnancyStatus::label,
                    )
                }));
                responses.push(errors.text(
                    ui,
                    "Last menstrual period",
                    Some(SocialField::LastMenstrualPeriod),
                    &mut draft.last_menstrual_period,
                    Width::of(120.0).hint("2026-11-01"),
                ));
            }
        });
        let row = save_row(
            ui,
            Saving::New("Save social history (Enter)"),
            self.save_error.as_deref(),
        );
        if !(row.save || submitted(ui, &responses)) {
            return None;
        }
        self.errors.tried();
        self.save_error = None;
        let social: SocialHistory = checked.ok()?;
        match save_record(
            ORIGIN,
            &social,
            current.map(|s| s.id),
            "Social history saved",
        ) {
            Ok(intent) => Some(intent),
            Err(e) => {
                self.save_error = Some(e);
                None
            }
        }
    }
}
