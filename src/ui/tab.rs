//! The one shape of every tab of a patient's chart: what it is given to draw (`TabContext`),
//! how it answers (`ChartTab`), and how the shell answers back (`Reply`, addressed by the
//! `Origin` an intent carries), so the shell never reaches into a tab.

use chrono::{DateTime, Utc};
use egui::Ui;

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::{VisitId, VitalsId};
use crate::clinical::injection::Lot;
use crate::clinical::injection::administration::CoSignature;
use crate::clinical::patient::Patient;
use crate::clinical::record::RecordKind;
use crate::clinical::visit::Visit;
use crate::clinical::vitals::{UnitChoices, VitalsSet};
use crate::ui::tabs::TabKey;
use crate::ui::{Intent, ViewContext};

/// Everything a tab may read: the patient, their records and vitals, the lots on hand, the
/// visit being charted, and the clock, reference and session of every view.
#[derive(Clone, Copy)]
pub struct TabContext<'a> {
    pub view: ViewContext<'a>,
    pub patient: &'a Patient,
    pub records: &'a PatientRecords,
    /// Every version of every vitals set, oldest first.
    pub vitals: &'a [VitalsSet],
    pub lots: &'a [Lot],
    pub visit: Option<&'a Visit>,
    /// The units this staff member enters vitals in.
    pub units: UnitChoices,
    /// Changes whenever the shell reads the chart again, so a tab can rework what it derives
    /// from the records once per change rather than every frame.
    pub revision: u64,
}

impl TabContext<'_> {
    pub fn visit_id(&self) -> Option<VisitId> {
        self.visit.map(|v| v.id)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.view.clock.now()
    }
}

/// Which form of which tab asked: the shell's answer goes back to it and to nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub tab: TabKey,
    pub form: Form,
}

impl Origin {
    pub const fn new(tab: TabKey, form: Form) -> Self {
        Self { tab, form }
    }
}

/// The forms a tab can have, named by what they write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Record(RecordKind),
    Vitals,
    /// Marking a record entered in error.
    Retraction,
    /// Printing a specimen's label.
    Label,
    /// Printing another document (a growth chart).
    Print,
}

/// The shell's answer to a tab's intent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Saved: the form that asked starts afresh.
    Saved(Origin),
    /// Not saved: the form keeps what was typed and says why.
    Failed { origin: Origin, message: String },
    /// Something to show beside the form, such as where a label went.
    Note {
        origin: Origin,
        text: String,
        ok: bool,
    },
    /// Open a vitals set in the vitals form, to correct it.
    CorrectVitals(VitalsId),
    /// A provider proved who they are and co-signs what the form shows.
    CoSigned {
        origin: Origin,
        signature: CoSignature,
    },
    /// The co-signature was refused (wrong password, not a provider), in words.
    CoSignRefused { origin: Origin, message: String },
}

impl Reply {
    pub fn tab(&self) -> TabKey {
        match self {
            Self::Saved(origin)
            | Self::Failed { origin, .. }
            | Self::Note { origin, .. }
            | Self::CoSigned { origin, .. }
            | Self::CoSignRefused { origin, .. } => origin.tab,
            Self::CorrectVitals(_) => TabKey::Vitals,
        }
    }
}

/// What was typed in a tab and not yet saved, to keep in the chart's drafts.
#[derive(Clone, Debug, PartialEq)]
pub struct TabDraft {
    pub json: serde_json::Value,
    pub saved_at: DateTime<Utc>,
}

/// A tab of the patient's chart.
pub trait ChartTab {
    /// Draws the tab and returns what the user asked for.
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent>;

    /// Puts the keyboard in the tab's first field, when it opens.
    fn focus_first_field(&mut self);

    /// The shell's answer to one of this tab's intents; only the form that asked changes.
    fn on_reply(&mut self, reply: &Reply, cx: &TabContext<'_>);

    /// What is typed and unsaved, if anything, to keep as a draft.
    fn draft(&self) -> Option<serde_json::Value> {
        None
    }

    /// Puts a kept draft back into the tab's forms.
    fn restore(&mut self, _draft: &TabDraft, _cx: &TabContext<'_>) {}
}

/// The words a form shows above itself after a draft was put back.
pub fn restored_notice(saved_at: DateTime<Utc>) -> String {
    format!(
        "Restored what was typed at {}, not yet saved. Check it, then save.",
        crate::clinical::time::to_local(saved_at).format("%b %-d %H:%M")
    )
}
