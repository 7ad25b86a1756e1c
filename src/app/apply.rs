//! Applying intents: each one becomes a store call, then the screen is refreshed from the
//! store and the form that asked gets its answer. This file holds the session and the screens
//! outside a chart; `chart.rs` the patient's chart.

use crate::app::{AppError, AppResult, RoomingApp, Screen, Session};
use crate::clinical::ids::StaffId;
use crate::clinical::patient::{Demographics, NewPatient, Patient, PatientQuery};
use crate::clinical::staff::{Clinic, Staff};
use crate::ui::Intent;
use crate::ui::home::HomeScreen;
use crate::ui::patient::PatientScreen;
use crate::ui::register::RegisterScreen;
use crate::ui::setup::SetupScreen;
use crate::ui::sign_in::SignInScreen;

/// How many patients a search shows.
const SEARCH_LIMIT: usize = 50;

impl RoomingApp {
    /// Carries out what a view asked for; also how tools and benchmarks drive the app.
    pub fn apply(&mut self, intent: Intent) {
        let result = match intent {
            Intent::SetUp { clinic, staff } => self
                .store
                .set_up(&clinic, &staff)
                .map(|(clinic, staff)| self.begin_session(staff, clinic))
                .map_err(AppError::from),
            Intent::SignIn(staff) => self.sign_in(staff),
            Intent::AddStaff(new) => self
                .store
                .add_staff(&new)
                .map_err(AppError::from)
                .and_then(|staff| self.sign_in(staff.id)),
            Intent::SignOut => {
                self.flush_drafts();
                self.session = None;
                self.last_chart = None;
                self.show_sign_in();
                Ok(())
            }
            Intent::GoHome => {
                self.leave_chart();
                self.show_home()
            }
            Intent::Search(text) => self.search(&text),
            Intent::ShowRegister => {
                self.leave_chart();
                self.screen = Screen::Register(RegisterScreen::default());
                Ok(())
            }
            Intent::RegisterPatient(new) => self.register(&new),
            Intent::EditDemographics => {
                let current = self.current_patient().cloned();
                self.leave_chart();
                if let Some(current) = current {
                    self.screen = Screen::Register(RegisterScreen::correcting(current));
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
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "intent failed");
            self.say_error(e.to_string());
        }
    }

    pub(super) fn show_sign_in(&mut self) {
        match (self.store.clinic(), self.store.staff_list()) {
            (Ok(Some(clinic)), Ok(staff)) => {
                self.screen = Screen::SignIn(SignInScreen::new(clinic.name, staff));
            }
            (Ok(None), _) => self.screen = Screen::Setup(SetupScreen::default()),
            (Err(e), _) | (_, Err(e)) => self.say_error(e.to_string()),
        }
    }

    fn sign_in(&mut self, staff: StaffId) -> AppResult<()> {
        let staff = self.store.staff(staff)?;
        let clinic =
            self.store
                .clinic()?
                .ok_or(AppError::Store(crate::store::StoreError::NotFound(
                    "the clinic",
                )))?;
        self.begin_session(staff, clinic);
        Ok(())
    }

    fn begin_session(&mut self, staff: Staff, clinic: Clinic) {
        let units = self.store.unit_choices(staff.id).unwrap_or_default();
        self.say(format!("Signed in: {}", staff.signature()));
        self.session = Some(Session {
            staff,
            clinic,
            units,
        });
        if let Err(e) = self.show_home() {
            self.say_error(e.to_string());
        }
    }

    /// Who is charting.
    pub(super) fn staff_id(&self) -> AppResult<StaffId> {
        self.session
            .as_ref()
            .map(|s| s.staff.id)
            .ok_or(AppError::NotSignedIn)
    }

    /// Before another screen replaces a chart: its drafts are written, and the way back kept.
    fn leave_chart(&mut self) {
        self.flush_drafts();
        if let Screen::Patient(screen) = &self.screen {
            self.last_chart = Some((screen.patient.id, screen.open_visit().map(|o| o.visit.id)));
        }
    }

    fn show_home(&mut self) -> AppResult<()> {
        let (from, until) = crate::clinical::time::local_day_bounds(self.clock.today());
        let today = self.store.visits_between(from, until)?;
        match &mut self.screen {
            Screen::Home(home) => {
                home.today = today;
                home.focus_search();
            }
            _ => self.screen = Screen::Home(HomeScreen::new(today)),
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
        let by = self.staff_id()?;
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
        let by = self.staff_id()?;
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
        let Some(session) = &mut self.session else {
            return Err(AppError::NotSignedIn);
        };
        session.units = units;
        let staff = session.staff.id;
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
