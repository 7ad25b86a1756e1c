//! The window shown when the chart cannot be opened: what happened, in plain words, and that
//! nothing was changed. It has no access to any chart.

use egui::{RichText, Ui};

pub struct StartupErrorView {
    pub message: String,
}

impl StartupErrorView {
    /// Draws the message; returns true when the user asks to quit.
    pub fn ui(&self, ui: &mut Ui) -> bool {
        let mut quit = false;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(24.0);
            ui.heading(
                RichText::new("Rooming cannot open the chart").color(ui.visuals().error_fg_color),
            );
            ui.add_space(12.0);
            // The way out first: however long the message, the button stays on screen.
            let button = ui.button("Quit (Enter)");
            button.request_focus();
            quit = button.clicked();
            ui.add_space(12.0);
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.label(RichText::new(&self.message).size(16.0));
            });
        });
        quit
    }
}
