//! Widgets shared by the forms: a choice cycled by keys, a toggle that ignores Enter (Enter
//! saves the form), labelled text fields, flag chips and messages beside a field.

mod choice;
mod clock;
mod field;
mod flag_chip;
mod form;
mod identity;
mod rows;
mod save_row;
mod suggest;
mod toggle;

pub use choice::{TabPath, choice, choice_among, choice_on, choice_required, choice_required_on};
pub use clock::TimeField;
pub use field::{labelled_password, labelled_text, line, submitted, text_field};
pub use flag_chip::flag_chip;
pub use form::{FieldErrors, Width, field_error, field_warning, note_row, spacer};
pub use identity::{AskedFor, identity_rows};
pub use rows::{LABEL_WIDTH, cell, centered, row_label, rows};
pub use save_row::{SaveRow, Saving, save_row};
pub use suggest::{Suggested, Suggestions, suggest_field};
pub use toggle::{toggle, toggle_on};

/// The outline that shows which of our own widgets has keyboard focus.
fn focus_ring(ui: &egui::Ui, rect: egui::Rect, response: &egui::Response) {
    if response.has_focus() {
        let corner = ui.style().interact(response).corner_radius;
        ui.painter().rect_stroke(
            rect.expand(1.0),
            corner,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
}

/// Gives `response` the keyboard if a focus is pending, on a pass that egui keeps: a new grid
/// lays itself out in a pass that is thrown away, and focus given there would be lost.
pub fn take_focus(ui: &egui::Ui, pending: &mut bool, response: &egui::Response) {
    if *pending && !ui.ctx().will_discard() {
        *pending = false;
        response.request_focus();
    }
}
