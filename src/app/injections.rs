//! Applying the intents of the injection screens: saving a dose (and its lot movement), a skin
//! test reading, the checklist mark; receiving lots; the clinic-wide follow-up list.

use crate::app::{RoomingApp, Screen};
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::ids::RecordId;
use crate::clinical::injection::Administration;
use crate::clinical::injection::lot::NewLot;
use crate::clinical::injection::tst::TstReading;
use crate::store::{StoreError, StoreResult};
use crate::ui::follow_up::FollowUpScreen;
use crate::ui::lots::LotsScreen;

/// How far back the clinic list looks for skin tests never read.
const SKIN_TESTS_LOOK_BACK_DAYS: i64 = 14;

impl RoomingApp {
    pub(super) fn save_administration(
        &mut self,
        administration: &Administration,
        replaces: Option<RecordId>,
    ) -> StoreResult<()> {
        let (patient, visit, by) = self.record_target()?;
        let saved = if visit.is_none() && replaces.is_none() && administration.belongs_to_a_visit()
        {
            Err(StoreError::Refused(
                "a dose given (or declined) here belongs to a visit: start one first; a transcribed dose needs none".into(),
            ))
        } else {
            self.store
                .save_administration(patient, visit, administration, replaces, by)
        };
        let now = self.clock.now();
        let Screen::Patient(screen) = &mut self.screen else {
            return saved.map(drop);
        };
        match saved {
            Ok(saved) => {
                screen.injections.saved(now);
                let what = match saved.content.given_here() {
                    Some(given) => {
                        let left = self.store.lot(given.lot.lot_id).map_or(0, |l| l.left);
                        format!(
                            "{} given from lot {} ({left} left)",
                            saved.content.product.name, given.lot.number
                        )
                    }
                    None => format!("{} recorded", saved.content.product.name),
                };
                self.refresh_records()?;
                self.say(what);
            }
            Err(e) => screen.injections.form.save_error = Some(e.to_string()),
        }
        Ok(())
    }

    pub(super) fn record_tst_reading(&mut self, reading: &TstReading) -> StoreResult<()> {
        let (patient, visit, by) = self.record_target()?;
        let saved = self.store.record_tst_reading(patient, visit, reading, by);
        let Screen::Patient(screen) = &mut self.screen else {
            return saved.map(drop);
        };
        match saved {
            Ok(_) => {
                screen.injections.readings.saved(reading.placement);
                self.refresh_records()?;
                self.say(format!(
                    "Skin test read: {} mm, {}",
                    reading.induration_mm,
                    reading.result.label().to_lowercase()
                ));
            }
            Err(e) => screen.injections.readings.save_error = Some(e.to_string()),
        }
        Ok(())
    }

    pub(super) fn mark_section(&mut self, mark: ChecklistMark) -> StoreResult<()> {
        let (_, visit, _) = self.record_target()?;
        if visit.is_none() {
            return Err(StoreError::Refused(
                "a checklist belongs to a visit: start one first".into(),
            ));
        }
        self.save_version(&mark, None)?;
        self.refresh_records()?;
        self.say(format!(
            "{}: marked {}",
            mark.section.title(),
            mark.outcome.label().to_lowercase()
        ));
        Ok(())
    }

    pub(super) fn show_lots(&mut self) -> StoreResult<()> {
        self.screen = Screen::Lots(Box::new(LotsScreen::new(self.store.lots()?)));
        Ok(())
    }

    pub(super) fn receive_lot(&mut self, lot: &NewLot) -> StoreResult<()> {
        let by = self
            .session
            .as_ref()
            .map(|s| s.staff.id)
            .ok_or(StoreError::NotFound("who is charting"))?;
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

    pub(super) fn show_follow_up(&mut self) -> StoreResult<()> {
        let due = self
            .store
            .injections_due(&self.reference.injections, self.clock.today())?;
        let skin_tests = self.store.tst_awaiting_reading(SKIN_TESTS_LOOK_BACK_DAYS)?;
        self.screen = Screen::FollowUp(FollowUpScreen { due, skin_tests });
        Ok(())
    }
}
