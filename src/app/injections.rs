//! Applying the intents of the injection screens: saving a dose (and its lot movement) and a
//! skin test reading; receiving lots; the clinic-wide follow-up list.

use crate::app::{AppResult, RoomingApp, Screen};
use crate::clinical::ids::RecordId;
use crate::clinical::injection::Administration;
use crate::clinical::injection::lot::NewLot;
use crate::clinical::injection::tst::TstReading;
use crate::ui::follow_up::FollowUpScreen;
use crate::ui::lots::LotsScreen;
use crate::ui::tab::Origin;

/// How far back the clinic list looks for skin tests never read.
const SKIN_TESTS_LOOK_BACK_DAYS: i64 = 14;

impl RoomingApp {
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
        self.screen = Screen::FollowUp(FollowUpScreen { due, skin_tests });
        Ok(())
    }
}
