//! Applying intents: each one becomes a store call, then the screen is refreshed from the
//! store and the form that asked gets its answer. This file holds the session and the screens
//! outside a chart; `chart.rs` the patient's chart.

use crate::app::{AppError, AppResult, RoomingApp, Screen};
use crate::clinical::ids::StaffId;
use crate::clinical::patient::{Demographics, NewPatient, Patient, PatientQuery};
use crate::ui::Intent;
use crate::ui::home::HomeScreen;
use crate::ui::patient::PatientScreen;
use crate::ui::register::RegisterScreen;

/// How many patients a search shows.
const SEARCH_LIMIT: usize = 50;

impl RoomingApp {
    /// Carries out what a view asked for; also how tools and benchmarks drive the app.
    pub fn apply(&mut self, intent: Intent) {
        let result = match intent {
            Intent::SignOut => {
                self.sign_out();
                Ok(())
            }
            Intent::Lock => {
                self.lock_now("locked by hand");
                Ok(())
            }
            Intent::UnlockWithPin(pin) => self.unlock_with_pin(&pin),
            Intent::UnlockWithPassword(password) => {
                self.unlock_with_password(password);
                Ok(())
            }
            Intent::SwitchUser(attempt) => self.switch_user(&attempt),
            Intent::ChangeOwnPassword { current, new } => {
                self.change_own_password(current.as_ref(), &new);
                Ok(())
            }
            Intent::SetPin(pin) => self.set_pin(pin.as_ref()),
            Intent::ShowMyAccount => {
                self.show_my_account();
                Ok(())
            }
            Intent::ShowAccounts => self.show_accounts(),
            Intent::AddAccount(new) => self.add_account(&new),
            Intent::ChangeAccount { staff, change } => self.change_account(staff, &change),
            Intent::ResetPassword { staff, temporary } => self.reset_password(staff, &temporary),
            Intent::DeactivateAccount(staff) => self.deactivate_account(staff),
            Intent::ShowSettings => self.show_settings(),
            Intent::SaveSettings(settings) => self.save_settings(&settings),
            Intent::ShowAudit => self.show_audit(),
            Intent::QueryAudit(filter) => self.query_audit(&filter),
            Intent::ExportAudit(filter) => self.export_audit(&filter),
            Intent::GoHome => {
                self.leave_chart();
                self.show_home()
            }
            Intent::Search(text) => self.search(&text),
            Intent::ShowRegister => {
                self.leave_chart();
                self.screen = Screen::Register(Box::default());
                Ok(())
            }
            Intent::RegisterPatient(new) => self.register(&new),
            Intent::EditDemographics => {
                let current = self.current_patient().cloned();
                self.leave_chart();
                if let Some(current) = current {
                    self.screen = Screen::Register(Box::new(RegisterScreen::correcting(current)));
                }
                Ok(())
            }
            Intent::CorrectPatient {
                current,
                demographics,
            } => self.correct_patient(&current, &demographics),
            Intent::OpenPatient(id) => self.open_patient(id, None),
            Intent::BackToChart => match self.last_chart {
                Some((patient, visit)) => self.open_patient(patient, visit),
                None => self.show_home(),
            },
            Intent::OpenVisit(visit) => self
                .store
                .visit(visit)
                .map_err(AppError::from)
                .and_then(|v| self.open_patient(v.patient_id, Some(visit))),
            Intent::StartVisit { patient, visit } => self.start_visit(patient, &visit),
            Intent::SetVisitStatus { visit, status } => self.set_status(visit, status),
            Intent::SaveVitals {
                origin,
                visit,
                replaces,
                vitals,
            } => self.save_vitals(origin, visit, replaces, &vitals),
            Intent::CorrectVitals(id) => self.correct_vitals(id),
            Intent::VitalsEnteredInError {
                origin,
                id,
                retraction,
            } => self.retract_vitals(origin, id, &retraction),
            Intent::ChangeUnits(units) => self.change_units(units),
            Intent::SaveRecord {
                origin,
                content,
                replaces,
                done,
            } => self.save_record(origin, &content, replaces, &done),
            Intent::Reconcile { origin, plan } => self.reconcile(origin, &plan),
            Intent::RetractRecord {
                origin,
                kind,
                id,
                retraction,
            } => self.retract_record(origin, kind, id, &retraction),
            Intent::SaveAdministration {
                origin,
                administration,
                replaces,
            } => self.save_administration(origin, &administration, replaces),
            Intent::CoSign { origin, attempt } => {
                self.co_sign(origin, &attempt);
                Ok(())
            }
            Intent::RecordTstReading { origin, reading } => {
                self.record_tst_reading(origin, &reading)
            }
            Intent::ShowLots => {
                self.leave_chart();
                self.show_lots()
            }
            Intent::ReceiveLot(lot) => self.receive_lot(&lot),
            Intent::ShowFollowUp => {
                self.leave_chart();
                self.show_follow_up()
            }
            Intent::CollectSpecimen { origin, collection } => {
                self.collect_specimen(origin, &collection)
            }
            Intent::PrintLabel { origin, specimen } => self.print_label(origin, specimen),
            Intent::PrintGrowthChart {
                origin,
                measure,
                range,
            } => self.print_growth_chart(origin, measure, range),
            Intent::ChangeSpecimenStatus {
                origin,
                specimens,
                to,
                at,
                reason,
            } => self.change_specimen_status(origin, &specimens, to, at, reason.as_deref()),
            Intent::CourierPickup { specimens, at } => self.courier_pickup(&specimens, at),
            Intent::CorrectSpecimen {
                origin,
                replaces,
                specimen,
            } => self.correct_specimen(origin, replaces, &specimen),
            Intent::ShowSpecimenLog => {
                self.leave_chart();
                self.show_specimen_log()
            }
            Intent::FilterSpecimenLog(filter) => self.filter_specimen_log(&filter),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "intent failed");
            self.say_error(e.to_string());
        }
    }

    /// Who is charting.
    pub(super) fn staff_id(&self) -> StaffId {
        self.session.account.staff.id
    }

    /// Before another screen replaces a chart: its drafts are written, and the way back kept.
    pub(super) fn leave_chart(&mut self) {
        self.flush_drafts();
        if let Screen::Patient(screen) = &self.screen {
            self.last_chart = Some((screen.patient.id, screen.open_visit().map(|o| o.visit.id)));
        }
    }

    pub(super) fn show_home(&mut self) -> AppResult<()> {
        let (from, until) = crate::clinical::time::local_day_bounds(self.clock.today());
        let today = self.store.visits_between(from, until)?;
        let vaccines = self.vaccines_due_today(&today)?;
        if let Screen::Home(home) = &mut self.screen {
            home.today = today;
            home.vaccines_due = vaccines;
            home.focus_search();
        } else {
            let mut home = HomeScreen::new(today);
            home.vaccines_due = vaccines;
            self.screen = Screen::Home(home);
        }
        Ok(())
    }

    fn search(&mut self, text: &str) -> AppResult<()> {
        let results = self
            .store
            .search_patients(&PatientQuery::parse(text), SEARCH_LIMIT)?;
        if let Screen::Home(home) = &mut self.screen {
            home.set_results(results);
        }
        Ok(())
    }

    fn register(&mut self, new: &NewPatient) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.register_patient(new, by) {
            Ok(patient) => {
                self.say(format!("Registered MRN {}", patient.mrn));
                self.open_patient(patient.id, None)
            }
            Err(e) => {
                if let Screen::Register(register) = &mut self.screen {
                    register.save_error = Some(e.to_string());
                }
                Ok(())
            }
        }
    }

    fn correct_patient(&mut self, current: &Patient, demographics: &Demographics) -> AppResult<()> {
        let by = self.staff_id();
        match self.store.correct_patient(current, demographics, by) {
            Ok(patient) => {
                self.say("Demographics corrected; the earlier version is kept");
                self.open_patient(patient.id, None)
            }
            Err(e) => {
                if let Screen::Register(register) = &mut self.screen {
                    register.save_error = Some(e.to_string());
                }
                Ok(())
            }
        }
    }

    fn change_units(&mut self, units: crate::clinical::vitals::UnitChoices) -> AppResult<()> {
        self.session.units = units;
        let staff = self.session.account.staff.id;
        if let Screen::Patient(screen) = &mut self.screen {
            screen.set_units(units);
        }
        Ok(self.store.set_unit_choices(staff, units)?)
    }
}

/// For tests: what the open patient screen shows.
impl RoomingApp {
    pub fn open_patient_screen(&self) -> Option<&PatientScreen> {
        match &self.screen {
            Screen::Patient(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn current_patient(&self) -> Option<&Patient> {
        self.open_patient_screen().map(|s| &s.patient)
    }
}
