//! From the command line to a running app: find the chart, open it, and run the window, the
//! error window, or the headless demo filler.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::app::RoomingApp;
use crate::cli::{Cli, Command, default_chart_path};
use crate::clinical::reference::Reference;
use crate::store::{IntegrityCheck, OpenOptions, Store};
use crate::ui::startup_error::StartupErrorView;

pub fn run(cli: &Cli, started: Instant) -> ExitCode {
    let path = match cli.db.clone().map_or_else(default_chart_path, Ok) {
        Ok(path) => path,
        Err(message) => return fail(cli, &message),
    };
    let reference = match Reference::built_in() {
        Ok(table) => table,
        Err(e) => return fail(cli, &e.to_string()),
    };
    match cli.command {
        Some(Command::Demo { patients, seed }) => demo(&path, &reference, patients, seed),
        None => window(&path, reference, cli.exit_after_first_frame, started),
    }
}

fn fail(cli: &Cli, message: &str) -> ExitCode {
    tracing::error!("{message}");
    if cli.command.is_none() {
        show_error(message.to_owned());
    } else {
        let _ = writeln!(std::io::stderr(), "rooming: {message}");
    }
    ExitCode::FAILURE
}

fn demo(path: &Path, reference: &Reference, patients: usize, seed: u64) -> ExitCode {
    let mut store = match Store::open(path, OpenOptions::default()) {
        Ok(store) => store,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "rooming: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    match crate::demo::fill(&mut store, reference, patients, seed) {
        Ok(summary) => {
            let _ = writeln!(
                std::io::stdout(),
                "Added {} demo patients, {} visits and {} sets of vitals to {} in {:.1} s",
                summary.patients,
                summary.visits,
                summary.vital_sets,
                path.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "rooming: demo data not written: {e}");
            ExitCode::FAILURE
        }
    }
}

fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rooming")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    }
}

fn window(
    path: &Path,
    reference: Reference,
    exit_after_first_frame: bool,
    started: Instant,
) -> ExitCode {
    let options = OpenOptions {
        integrity: IntegrityCheck::InBackground,
        ..OpenOptions::default()
    };
    let store = match Store::open(path, options) {
        Ok(store) => store,
        Err(e) => {
            tracing::error!("{e}");
            show_error(e.to_string());
            return ExitCode::FAILURE;
        }
    };
    let mut app = RoomingApp::new(store, reference);
    // Labels go to the system's spooler when there is one; otherwise they are only written.
    app.set_printer(crate::print::printer::Printer::find());
    let result = eframe::run_native(
        "Rooming",
        native_options(),
        Box::new(move |_cc| {
            Ok(Box::new(FirstFrame {
                app,
                started,
                exit_when_drawn: exit_after_first_frame,
                reported: false,
            }))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "rooming: the window could not be opened: {e}"
            );
            ExitCode::FAILURE
        }
    }
}

/// The app, with a probe that can report the time to the first frame and quit.
struct FirstFrame {
    app: RoomingApp,
    started: Instant,
    exit_when_drawn: bool,
    reported: bool,
}

impl eframe::App for FirstFrame {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
        if !self.reported {
            self.reported = true;
            let elapsed = self.started.elapsed();
            tracing::info!(ms = elapsed.as_secs_f64() * 1000.0, "first frame");
            if self.exit_when_drawn {
                let _ = writeln!(
                    std::io::stdout(),
                    "first frame after {:.1} ms",
                    elapsed.as_secs_f64() * 1000.0
                );
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.flush_drafts();
    }
}

/// A window that says why the chart could not be opened; it touches no chart.
fn show_error(message: String) {
    let view = StartupErrorView { message };
    let result = eframe::run_native(
        "Rooming",
        native_options(),
        Box::new(move |_cc| Ok(Box::new(ErrorWindow { view }))),
    );
    if let Err(e) = result {
        let _ = writeln!(
            std::io::stderr(),
            "rooming: the chart could not be opened\n(and no window could be opened: {e})"
        );
    }
}

struct ErrorWindow {
    view: StartupErrorView,
}

impl eframe::App for ErrorWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.view.ui(ui) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
