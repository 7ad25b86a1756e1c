//! "Reviewed with patient": an attestation, for one visit, that a section of the chart was gone
//! through with the patient, stamped with who and when.

use crate::clinical::coded::coded_enum;

coded_enum!(
    /// The parts of the chart reviewed with the patient at each visit.
    ReviewSection {
        Allergies => "allergies", "Allergies";
        PastMedical => "past_medical", "Past medical history";
        Surgical => "surgical", "Surgical history";
        Family => "family", "Family history";
        Social => "social", "Social history";
        Medications => "medications", "Medication list";
    }
);

impl ReviewSection {
    /// The four parts of "history" on the rooming checklist.
    pub const HISTORY: [Self; 4] = [
        Self::PastMedical,
        Self::Surgical,
        Self::Family,
        Self::Social,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub section: ReviewSection,
}
