//! Applying the intents of the specimen screens: collecting (and printing the label), reprints,
//! status changes, courier pickups with their manifest, point-of-care results, and the log.
//! Labels and manifests go to the print spooler on its standard input; with none, to a private
//! printouts folder beside the chart that is emptied when the session ends.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::app::{AppResult, RoomingApp, Screen};
use crate::clinical::ids::RecordId;
use crate::clinical::specimen::log::{LogFilter, LogPage};
use crate::clinical::specimen::{Collection, Specimen, SpecimenId, SpecimenStatus};
use crate::clinical::time::to_local;
use crate::print::manifest::{Manifest, ManifestRow};
use crate::print::{Label, PrintError};
use crate::ui::specimen_log::{LOG_ROWS, SpecimenLogScreen};
use crate::ui::tab::{Form, Origin, Reply};

/// Where a printout goes when there is no spooler: a folder beside the chart that only its
/// owner may open, emptied when the session ends.
pub(crate) fn printouts_folder(chart: &Path) -> PathBuf {
    let mut name = chart.file_name().unwrap_or_default().to_owned();
    name.push(".printouts");
    chart.with_file_name(name)
}

/// Removes every printout left beside the chart (at sign-out, on exit, and at the next start
/// after a crash): a label or manifest names patients and is not kept in a plain file.
pub(crate) fn clear_printouts(chart: &Path) {
    let folder = printouts_folder(chart);
    if folder.exists()
        && let Err(e) = std::fs::remove_dir_all(&folder)
    {
        tracing::warn!(error = %e, "printouts not removed");
    }
}

/// Where a printout went, in words for the screen.
pub(super) enum Printed {
    Spooled,
    Kept(PathBuf),
}

