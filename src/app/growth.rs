//! Applying the growth tab's intents: printing a growth chart for the parents.

use crate::app::{AppResult, RoomingApp, Screen};
use crate::ui::tab::{Origin, Reply};

impl RoomingApp {
    /// A growth chart of the open patient, as the growth tab shows it, printed for the parents.
    pub(super) fn print_growth_chart(
        &mut self,
        origin: Origin,
        measure: crate::clinical::growth::Measure,
        range: crate::clinical::growth::chart::ChartRange,
    ) -> AppResult<()> {
        let Screen::Patient(screen) = &self.screen else {
            return Ok(());
        };
        let patient = &screen.patient;
        let d = &patient.demographics;
        let data = screen.data();
        let chart = crate::clinical::growth::GrowthSex::of(d.sex).and_then(|sex| {
            let child = crate::clinical::growth::Child {
                sex,
                birth: d.birth_date,
                gestation: data.records.birth_history().map(|b| b.content.gestation),
            };
            crate::clinical::growth::chart::growth_chart(
                &self.reference.growth,
                &child,
                measure,
                range,
                &crate::clinical::vitals::growth_check::measurements(&data.vitals),
            )
        });
        let patient_id = patient.id;
        let mut printed_chart = None;
        let (text, ok) = match chart {
            None => (
                "No growth chart to print for this patient".to_owned(),
                false,
            ),
            Some(chart) => {
                let pdf = crate::print::growth_chart::pdf(&chart, patient);
                let name = format!(
                    "growth-{}-{}.pdf",
                    patient.mrn,
                    measure.label().to_lowercase()
                );
                match self.print_pdf(&name, &pdf) {
                    Ok((printed, refused)) => {
                        printed_chart = Some(format!(
                            "{} ({})",
                            chart.measure.label(),
                            chart.table.label()
                        ));
                        let (how, ok) = Self::printed_words(&printed, refused.as_deref());
                        (format!("Growth chart: {how}"), ok)
                    }
                    Err(e) => (format!("Growth chart not printed: {e}"), false),
                }
            }
        };
        // Patient data left the app on paper (or in a file): who, whose and which chart.
        if let Some(what) = printed_chart {
            let by = self.staff_id();
            self.store.growth_chart_printed(patient_id, &what, by)?;
        }
        self.say(text.clone());
        self.reply(&Reply::Note { origin, text, ok });
        Ok(())
    }
}
