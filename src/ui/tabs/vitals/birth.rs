//! The gestational age at birth, above a young child's vitals: asked once for a child under 24
//! months, so a premature baby's percentiles are read at corrected age; shown once charted, with
//! a way to correct it.

use egui::{RichText, Ui};

use crate::clinical::growth::GestationalAge;
use crate::clinical::growth::birth::BirthHistory;
use crate::clinical::record::RecordKind;
use crate::ui::Intent;
use crate::ui::record_list::save_record;
use crate::ui::tab::{Form, Origin, TabContext};
use crate::ui::tabs::TabKey;
use crate::ui::theme;
use crate::ui::widgets::{field_error, labelled_text, submitted};

pub const ORIGIN: Origin = Origin::new(TabKey::Vitals, Form::Record(RecordKind::BirthHistory));

#[derive(Default)]
pub struct BirthField {
    text: String,
    error: Option<String>,
    editing: bool,
}

impl BirthField {
    /// Whether to ask: a child under 24 months.
    pub fn asked(cx: &TabContext<'_>) -> bool {
        let birth = cx.patient.demographics.birth_date;
        let today = cx.view.clock.today();
        birth
            .checked_add_months(chrono::Months::new(24))
            .is_some_and(|limit| today < limit)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Option<Intent> {
        let charted = cx.records.birth_history();
        if let Some(history) = charted
            && !self.editing
        {
            let ga = history.content.gestation;
            let premature = ga.weeks < cx.view.reference.growth.rules.premature_before_weeks;
            ui.horizontal(|ui| {
                let mut text = format!("Born at {ga}");
                if premature {
                    text.push_str(": premature, percentiles at corrected age until 24 months");
                }
                ui.label(RichText::new(text).color(theme::muted(ui.visuals())));
                if ui.small_button("Correct gestational age").clicked() {
                    self.editing = true;
                    self.text = format!("{}+{}", ga.weeks, ga.days);
                }
            });
            return None;
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            let field = labelled_text(ui, "Gestational age at birth", &mut self.text, 90.0);
            ui.label(RichText::new("weeks+days, e.g. 32+3").color(theme::muted(ui.visuals())));
            let save = ui.button("Save gestational age");
            if save.clicked() || submitted(ui, std::slice::from_ref(&field)) {
                match GestationalAge::parse(&self.text) {
                    Ok(gestation) => {
                        match save_record(
                            ORIGIN,
                            &BirthHistory { gestation },
                            charted.map(|c| c.id),
                            format!("Gestational age at birth saved: {gestation}"),
                        ) {
                            Ok(save) => intent = Some(save),
                            Err(e) => self.error = Some(e),
                        }
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
        });
        if let Some(e) = &self.error {
            field_error(ui, &format!("Gestational age: {e}"));
        }
        intent
    }

    pub fn saved(&mut self) {
        *self = Self::default();
    }

    pub fn failed(&mut self, message: &str) {
        self.error = Some(message.to_owned());
    }
}
