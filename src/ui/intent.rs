//! What a view asks the app to do. The app applies intents after the frame, talks to the store,
//! and refreshes the views' state; a view never writes anything itself.

use chrono::{DateTime, Utc};

use crate::clinical::allergy::AllergyAssertion;
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId, VitalsId};
use crate::clinical::injection::Administration;
use crate::clinical::injection::lot::NewLot;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::reconciliation::ReconciliationPlan;
use crate::clinical::patient::{Demographics, NewPatient, Patient};
use crate::clinical::poc::PocResult;
use crate::clinical::record::RecordKind;
use crate::clinical::record::Retraction;
use crate::clinical::review::ReviewSection;
use crate::clinical::specimen::{Collection, Specimen, SpecimenId, SpecimenStatus};
use crate::clinical::staff::{NewClinic, NewStaff};
use crate::clinical::visit::{NewVisit, VisitStatus};
use crate::clinical::vitals::UnitChoices;

#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    SetUp {
        clinic: NewClinic,
        staff: NewStaff,
    },
    SignIn(StaffId),
    AddStaff(NewStaff),
    SignOut,
    GoHome,
    Search(String),
    OpenPatient(PatientId),
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
    /// Save the open vitals form (a new set, or the correction it holds).
    SaveVitals,
    /// Refill the vitals form from a saved set, to correct it.
    CorrectVitals(VitalsId),
    /// Put the vitals form back to a new, empty set.
    NewVitalsSet,
    VitalsEnteredInError {
        id: VitalsId,
        retraction: Retraction,
    },
    ChangeUnits(UnitChoices),
    /// Save a record: new, or a new version of `replaces`.
    SaveEntry {
        entry: ChartEntry,
        replaces: Option<RecordId>,
    },
    /// Record "no known allergies" or "no known drug allergies".
    AssertAllergies(AllergyAssertion),
    /// Attest that a section was reviewed with the patient in the open visit.
    Review(ReviewSection),
    /// Save the open visit's medication reconciliation, and attest the list was reviewed.
    Reconcile(ReconciliationPlan),
    RetractRecord {
        kind: RecordKind,
        id: RecordId,
        retraction: Retraction,
    },
    /// Save an injection (its safety warnings already answered): new, or a correction.
    SaveAdministration {
        administration: Box<Administration>,
        replaces: Option<RecordId>,
    },
    RecordTstReading(TstReading),
    /// Mark a checklist section of the open visit done.
    MarkSection(ChecklistMark),
    ShowLots,
    ReceiveLot(NewLot),
    /// The clinic-wide list of injections due and skin tests to read.
    ShowFollowUp,
    /// Chart a collection under a new specimen ID and print its label.
    CollectSpecimen(Box<Collection>),
    /// A new version of a specimen record (same ID).
    CorrectSpecimen {
        replaces: RecordId,
        specimen: Box<Specimen>,
    },
    /// Print a specimen's label again.
    PrintLabel(SpecimenId),
    ChangeSpecimenStatus {
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
    /// Save a point-of-care result: new, or a new version of `replaces`.
    SavePocResult {
        result: Box<PocResult>,
        replaces: Option<RecordId>,
    },
    ShowSpecimenLog,
}

/// A record of the chart outside vitals, as a form saves it.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartEntry {
    Allergy(crate::clinical::allergy::Allergy),
    Condition(crate::clinical::history::Condition),
    Procedure(crate::clinical::history::Procedure),
    Family(crate::clinical::history::FamilyMember),
    Social(crate::clinical::history::SocialHistory),
    Medication(crate::clinical::medication::Medication),
}
