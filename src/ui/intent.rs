//! What a view asks the app to do. The app applies intents after the frame, talks to the store,
//! and answers a tab through its `Origin`; a view never writes anything itself. Every save
//! carries its value.

use chrono::{DateTime, Utc};

use crate::clinical::account::{AccountChange, NewAccount, Password, Pin};
use crate::clinical::audit::AuditFilter;
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId, VitalsId};
use crate::clinical::injection::Administration;
use crate::clinical::injection::lot::NewLot;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::reconciliation::ReconciliationPlan;
use crate::clinical::patient::{Demographics, NewPatient, Patient};
use crate::clinical::record::{RecordContent, RecordKind, Retraction};
use crate::clinical::specimen::log::LogFilter;
use crate::clinical::specimen::{Collection, Specimen, SpecimenId, SpecimenStatus};
use crate::clinical::staff::ClinicSettings;
use crate::clinical::visit::{NewVisit, VisitStatus};
use crate::clinical::vitals::{NewVitals, UnitChoices};
use crate::ui::sign_in::SignInAttempt;
use crate::ui::tab::Origin;

#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    SignOut,
    /// Lock the screen now (Ctrl+Shift+L); it also locks itself when idle.
    Lock,
    /// Resume one's own locked session with the PIN.
    UnlockWithPin(Pin),
    /// Resume one's own locked session with the password.
    UnlockWithPassword(Password),
    /// Another staff member signs in over the lock screen.
    SwitchUser(SignInAttempt),
    /// One's own new password: forced at the first sign-in (no current password asked, it
    /// was just typed), or chosen (the current one confirms it is them).
    ChangeOwnPassword {
        current: Option<Password>,
        new: Password,
    },
    SetPin(Option<Pin>),
    ShowMyAccount,
    /// The administrator's screens.
    ShowAccounts,
    AddAccount(NewAccount),
    ChangeAccount {
        staff: StaffId,
        change: AccountChange,
    },
    ResetPassword {
        staff: StaffId,
        temporary: Password,
    },
    DeactivateAccount(StaffId),
    ShowSettings,
    SaveSettings(ClinicSettings),
    ShowAudit,
    QueryAudit(AuditFilter),
    ExportAudit(AuditFilter),
    GoHome,
    Search(String),
    OpenPatient(PatientId),
    /// Back to the patient whose chart was open before another screen.
    BackToChart,
    ShowRegister,
    RegisterPatient(NewPatient),
    /// Open the demographics of the patient on screen for correction.
    EditDemographics,
    CorrectPatient {
        current: Box<Patient>,
        demographics: Demographics,
    },
    StartVisit {
        patient: PatientId,
        visit: NewVisit,
    },
    OpenVisit(VisitId),
    SetVisitStatus {
        visit: VisitId,
        status: VisitStatus,
    },
    /// Save a set of vitals in `visit`: new, or the correction of `replaces`.
    SaveVitals {
        origin: Origin,
        visit: VisitId,
        replaces: Option<VitalsId>,
        vitals: Box<NewVitals>,
    },
    /// Open a saved set in the vitals form, to correct it.
    CorrectVitals(VitalsId),
    VitalsEnteredInError {
        origin: Origin,
        id: VitalsId,
        retraction: Retraction,
    },
    ChangeUnits(UnitChoices),
    /// Save a record of any kind: new, or a new version of `replaces`; `done` is what the status
    /// line says when it is saved.
    SaveRecord {
        origin: Origin,
        content: RecordContent,
        replaces: Option<RecordId>,
        done: String,
    },
    /// Save the open visit's medication reconciliation, and attest the list was reviewed.
    Reconcile {
        origin: Origin,
        plan: ReconciliationPlan,
    },
    RetractRecord {
        origin: Origin,
        kind: RecordKind,
        id: RecordId,
        retraction: Retraction,
    },
    /// Save an injection (its safety warnings already answered): new, or a correction.
    SaveAdministration {
        origin: Origin,
        administration: Box<Administration>,
        replaces: Option<RecordId>,
    },
    /// A provider co-signs the checks only a provider passes, with their own password; who is
    /// signed in does not change.
    CoSign {
        origin: Origin,
        attempt: SignInAttempt,
    },
    RecordTstReading {
        origin: Origin,
        reading: TstReading,
    },
    ShowLots,
    ReceiveLot(NewLot),
    /// The clinic-wide list of injections due and skin tests to read.
    ShowFollowUp,
    /// Chart a collection under a new specimen ID and print its label.
    CollectSpecimen {
        origin: Origin,
        collection: Box<Collection>,
    },
    /// A new version of a specimen record (same ID).
    CorrectSpecimen {
        origin: Origin,
        replaces: RecordId,
        specimen: Box<Specimen>,
    },
    /// Print a growth chart of the open patient for the parents.
    PrintGrowthChart {
        origin: Origin,
        measure: crate::clinical::growth::Measure,
        range: crate::clinical::growth::chart::ChartRange,
    },
    /// Print a specimen's label again.
    PrintLabel {
        origin: Origin,
        specimen: SpecimenId,
    },
    ChangeSpecimenStatus {
        origin: Origin,
        specimens: Vec<SpecimenId>,
        to: SpecimenStatus,
        at: DateTime<Utc>,
        reason: Option<String>,
    },
    /// Mark specimens sent together with a courier, and write the manifest.
    CourierPickup {
        specimens: Vec<SpecimenId>,
        at: DateTime<Utc>,
    },
    ShowSpecimenLog,
    /// Show the specimen log's rows that this filter asks for.
    FilterSpecimenLog(LogFilter),
}
