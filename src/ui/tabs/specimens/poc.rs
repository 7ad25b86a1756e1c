//! The point-of-care form: the test, its kit lot and expiry, controls, when it was run, and the
//! answer for each part (a choice for a scale, a number or LO/HI for a meter); and the visit's
//! results with what was flagged.

use egui::{Response, RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::patient::Patient;
use crate::clinical::poc::PocResult;
use crate::clinical::poc::result::PocPatient;
use crate::clinical::poc::{Measure, PocDraft, PocField, QcStatus};
use crate::clinical::record::current;
use crate::clinical::specimen::{Specimen, SpecimenId};
use crate::clinical::time::to_local;
use crate::ui::record_list::{RowAction, save_record};
use crate::ui::widgets::TimeField;
use crate::ui::widgets::{
    AskedFor, FieldErrors, Saving, Width, choice, choice_among, field_error, identity_rows, line,
    row_label, rows, save_row, submitted,
};
use crate::ui::{Intent, ViewContext, format, theme};

pub struct PocForm {
    pub draft: PocDraft,
    /// The result being corrected.
    pub editing: Option<RecordId>,
    errors: FieldErrors<PocField>,
    save_error: Option<String>,
    tested_at: TimeField,
}

impl PocForm {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            draft: PocDraft::new(now),
            editing: None,
            errors: FieldErrors::default(),
            save_error: None,
            tested_at: TimeField::FollowsClock,
        }
    }

    /// What is typed, if anything beyond the time that fills itself in.
    pub fn kept(&self) -> Option<(PocDraft, Option<RecordId>)> {
        let blank = PocDraft {
            tested_at: self.draft.tested_at.clone(),
            ..PocDraft::default()
        };
        (self.draft != blank || self.editing.is_some()).then(|| (self.draft.clone(), self.editing))
    }

    pub fn restored(&mut self, draft: PocDraft, editing: Option<RecordId>) {
        self.draft = draft;
        self.editing = editing;
        self.tested_at = TimeField::Typed;
    }

    pub fn failed(&mut self, message: &str) {
        self.save_error = Some(message.to_owned());
    }

    /// Refills the form from a recorded result, to correct it.
    pub fn correcting(
        &mut self,
        record: RecordId,
        draft: PocDraft,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        *self = Self::new(now);
        self.draft = draft;
        self.editing = Some(record);
        self.tested_at = TimeField::Typed;
    }

    /// `specimens` are the ones this visit collected, offered as the field's hint;
    /// `patient_specimens` every current specimen of the patient, which a result may name.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        patient: &Patient,
        specimens: &[&Specimen],
        patient_specimens: &[SpecimenId],
    ) -> Option<Intent> {
        let catalog = &cx.reference.poc;
        let title = if self.editing.is_some() {
            "Correct a point-of-care result"
        } else {
            "Point-of-care test"
        };
        ui.label(RichText::new(title).strong().size(16.0));
        self.tested_at
            .keep(ui, &mut self.draft.tested_at, cx.clock.now());
        let errors = &self.errors;
        let message = |ui: &mut Ui, field: PocField| errors.message(ui, Some(field));
        let names: Vec<String> = catalog
            .tests()
            .iter()
            .map(|t| format!("{} ({})", t.name, t.cpt))
            .collect();
        let mut responses: Vec<Response> = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Test");
            let mut position = self
                .draft
                .test_id
                .as_deref()
                .and_then(|id| catalog.tests().iter().position(|t| t.id == id));
            let response = choice_among(ui, "Test", &mut position, &names).labelled_by(label.id);
            if response.changed() {
                match position.and_then(|p| catalog.tests().get(p)) {
                    Some(test) => self.draft.choose(test),
                    None => self.draft.test_id = None,
                }
            }
            responses.push(response);
            message(ui, PocField::Test);
            ui.end_row();

            responses.push(errors.text(
                ui,
                "Kit lot",
                Some(PocField::KitLot),
                &mut self.draft.kit_lot,
                Width::of(160.0).hint("as printed on the kit"),
            ));
            responses.push(errors.text(
                ui,
                "Kit expires",
                Some(PocField::KitExpires),
                &mut self.draft.kit_expires,
                Width::of(160.0).hint("03/31/2027 or 03/2027"),
            ));
            let at = errors.text(
                ui,
                "Tested at",
                Some(PocField::TestedAt),
                &mut self.draft.tested_at,
                Width::of(160.0),
            );
            self.tested_at.after(&at);
            responses.push(at);
            responses.push(errors.row(ui, "Controls", Some(PocField::Qc), |ui| {
                choice(
                    ui,
                    "Controls",
                    &mut self.draft.qc,
                    QcStatus::ALL,
                    QcStatus::label,
                )
            }));

            // A scanner types the label's ID and Enter into this field.
            responses.push(errors.text(
                ui,
                "Specimen ID",
                Some(PocField::Specimen),
                &mut self.draft.specimen_id,
                Width::of(160.0).hint("scan the label, or leave empty"),
            ));
            if !specimens.is_empty() {
                row_label(ui, "");
                let collected: Vec<String> = specimens
                    .iter()
                    .map(|s| format!("{} {}", s.id, s.collection.kind.label().to_lowercase()))
                    .collect();
                ui.label(
                    RichText::new(format!("collected this visit: {}", collected.join(", ")))
                        .color(theme::muted(ui.visuals())),
                );
                ui.end_row();
            }

            let test = self
                .draft
                .test_id
                .as_deref()
                .and_then(|id| catalog.test(id));
            for (n, part) in test
                .map(|t| t.parts.as_slice())
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let Some(entry) = self.draft.parts.get_mut(n) else {
                    continue;
                };
                let label = row_label(ui, &part.name);
                let response = match &part.measure {
                    Measure::Scale { answers, .. } => {
                        let mut position = answers.iter().position(|a| a == entry);
                        let response = choice_among(ui, &part.name, &mut position, answers)
                            .labelled_by(label.id);
                        if response.changed() {
                            *entry = position
                                .and_then(|p| answers.get(p))
                                .cloned()
                                .unwrap_or_default();
                        }
                        response
                    }
                    Measure::Number { unit, .. } => ui
                        .add(
                            line(entry, 100.0)
                                .hint_text(format!("{unit}, or LO/HI"))
                                .id_salt(("poc_part", n)),
                        )
                        .labelled_by(label.id),
                };
                responses.push(response);
                let flag = crate::clinical::poc::result::assess(part, entry)
                    .ok()
                    .and_then(|(_, f)| f);
                match (errors.get(PocField::Part(n)), flag) {
                    (Some(e), _) => field_error(ui, e),
                    (None, Some(flag)) => {
                        ui.label(
                            RichText::new(format!("flagged: {}", flag.label()))
                                .strong()
                                .color(theme::warning(ui.visuals())),
                        );
                    }
                    (None, None) => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
        if self.draft.specimen_id.trim().is_empty() {
            // Run straight from the patient: the two identifiers, as for a specimen.
            responses.extend(identity_rows(
                ui,
                &patient.demographics.full_name(),
                &mut self.draft.identity,
                self.errors.get(PocField::Identity),
                AskedFor::TestResult,
            ));
        }
        let checked = self.draft.check(
            catalog,
            PocPatient {
                birth_date: patient.demographics.birth_date,
                specimens: patient_specimens,
            },
            &cx.staff.signature(),
            cx.clock.now_local(),
        );
        self.errors.check(&checked);
        let row = save_row(
            ui,
            Saving::of("Record result (Enter)", &self.editing),
            self.save_error.as_deref(),
        );
        if row.cancel {
            *self = Self::new(cx.clock.now());
            return None;
        }
        if row.save || submitted(ui, &responses) {
            self.errors.tried();
            self.save_error = None;
            if let Ok(result) = checked {
                let done = if result.pregnancy(catalog) == Some(true) {
                    format!(
                        "{}: positive. Pregnant: positive test on {}; live vaccines and medroxyprogesterone will be stopped",
                        result.test_name,
                        format::date(to_local(result.tested_at).date_naive())
                    )
                } else {
                    format!("{}: {}", result.test_name, result.summary())
                };
                match save_record(super::POC, &result, self.editing, done) {
                    Ok(intent) => return Some(intent),
                    Err(e) => self.save_error = Some(e),
                }
            }
        }
        None
    }
}

