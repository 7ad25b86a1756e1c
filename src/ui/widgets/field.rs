//! Text fields tied to their labels (what a screen reader and the UI tests find them by), the
//! message beside a field, and the Enter-to-submit rule of every form.

use egui::{Key, Response, TextEdit, Ui};

/// A one-line text edit of a fixed width. The minimum size matters inside a grid, whose
/// columns would otherwise shrink a field to the width of the last frame.
pub fn line(text: &mut String, width: f32) -> TextEdit<'_> {
    TextEdit::singleline(text)
        .desired_width(width)
        .min_size(egui::vec2(width, 0.0))
}

/// A text field named by `label` for accessibility, without drawing the label.
pub fn text_field(ui: &mut Ui, label_id: egui::Id, text: &mut String, width: f32) -> Response {
    ui.add(line(text, width).id_salt(label_id))
        .labelled_by(label_id)
}

/// A label and its text field, side by side.
pub fn labelled_text(ui: &mut Ui, label: &str, text: &mut String, width: f32) -> Response {
    let label = ui.label(label);
    text_field(ui, label.id, text, width)
}

/// A password in a form row: its label, and the field with its characters hidden. Pasting is
/// allowed (a password manager's paste is a good password).
pub fn labelled_password(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    size: crate::ui::widgets::Width,
) -> Response {
    let shown = crate::ui::widgets::row_label(ui, label);
    ui.add(
        line(text, size.width)
            .password(true)
            .hint_text(size.hint)
            .id_salt(("password", label)),
    )
    .labelled_by(shown.id)
}

/// Whether Enter was pressed on any of the form's widgets this frame: a text field gives up
/// focus on Enter, other widgets keep it.
pub fn submitted(ui: &Ui, responses: &[Response]) -> bool {
    ui.input(|i| i.key_pressed(Key::Enter) && !i.modifiers.any())
        && responses.iter().any(|r| r.lost_focus() || r.has_focus())
}
