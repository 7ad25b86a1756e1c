//! The line under a form that saves a new record or a correction: the save button (named for
//! what it does), "Cancel correction" while correcting, and why the last save failed.

use egui::{RichText, Ui};

use crate::ui::widgets::field_message;

pub struct SaveRow {
    pub save: bool,
    pub cancel: bool,
}

pub fn save_row(
    ui: &mut Ui,
    correcting: bool,
    new_text: &str,
    save_error: Option<&str>,
) -> SaveRow {
    let row = ui
        .horizontal(|ui| {
            let text = if correcting {
                "Save correction (Enter)"
            } else {
                new_text
            };
            let save = ui.button(RichText::new(text).strong()).clicked();
            let cancel = correcting && ui.button("Cancel correction").clicked();
            SaveRow { save, cancel }
        })
        .inner;
    if let Some(e) = save_error {
        field_message(
            ui,
            &format!("Not saved: {e}. What you typed is still here."),
            true,
        );
    }
    row
}
