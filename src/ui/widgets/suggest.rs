//! A text field with suggestions from a catalog, for the keyboard: type, Down/Up to choose, Enter
//! or Tab to take the choice (Tab also moves on), Esc to close the list. Without a choice, Enter
//! is left to the form and what was typed stays free text.

use egui::{Area, Frame, Id, Key, Modifiers, Order, Rect, Response, Ui};

use crate::ui::widgets::line;

/// The list's state, kept by the form that owns the field.
#[derive(Default)]
pub struct Suggestions {
    /// The text the list was made for: a new list is made only when the text changes.
    made_for: Option<String>,
    items: Vec<(usize, String)>,
    highlight: Option<usize>,
    /// Closed by Esc or by a choice, until the text changes.
    closed: bool,
    /// Where the list was drawn last frame, so a click on it still counts after the field
    /// lost focus to the press.
    shown_at: Option<Rect>,
}

pub struct Suggested {
    pub response: Response,
    /// The catalog position of the suggestion taken this frame.
    pub picked: Option<usize>,
}

const SHOWN: usize = 8;

impl Suggestions {
    /// Forgets the list, e.g. when the form is emptied after a save.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Draws the field; `find` lists `(catalog position, text shown)` for what was typed, and is
/// called only when the text changed.
pub fn suggest_field(
    ui: &mut Ui,
    label: Id,
    field: Id,
    text: &mut String,
    width: f32,
    state: &mut Suggestions,
    find: impl FnOnce(&str) -> Vec<(usize, String)>,
) -> Suggested {
    let mut picked = None;
    let mut tabbed = false;
    let open = ui.memory(|m| m.has_focus(field)) && !state.closed && !state.items.is_empty();
    if open {
        let last = state.items.len().min(SHOWN).saturating_sub(1);
        ui.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                state.highlight = Some(state.highlight.map_or(0, |h| (h + 1).min(last)));
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                state.highlight = state.highlight.and_then(|h| h.checked_sub(1));
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                state.closed = true;
            }
            if let Some(h) = state.highlight {
                tabbed = i.key_pressed(Key::Tab);
                if i.consume_key(Modifiers::NONE, Key::Enter) || tabbed {
                    picked = state.items.get(h).map(|(position, _)| *position);
                }
            }
        });
    }
    let response = ui.add(line(text, width).id(field)).labelled_by(label);
    if response.changed() {
        state.closed = false;
        state.highlight = None;
    }
    if state.made_for.as_deref() != Some(text.as_str()) {
        state.items = find(text);
        state.made_for = Some(text.clone());
        state.highlight = None;
    }
    let pointer_on_list = state.shown_at.is_some_and(|r| ui.rect_contains_pointer(r));
    let show = (response.has_focus() || pointer_on_list)
        && !state.closed
        && picked.is_none()
        && !state.items.is_empty();
    state.shown_at = None;
    if show {
        let list = Area::new(field.with("suggestions"))
            .order(Order::Foreground)
            .fixed_pos(response.rect.left_bottom())
            .show(ui.ctx(), |ui| {
                Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(width);
                    for (n, (position, shown)) in state.items.iter().take(SHOWN).enumerate() {
                        if ui
                            .selectable_label(state.highlight == Some(n), shown)
                            .clicked()
                        {
                            picked = Some(*position);
                        }
                    }
                    ui.label(
                        egui::RichText::new("Down/Up, then Enter or Tab to choose")
                            .small()
                            .weak(),
                    );
                });
            });
        state.shown_at = Some(list.response.rect);
    }
    if picked.is_some() {
        state.closed = true;
        state.highlight = None;
        // Enter or a click stays on the field; Tab goes on to the next one.
        if !tabbed {
            response.request_focus();
        }
    }
    Suggested { response, picked }
}
