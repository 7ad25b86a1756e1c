//! Applying the intents of the specimen screens: collecting (and printing the label), reprints,
//! status changes, courier pickups with their manifest, point-of-care results, and the log.
//! Labels and manifests are written beside the chart file, in `labels/` and `manifests/`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::app::{AppResult, RoomingApp, Screen};
use crate::clinical::ids::RecordId;
use crate::clinical::specimen::{Collection, Specimen, SpecimenId, SpecimenStatus};
use crate::clinical::time::to_local;
use crate::print::manifest::{Manifest, ManifestRow};
use crate::print::{Label, PrintError};
use crate::ui::specimen_log::SpecimenLogScreen;
use crate::ui::tab::{Form, Origin, Reply};

impl RoomingApp {
    /// The folder beside the chart file where printed files are kept.
    fn print_folder(&self, name: &str) -> PathBuf {
        self.store
            .path()
            .parent()
            .map_or_else(|| PathBuf::from(name), |p| p.join(name))
    }

    fn write_file(&self, folder: &str, name: &str, bytes: &[u8]) -> Result<PathBuf, PrintError> {
        let dir = self.print_folder(folder);
        let path = dir.join(name);
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, bytes))
            .map_err(|source| PrintError::Write {
                path: path.display().to_string(),
                source,
            })?;
        Ok(path)
    }

    /// Sends a written file to the printer, in words for the screen.
    fn send_to_printer(&self, path: &std::path::Path) -> (String, bool) {
        match &self.printer {
            Some(printer) => match printer.print(path) {
                Ok(()) => (
                    format!("sent to the printer; saved as {}", path.display()),
                    true,
                ),
                Err(e) => (
                    format!("not printed ({e}); saved as {}", path.display()),
                    false,
                ),
            },
            None => (
                format!("no printer command found; saved as {}", path.display()),
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
        let written = label
            .pdf()
            .and_then(|pdf| self.write_file("labels", &label.file_name(), &pdf));
        let (text, ok) = match written {
            Ok(path) => {
                let copy = self.store.label_printed(id, by)?;
                let (how, ok) = self.send_to_printer(&path);
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
        let entries = self.store.specimen_log(&self.reference.lab_tests)?;
        self.screen =
            Screen::SpecimenLog(Box::new(SpecimenLogScreen::new(entries, self.clock.now())));
        Ok(())
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
        let entries = self.store.specimen_log(&self.reference.lab_tests)?;
        let manifest = Manifest {
            clinic: self.session.clinic.name.clone(),
            sent_at: to_local(at).format("%m/%d/%Y %H:%M").to_string(),
            handed_over_by: self.session.account.staff.signature(),
            rows: entries
                .iter()
                .filter(|e| specimens.contains(&e.specimen.id))
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
        let written = self
            .write_file("manifests", &format!("{stem}.pdf"), &manifest.pdf())
            .and_then(|pdf| {
                self.write_file(
                    "manifests",
                    &format!("{stem}.csv"),
                    manifest.csv().as_bytes(),
                )
                .map(|csv| (pdf, csv))
            });
        let note = match written {
            Ok((pdf, csv)) => {
                self.store
                    .manifest_written(&pdf.display().to_string(), by)?;
                let (how, _) = self.send_to_printer(&pdf);
                format!(
                    "{} specimen{} marked sent. Manifest {how}; CSV {}",
                    specimens.len(),
                    if specimens.len() == 1 { "" } else { "s" },
                    csv.display()
                )
            }
            Err(e) => format!("Specimens marked sent, but the manifest was not written: {e}"),
        };
        self.say(note.clone());
        let mut screen = SpecimenLogScreen::new(entries, self.clock.now());
        if let Screen::SpecimenLog(old) = &self.screen {
            screen.filter = old.filter.clone();
            screen.refilter(self.clock.now());
        }
        screen.note = Some(note);
        self.screen = Screen::SpecimenLog(Box::new(screen));
        Ok(())
    }
}
