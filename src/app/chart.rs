//! Applying the intents of a patient's chart: opening it on a visit, starting visits and
//! changing their status, and saving, correcting and retracting records of any kind. After a
//! write the chart is read again and the form that asked gets its answer.

use crate::app::{AppError, AppResult, RoomingApp, Screen};
use crate::clinical::checklist::Checklist;
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId, VitalsId};
use crate::clinical::medication::reconciliation::{Reconciliation, ReconciliationPlan};
use crate::clinical::record::{RecordContent, RecordKind, Retraction};
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::time::to_local;
use crate::clinical::visit::{NewVisit, VisitStatus};
use crate::clinical::vitals::{NewVitals, VitalsSet};
use crate::store::RecordWrite;
use crate::ui::ViewContext;
use crate::ui::patient::{ChartData, OpenVisit, PatientScreen};
use crate::ui::tab::{Origin, Reply, TabDraft};
use crate::ui::tabs::{TABS, TabKey};

/// When each current set of `visit` was recorded, for its checklist.
fn vitals_recorded(vitals: &[VitalsSet], visit: VisitId) -> Vec<chrono::DateTime<chrono::Utc>> {
    vitals
        .iter()
        .filter(|s| s.visit_id == visit && s.standing.is_current())
        .map(|s| s.recorded.at)
        .collect()
}

