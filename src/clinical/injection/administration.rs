//! The record of an injection (FHIR Immunization / MedicationAdministration): given here from a
//! lot, transcribed from another record, or not given with the reason. It keeps everything the
//! vaccine-injury law asks for, copied at the time (lot, maker, who gave it and where, the VIS
//! editions), so a later change of the catalog or the lot list cannot rewrite it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::ids::{LotId, StaffId};
use crate::clinical::injection::catalog::{Product, ProductKind};
use crate::clinical::injection::dose::{Dose, Route, Site};
use crate::clinical::injection::safety::CheckKind;
use crate::clinical::time::to_local;

coded_enum!(
    /// VFC eligibility of the patient for this dose (HL7 table 0064).
    Funding {
        NotEligible => "V01", "Not VFC eligible";
        Medicaid => "V02", "VFC: Medicaid or Medicaid managed care";
        Uninsured => "V03", "VFC: uninsured";
        AmericanIndianAlaskaNative => "V04", "VFC: American Indian or Alaska Native";
        Underinsured => "V05", "VFC: underinsured (FQHC/RHC)";
    }
);

coded_enum!(
    /// Where a transcribed dose was read from.
    HistoricalSource {
        Card => "card", "Immunization card";
        Registry => "registry", "State immunization registry";
        OtherProvider => "other_provider", "Another provider's record";
        SchoolRecord => "school", "School or daycare record";
        PatientRecall => "recall", "Patient or parent recall";
    }
);

coded_enum!(
    /// Why a dose was not given.
    NotGivenReason {
        PatientDecision => "patient_decision", "Refused: patient decision";
        ParentDecision => "parent_decision", "Refused: parent or guardian decision";
        ReligiousExemption => "religious_exemption", "Refused: religious exemption";
        OtherRefusal => "other_refusal", "Refused: other reason";
        Contraindicated => "contraindicated", "Not given: contraindicated";
    }
);

impl NotGivenReason {
    /// Whether the note must say more.
    pub fn needs_note(self) -> bool {
        matches!(self, Self::OtherRefusal | Self::Contraindicated)
    }
}

/// What was given, as the record keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRef {
    pub id: String,
    pub kind: ProductKind,
    pub name: String,
    pub cvx: Option<String>,
    /// Vaccine groups, for the immunization record and the interval checks.
    pub groups: Vec<String>,
}

impl ProductRef {
    pub fn of(product: &Product) -> Self {
        Self {
            id: product.id.clone(),
            kind: product.kind,
            name: product.name.clone(),
            cvx: product.cvx.clone(),
            groups: product.groups.clone(),
        }
    }

    /// Whether this and `other` count as "the same vaccine" (or the same drug).
    pub fn same_as(&self, other: &Self) -> bool {
        self.id == other.id || self.groups.iter().any(|g| other.groups.contains(g))
    }
}

/// The lot a dose came from, copied from the lot list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotUsed {
    pub lot_id: LotId,
    pub number: String,
    pub expires: NaiveDate,
    pub ndc: Option<String>,
    pub manufacturer: String,
    pub mvx: Option<String>,
}

/// Who gave it, with title, and the office address the law asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Administrator {
    pub name: String,
    pub title: String,
    pub clinic: String,
    pub address: String,
}

/// A Vaccine Information Statement handed to the patient: the edition printed on it, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisGiven {
    pub title: String,
    pub edition: NaiveDate,
    pub given_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenDose {
    pub at: DateTime<Utc>,
    pub lot: LotUsed,
    pub dose: Dose,
    pub route: Route,
    pub site: Option<Site>,
    pub series_dose: Option<u8>,
    pub ordered_by: String,
    /// For vaccines.
    pub funding: Option<Funding>,
    pub administered_by: Administrator,
    pub vis: Vec<VisGiven>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoricalDose {
    pub on: NaiveDate,
    pub series_dose: Option<u8>,
    pub lot_number: Option<String>,
    pub lot_expires: Option<NaiveDate>,
    /// Who gave it or where, as the source says.
    pub given_by: Option<String>,
    pub source: HistoricalSource,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotGiven {
    pub at: DateTime<Utc>,
    pub reason: NotGivenReason,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    GivenHere(Box<GivenDose>),
    Historical(HistoricalDose),
    NotGiven(NotGiven),
}

/// A warning the MA went past, with the fact that raised it and the reason typed; for a check
/// only a provider passes, the provider who co-signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub check: CheckKind,
    pub fact: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_signed_by: Option<CoSignature>,
}

/// A provider who confirmed, with their own password at this workstation, that the dose may go
/// ahead; kept with the dose as they were named then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoSignature {
    pub staff: StaffId,
    /// "Maria Chen, MD".
    pub signature: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Administration {
    pub product: ProductRef,
    pub event: Event,
    pub overrides: Vec<Override>,
}

impl Administration {
    /// The local day it was given (or declined).
    pub fn day(&self) -> NaiveDate {
        match &self.event {
            Event::GivenHere(g) => to_local(g.at).date_naive(),
            Event::Historical(h) => h.on,
            Event::NotGiven(n) => to_local(n.at).date_naive(),
        }
    }

    /// Whether it happens in a visit here: a dose given, or declined; a transcribed dose is not.
    pub fn belongs_to_a_visit(&self) -> bool {
        !matches!(self.event, Event::Historical(_))
    }

    /// Whether a dose went in (here or elsewhere), as opposed to a refusal.
    pub fn was_given(&self) -> bool {
        !matches!(self.event, Event::NotGiven(_))
    }

    pub fn given_here(&self) -> Option<&GivenDose> {
        match &self.event {
            Event::GivenHere(g) => Some(g),
            _ => None,
        }
    }

    pub fn lot_number(&self) -> Option<&str> {
        match &self.event {
            Event::GivenHere(g) => Some(&g.lot.number),
            Event::Historical(h) => h.lot_number.as_deref(),
            Event::NotGiven(_) => None,
        }
    }

    pub fn series_dose(&self) -> Option<u8> {
        match &self.event {
            Event::GivenHere(g) => g.series_dose,
            Event::Historical(h) => h.series_dose,
            Event::NotGiven(_) => None,
        }
    }
}
