//! Applying intents: each one becomes a store call, then the screens are refreshed from the
//! store. Store errors go back beside the form that asked, which keeps what was typed.

use crate::app::{RoomingApp, Screen, Session};
use crate::clinical::ids::{StaffId, VisitId, VitalsId};
use crate::clinical::patient::{Patient, PatientQuery};
use crate::clinical::visit::VisitStatus;
use crate::clinical::vitals::VitalsDraft;
use crate::store::{StoreError, StoreResult};
use crate::ui::home::HomeScreen;
use crate::ui::patient::{OpenVisit, PatientScreen, PatientTab};
use crate::ui::register::RegisterScreen;
use crate::ui::sign_in::SignInScreen;
use crate::ui::vitals_form::{FormTarget, VitalsForm};
use crate::ui::vitals_history::VitalsHistoryView;
use crate::ui::{Intent, ViewContext};

/// How many patients a search shows.
const SEARCH_LIMIT: usize = 50;

impl RoomingApp {
    /// Carries out what a view asked for; also how tools and benchmarks drive the app.
    pub fn apply(&mut self, intent: Intent) {
        let result = match intent {
            Intent::SetUp { clinic, staff } => {
                self.store.set_up(&clinic, &staff).map(|(clinic, staff)| {
                    self.begin_session(staff, clinic);
                })
            }
            Intent::SignIn(staff) => self.sign_in(staff),
            Intent::AddStaff(new) => self
                .store
                .add_staff(&new)
                .and_then(|staff| self.sign_in(staff.id)),
            Intent::SignOut => {
                self.flush_draft();
                self.session = None;
                self.show_sign_in();
                Ok(())
            }
            Intent::GoHome => {
                self.flush_draft();
                self.show_home()
            }
            Intent::Search(text) => self.search(&text),
            Intent::ShowRegister => {
                self.flush_draft();
                self.screen = Screen::Register(RegisterScreen::default());
                Ok(())
            }
            Intent::RegisterPatient(new) => self.register(&new),
            Intent::EditDemographics => {
                self.flush_draft();
                if let Screen::Patient(screen) = &self.screen {
                    self.screen =
                        Screen::Register(RegisterScreen::correcting(screen.patient.clone()));
                }
                Ok(())
            }
            Intent::CorrectPatient {
                current,
                demographics,
            } => self.correct_patient(&current, &demographics),
            Intent::OpenPatient(id) => self.open_patient(id, None),
            Intent::OpenVisit(visit) => self
                .store
                .visit(visit)
                .and_then(|v| self.open_patient(v.patient_id, Some(visit))),
            Intent::StartVisit { patient, visit } => self.start_visit(patient, &visit),
            Intent::SetVisitStatus { visit, status } => self.set_status(visit, status),
            Intent::SaveVitals => self.save_vitals(),
            Intent::CorrectVitals(id) => self.open_form(Some(id)),
            Intent::NewVitalsSet => self.open_form(None),
            Intent::VitalsEnteredInError { id, retraction } => self.retract_vitals(id, &retraction),
            Intent::ChangeUnits(units) => self.change_units(units),
            Intent::SaveEntry { entry, replaces } => self.save_entry(&entry, replaces),
            Intent::AssertAllergies(assertion) => self.assert_allergies(assertion),
            Intent::Review(section) => self.review(section),
            Intent::Reconcile(plan) => self.reconcile(&plan),
            Intent::RetractRecord {
                kind,
                id,
                retraction,
            } => self.retract_record(kind, id, &retraction),
            Intent::SaveAdministration {
                administration,
                replaces,
            } => self.save_administration(&administration, replaces),
            Intent::RecordTstReading(reading) => self.record_tst_reading(&reading),
            Intent::MarkSection(mark) => self.mark_section(mark),
            Intent::ShowLots => {
                self.flush_draft();
                self.show_lots()
            }
            Intent::ReceiveLot(lot) => self.receive_lot(&lot),
            Intent::ShowFollowUp => {
                self.flush_draft();
                self.show_follow_up()
            }
            Intent::CollectSpecimen(collection) => self.collect_specimen(&collection),
            Intent::PrintLabel(id) => self.print_label(id),
            Intent::ChangeSpecimenStatus {
                specimens,
                to,
                at,
                reason,
            } => self.change_specimen_status(&specimens, to, at, reason.as_deref()),
            Intent::CourierPickup { specimens, at } => self.courier_pickup(&specimens, at),
            Intent::SavePocResult { result, replaces } => self.save_poc_result(&result, replaces),
            Intent::CorrectSpecimen { replaces, specimen } => {
                self.correct_specimen(replaces, &specimen)
            }
            Intent::ShowSpecimenLog => {
                self.flush_draft();
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
            (Ok(None), _) => self.screen = Screen::Setup(crate::ui::setup::SetupScreen::default()),
            (Err(e), _) | (_, Err(e)) => self.say_error(e.to_string()),
        }
    }

    fn sign_in(&mut self, staff: StaffId) -> StoreResult<()> {
        let staff = self.store.staff(staff)?;
        let clinic = self
            .store
            .clinic()?
            .ok_or(StoreError::NotFound("the clinic"))?;
        self.begin_session(staff, clinic);
        Ok(())
    }

    fn begin_session(
        &mut self,
        staff: crate::clinical::staff::Staff,
        clinic: crate::clinical::staff::Clinic,
    ) {
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

    fn show_home(&mut self) -> StoreResult<()> {
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

    fn search(&mut self, text: &str) -> StoreResult<()> {
        let results = self
            .store
            .search_patients(&PatientQuery::parse(text), SEARCH_LIMIT)?;
        if let Screen::Home(home) = &mut self.screen {
            home.set_results(results);
        }
        Ok(())
    }

    fn staff_id(&self) -> StoreResult<StaffId> {
        self.session
            .as_ref()
            .map(|s| s.staff.id)
            .ok_or(StoreError::NotFound("who is charting"))
    }

    fn register(&mut self, new: &crate::clinical::patient::NewPatient) -> StoreResult<()> {
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

    fn correct_patient(
        &mut self,
        current: &Patient,
        demographics: &crate::clinical::patient::Demographics,
    ) -> StoreResult<()> {
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

    /// Opens a chart (audited) on the given visit, or on today's unfinished visit.
    fn open_patient(
        &mut self,
        id: crate::clinical::ids::PatientId,
        visit: Option<VisitId>,
    ) -> StoreResult<()> {
        self.flush_draft();
        let by = self.staff_id()?;
        let patient = self.store.open_chart(id, by)?;
        let visits = self.store.patient_visits(id)?;
        let history = VitalsHistoryView::new(self.store.vitals_history(id)?, self.clock);
        let today = self.clock.today();
        let open = visit.or_else(|| {
            visits
                .iter()
                .find(|v| {
                    crate::clinical::time::to_local(v.started_at).date_naive() == today
                        && v.status != VisitStatus::Done
                })
                .map(|v| v.id)
        });
        let records = self.store.patient_records(id, None)?;
        let lots = self.store.lots()?;
        self.screen = Screen::Patient(Box::new(PatientScreen::new(
            patient,
            visits,
            history,
            records,
            lots,
            self.clock.now(),
        )));
        if let Some(visit) = open {
            self.open_visit(visit)?;
        }
        Ok(())
    }

    fn open_visit(&mut self, visit: VisitId) -> StoreResult<()> {
        let visit = self.store.visit(visit)?;
        let checklist = self.store.checklist(visit.id)?;
        let Screen::Patient(screen) = &mut self.screen else {
            return Ok(());
        };
        let target = FormTarget {
            patient: screen.patient.id,
            visit: visit.id,
            birth_date: screen.patient.demographics.birth_date,
            replaces: None,
        };
        let form = self.new_form(target, None)?;
        if let Screen::Patient(screen) = &mut self.screen {
            screen.open = Some(OpenVisit {
                visit,
                checklist,
                form,
            });
            screen.tab = PatientTab::Vitals;
        }
        // Reviews and reconciliations are read for the open visit.
        self.refresh_records()
    }

    /// A vitals form for `target`: the unsaved draft if one was left, else the set being
    /// corrected, else an empty form in this staff member's units.
    fn new_form(
        &self,
        target: FormTarget,
        correcting: Option<&crate::clinical::vitals::VitalsSet>,
    ) -> StoreResult<VitalsForm> {
        let (Some(session), Screen::Patient(screen)) = (&self.session, &self.screen) else {
            return Err(StoreError::NotFound("who is charting"));
        };
        let cx = ViewContext {
            clock: self.clock,
            reference: &self.reference,
            staff: &session.staff,
            clinic: &session.clinic,
        };
        let (draft, notice) = match self.restore_draft(&target) {
            Some((draft, notice)) => (draft, Some(notice)),
            None => match correcting {
                Some(set) => (VitalsDraft::from_set(set, session.units), None),
                None => (VitalsForm::empty_draft(session.units, cx), None),
            },
        };
        let mut form = VitalsForm::new(target, draft, screen.history.sets(), cx);
        form.notice = notice;
        Ok(form)
    }

    fn open_form(&mut self, replaces: Option<VitalsId>) -> StoreResult<()> {
        self.flush_draft();
        let Screen::Patient(screen) = &self.screen else {
            return Ok(());
        };
        let set = replaces
            .and_then(|id| screen.history.sets().iter().find(|s| s.id == id))
            .cloned();
        // A set is corrected within its own visit.
        let visit = match &set {
            Some(set) => set.visit_id,
            None => match &screen.open {
                Some(open) => open.visit.id,
                None => return Ok(()),
            },
        };
        if screen.open.as_ref().is_none_or(|o| o.visit.id != visit) {
            self.open_visit(visit)?;
        }
        let Screen::Patient(screen) = &self.screen else {
            return Ok(());
        };
        let target = FormTarget {
            patient: screen.patient.id,
            visit,
            birth_date: screen.patient.demographics.birth_date,
            replaces,
        };
        let form = self.new_form(target, set.as_ref())?;
        if let Screen::Patient(screen) = &mut self.screen
            && let Some(open) = &mut screen.open
        {
            open.form = form;
            screen.tab = PatientTab::Vitals;
        }
        Ok(())
    }

    fn start_visit(
        &mut self,
        patient: crate::clinical::ids::PatientId,
        new: &crate::clinical::visit::NewVisit,
    ) -> StoreResult<()> {
        let by = self.staff_id()?;
        match self.store.start_visit(patient, new, by) {
            Ok(visit) => {
                self.flush_draft();
                self.refresh_visits()?;
                self.open_visit(visit.id)?;
                self.say("Visit started");
            }
            Err(e) => {
                if let Screen::Patient(screen) = &mut self.screen {
                    screen.start_error = Some(e.to_string());
                }
            }
        }
        Ok(())
    }

    fn set_status(&mut self, visit: VisitId, status: VisitStatus) -> StoreResult<()> {
        let by = self.staff_id()?;
        let visit = self.store.set_visit_status(visit, status, by)?;
        self.say(format!("Visit: {}", status.label()));
        self.refresh_visits()?;
        if let Screen::Patient(screen) = &mut self.screen
            && let Some(open) = &mut screen.open
            && open.visit.id == visit.id
        {
            open.visit = visit;
        }
        Ok(())
    }

    fn refresh_visits(&mut self) -> StoreResult<()> {
        let Screen::Patient(screen) = &mut self.screen else {
            return Ok(());
        };
        screen.visits = self.store.patient_visits(screen.patient.id)?;
        if let Some(open) = &mut screen.open {
            open.visit = self.store.visit(open.visit.id)?;
            open.checklist = self.store.checklist(open.visit.id)?;
        }
        let history = self.store.vitals_history(screen.patient.id)?;
        screen.history.set_sets(history);
        Ok(())
    }

    fn save_vitals(&mut self) -> StoreResult<()> {
        let by = self.staff_id()?;
        let Some(session) = &self.session else {
            return Ok(());
        };
        let Screen::Patient(screen) = &mut self.screen else {
            return Ok(());
        };
        let Some(open) = &mut screen.open else {
            return Ok(());
        };
        let cx = ViewContext {
            clock: self.clock,
            reference: &self.reference,
            staff: &session.staff,
            clinic: &session.clinic,
        };
        // Check again at the moment of saving: "now" has moved on since the last keystroke.
        open.form.recheck(cx);
        let Ok(vitals) = open.form.checked().ready().cloned() else {
            return Ok(());
        };
        let target = open.form.target;
        let saved = match target.replaces {
            Some(old) => self.store.correct_vitals(old, &vitals, by),
            None => self
                .store
                .record_vitals(target.patient, target.visit, &vitals, by),
        };
        match saved {
            Ok(set) => {
                // What was typed is now in the chart: the form and its draft start afresh, so
                // nothing can restore (and save) the same set twice.
                open.form.draft = VitalsDraft::new(open.form.draft.units);
                let key = target.draft_key();
                if let Err(e) = self.store.discard_draft(&key) {
                    tracing::warn!(error = %e, "draft not discarded");
                }
                if let Screen::Patient(screen) = &self.screen
                    && let Some(open) = &screen.open
                    && open.visit.status == VisitStatus::Waiting
                {
                    // Vitals being taken means the patient is being roomed.
                    self.store
                        .set_visit_status(open.visit.id, VisitStatus::Rooming, by)?;
                }
                self.refresh_visits()?;
                self.open_form(None)?;
                if let Screen::Patient(screen) = &mut self.screen
                    && let Some(open) = &mut screen.open
                {
                    open.form.focus_first_field();
                }
                let what = if target.replaces.is_some() {
                    "Correction saved"
                } else {
                    "Vitals saved"
                };
                self.say(format!(
                    "{what}: set taken {}",
                    crate::ui::format::time(set.taken_at, self.clock)
                ));
            }
            Err(e) => {
                open.form.save_error = Some(e.to_string());
                self.flush_draft();
            }
        }
        Ok(())
    }

    fn retract_vitals(
        &mut self,
        id: VitalsId,
        retraction: &crate::clinical::record::Retraction,
    ) -> StoreResult<()> {
        let by = self.staff_id()?;
        match self.store.vitals_entered_in_error(id, retraction, by) {
            Ok(_) => {
                self.refresh_visits()?;
                let correcting_it = matches!(&self.screen, Screen::Patient(s) if s.open.as_ref().is_some_and(|o| o.form.target.replaces == Some(id)));
                if correcting_it {
                    self.open_form(None)?;
                }
                self.say("Marked entered in error; it stays in the history");
            }
            Err(e) => {
                if let Screen::Patient(screen) = &mut self.screen {
                    screen.history.error = Some(e.to_string());
                }
            }
        }
        Ok(())
    }

    fn change_units(&mut self, units: crate::clinical::vitals::UnitChoices) -> StoreResult<()> {
        let Some(session) = &mut self.session else {
            return Ok(());
        };
        session.units = units;
        let staff = session.staff.id;
        self.store.set_unit_choices(staff, units)
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
