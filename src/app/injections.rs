//! Applying the intents of the injection screens: saving a dose (and its lot movement) and a
//! skin test reading; receiving lots; the clinic-wide follow-up list.

use crate::app::access::{record_attempts, try_password};
use crate::app::{AppResult, RoomingApp, Screen};
use std::collections::BTreeMap;

use crate::clinical::ids::{PatientId, RecordId};
use crate::clinical::injection::Administration;
use crate::clinical::injection::administration::CoSignature;
use crate::clinical::injection::due::{GroupDue, chart_schedule};
use crate::clinical::injection::lot::NewLot;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::patient::PatientSummary;
use crate::clinical::visit::VisitListEntry;
use crate::ui::follow_up::FollowUpScreen;
use crate::ui::lots::LotsScreen;
use crate::ui::sign_in::SignInAttempt;
use crate::ui::tab::{Origin, Reply};

/// How far back the clinic list looks for skin tests never read.
const SKIN_TESTS_LOOK_BACK_DAYS: i64 = 14;

impl RoomingApp {
    /// A provider co-signs at this workstation: their password is checked as a sign-in's is
    /// (the wait after failures, the failures in the audit log), and who is signed in stays.
    /// The co-signature itself is written with the dose, in its audit row.
    pub(super) fn co_sign(&mut self, origin: Origin, attempt: &SignInAttempt) {
        let now = self.clock.now();
        let store = &self.store;
        let result = try_password(store.path(), now, attempt, |u, p| store.authenticate(u, p));
        record_attempts(&mut self.store);
        let reply = match result {
            Ok(account) if account.provider => Reply::CoSigned {
                origin,
                signature: CoSignature {
                    staff: account.staff.id,
                    signature: account.staff.signature(),
                    at: now,
                },
            },
            Ok(account) => Reply::CoSignRefused {
                origin,
                message: format!(
                    "{} is not a provider; only a provider's co-signature passes these checks",
                    account.staff.signature()
                ),
            },
            Err(message) => Reply::CoSignRefused { origin, message },
        };
        self.reply(&reply);
    }

    pub(super) fn save_administration(
        &mut self,
        origin: Origin,
        administration: &Administration,
        replaces: Option<RecordId>,
    ) -> AppResult<()> {
        let (patient, visit, by) = self.record_target()?;
        match self
            .store
            .save_administration(patient, visit, administration, replaces, by)
        {
            Ok(saved) => {
                let said = match saved.content.given_here() {
                    Some(given) => {
                        let left = self.store.lot(given.lot.lot_id).map_or(0, |l| l.left);
                        format!(
                            "{} given from lot {} ({left} left)",
                            saved.content.product.name, given.lot.number
                        )
                    }
                    None => format!("{} recorded", saved.content.product.name),
                };
                self.saved(origin, said)
            }
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    pub(super) fn record_tst_reading(
        &mut self,
        origin: Origin,
        reading: &TstReading,
    ) -> AppResult<()> {
        let (patient, visit, by) = self.record_target()?;
        match self.store.record_tst_reading(patient, visit, reading, by) {
            Ok(_) => self.saved(
                origin,
                format!(
                    "Skin test read: {} mm, {}",
                    reading.induration_mm,
                    reading.result.label().to_lowercase()
                ),
            ),
            Err(e) => {
                self.failed(origin, &e.into());
                Ok(())
            }
        }
    }

    pub(super) fn show_lots(&mut self) -> AppResult<()> {
        self.screen = Screen::Lots(Box::new(LotsScreen::new(self.store.lots()?)));
        Ok(())
    }

    pub(super) fn receive_lot(&mut self, lot: &NewLot) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.receive_lot(lot, by) {
            Ok(received) => {
                let lots = self.store.lots()?;
                if let Screen::Lots(screen) = &mut self.screen {
                    screen.received(lots);
                }
                self.say(format!(
                    "Lot {} received: {} doses on hand",
                    received.number, received.left
                ));
            }
            Err(e) => {
                if let Screen::Lots(screen) = &mut self.screen {
                    screen.save_error = Some(e.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn show_follow_up(&mut self) -> AppResult<()> {
        let due = self
            .store
            .injections_due(&self.reference.injections, self.clock.today())?;
        let skin_tests = self.store.tst_awaiting_reading(SKIN_TESTS_LOOK_BACK_DAYS)?;
        let (from, until) = crate::clinical::time::local_day_bounds(self.clock.today());
        let today = self.store.visits_between(from, until)?;
        let by_patient = self.vaccines_due_today(&today)?;
        let mut vaccines = Vec::new();
        for entry in today {
            if let Some(groups) = by_patient.get(&entry.patient.id)
                && !vaccines
                    .iter()
                    .any(|(p, _): &(PatientSummary, _)| p.id == entry.patient.id)
            {
                vaccines.push((entry.patient, groups.clone()));
            }
        }
        self.screen = Screen::FollowUp(FollowUpScreen {
            due,
            skin_tests,
            vaccines,
        });
        Ok(())
    }

    /// The vaccine groups due today or overdue for each patient on today's list, by CDC's
    /// schedule and what each chart says (a group ruled out by an observation is not listed).
    /// Patients with none are left out; nothing when CDC's data is unreadable.
    pub(super) fn vaccines_due_today(
        &self,
        today: &[VisitListEntry],
    ) -> AppResult<BTreeMap<PatientId, Vec<GroupDue>>> {
        let mut found = BTreeMap::new();
        let Ok(data) = self.reference.schedule.get() else {
            return Ok(found);
        };
        let day = self.clock.today();
        for entry in today {
            let patient = &entry.patient;
            if found.contains_key(&patient.id) {
                continue;
            }
            let records = self
                .store
                .patient_records(patient.id, Some(entry.visit.id))?;
            let (view, _) =
                chart_schedule(&self.reference, data, &patient.demographics, &records, day);
            let due: Vec<GroupDue> = view
                .due
                .into_iter()
                .filter(|g| g.due.is_due_today())
                .collect();
            if !due.is_empty() {
                found.insert(patient.id, due);
            }
        }
        Ok(found)
    }
}
