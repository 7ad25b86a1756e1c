//! The tabs of a patient's chart and the one table that lists them: each tab's key, title,
//! shortcut, checklist section and constructor. A new tab is a module here and a row of `TABS`;
//! the shell and the patient screen know tabs only through this table and `ChartTab`.

pub mod allergies;
pub mod growth;
pub mod history;
pub mod injections;
pub mod medications;
pub mod specimens;
pub mod vitals;
pub mod vitals_history;

use egui::Key;

use crate::clinical::checklist::Section;
use crate::ui::tab::{ChartTab, TabContext};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TabKey {
    Vitals,
    VitalsHistory,
    Allergies,
    History,
    Medications,
    Injections,
    Specimens,
    Growth,
}

/// One row of the table of tabs.
pub struct TabSpec {
    pub key: TabKey,
    pub title: &'static str,
    /// Ctrl (Cmd on a Mac) and this key opens the tab.
    pub shortcut: Key,
    /// The checklist section charted on this tab, whose link opens it.
    pub section: Option<Section>,
    /// A stable name for the tab's kept drafts.
    pub code: &'static str,
    pub new: fn(&TabContext<'_>) -> Box<dyn ChartTab>,
}

impl TabSpec {
    /// "Vitals (Ctrl+1)": what the tab strip shows.
    pub fn label(&self) -> String {
        format!("{} (Ctrl+{})", self.title, self.shortcut.symbol_or_name())
    }
}

pub const TABS: &[TabSpec] = &[
    TabSpec {
        key: TabKey::Vitals,
        title: "Vitals",
        shortcut: Key::Num1,
        section: Some(Section::Vitals),
        code: "vitals",
        new: |cx| Box::new(vitals::VitalsTab::new(cx)),
    },
    TabSpec {
        key: TabKey::VitalsHistory,
        title: "Vitals history",
        shortcut: Key::Num2,
        section: None,
        code: "vitals_history",
        new: |cx| Box::new(vitals_history::VitalsHistoryView::new(cx)),
    },
    TabSpec {
        key: TabKey::Allergies,
        title: "Allergies",
        shortcut: Key::Num3,
        section: Some(Section::Allergies),
        code: "allergies",
        new: |_| Box::<allergies::AllergiesView>::default(),
    },
    TabSpec {
        key: TabKey::History,
        title: "History",
        shortcut: Key::Num4,
        section: Some(Section::History),
        code: "history",
        new: |_| Box::<history::HistoryView>::default(),
    },
    TabSpec {
        key: TabKey::Medications,
        title: "Medications",
        shortcut: Key::Num5,
        section: Some(Section::Medications),
        code: "medications",
        new: |_| Box::<medications::MedicationsView>::default(),
    },
    TabSpec {
        key: TabKey::Injections,
        title: "Injections",
        shortcut: Key::Num6,
        section: Some(Section::Injections),
        code: "injections",
        new: |cx| Box::new(injections::InjectionsView::new(cx.now())),
    },
    TabSpec {
        key: TabKey::Specimens,
        title: "Specimens",
        shortcut: Key::Num7,
        section: Some(Section::Specimens),
        code: "specimens",
        new: |cx| Box::new(specimens::SpecimensView::new(cx.now())),
    },
    TabSpec {
        key: TabKey::Growth,
        title: "Growth",
        shortcut: Key::Num8,
        section: None,
        code: "growth",
        new: |_| Box::<growth::GrowthView>::default(),
    },
];

/// The row of the table for `key`.
pub fn spec(key: TabKey) -> Option<&'static TabSpec> {
    TABS.iter().find(|t| t.key == key)
}

/// The tab where a checklist section is charted.
pub fn for_section(section: Section) -> Option<TabKey> {
    TABS.iter()
        .find(|t| t.section == Some(section))
        .map(|t| t.key)
}