/// The patient's point-of-care results, newest first, flagged parts in the warning colour.
pub fn results_ui(ui: &mut Ui, cx: ViewContext<'_>, records: &PatientRecords) -> Option<RowAction> {
    ui.label(RichText::new("Point-of-care results").strong().size(16.0));
    let mut shown: Vec<_> = current(records.of::<PocResult>()).collect();
    if shown.is_empty() {
        ui.label(RichText::new("None recorded.").color(theme::muted(ui.visuals())));
        return None;
    }
    shown.sort_by_key(|r| std::cmp::Reverse(r.content.tested_at));
    let mut action = None;
    for record in shown {
        let r = &record.content;
        // What is abnormal first and in colour; a panel's normal parts follow, quieter.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{} ({})", r.test_name, r.cpt)).strong());
            let flagged = r.flagged_summary();
            if flagged.is_empty() {
                ui.label(RichText::new(r.summary()).strong());
            } else {
                ui.label(
                    RichText::new(format!("FLAGGED: {flagged}"))
                        .strong()
                        .color(theme::warning(ui.visuals())),
                );
            }
        });
        if r.parts.len() > 1 && r.is_flagged() {
            ui.label(RichText::new(r.summary()).color(theme::muted(ui.visuals())));
        }
        ui.horizontal_wrapped(|ui| {
            let on = r
                .specimen
                .map(|id| format!("; on specimen {id}"))
                .unwrap_or_default();
            ui.label(
                RichText::new(format!(
                    "{} by {}; kit lot {} exp {}; controls: {}{on}",
                    format::time_with_day(r.tested_at, cx.clock),
                    r.tested_by,
                    r.kit_lot,
                    format::date(r.kit_expires),
                    r.qc.label().to_lowercase()
                ))
                .color(theme::muted(ui.visuals())),
            );
            if ui
                .small_button(format!("Correct {}", r.test_name))
                .clicked()
            {
                action = Some(RowAction::Correct(record.id));
            }
            if ui
                .small_button(format!("Entered in error {}", r.test_name))
                .clicked()
            {
                action = Some(RowAction::Retract(record.id));
            }
        });
        ui.add_space(4.0);
    }
    action
}
