//! The pieces every form is made of: its field errors (shown once the user has tried to save),
//! a row of label, widget and message, and the save line under the form. A form's layout is
//! then one line a field.

use std::collections::BTreeMap;
use std::fmt::Display;

use egui::{Response, RichText, Ui};

use crate::ui::theme;
use crate::ui::widgets::{cell, line, row_label};

/// A form's field errors from its latest check, keyed by the form's field enum; shown beside
/// their fields only after the first try to save, so an empty form is not a wall of red.
#[derive(Clone, Debug)]
pub struct FieldErrors<F> {
    tried: bool,
    errors: BTreeMap<F, String>,
}

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        Self {
            tried: false,
            errors: BTreeMap::new(),
        }
    }
}

impl<F: Ord + Copy> FieldErrors<F> {
    /// Takes the errors of the latest check of the draft.
    pub fn check<T, E: Display>(&mut self, checked: &Result<T, BTreeMap<F, E>>) {
        self.errors = match checked {
            Ok(_) => BTreeMap::new(),
            Err(errors) => errors.iter().map(|(f, e)| (*f, e.to_string())).collect(),
        };
    }

    /// The user tried to save: errors show from now on.
    pub fn tried(&mut self) {
        self.tried = true;
    }

    pub fn is_tried(&self) -> bool {
        self.tried
    }

    /// The error shown for `field`, if any.
    pub fn get(&self, field: F) -> Option<&str> {
        self.errors
            .get(&field)
            .filter(|_| self.tried)
            .map(String::as_str)
    }

    /// The message cell of `field`: its error, or nothing (an empty cell keeps the row's shape).
    pub fn message(&self, ui: &mut Ui, field: Option<F>) {
        match field.and_then(|f| self.get(f)) {
            Some(e) => field_error(ui, e),
            None => {
                ui.label("");
            }
        }
    }

    /// A whole row: the label, the widget `add` draws (named by the label), and the message of
    /// `field`; returns the widget's response.
    pub fn row(
        &self,
        ui: &mut Ui,
        label: &str,
        field: Option<F>,
        add: impl FnOnce(&mut Ui) -> Response,
    ) -> Response {
        let label = row_label(ui, label);
        let response = add(ui).labelled_by(label.id);
        self.message(ui, field);
        ui.end_row();
        response
    }

    /// A row with a text field: label, field (with its hint), message.
    pub fn text(
        &self,
        ui: &mut Ui,
        label: &str,
        field: Option<F>,
        text: &mut String,
        size: Width,
    ) -> Response {
        self.row(ui, label, field, |ui| {
            ui.add(line(text, size.width).hint_text(size.hint).id_salt(label))
        })
    }
}

/// How wide a text field is, and the hint it shows while empty.
#[derive(Clone, Copy, Debug)]
pub struct Width {
    pub width: f32,
    pub hint: &'static str,
}

impl Width {
    pub const fn of(width: f32) -> Self {
        Self { width, hint: "" }
    }

    #[must_use]
    pub const fn hint(self, hint: &'static str) -> Self {
        Self {
            width: self.width,
            hint,
        }
    }
}

/// An error beside a field, in the error colour.
pub fn field_error(ui: &mut Ui, message: &str) {
    ui.label(RichText::new(message).color(theme::error(ui.visuals())));
}

/// A warning beside a field, in the warning colour.
pub fn field_warning(ui: &mut Ui, message: &str) {
    ui.label(RichText::new(message).color(theme::warning(ui.visuals())));
}

/// A row with nothing in the label column, e.g. a line of facts under a field.
pub fn note_row(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    row_label(ui, "");
    add(ui);
    ui.end_row();
}

/// An empty cell as wide as a field, to keep a row's shape.
pub fn spacer(ui: &mut Ui, width: f32) {
    cell(ui, width, |_| {});
}
