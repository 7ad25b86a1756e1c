//! A small coloured chip for a flag (H, L, HH, LL), with its meaning in words for screen readers.

use egui::{Frame, RichText, Ui};

use crate::clinical::vitals::Interpretation;
use crate::ui::theme;

pub fn flag_chip(ui: &mut Ui, interpretation: Interpretation) {
    if !interpretation.is_abnormal() {
        return;
    }
    let (fill, text) = theme::flag(interpretation);
    Frame::new()
        .fill(fill)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(interpretation.code()).color(text).strong())
                .on_hover_text(interpretation.label());
        });
}
