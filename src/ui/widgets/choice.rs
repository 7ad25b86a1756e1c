//! A choice from a closed list, made for the keyboard: Tab to it, then Left/Right (or Space, or
//! the first letter of an option) to change it. Enter is left to the form, which saves.

use egui::{Event, EventFilter, Key, Response, Role, Sense, Ui, WidgetInfo, vec2};

/// Draws the choice and changes `value` on a key or click. The first position is "—" (not
/// recorded) when `value` may be `None`.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    // Positions: 0 is "—", i + 1 is options[i].
    let positions = options.len() + 1;
    let current = value.and_then(|v| options.iter().position(|o| *o == v)).map_or(0, |i| i + 1);
    let shown = value.map_or("—", &text);
    let font = egui::TextStyle::Button.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(format!("‹ {shown} ›"), font, ui.visuals().text_color());
    let size = vec2(galley.size().x + 12.0, ui.spacing().interact_size.y);
    let (rect, mut response) = ui.allocate_exact_size(size, Sense::click());

    let mut next = None;
    if response.has_focus() {
        ui.memory_mut(|m| m.set_focus_lock_filter(response.id, EventFilter { horizontal_arrows: true, ..Default::default() }));
        ui.input(|i| {
            for event in &i.events {
                match event {
                    Event::Key { key: Key::ArrowRight, pressed: true, .. } => next = Some((current + 1) % positions),
                    Event::Key { key: Key::ArrowLeft, pressed: true, .. } => {
                        next = Some((current + positions - 1) % positions);
                    }
                    Event::Text(typed) => {
                        let typed = typed.to_lowercase();
                        if let Some(i) = options.iter().position(|o| text(*o).to_lowercase().starts_with(&typed)) {
                            next = Some(i + 1);
                        }
                    }
                    _ => {}
                }
            }
        });
    }
    // A click or Space moves on; Enter belongs to the form.
    if response.clicked() && !ui.input(|i| i.key_pressed(Key::Enter)) {
        next = Some((current + 1) % positions);
    }
    if let Some(position) = next
        && position != current
    {
        *value = position.checked_sub(1).and_then(|i| options.get(i)).copied();
        response.mark_changed();
    }

    let visuals = ui.style().interact(&response);
    let shown = value.map_or("—", &text);
    ui.painter().rect(rect, visuals.corner_radius, visuals.weak_bg_fill, visuals.bg_stroke, egui::StrokeKind::Inside);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        format!("‹ {shown} ›"),
        egui::TextStyle::Button.resolve(ui.style()),
        visuals.text_color(),
    );
    if response.has_focus() {
        ui.painter().rect_stroke(rect.expand(1.0), visuals.corner_radius, ui.visuals().selection.stroke, egui::StrokeKind::Outside);
    }
    let enabled = ui.is_enabled();
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::ComboBox, enabled, label);
        info.current_text_value = Some(shown.to_owned());
        info
    });
    response.on_hover_text(format!("{label}: Left/Right arrow or Space to change"))
}
