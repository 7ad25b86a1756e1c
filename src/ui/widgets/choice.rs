//! A choice from a closed list, made for the keyboard: Tab to it, then Left/Right (or Space, or
//! the first letter of an option) to change it. Enter is left to the form, which saves. A choice
//! that is seldom changed can stay off the Tab path, so Tab goes from value to value.

use egui::{Event, EventFilter, Key, Response, Role, Sense, Ui, WidgetInfo, vec2};

use crate::ui::widgets::focus_ring;

/// Whether Tab stops at a control. Tab passes over an `Off` control; Shift+Tab, a click, a
/// screen reader and Ctrl+D (which puts every detail on the path) still reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabPath {
    On,
    Off,
}

/// Allocates a control of `size`; one `Off` the Tab path hands the keyboard straight on when
/// Tab brought it there.
pub(super) fn interact(ui: &mut Ui, id_salt: &str, size: egui::Vec2, path: TabPath) -> Response {
    let id = ui.make_persistent_id(("control", id_salt));
    let had_focus = ui.memory(|m| m.has_focus(id));
    let (_, rect) = ui.allocate_space(size);
    let response = ui.interact(rect, id, Sense::click());
    let tabbed_here = ui.input(|i| i.key_pressed(Key::Tab) && !i.modifiers.shift);
    if path == TabPath::Off && tabbed_here && !had_focus && response.has_focus() {
        let layer = ui.layer_id();
        ui.memory_mut(|m| {
            m.move_focus(egui::FocusDirection::Next);
            // Registering again while focused and moving on gives the keyboard to the next
            // control that asks for it, in this same frame.
            m.interested_in_focus(id, layer);
        });
    }
    response
}

/// A choice that may be left unset; unset shows the label (up to any colon), dimmed.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    choice_on(ui, TabPath::On, label, value, options, text)
}

/// `choice`, on or off the Tab path.
pub fn choice_on<T: Copy + PartialEq>(
    ui: &mut Ui,
    path: TabPath,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    // Positions: 0 is "not chosen", i + 1 is options[i].
    let current = value
        .and_then(|v| options.iter().position(|o| *o == v))
        .map_or(0, |i| i + 1);
    let (response, next) = cycler(
        ui,
        path,
        label,
        current,
        options.len() + 1,
        |position| {
            position
                .checked_sub(1)
                .and_then(|i| options.get(i))
                .map(|o| text(*o))
        },
        |typed| {
            options
                .iter()
                .position(|o| text(*o).to_lowercase().starts_with(typed))
                .map(|i| i + 1)
        },
    );
    let mut response = response;
    if let Some(position) = next {
        *value = position
            .checked_sub(1)
            .and_then(|i| options.get(i))
            .copied();
        response.mark_changed();
    }
    response
}

/// A choice that always has a value, such as a unit.
pub fn choice_required<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    choice_required_on(ui, TabPath::On, label, value, options, text)
}

/// `choice_required`, on or off the Tab path.
pub fn choice_required_on<T: Copy + PartialEq>(
    ui: &mut Ui,
    path: TabPath,
    label: &str,
    value: &mut T,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    let current = options.iter().position(|o| o == value).unwrap_or(0);
    let (mut response, next) = cycler(
        ui,
        path,
        label,
        current,
        options.len(),
        |position| options.get(position).map(|o| text(*o)),
        |typed| {
            options
                .iter()
                .position(|o| text(*o).to_lowercase().starts_with(typed))
        },
    );
    if let Some(chosen) = next.and_then(|i| options.get(i)) {
        *value = *chosen;
        response.mark_changed();
    }
    response
}

/// A choice among options named at run time (lots on hand, say): `value` is a position in
/// `labels`, or unset.
pub fn choice_among(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<usize>,
    labels: &[String],
) -> Response {
    let current = value.filter(|v| *v < labels.len()).map_or(0, |v| v + 1);
    let (mut response, next) = cycler(
        ui,
        TabPath::On,
        label,
        current,
        labels.len() + 1,
        |position| {
            position
                .checked_sub(1)
                .and_then(|i| labels.get(i))
                .map(String::as_str)
        },
        |typed| {
            labels
                .iter()
                .position(|l| l.to_lowercase().starts_with(typed))
                .map(|i| i + 1)
        },
    );
    if let Some(position) = next {
        *value = position.checked_sub(1);
        response.mark_changed();
    }
    response
}

/// Draws the choice at `current` (named by `name_of`) and returns the position the user moved
/// to, if they moved. What it says to a screen reader is the value after this frame's move, so
/// the value heard is the value that will be saved.
fn cycler<'a>(
    ui: &mut Ui,
    path: TabPath,
    label: &str,
    current: usize,
    positions: usize,
    name_of: impl Fn(usize) -> Option<&'a str>,
    starting_with: impl Fn(&str) -> Option<usize>,
) -> (Response, Option<usize>) {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let response = {
        let shown = name_of(current);
        let text = display(label, shown);
        let galley = ui
            .painter()
            .layout_no_wrap(text, font.clone(), ui.visuals().text_color());
        let size = vec2(galley.size().x + 12.0, ui.spacing().interact_size.y);
        interact(ui, label, size, path)
    };

    let mut next = None;
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            );
        });
        ui.input(|i| {
            for event in &i.events {
                match event {
                    Event::Key {
                        key: Key::ArrowRight,
                        pressed: true,
                        ..
                    } => next = Some((current + 1) % positions),
                    Event::Key {
                        key: Key::ArrowLeft,
                        pressed: true,
                        ..
                    } => next = Some((current + positions - 1) % positions),
                    Event::Text(typed) => {
                        if let Some(found) = starting_with(&typed.to_lowercase()) {
                            next = Some(found);
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
    let next = next.filter(|n| *n != current);
    // Drawn and spoken as it will be after this frame's move.
    let shown = name_of(next.unwrap_or(current));
    let text = display(label, shown);
    let rect = response.rect;
    let visuals = ui.style().interact(&response);
    let colour = if shown.is_some() {
        visuals.text_color()
    } else {
        ui.visuals().weak_text_color()
    };
    ui.painter().rect(
        rect,
        visuals.corner_radius,
        visuals.weak_bg_fill,
        visuals.bg_stroke,
        egui::StrokeKind::Inside,
    );
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        font,
        colour,
    );
    focus_ring(ui, rect, &response);
    let enabled = ui.is_enabled();
    let value = shown.unwrap_or("not chosen").to_owned();
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::ComboBox, enabled, label);
        info.current_text_value = Some(value.clone());
        info
    });
    (
        response.on_hover_text(format!("{label}: Left/Right arrow or Space to change")),
        next,
    )
}

/// "‹ Sitting ›", or the label (up to any colon) when nothing is chosen: "Outcome: Lisinopril"
/// is spoken in full, but the row already shows which medication.
fn display(label: &str, shown: Option<&str>) -> String {
    match shown {
        Some(shown) => format!("‹ {shown} ›"),
        None => format!(
            "‹ {} ›",
            label.split(':').next().unwrap_or(label).to_lowercase()
        ),
    }
}