impl RoomingApp {
    /// Writes a document into the private printouts folder (0700, files 0600).
    fn keep_printout(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, PrintError> {
        let dir = printouts_folder(self.store.path());
        let path = dir.join(name);
        let fail = |source| PrintError::Write {
            path: path.display().to_string(),
            source,
        };
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(fail)?;
        let mut file = std::fs::OpenOptions::new();
        file.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
        file.open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
            .map_err(fail)?;
        Ok(path)
    }

    /// Sends a PDF to the spooler, or, with none (or when it fails), keeps it in the printouts
    /// folder until the session ends.
    pub(super) fn print_pdf(
        &self,
        name: &str,
        pdf: &[u8],
    ) -> Result<(Printed, Option<String>), PrintError> {
        let refused = match &self.printer {
            Some(printer) => match printer.print(pdf) {
                Ok(()) => return Ok((Printed::Spooled, None)),
                Err(e) => Some(e),
            },
            None => None,
        };
        Ok((Printed::Kept(self.keep_printout(name, pdf)?), refused))
    }

    /// How a print went, for the status line.
    pub(super) fn printed_words(printed: &Printed, refused: Option<&str>) -> (String, bool) {
        match (printed, refused) {
            (Printed::Spooled, _) => ("sent to the printer".into(), true),
            (Printed::Kept(path), Some(e)) => (
                format!(
                    "not printed ({e}); kept until you sign out as {}",
                    path.display()
                ),
                false,
            ),
            (Printed::Kept(path), None) => (
                format!(
                    "no printer command found; kept until you sign out as {}",
                    path.display()
                ),
                false,
            ),
        }
    }

    pub(super) fn collect_specimen(
        &mut self,
        origin: Origin,
        collection: &Collection,
    ) -> AppResult<()> {
        let (patient, visit, by) = self.record_target()?;
        match self.store.collect_specimen(patient, visit, collection, by) {
            Ok(specimen) => {
                let id = specimen.content.id;
                self.saved(origin, format!("Specimen {id} collected"))?;
                self.print_label(Origin::new(origin.tab, Form::Label), id)
            }
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    /// Writes the label, notes the print in the audit log and sends it to the printer.
    pub(super) fn print_label(&mut self, origin: Origin, id: SpecimenId) -> AppResult<()> {
        let (_, _, by) = self.record_target()?;
        let Screen::Patient(screen) = &self.screen else {
            return Ok(());
        };
        let tracked = self.store.tracked_specimen(id)?;
        let label = Label::new(&tracked.record.content, &screen.patient);
        let printed = label
            .pdf()
            .and_then(|pdf| self.print_pdf(&label.file_name(), &pdf));
        let (text, ok) = match printed {
            Ok((printed, refused)) => {
                let copy = self.store.label_printed(id, by)?;
                let (how, ok) = Self::printed_words(&printed, refused.as_deref());
                let what = if copy == 1 {
                    "Label"
                } else {
                    "Label reprinted"
                };
                (format!("{what} for specimen {id}: {how}"), ok)
            }
            Err(e) => (
                format!("Specimen {id} saved, but its label was not: {e}"),
                false,
            ),
        };
        self.say(text.clone());
        self.reply(&Reply::Note { origin, text, ok });
        Ok(())
    }

    pub(super) fn change_specimen_status(
        &mut self,
        origin: Origin,
        specimens: &[SpecimenId],
        to: SpecimenStatus,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> AppResult<()> {
        let by = self.staff_id();
        match self
            .store
            .change_specimen_status(specimens, to, at, reason, by)
        {
            Ok(_) => self.saved(
                origin,
                format!("Specimen marked {}", to.label().to_lowercase()),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    pub(super) fn correct_specimen(
        &mut self,
        origin: Origin,
        replaces: RecordId,
        specimen: &Specimen,
    ) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.correct_specimen(replaces, specimen, by) {
            Ok(_) => self.saved(
                origin,
                format!(
                    "Specimen {} corrected; reprint its label if what the label shows changed",
                    specimen.id
                ),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    pub(super) fn show_specimen_log(&mut self) -> AppResult<()> {
        let filter = LogFilter::default();
        let page = self.specimen_log_page(&filter)?;
        self.screen = Screen::SpecimenLog(Box::new(SpecimenLogScreen::new(
            page,
            filter,
            self.clock.now(),
        )));
        Ok(())
    }

    /// The log's rows again for the filter the screen now holds; what was ticked stays ticked.
    pub(super) fn filter_specimen_log(&mut self, filter: &LogFilter) -> AppResult<()> {
        let page = self.specimen_log_page(filter)?;
        if let Screen::SpecimenLog(screen) = &mut self.screen {
            screen.page = page;
        }
        Ok(())
    }

    fn specimen_log_page(&self, filter: &LogFilter) -> AppResult<LogPage> {
        Ok(self.store.specimen_log(
            &self.reference.lab_tests,
            filter,
            self.clock.now(),
            LOG_ROWS,
        )?)
    }

    /// Marks the specimens sent together, then writes the manifest as PDF and CSV.
    pub(super) fn courier_pickup(
        &mut self,
        specimens: &[SpecimenId],
        at: DateTime<Utc>,
    ) -> AppResult<()> {
        let by = self.staff_id();
        if let Err(e) =
            self.store
                .change_specimen_status(specimens, SpecimenStatus::Sent, at, None, by)
        {
            if let Screen::SpecimenLog(screen) = &mut self.screen {
                screen.error = Some(e.to_string());
            }
            return Ok(());
        }
        let entries = self
            .store
            .specimen_log_of(&self.reference.lab_tests, specimens)?;
        let manifest = Manifest {
            clinic: self.session.clinic.name.clone(),
            sent_at: to_local(at).format("%m/%d/%Y %H:%M").to_string(),
            handed_over_by: self.session.account.staff.signature(),
            rows: entries
                .iter()
                .map(|e| ManifestRow {
                    specimen_id: e.specimen.id.to_string(),
                    patient: e.patient.name.clone(),
                    birth_date: e.patient.birth_date.format("%m/%d/%Y").to_string(),
                    mrn: e.patient.mrn.clone(),
                    tests: e.specimen.tests_text(),
                    what: format!(
                        "{} - {}",
                        e.specimen.collection.kind.label(),
                        e.specimen.collection.container.label()
                    ),
                    collected: to_local(e.specimen.collection.collected_at)
                        .format("%m/%d/%Y %H:%M")
                        .to_string(),
                    lab: e.specimen.collection.lab.clone(),
                })
                .collect(),
        };
        let stem = format!("manifest-{}", to_local(at).format("%Y%m%d-%H%M%S"));
        let printed = self
            .print_pdf(&format!("{stem}.pdf"), &manifest.pdf())
            .and_then(|(printed, refused)| {
                let csv = self.keep_printout(&format!("{stem}.csv"), manifest.csv().as_bytes())?;
                Ok((printed, refused, csv))
            });
        let note = match printed {
            Ok((printed, refused, csv)) => {
                let place = match &printed {
                    Printed::Spooled => "the printer".to_owned(),
                    Printed::Kept(path) => path.display().to_string(),
                };
                self.store.manifest_written(&place, by)?;
                let (how, _) = Self::printed_words(&printed, refused.as_deref());
                format!(
                    "{} specimen{} marked sent. Manifest {how}; CSV kept until you sign out as {}",
                    specimens.len(),
                    if specimens.len() == 1 { "" } else { "s" },
                    csv.display()
                )
            }
            Err(e) => format!("Specimens marked sent, but the manifest was not written: {e}"),
        };
        self.say(note.clone());
        let filter = match &self.screen {
            Screen::SpecimenLog(old) => old.filter.clone(),
            _ => LogFilter::default(),
        };
        let page = self.specimen_log_page(&filter)?;
        let mut screen = SpecimenLogScreen::new(page, filter, self.clock.now());
        screen.note = Some(note);
        self.screen = Screen::SpecimenLog(Box::new(screen));
        Ok(())
    }
}
