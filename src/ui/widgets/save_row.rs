//! The line under a form that saves a new record or a correction: the save button (named for
//! what it does), "Cancel correction" while correcting, and why the last save failed.

use egui::{RichText, Ui};

use crate::ui::widgets::field_error;

/// What the save button of a form does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saving<'a> {
    /// Saves a new record; the button says so in the form's words.
    New(&'a str),
    Correction,
}

impl<'a> Saving<'a> {
    /// `new_text` for a new record, or a correction while `editing` holds the record corrected.
    pub fn of<T>(new_text: &'a str, editing: &Option<T>) -> Self {
        match editing {
            Some(_) => Self::Correction,
            None => Self::New(new_text),
        }
    }
}

pub struct SaveRow {
    pub save: bool,
    pub cancel: bool,
}

pub fn save_row(ui: &mut Ui, saving: Saving<'_>, save_error: Option<&str>) -> SaveRow {
    let row = ui
        .horizontal(|ui| {
            let text = match saving {
                Saving::New(text) => text,
                Saving::Correction => "Save correction (Enter)",
            };
            let save = ui.button(RichText::new(text).strong()).clicked();
            let cancel = saving == Saving::Correction && ui.button("Cancel correction").clicked();
            SaveRow { save, cancel }
        })
        .inner;
    if let Some(e) = save_error {
        field_error(
            ui,
            &format!("Not saved: {e}. What you typed is still here."),
        );
    }
    row
}
