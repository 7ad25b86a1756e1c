//! A checkbox that Space or a click flips, but Enter does not: Enter saves the form it is in.

use egui::{Key, Response, Role, Ui, WidgetInfo, vec2};

use crate::ui::widgets::choice::{TabPath, interact};
use crate::ui::widgets::focus_ring;

/// `shown` is drawn beside the box; `spoken` names it for screen readers and tests, and says
/// which field it belongs to ("Confirm systolic"). It contains what is shown, so a screen
/// reader user hears the words a sighted colleague reads.
pub fn toggle(ui: &mut Ui, shown: &str, spoken: &str, on: &mut bool) -> Response {
    toggle_on(ui, TabPath::On, shown, spoken, on)
}

/// `toggle`, on or off the Tab path.
pub fn toggle_on(ui: &mut Ui, path: TabPath, shown: &str, spoken: &str, on: &mut bool) -> Response {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(shown.to_owned(), font, ui.visuals().text_color());
    let box_side = ui.spacing().icon_width;
    let size = vec2(
        box_side + 6.0 + galley.size().x,
        ui.spacing().interact_size.y.max(galley.size().y),
    );
    let mut response = interact(ui, spoken, size, path);
    let rect = response.rect;
    if response.clicked() && !ui.input(|i| i.key_pressed(Key::Enter)) {
        *on = !*on;
        response.mark_changed();
    }
    let visuals = ui.style().interact(&response);
    let box_rect = egui::Rect::from_min_size(
        egui::pos2(rect.left(), rect.center().y - box_side / 2.0),
        vec2(box_side, box_side),
    );
    ui.painter().rect(
        box_rect,
        visuals.corner_radius,
        visuals.bg_fill,
        visuals.bg_stroke,
        egui::StrokeKind::Inside,
    );
    if *on {
        // Drawn, not a glyph: the default fonts have no check mark.
        let r = box_rect.shrink(box_side * 0.2);
        let tick = vec![
            egui::pos2(r.left(), r.center().y),
            egui::pos2(r.center().x - r.width() * 0.1, r.bottom()),
            egui::pos2(r.right(), r.top()),
        ];
        ui.painter().add(egui::Shape::line(
            tick,
            egui::Stroke::new(2.0, visuals.fg_stroke.color),
        ));
    }
    ui.painter().galley(
        egui::pos2(
            box_rect.right() + 6.0,
            rect.center().y - galley.size().y / 2.0,
        ),
        galley,
        visuals.text_color(),
    );
    focus_ring(ui, rect, &response);
    let enabled = ui.is_enabled();
    let state = *on;
    response.widget_info(|| WidgetInfo::selected(Role::CheckBox, enabled, state, spoken));
    response
}