impl RoomingApp {
    /// The view context of the signed-in staff member.
    pub(super) fn view_context(&self) -> ViewContext<'_> {
        ViewContext {
            clock: self.clock,
            reference: &self.reference,
            staff: &self.session.account.staff,
            clinic: &self.session.clinic,
        }
    }

    /// Everything the chart of `patient` shows, read for `visit`.
    fn chart_data(&self, patient: PatientId, visit: Option<VisitId>) -> AppResult<ChartData> {
        let vitals = self.store.vitals_history(patient)?;
        let records = self.store.patient_records(patient, visit)?;
        let open = match visit {
            Some(id) => Some(OpenVisit {
                visit: self.store.visit(id)?,
                checklist: Checklist::of(&records, &vitals_recorded(&vitals, id)),
            }),
            None => None,
        };
        Ok(ChartData {
            visits: self.store.patient_visits(patient)?,
            open,
            vitals,
            records,
            lots: self.store.lots()?,
        })
    }

    /// Opens a chart (audited) on the given visit, or on today's unfinished visit, with the
    /// drafts this staff member left in it.
    pub(super) fn open_patient(&mut self, id: PatientId, visit: Option<VisitId>) -> AppResult<()> {
        self.flush_drafts();
        let by = self.staff_id();
        let patient = self.store.open_chart(id, by)?;
        let today = self.clock.today();
        let visit = match visit {
            Some(visit) => Some(visit),
            None => self
                .store
                .patient_visits(id)?
                .iter()
                .find(|v| {
                    to_local(v.started_at).date_naive() == today && v.status != VisitStatus::Done
                })
                .map(|v| v.id),
        };
        let data = self.chart_data(id, visit)?;
        let units = self.session.units;
        let drafts: Vec<(TabKey, TabDraft)> = self
            .store
            .drafts_of(by, id)?
            .into_iter()
            .filter_map(|(form, draft)| {
                let key = TABS.iter().find(|t| draft_key(t.code, id, by) == form)?.key;
                let json = serde_json::from_str(&draft.content).ok()?;
                Some((
                    key,
                    TabDraft {
                        json,
                        saved_at: draft.saved_at,
                    },
                ))
            })
            .collect();
        let view = self.view_context();
        let mut screen = PatientScreen::new(patient, data, units, view);
        screen.restore(&drafts, view);
        self.drafts.written = drafts
            .iter()
            .map(|(key, draft)| (*key, draft.json.clone()))
            .collect();
        self.screen = Screen::Patient(Box::new(screen));
        self.last_chart = Some((id, visit));
        Ok(())
    }

    /// Reads the open chart again; the tabs keep what is typed.
    pub(super) fn refresh_chart(&mut self) -> AppResult<()> {
        let Screen::Patient(screen) = &self.screen else {
            return Ok(());
        };
        let (patient, visit) = (screen.patient.id, screen.open_visit().map(|o| o.visit.id));
        let data = self.chart_data(patient, visit)?;
        if let Screen::Patient(screen) = &mut self.screen {
            screen.set_data(data);
        }
        Ok(())
    }

    /// Answers the tab that asked.
    pub(super) fn reply(&mut self, reply: &Reply) {
        let view = ViewContext {
            clock: self.clock,
            reference: &self.reference,
            staff: &self.session.account.staff,
            clinic: &self.session.clinic,
        };
        if let Screen::Patient(screen) = &mut self.screen {
            screen.reply(reply, view);
        }
    }

    /// After a write: read the chart again, tell the form, say it in the status line.
    pub(super) fn saved(&mut self, origin: Origin, said: String) -> AppResult<()> {
        self.refresh_chart()?;
        self.reply(&Reply::Saved(origin));
        self.say(said);
        Ok(())
    }

    /// A write that failed: the form keeps what was typed and says why.
    pub(super) fn failed(&mut self, origin: Origin, e: &AppError) {
        let message = e.to_string();
        self.say_error(format!("Not saved: {message}"));
        self.reply(&Reply::Failed { origin, message });
    }

    /// The patient on screen, the open visit, and who is charting.
    pub(super) fn record_target(&self) -> AppResult<(PatientId, Option<VisitId>, StaffId)> {
        let by = self.staff_id();
        let Screen::Patient(screen) = &self.screen else {
            return Err(AppError::NoChart);
        };
        Ok((
            screen.patient.id,
            screen.open_visit().map(|o| o.visit.id),
            by,
        ))
    }

    pub(super) fn start_visit(&mut self, patient: PatientId, new: &NewVisit) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.start_visit(patient, new, by) {
            Ok(visit) => {
                self.open_patient(patient, Some(visit.id))?;
                self.say("Visit started");
            }
            Err(e) => {
                if let Screen::Patient(screen) = &mut self.screen {
                    screen.start_failed(e.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn set_status(&mut self, visit: VisitId, status: VisitStatus) -> AppResult<()> {
        let by = self.staff_id();
        self.store.set_visit_status(visit, status, by)?;
        self.refresh_chart()?;
        self.say(format!("Visit: {}", status.label()));
        Ok(())
    }

    pub(super) fn save_vitals(
        &mut self,
        origin: Origin,
        visit: VisitId,
        replaces: Option<VitalsId>,
        vitals: &NewVitals,
    ) -> AppResult<()> {
        let (patient, _, by) = self.record_target()?;
        let saved = match replaces {
            Some(old) => self.store.correct_vitals(old, vitals, by),
            None => self.store.record_vitals(patient, visit, vitals, by),
        };
        match saved {
            Ok(set) => {
                let what = if replaces.is_some() {
                    "Correction saved"
                } else {
                    "Vitals saved"
                };
                let said = format!(
                    "{what}: set taken {}",
                    crate::ui::format::time(set.taken_at, self.clock)
                );
                self.saved(origin, said)
            }
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    /// Opens a set in the vitals form to correct it, in its own visit.
    pub(super) fn correct_vitals(&mut self, id: VitalsId) -> AppResult<()> {
        let set = self.store.vitals_set(id)?;
        let open = self
            .open_patient_screen()
            .and_then(|s| s.open_visit())
            .map(|o| o.visit.id);
        if open != Some(set.visit_id) {
            self.open_patient(set.patient_id, Some(set.visit_id))?;
        }
        if let Screen::Patient(screen) = &mut self.screen {
            screen.show_tab(TabKey::Vitals);
        }
        self.reply(&Reply::CorrectVitals(id));
        Ok(())
    }

    pub(super) fn retract_vitals(
        &mut self,
        origin: Origin,
        id: VitalsId,
        retraction: &Retraction,
    ) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.vitals_entered_in_error(id, retraction, by) {
            Ok(_) => self.saved(
                origin,
                "Marked entered in error; it stays in the history".into(),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    /// Saves a record of any kind; the store refuses one that needs a visit without one.
    pub(super) fn save_record(
        &mut self,
        origin: Origin,
        content: &RecordContent,
        replaces: Option<RecordId>,
        done: &str,
    ) -> AppResult<()> {
        let (patient, visit, by) = self.record_target()?;
        match self
            .store
            .save_record(patient, visit, content, replaces, by)
        {
            Ok(_) => self.saved(origin, done.to_owned()),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    /// The reconciliation entries, the stopped versions and the attestation, in one transaction.
    pub(super) fn reconcile(&mut self, origin: Origin, plan: &ReconciliationPlan) -> AppResult<()> {
        let (patient, visit, by) = self.record_target()?;
        let mut writes = Vec::new();
        for (replaces, stopped) in &plan.stops {
            writes.push(RecordWrite::correct(patient, visit, *replaces, stopped)?);
        }
        for entry in &plan.entries {
            writes.push(RecordWrite::add::<Reconciliation>(patient, visit, entry)?);
        }
        writes.push(RecordWrite::add(
            patient,
            visit,
            &Review {
                section: ReviewSection::Medications,
            },
        )?);
        match self.store.write_records(&writes, by) {
            Ok(_) => self.saved(
                origin,
                "Medication list reconciled and reviewed with patient".into(),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    pub(super) fn retract_record(
        &mut self,
        origin: Origin,
        kind: RecordKind,
        id: RecordId,
        retraction: &Retraction,
    ) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.retract_record(kind, id, retraction, by) {
            Ok(()) => self.saved(
                origin,
                "Marked entered in error; it stays in the history".into(),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }
}

/// The key a tab's draft is kept under: one per tab, patient and staff member, so one person's
/// typing never shows on another's screen.
pub(super) fn draft_key(tab: &str, patient: PatientId, staff: StaffId) -> String {
    format!("{tab}:{patient}:{staff}")
}
