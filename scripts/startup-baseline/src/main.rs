//! An eframe hello-world with Rooming's window options: the floor Rooming's start-up is
//! measured against. It draws one frame with a label and a text field, then quits.

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("Baseline")
            .with_inner_size([1280.0, 800.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Baseline",
        options,
        Box::new(|_| Ok(Box::new(Hello::default()))),
    )
}

#[derive(Default)]
struct Hello {
    text: String,
}

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        ui.heading("Hello");
        ui.text_edit_singleline(&mut self.text);
        ui.ctx()
            .send_viewport_cmd(eframe::egui::ViewportCommand::Close);
    }
}
