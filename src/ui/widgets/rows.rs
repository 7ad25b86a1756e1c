//! Rows of fixed-width cells, for forms and lists: a label column that lines the fields up, as a
//! grid would, without the extra layout pass a new egui grid takes (which doubled the cost of
//! the first frame of a tab and threw away focus given in it).

use egui::{Align, Layout, Response, Ui, vec2};

/// The width of a form's label column.
pub const LABEL_WIDTH: f32 = 170.0;

/// A cell of a fixed width, contents left to right.
pub fn cell<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        vec2(width, height),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(width);
            add(ui)
        },
    )
    .inner
}

/// Rows: cells flow left to right, and `ui.end_row()` starts the next row.
pub fn rows<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(10.0, 6.0);
        add(ui)
    })
    .inner
}

/// A form's label, in the label column; its response names the field (`labelled_by`).
pub fn row_label(ui: &mut Ui, text: &str) -> Response {
    cell(ui, LABEL_WIDTH, |ui| ui.label(text))
}

/// A column `width` wide in the middle of the window, for the screens before charting (sign-in,
/// set-up, the lock screen), which would otherwise hug the left edge of an empty window.
pub fn centered<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_max_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}
